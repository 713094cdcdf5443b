"""Loading the directory and the vocabularies: countries, topics, frameworks,
organisations, cities, people and networks."""

from __future__ import annotations

from collections import Counter

from django.db import models
from django.utils.text import slugify

from crossroads.content.dates import DatePrecision
from crossroads.demo.loader import Loader, keep_only, set_parent, upsert
from crossroads.directory.models import (
    CityAlias,
    Country,
    Membership,
    Network,
    Organisation,
    OrganisationAlias,
    Person,
    Tenure,
)
from crossroads.directory.services import find_places, sync_countries, update_or_create_city
from crossroads.taxonomy.models import Framework, Objective, Topic


def load_countries(loader: Loader) -> None:
    loader.report.countries = sync_countries()
    loader.countries = set(Country.objects.values_list("code", flat=True))


def load_topics(loader: Loader) -> None:
    for data in loader.read("topics.json", "slug"):
        with loader.record("topics.json", data.get("slug")):
            loader.topics[data["slug"]] = upsert(
                Topic,
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"] or ""},
            )
    loader.report.topics = len(loader.topics)


def load_frameworks(loader: Loader) -> None:
    for data in loader.read("frameworks.json", "code"):
        with loader.record("frameworks.json", data.get("code")):
            framework = upsert(
                Framework,
                code=data["code"],
                defaults={
                    "name": data["name"],
                    "short_name": data["short_name"],
                    "adopted_on": loader.calendar.start(data["adopted_on"]),
                    "url": data["url"] or "",
                    "description": data["description"] or "",
                },
            )
            objectives = [
                upsert(
                    Objective,
                    framework=framework,
                    number=objective["number"],
                    defaults={"title": objective["title"]},
                )
                for objective in data["objectives"]
            ]
            keep_only(framework.objectives.all(), objectives)
            loader.frameworks[framework.code] = framework
            loader.objectives.update({f"{framework.code}:{o.number}": o for o in objectives})
    loader.report.frameworks = len(loader.frameworks)
    loader.report.objectives = len(loader.objectives)


def load_organisations(loader: Loader) -> None:
    records = loader.read("organisations.json", "slug")
    for data in records:
        with loader.record("organisations.json", data.get("slug")):
            organisation = upsert(
                Organisation,
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "acronym": data["acronym"] or "",
                    "kind": data["kind"],
                    "country_id": loader.country(data["country"]),
                    "website": data["website"] or "",
                    "description": data["description"] or "",
                },
            )
            set_aliases(OrganisationAlias, organisation=organisation, aliases=data["aliases"])
            loader.organisations[organisation.slug] = organisation
    for data in records:
        with loader.record("organisations.json", data["slug"]):
            organisation = loader.organisations[data["slug"]]
            set_parent(organisation, loader.organisation(data["parent"]))
    loader.report.organisations = len(loader.organisations)


def load_cities(loader: Loader) -> None:
    records = loader.read("cities.json", "geonameid")
    places = find_places(record.get("geonameid") for record in records)
    names = Counter(record.get("name") for record in records)
    for data in records:
        key = f"{data.get('name')} ({data.get('country')})"
        with loader.record("cities.json", key):
            place = loader.get(places, data["geonameid"], "GeoNames id")
            if place.country_code != data["country"]:
                raise ValueError(
                    f"GeoNames id {place.geonameid} is {place.name} in "
                    f"{place.country_code}, not a city in {data['country']}"
                )
            slug = slugify(data["name"])
            if names[data["name"]] > 1:
                slug = f"{slug}-{data['country'].lower()}"
            city = update_or_create_city(
                place=place,
                name=data["name"],
                slug=slug,
                region=data["region"] or "",
                is_intermediary=data["intermediary"],
                local_government=loader.organisation(data["local_government"]),
            )
            set_aliases(CityAlias, city=city, aliases=data["aliases"])
            loader.cities[(data["name"], data["country"])] = city
    loader.report.cities = len(loader.cities)


def load_people(loader: Loader) -> None:
    for data in loader.read("people.json", "slug"):
        with loader.record("people.json", data.get("slug")):
            person = upsert(Person, slug=data["slug"], defaults={"name": data["name"]})
            tenures = [
                upsert(
                    Tenure,
                    person=person,
                    office=loader.office(held),
                    start=loader.calendar.start(held["from"]),
                    defaults={"end": loader.calendar.end(held["to"])},
                )
                for held in data["offices"]
            ]
            keep_only(person.tenures.all(), tenures)
            loader.people[person.slug] = person
    loader.report.people = len(loader.people)


def load_networks(loader: Loader) -> None:
    records = loader.read("networks.json", "slug")
    for data in records:
        with loader.record("networks.json", data.get("slug")):
            launched_on, precision = None, DatePrecision.DAY
            if data["launched_on"]:
                launched_on, precision, _ = loader.calendar.parse(data["launched_on"])
            network = upsert(
                Network,
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "acronym": data["acronym"] or "",
                    "kind": data["kind"],
                    "secretariat": loader.organisation(data["secretariat"]),
                    "launched_on": launched_on,
                    "launched_precision": precision,
                    "region": data["region"] or "",
                    "website": data["website"] or "",
                    "description": data["description"] or "",
                },
            )
            memberships = [
                upsert(
                    Membership,
                    network=network,
                    city=loader.city(member["city"]),
                    organisation=loader.organisation(member["organisation"]),
                    defaults={
                        "role": member["role"],
                        "start": loader.calendar.start(member["from"]),
                    },
                )
                for member in data["memberships"]
            ]
            keep_only(network.memberships.all(), memberships)
    loader.report.networks = len(records)


def set_aliases(model: type[models.Model], *, aliases: list[dict], **owner) -> None:
    """Give the organisation or city in ``owner`` exactly these aliases."""
    kept = [
        upsert(model, name=alias["name"], defaults={"language": alias["language"] or ""}, **owner)
        for alias in aliases
    ]
    keep_only(model._default_manager.filter(**owner), kept)
