"""A small network for the map's tests: four cities in three regions, public items of
every kind about them, and items and signatures the public must never see.

What the map shows without criteria:
- cities: Kisumu 2 (its housing clinic, the story about Kisumu and Irbid), Irbid 1 (the
  story), Agadez 2 (its health forum, its health report); Nairobi nothing;
- events: the clinic (Kisumu), the forum (Agadez), the webinar (no city);
- signatories: Kisumu and Irbid (the housing statement about Kenya and Jordan, whose
  signatories are public).
Everything in Nairobi is hidden: a draft, a scheduled story, an archived resource, a
campaign in review, and signatures unconfirmed, awaiting approval, declined, withdrawn
or of a campaign whose signatories are not public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from crossroads.content.models import Status
from crossroads.directory.models import City
from crossroads.engagement.models import Campaign, Signature, SignatureStatus
from tests.factories import (
    CampaignFactory,
    CityFactory,
    CountryFactory,
    EventFactory,
    FrameworkFactory,
    ItemActorFactory,
    OrganisationFactory,
    ResourceFactory,
    StoryFactory,
    TopicFactory,
)

HIDDEN_TITLES = (
    "Nairobi draft meeting",
    "Nairobi story to come",
    "Nairobi archived report",
    "Nairobi statement in review",
)


def at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def sign(campaign: Campaign, city: City, status: str) -> Signature:
    return Signature.objects.create(
        campaign=campaign,
        city=city,
        name=f"Mayor of {city.name}",
        title="Mayor",
        email=f"{city.slug}@example.org",
        status=status,
        confirmed_at=timezone.now() if status == SignatureStatus.CONFIRMED else None,
    )


@dataclass
class Network:
    kisumu: City
    nairobi: City
    agadez: City
    irbid: City
    statement: Campaign


def build_network() -> Network:
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    niger = CountryFactory(code="NE", name="Niger", region="sahel")
    jordan = CountryFactory(code="JO", name="Jordan", region="middle_east")

    def city(name, country, region, lat, lon):
        return CityFactory(
            name=name,
            slug=name.lower(),
            country=country,
            region=region,
            latitude=lat,
            longitude=lon,
        )

    kisumu = city("Kisumu", kenya, "east_africa", "-0.09170", "34.76800")
    nairobi = city("Nairobi", kenya, "east_africa", "-1.28333", "36.81667")
    agadez = city("Agadez", niger, "sahel", "16.97333", "7.99111")
    irbid = city("Irbid", jordan, "middle_east", "32.55556", "35.85000")
    housing = TopicFactory(name="Housing", slug="housing")
    health = TopicFactory(name="Health", slug="health")
    gcm = FrameworkFactory()
    habitat = OrganisationFactory(name="UN-Habitat", slug="un-habitat")
    soon = timezone.localdate() + dt.timedelta(days=30)

    clinic = EventFactory(
        title="Kisumu housing clinic",
        slug="clinic",
        city=kisumu,
        start_date=soon,
        event_type="workshop",
        published_at=at(2024, 1, 15),
    )
    clinic.topics.add(housing)
    ItemActorFactory(item=clinic, organisation=habitat, role="organiser")
    forum = EventFactory(
        title="Agadez health forum",
        slug="forum",
        city=agadez,
        start_date=dt.date(2024, 3, 10),
        event_type="forum",
        attendance_mode="hybrid",
        published_at=at(2024, 1, 20),
    )
    forum.topics.add(health)
    forum.frameworks.add(gcm)
    webinar = EventFactory(
        title="Online housing webinar",
        slug="webinar",
        city=None,
        start_date=dt.date(2024, 5, 2),
        event_type="webinar",
        attendance_mode="virtual",
        published_at=at(2024, 2, 1),
    )
    webinar.topics.add(housing)
    story = StoryFactory(
        title="Housing in Kisumu and Irbid", language="fr", published_at=at(2025, 2, 1)
    )
    story.cities.add(kisumu, irbid)
    story.topics.add(housing)
    report = ResourceFactory(title="Agadez health report", published_at=at(2024, 6, 1))
    report.cities.add(agadez)
    report.topics.add(health)
    statement = CampaignFactory(
        title="Housing statement", slug="statement", published_at=at(2024, 9, 1)
    )
    statement.topics.add(housing)
    statement.countries.add(kenya, jordan)
    quiet = CampaignFactory(
        title="Quiet statement", signatories_public=False, published_at=at(2024, 9, 2)
    )
    quiet.topics.add(health)
    sign(statement, kisumu, SignatureStatus.CONFIRMED)
    sign(statement, irbid, SignatureStatus.CONFIRMED)
    sign(statement, nairobi, SignatureStatus.UNCONFIRMED)
    sign(statement, nairobi, SignatureStatus.PENDING_APPROVAL)
    sign(statement, agadez, SignatureStatus.DECLINED)
    sign(statement, agadez, SignatureStatus.WITHDRAWN)
    Signature.objects.create(
        campaign=statement,
        organisation=habitat,
        name="Head",
        title="Head",
        email="head@example.org",
        status=SignatureStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    sign(quiet, agadez, SignatureStatus.CONFIRMED)

    # What the public never sees, all in Nairobi.
    EventFactory(title=HIDDEN_TITLES[0], city=nairobi, status=Status.DRAFT).topics.add(housing)
    later = StoryFactory(title=HIDDEN_TITLES[1], published_at=timezone.now() + dt.timedelta(days=5))
    later.cities.add(nairobi)
    later.topics.add(housing)
    archived = ResourceFactory(title=HIDDEN_TITLES[2], status=Status.ARCHIVED)
    archived.cities.add(nairobi)
    review = CampaignFactory(title=HIDDEN_TITLES[3], status=Status.REVIEW)
    review.topics.add(housing)
    sign(review, nairobi, SignatureStatus.CONFIRMED)
    return Network(kisumu, nairobi, agadez, irbid, statement)
