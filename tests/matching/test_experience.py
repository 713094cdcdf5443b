"""What counts as hosting, speaking, publishing, pledging and signing, counted from
published items by a rebuild."""

import datetime as dt

import pytest
from django.utils import timezone

from crossroads.engagement.models import Pledger, Signature
from crossroads.matching import scoring
from crossroads.matching.models import Experience
from crossroads.matching.services import rebuild_experience
from tests.factories import (
    CampaignFactory,
    CityFactory,
    EventFactory,
    ItemActorFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PledgeFactory,
    ResourceFactory,
    SessionFactory,
    StoryFactory,
    TopicFactory,
)

from .conftest import day, experience_of, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def water():
    return TopicFactory(name="Water", slug="water")


def event(*topics, city=None, start=None, **kwargs):
    start = start or day(2022)
    made = EventFactory(city=city, start_date=start, end_date=start, **kwargs)
    made.topics.set(topics)
    return made


def test_hosting_an_event_counts_for_its_city_and_its_organisers_and_hosts(housing, water):
    kisumu = CityFactory(name="Kisumu")
    organiser, host, partner = OrganisationFactory.create_batch(3)
    held = event(housing, water, city=kisumu)
    ItemActorFactory(item=held, organisation=organiser, role="organiser")
    ItemActorFactory(item=held, organisation=host, role="host")
    ItemActorFactory(item=held, organisation=partner, role="partner")

    rebuild_experience()

    expected = {"housing": (1, 0, 0, 0, 0), "water": (1, 0, 0, 0, 0)}
    assert experience_of(city=kisumu) == expected
    assert experience_of(organisation=organiser) == expected
    assert experience_of(organisation=host) == expected
    assert experience_of(organisation=partner) == {}


def test_a_local_government_counts_with_its_city_once(housing):
    government = OrganisationFactory(kind="local_government")
    kisumu = CityFactory(local_government=government)
    held = event(housing, city=kisumu)
    ItemActorFactory(item=held, organisation=government, role="organiser")
    elsewhere = event(housing, city=CityFactory(), start=day(2020))
    ItemActorFactory(item=elsewhere, organisation=government, role="host")
    report = ResourceFactory(published_at=moment(2021))
    report.topics.set([housing])
    ItemActorFactory(item=report, organisation=government, role="publisher")

    rebuild_experience()

    row = Experience.objects.get(city=kisumu)
    assert (row.hosted, row.hosted_since, row.published, row.published_since) == (2, 2020, 1, 2021)
    assert row.latest_year == 2022
    assert experience_of(organisation=government) == {}


def test_speaking_counts_for_whom_the_participant_stands(housing):
    sfax = CityFactory(name="Sfax")
    unhcr = OrganisationFactory(name="UNHCR")
    ngo = OrganisationFactory(name="An NGO")
    government = OrganisationFactory(kind="local_government")
    kumasi = CityFactory(local_government=government)
    session = SessionFactory(event=event(housing, start=day(2023)))
    ParticipantFactory(session=session, organisation=ngo)
    ParticipantFactory(session=session, organisation=None, office=OfficeFactory(city=sfax))
    ParticipantFactory(
        session=session,
        organisation=None,
        office=OfficeFactory(title="Head of office", city=CityFactory(), organisation=unhcr),
    )
    ParticipantFactory(session=session, organisation=government)
    # A second session of the same event: still one event spoken at.
    ParticipantFactory(session=SessionFactory(event=session.event), organisation=ngo)

    rebuild_experience()

    spoke = {"housing": (0, 1, 0, 0, 0)}
    assert experience_of(organisation=ngo) == spoke
    assert experience_of(city=sfax) == spoke
    assert experience_of(organisation=unhcr) == spoke
    assert experience_of(city=kumasi) == spoke
    assert Experience.objects.count() == 4  # not the city of UNHCR's office


def test_publishing_counts_resources_and_stories_by_their_lead_organisations(housing):
    publisher, organiser, partner = OrganisationFactory.create_batch(3)
    report = ResourceFactory(published_at=moment(2019))
    story = StoryFactory(published_at=moment(2024))
    for item in (report, story):
        item.topics.set([housing])
        ItemActorFactory(item=item, organisation=partner, role="partner")
    ItemActorFactory(item=report, organisation=publisher, role="publisher")
    ItemActorFactory(item=story, organisation=publisher, role="publisher")
    ItemActorFactory(item=story, organisation=organiser, role="organiser")

    rebuild_experience()

    row = Experience.objects.get(organisation=publisher)
    assert (row.published, row.published_since, row.latest_year) == (2, 2019, 2024)
    assert experience_of(organisation=organiser) == {"housing": (0, 0, 1, 0, 0)}
    assert experience_of(organisation=partner) == {}


def test_pledges_count_commitments_and_offers_not_needs_nor_withdrawn(housing):
    city, organisation = CityFactory(), OrganisationFactory()
    for pledge_type, progress, who in [
        ("commitment", "in_progress", {"city": city}),
        ("offer", "planning", {"organisation": organisation}),
        ("need", "planning", {"city": city}),
        ("commitment", "withdrawn", {"city": city}),
    ]:
        pledge = PledgeFactory(pledge_type=pledge_type, progress=progress)
        pledge.topics.set([housing])
        Pledger.objects.create(pledge=pledge, **who)

    rebuild_experience()

    assert experience_of(city=city) == {"housing": (0, 0, 0, 1, 0)}
    assert experience_of(organisation=organisation) == {"housing": (0, 0, 0, 1, 0)}


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        ("confirmed", 1),
        ("unconfirmed", 0),
        ("pending_approval", 0),
        ("declined", 0),
        ("withdrawn", 0),
    ],
)
def test_only_confirmed_signatures_count(housing, status, counted):
    campaign = CampaignFactory()
    campaign.topics.set([housing])
    city = CityFactory()
    Signature.objects.create(
        campaign=campaign,
        city=city,
        name="A mayor",
        title="Mayor",
        email="mayor@example.org",
        status=status,
        confirmed_at=moment(2024) if status == "confirmed" else None,
    )

    rebuild_experience()

    assert experience_of(city=city) == ({"housing": (0, 0, 0, 0, 1)} if counted else {})


def test_only_published_items_with_topics_count(housing):
    city = CityFactory()
    event(housing, city=city, status="draft", published_at=None)
    event(housing, city=city, published_at=timezone.now() + dt.timedelta(days=2))
    event(city=city)

    rebuild_experience()

    assert experience_of(city=city) == {}


def test_scores_weigh_depth_and_recency(housing):
    city = CityFactory()
    event(housing, city=city, start=day(2019))
    event(housing, city=city, start=day(2025))
    campaign = CampaignFactory()
    campaign.topics.set([housing])
    Signature.objects.create(
        campaign=campaign,
        city=city,
        name="M",
        title="Mayor",
        email="m@example.org",
        status="confirmed",
        confirmed_at=moment(2022),
    )

    rebuild_experience(batch_size=1)

    row = Experience.objects.get(city=city)
    assert (row.hosted, row.hosted_since, row.signed, row.signed_since) == (2, 2019, 1, 2022)
    assert row.score == 3 * 0.25 + 3 + 1 * 0.5
    assert scoring.points_now(row.score, year=2028) == row.score / 2
