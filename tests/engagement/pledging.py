"""Pledges for the pledge tests: places, topics, frameworks, editors."""

from dataclasses import dataclass

from crossroads.accounts.models import Grant, Role
from crossroads.content.models import ItemActor
from tests.factories import (
    CityFactory,
    CountryFactory,
    FrameworkFactory,
    OrganisationFactory,
    PledgeFactory,
    TopicFactory,
)


@dataclass
class Place:
    uganda: object
    kenya: object
    kampala: object
    kisumu: object
    topics: dict
    frameworks: dict


def make_place() -> Place:
    uganda = CountryFactory(code="UG", name="Uganda", region="east_africa")
    kenya = CountryFactory(code="KE", name="Kenya", region="east_africa")
    kampala = CityFactory(name="Kampala", slug="kampala", country=uganda, region="east_africa")
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country=kenya, region="east_africa")
    topics = {
        slug: TopicFactory(slug=slug, name=slug.title())
        for slug in ("health", "housing", "education")
    }
    frameworks = {
        code: FrameworkFactory(code=code, short_name=code) for code in ("GCR", "GCM", "SDG")
    }
    return Place(uganda, kenya, kampala, kisumu, topics, frameworks)


def pledge(owner=None, *, topics=(), frameworks=(), cities=(), countries=(), **fields):
    made = PledgeFactory(**fields)
    made.topics.set(topics)
    made.frameworks.set(frameworks)
    made.cities.set(cities)
    made.countries.set(countries)
    if owner is not None:
        ItemActor.objects.create(item=made, organisation=owner, role="publisher")
    return made


def editor_of(django_user_model, organisation, name: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x", is_staff=True)
    Grant.objects.create(user=user, role=Role.EDITOR, organisation=organisation)
    return user


def organisation(slug: str):
    return OrganisationFactory(slug=slug, name=slug.title())
