"""Experience and needs follow every change after it commits: each case ends with what
a full rebuild would write, and with the rows the change should leave."""

import datetime as dt

import pytest
from django.utils import timezone

from crossroads.content.services import change_status
from crossroads.engagement.campaigns import services as campaigns
from crossroads.engagement.models import Invitation, Pledger
from crossroads.engagement.pledges import services as pledges
from crossroads.engagement.surveys.services import save_answers
from crossroads.matching import services
from crossroads.matching.models import CityNeed, Experience, NeedReading
from tests.engagement.campaigning import details
from tests.engagement.conftest import make_survey
from tests.factories import (
    CampaignFactory,
    CityFactory,
    EventFactory,
    ItemActorFactory,
    MembershipFactory,
    NetworkFactory,
    OfficeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PledgeFactory,
    ResourceFactory,
    SessionFactory,
    TopicFactory,
)

from .conftest import day, experience_of, moment

pytestmark = pytest.mark.django_db


def rows():
    return sorted(
        Experience.objects.values_list(
            "city_id",
            "organisation_id",
            "topic_id",
            "hosted",
            "hosted_since",
            "spoke",
            "spoke_since",
            "published",
            "published_since",
            "pledged",
            "pledged_since",
            "signed",
            "signed_since",
            "latest_year",
            "score",
        ),
        key=str,
    )


def assert_as_rebuilt():
    """Experience followed the changes exactly: a rebuild writes the same rows."""
    followed = rows()
    services.rebuild_experience()
    assert followed == rows()


@pytest.fixture
def housing():
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def water():
    return TopicFactory(name="Water", slug="water")


@pytest.fixture
def kisumu():
    return CityFactory(name="Kisumu", slug="kisumu")


def test_publishing_unpublishing_and_deleting_an_event(committed, housing, kisumu):
    with committed():
        held = EventFactory(city=kisumu, status="draft", published_at=None, start_date=day(2024))
        held.topics.set([housing])
    assert experience_of(city=kisumu) == {}

    with committed():
        change_status(item=held, status="published")
    assert experience_of(city=kisumu) == {"housing": (1, 0, 0, 0, 0)}
    assert_as_rebuilt()

    with committed():
        change_status(item=held, status="draft")
    assert experience_of(city=kisumu) == {}

    with committed():
        change_status(item=held, status="published")
        held.delete()
    assert Experience.objects.count() == 0


def test_editing_the_city_topics_and_dates_of_an_event(committed, housing, water, kisumu):
    sfax = CityFactory(name="Sfax")
    with committed():
        held = EventFactory(city=kisumu, start_date=day(2021), end_date=day(2021))
        held.topics.set([housing])
    with committed():
        held.city = sfax
        held.start_date = held.end_date = day(2023)
        held.save()
    assert experience_of(city=kisumu) == {}
    assert Experience.objects.get(city=sfax).hosted_since == 2023

    with committed():
        held.topics.add(water)
        held.topics.remove(housing)
    assert experience_of(city=sfax) == {"water": (1, 0, 0, 0, 0)}

    with committed():
        housing.items.add(held)  # the reverse side
    assert experience_of(city=sfax) == {"housing": (1, 0, 0, 0, 0), "water": (1, 0, 0, 0, 0)}

    with committed():
        held.topics.clear()
    assert experience_of(city=sfax) == {}
    assert_as_rebuilt()


def test_organisations_follow_their_roles(committed, housing):
    unhcr, iom = OrganisationFactory(name="UNHCR"), OrganisationFactory(name="IOM")
    with committed():
        report = ResourceFactory(published_at=moment(2022))
        report.topics.set([housing])
        actor = ItemActorFactory(item=report, organisation=unhcr, role="publisher")
    assert experience_of(organisation=unhcr) == {"housing": (0, 0, 1, 0, 0)}

    with committed():
        actor.organisation = iom
        actor.save()
    assert (experience_of(organisation=unhcr), experience_of(organisation=iom)) == (
        {},
        {"housing": (0, 0, 1, 0, 0)},
    )

    with committed():
        actor.role = "partner"
        actor.save()
    assert experience_of(organisation=iom) == {}

    with committed():
        actor.role = "publisher"
        actor.save()
        actor.delete()
    assert Experience.objects.count() == 0


def test_speakers_follow_their_sessions_and_offices(committed, housing, kisumu):
    ngo = OrganisationFactory()
    with committed():
        held = EventFactory(city=None, start_date=day(2024))
        held.topics.set([housing])
        session = SessionFactory(event=held)
        office = OfficeFactory(title="Deputy Governor", city=kisumu)
        ParticipantFactory(session=session, organisation=None, office=office)
        speaker = ParticipantFactory(session=session, organisation=ngo)
    assert experience_of(city=kisumu) == {"housing": (0, 1, 0, 0, 0)}
    assert experience_of(organisation=ngo) == {"housing": (0, 1, 0, 0, 0)}

    with committed():
        office.organisation = ngo  # now an office of the NGO in Kisumu
        office.save()
    assert experience_of(city=kisumu) == {}

    with committed():
        speaker.delete()
    assert experience_of(organisation=ngo) == {"housing": (0, 1, 0, 0, 0)}  # its office speaks

    with committed():
        session.delete()
    assert Experience.objects.count() == 0


def test_signatures_count_once_confirmed_and_no_longer_once_withdrawn(committed, housing, kisumu):
    campaign = CampaignFactory()
    campaign.topics.set([housing])
    with committed():
        signature, _ = campaigns.sign(campaign=campaign, details=details(city=kisumu))
    assert experience_of(city=kisumu) == {}

    with committed():
        signature = campaigns.confirm_email(signature=signature)
    assert experience_of(city=kisumu) == {"housing": (0, 0, 0, 0, 1)}
    assert_as_rebuilt()

    with committed():
        campaigns.withdraw(signature=signature)
    assert experience_of(city=kisumu) == {}


def test_a_local_government_moving_takes_its_record_along(committed, housing, kisumu):
    government = OrganisationFactory(kind="local_government")
    with committed():
        report = ResourceFactory(published_at=moment(2022))
        report.topics.set([housing])
        ItemActorFactory(item=report, organisation=government, role="publisher")
    assert experience_of(organisation=government) == {"housing": (0, 0, 1, 0, 0)}

    with committed():
        kisumu.local_government = government
        kisumu.save()
    assert experience_of(organisation=government) == {}
    assert experience_of(city=kisumu) == {"housing": (0, 0, 1, 0, 0)}

    with committed():
        kisumu.local_government = None
        kisumu.save()
    assert experience_of(city=kisumu) == {}
    assert experience_of(organisation=government) == {"housing": (0, 0, 1, 0, 0)}
    assert_as_rebuilt()


def test_pledges_make_experience_or_needs(committed, housing, water, kisumu):
    with committed():
        commitment = PledgeFactory(published_at=moment(2023))
        commitment.topics.set([housing])
        Pledger.objects.create(pledge=commitment, city=kisumu)
        asking = PledgeFactory(title="Help with water", pledge_type="need")
        asking.topics.set([water])
        pledger = Pledger.objects.create(pledge=asking, city=kisumu)
    assert experience_of(city=kisumu) == {"housing": (0, 0, 0, 1, 0)}
    assert list(CityNeed.objects.values_list("topic__slug", "source", "note")) == [
        ("water", "pledge", "Help with water")
    ]

    with committed():
        pledges.add_update(pledge=asking, progress="in_progress")
        pledges.add_update(pledge=asking, progress="fulfilled")
    assert not CityNeed.objects.exists()

    with committed():
        pledger.delete()
        change_status(item=commitment, status="draft")
    assert Experience.objects.count() == 0


def test_survey_answers_become_needs_through_readings(committed, housing, kisumu):
    network = NetworkFactory(slug="hmln")
    MembershipFactory(network=network, city=kisumu)
    finance = TopicFactory(name="Municipal finance", slug="municipal-finance")
    NeedReading.objects.create(
        network=network, question_code="main_constraint", choice_code="housing", topic=housing
    )
    invitation = Invitation.objects.create(
        survey=make_survey(network, 2024), city=kisumu, email="kisumu@example.org"
    )
    with committed():
        save_answers(invitation=invitation, data={"q-main_constraint": ["housing"]}, submit=False)
    assert not CityNeed.objects.exists()  # a draft says nothing yet

    with committed():
        save_answers(
            invitation=invitation,
            data={"q-main_constraint": ["financing"], "q-support_needed": ["funding"]},
            submit=True,
        )
    assert not CityNeed.objects.exists()  # answered, but read as no need yet

    with committed():
        NeedReading.objects.create(
            network=network, question_code="support_needed", choice_code="funding", topic=finance
        )
    assert list(CityNeed.objects.values_list("topic__slug", "source", "year", "note")) == [
        ("municipal-finance", "survey", 2024, "Host municipalities survey 2024: Funding")
    ]

    with committed():
        NeedReading.objects.filter(topic=finance).delete()
    assert not CityNeed.objects.exists()


def test_the_latest_survey_a_city_answered_says_its_needs(committed, housing, kisumu):
    network = NetworkFactory()
    MembershipFactory(network=network, city=kisumu)
    NeedReading.objects.create(
        network=network, question_code="main_constraint", choice_code="housing", topic=housing
    )
    now = timezone.now()
    for year, answer in ((2023, "housing"), (2024, "services")):
        survey = make_survey(network, year)
        invitation = Invitation.objects.create(survey=survey, city=kisumu, email="k@example.org")
        with committed():
            save_answers(
                invitation=invitation,
                data={"q-main_constraint": [answer]},
                submit=True,
                now=now - dt.timedelta(days=2024 - year),
            )
        if year == 2023:
            assert list(CityNeed.objects.values_list("topic__slug", "year")) == [("housing", 2023)]
    assert not CityNeed.objects.exists()


def test_editors_needs_stay_as_they_are(committed, housing, kisumu):
    CityNeed.objects.create(city=kisumu, topic=housing, source="editor", year=2025, note="Ours")

    services.rebuild_needs()

    assert list(CityNeed.objects.values_list("source", "note")) == [("editor", "Ours")]


def test_scheduled_items_count_once_their_day_has_come(committed, housing, kisumu):
    with committed():
        held = EventFactory(
            city=kisumu,
            start_date=dt.date(2024, 5, 6),
            published_at=timezone.now() + dt.timedelta(hours=1),
        )
        held.topics.set([housing])
    assert experience_of(city=kisumu) == {}
    type(held).objects.filter(pk=held.pk).update(published_at=timezone.now())  # the hour passed

    assert services.refresh_recent(days=1) == 1
    assert experience_of(city=kisumu) == {"housing": (1, 0, 0, 0, 0)}


def test_events_count_once_they_have_started(committed, housing, kisumu):
    today = timezone.localdate()
    with committed():
        planned = EventFactory(city=kisumu, start_date=today + dt.timedelta(days=3))
        planned.topics.set([housing])
    assert experience_of(city=kisumu) == {}
    assert services.refresh_recent(days=1) == 0
    type(planned).objects.filter(pk=planned.pk).update(start_date=today)  # the days passed

    assert services.refresh_recent(days=1) == 1
    assert experience_of(city=kisumu) == {"housing": (1, 0, 0, 0, 0)}
