"""Factories for the content model. Defaults are plain and predictable: a published item
in English, dated in the past, with no topics or actors unless a test asks for them."""

import datetime as dt

import factory
from django.utils import timezone

from crossroads.content.models import ItemActor, ItemTranslation, Status
from crossroads.directory.models import (
    City,
    Country,
    Membership,
    Network,
    Office,
    Organisation,
    Person,
    Tenure,
)
from crossroads.engagement.models import Campaign, Pledge
from crossroads.events.models import Event, EventDocument, Participant, Session
from crossroads.library.models import Resource, ResourceVersion
from crossroads.news.models import Story
from crossroads.taxonomy.models import Framework, Objective, Topic


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "KE"
    name = "Kenya"
    region = "east_africa"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    acronym = ""
    kind = "ngo"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = factory.SubFactory(CountryFactory)
    region = "east_africa"
    latitude = "-0.09170"
    longitude = "34.76800"
    population = 400000
    timezone = "Africa/Nairobi"
    is_intermediary = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    title = factory.Sequence(lambda n: f"Mayor {n}")
    city = factory.SubFactory(CityFactory)


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenure

    person = factory.SubFactory(PersonFactory)
    office = factory.SubFactory(OfficeFactory)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    kind = "city_network"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    city = factory.SubFactory(CityFactory)
    role = "member"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)

    code = "GCM"
    name = "Global Compact for Safe, Orderly and Regular Migration"
    short_name = "GCM"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objective {n + 1}")


class ItemFactory(factory.django.DjangoModelFactory):
    """The fields every kind shares; use EventFactory, StoryFactory or ResourceFactory."""

    class Meta:
        abstract = True

    summary = "A short summary."
    body = "A body in **Markdown**."
    language = "en"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class ItemTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemTranslation

    item = factory.SubFactory("tests.factories.StoryFactory")
    language = "fr"
    title = factory.Sequence(lambda n: f"Élément {n}")


class ItemActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemActor

    item = factory.SubFactory("tests.factories.StoryFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "organiser"


class EventFactory(ItemFactory):
    """An in-person, one-day event in a Kenyan city, 30 days from today."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    event_type = "workshop"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    end_date = factory.SelfAttribute("start_date")
    date_precision = "day"
    attendance_mode = "in_person"
    city = factory.SubFactory(CityFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    day = factory.SelfAttribute("event.start_date")
    start_time = dt.time(9, 0)
    end_time = dt.time(10, 0)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = "panel"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    role = "speaker"
    organisation = factory.SubFactory(OrganisationFactory)


class ResourceFactory(ItemFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    resource_type = "report"


class ResourceVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceVersion

    resource = factory.SubFactory(ResourceFactory)
    language = "en"
    url = factory.Sequence(lambda n: f"https://example.org/documents/{n}.pdf")
    format = "pdf"


class EventDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDocument

    event = factory.SubFactory(EventFactory)
    resource = factory.SubFactory(ResourceFactory)
    role = "report"


class StoryFactory(ItemFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    news_type = "news"


class CampaignFactory(ItemFactory):
    """A statement open for signing since a month ago, without end, signatories public,
    no approval."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    campaign_type = "statement"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    closes_on = None
    approval_required = False
    signatories_public = True


class PledgeFactory(ItemFactory):
    """A published commitment, planning, with no forum, budget or period."""

    class Meta:
        model = Pledge

    title = factory.Sequence(lambda n: f"Pledge {n}")
    slug = factory.Sequence(lambda n: f"pledge-{n}")
    pledge_type = "commitment"
    progress = "planning"
