import datetime as dt

import pytest
from django.utils import timezone

from crossroads.search.bitmaps import current_index
from crossroads.search.related import related_items
from crossroads.search.services import rebuild
from tests.factories import (
    CityFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_related_items_rank_by_shared_tags_and_skip_what_is_not_public(
    django_assert_num_queries,
):
    topics = [TopicFactory(), TopicFactory()]
    organisation, city, framework = OrganisationFactory(), CityFactory(), FrameworkFactory()
    item = StoryFactory(title="The item")
    item.topics.set(topics)
    item.cities.add(city)
    item.frameworks.add(framework)
    ItemActorFactory(item=item, organisation=organisation)

    three = EventFactory(title="Two topics and the organisation", published_at=days_ago(9))
    three.topics.set(topics)
    ItemActorFactory(item=three, organisation=organisation, role="partner")
    two = ResourceFactory(title="City and framework", published_at=days_ago(8))
    two.cities.add(city)
    two.frameworks.add(framework)
    one_older = StoryFactory(title="One topic, older", published_at=days_ago(7))
    one_older.topics.add(topics[0])
    one_newer = StoryFactory(title="One topic, newer", published_at=days_ago(2))
    one_newer.topics.add(topics[1])
    StoryFactory(title="Nothing shared")
    for hidden in (
        StoryFactory(title="Draft", status="draft", published_at=None),
        StoryFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1)),
    ):
        hidden.topics.set(topics)
    rebuild()

    current_index()  # the process's bitmaps catch up with the rebuilt index
    # The index's version, the item's facet values, the candidates' dates and terms, the
    # cards (with their kinds and translations; their organisations).
    with django_assert_num_queries(6):
        related = related_items(item)
        kinds = [related_item.kind for related_item in related]

    assert [related_item.title for related_item in related] == [
        "Two topics and the organisation",
        "City and framework",
        "One topic, newer",
        "One topic, older",
    ]
    assert kinds == ["event", "resource", "story", "story"]


def test_related_items_are_limited():
    topic = TopicFactory()
    item = StoryFactory()
    item.topics.add(topic)
    for number in range(4):
        StoryFactory(title=f"Story {number}", published_at=days_ago(number + 1)).topics.add(topic)
    rebuild()

    related = related_items(item, limit=2)

    assert [related_item.title for related_item in related] == ["Story 0", "Story 1"]


def test_among_equally_related_items_the_closest_in_text_comes_first():
    topic = TopicFactory()
    item = StoryFactory(title="Water trucking for Dadaab camps")
    item.topics.add(topic)
    close = StoryFactory(title="Dadaab water trucking, a year on", published_at=days_ago(30))
    other = StoryFactory(title="Budget review of the city council", published_at=days_ago(1))
    closer_but_less_shared = StoryFactory(title="Water trucking for Dadaab camps, again")
    for related_item in (close, other):
        related_item.topics.add(topic)
    rebuild()

    related = related_items(item)

    assert [related_item.pk for related_item in related] == [close.pk, other.pk]
    assert closer_but_less_shared.pk not in {related_item.pk for related_item in related}
