"""Items for the feed and calendar tests."""

import datetime as dt

from django.utils import timezone

from tests.factories import (
    CityFactory,
    CountryFactory,
    EventFactory,
    ItemActorFactory,
    ItemTranslationFactory,
    OrganisationFactory,
    ResourceFactory,
    ResourceVersionFactory,
    StoryFactory,
    TopicFactory,
)

#: Query strings no page or feed may answer with an error.
HOSTILE = [
    {"q": "x" * 10_000},
    {"q": "refugees\x00inclusion", "topic": "incl\x00usion"},
    {"q": '"unbalanced'},
    {"q": "a AND (b OR NEAR(c", "sort": "rank"},
    {"topic": ["a"] * 200, "when": "yesterday", "from": "2024-13-45", "to": "\x00"},
    {"unknown": "1", "page": "-3", "role": "king", "region": "x" * 500},
    {"q": "*", "kind": "story"},
]


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def horn_city():
    """Hargeisa, in the Horn of Africa (the IGAD region)."""
    return CityFactory(
        name="Hargeisa",
        slug="hargeisa",
        country=CountryFactory(code="SO", name="Somalia", region="horn_of_africa"),
        region="horn_of_africa",
        timezone="Africa/Mogadishu",
    )


def many_items(size: int) -> None:
    """``size`` events, stories and resources, each with a topic, an organiser, a French
    translation and (resources) two documents."""
    topic = TopicFactory()
    organisation = OrganisationFactory()
    for number in range(size):
        for item in (
            EventFactory(
                start_date=in_days(number + 1), start_time=dt.time(9), end_time=dt.time(12)
            ),
            StoryFactory(),
            ResourceFactory(),
        ):
            item.topics.add(topic)
            ItemActorFactory(item=item, organisation=organisation)
            ItemTranslationFactory(item=item, language="fr", title=f"{item.title} (fr)")
            if item.kind == "resource":
                ResourceVersionFactory(resource=item, language="en")
                ResourceVersionFactory(resource=item, language="fr")
