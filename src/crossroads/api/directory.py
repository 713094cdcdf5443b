"""The directory and vocabularies: organisations, cities, networks, frameworks, topics.

Plain reads through each app's ``queries``: a page is its rows (with what they name
joined in) and a count; a detail is its row and its prefetched lists.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Path, Query, Router

from crossroads.api import payloads, schemas
from crossroads.api.auth import caller
from crossroads.api.paging import slice_of
from crossroads.content.links import absolute
from crossroads.directory import queries as directory
from crossroads.directory.models import City, Network, Organisation
from crossroads.taxonomy import queries as taxonomy
from crossroads.taxonomy.models import Framework, Topic

router = Router()

Slug = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=140, description="Its slug.")
Code = Path(..., pattern=r"^[A-Za-z0-9]+$", max_length=12, description="Its code (GCM…).")
READ_ERRORS = {304: None, 400: schemas.Error, 401: schemas.Error}
DETAIL_ERRORS = {**READ_ERRORS, 404: schemas.Error}


def _page(request, queryset, params: schemas.ListParams, show) -> dict:
    caller(request)  # a token, when given, must be valid
    rows, after = slice_of(request, queryset, params.cursor, params.limit)
    return {"count": queryset.count(), "next": after, "results": [show(request, r) for r in rows]}


def _country(country) -> dict | None:
    return {"code": country.code, "name": country.name} if country else None


def _organisation(request, organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "country": _country(organisation.country),
        "website": organisation.website,
        "parent": payloads.organisation_ref(organisation.parent),
        "description": organisation.description,
        "url": absolute(organisation.get_absolute_url()),
    }


def _memberships(memberships) -> list[dict]:
    return [{"network": payloads.network_ref(m.network), "role": m.role} for m in memberships]


def _city(request, city: City) -> dict:
    return {
        "slug": city.slug,
        "name": city.name,
        "country": _country(city.country),
        "region": city.region,
        "latitude": float(city.latitude),
        "longitude": float(city.longitude),
        "population": city.population,
        "timezone": city.timezone,
        "is_intermediary": city.is_intermediary,
        "local_government": payloads.organisation_ref(city.local_government),
        "url": absolute(city.get_absolute_url()),
    }


def _network(request, network: Network) -> dict:
    return {
        "slug": network.slug,
        "name": network.name,
        "acronym": network.acronym,
        "kind": network.kind,
        "secretariat": payloads.organisation_ref(network.secretariat),
        "launched_on": network.launched_on,
        "launched_precision": network.launched_precision,
        "region": network.region,
        "website": network.website,
        "description": network.description,
        "member_count": network.member_count,
        "url": absolute(network.get_absolute_url()),
    }


def _topic(request, topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "description": topic.description,
        "item_count": topic.item_count,
        "url": absolute(topic.get_absolute_url()),
    }


def _framework(request, framework: Framework) -> dict:
    return {
        "code": framework.code,
        "name": framework.name,
        "short_name": framework.short_name,
        "adopted_on": framework.adopted_on,
        "website": framework.url,
        "description": framework.description,
        "item_count": framework.item_count,
        "url": absolute(framework.get_absolute_url()),
    }


# -- organisations ------------------------------------------------------------------------
@router.get(
    "/organisations/",
    response={200: schemas.OrganisationPage, **READ_ERRORS},
    url_name="organisations",
    tags=["directory"],
    summary="Organisations, by name",
)
def organisation_list(request, params: Query[schemas.ListParams]):
    queryset = directory.organisation_list().select_related("parent").order_by("name", "pk")
    return _page(request, queryset, params, _organisation)


@router.get(
    "/organisations/{slug}",
    response={200: schemas.OrganisationDetail, **DETAIL_ERRORS},
    url_name="organisation",
    tags=["directory"],
    summary="An organisation",
)
def organisation_detail(request, slug: str = Slug):
    caller(request)
    organisation = directory.get_organisation(slug)
    return {
        **_organisation(request, organisation),
        "aliases": [alias.name for alias in organisation.aliases.all()],
        "children": [payloads.organisation_ref(child) for child in organisation.children.all()],
        "governs": [payloads.city_ref(city) for city in organisation.governed_cities.all()],
        "secretariat_of": [payloads.network_ref(n) for n in organisation.secretariat_of.all()],
        "memberships": _memberships(organisation.memberships.all()),
    }


# -- cities -------------------------------------------------------------------------------
@router.get(
    "/cities/",
    response={200: schemas.CityPage, **READ_ERRORS},
    url_name="cities",
    tags=["directory"],
    summary="Cities, by name",
)
def city_list(request, params: Query[schemas.ListParams]):
    queryset = directory.city_list().select_related("local_government").order_by("name", "pk")
    return _page(request, queryset, params, _city)


@router.get(
    "/cities/{slug}",
    response={200: schemas.CityDetail, **DETAIL_ERRORS},
    url_name="city",
    tags=["directory"],
    summary="A city",
)
def city_detail(request, slug: str = Slug):
    caller(request)
    city = directory.get_city(slug)
    return {
        **_city(request, city),
        "aliases": [alias.name for alias in city.aliases.all()],
        "memberships": _memberships(city.memberships.all()),
    }


# -- networks -----------------------------------------------------------------------------
@router.get(
    "/networks/",
    response={200: schemas.NetworkPage, **READ_ERRORS},
    url_name="networks",
    tags=["directory"],
    summary="Networks, by name",
)
def network_list(request, params: Query[schemas.ListParams]):
    return _page(request, directory.network_list().order_by("name", "pk"), params, _network)


@router.get(
    "/networks/{slug}",
    response={200: schemas.NetworkDetail, **DETAIL_ERRORS},
    url_name="network",
    tags=["directory"],
    summary="A network and its members",
)
def network_detail(request, slug: str = Slug):
    caller(request)
    network = directory.get_network(slug)
    network.member_count = len(network.memberships.all())
    return {
        **_network(request, network),
        "members": [
            {
                "role": m.role,
                "city": payloads.city_ref(m.city),
                "organisation": payloads.organisation_ref(m.organisation),
                "start": m.start,
                "end": m.end,
            }
            for m in network.memberships.all()
        ],
    }


# -- vocabularies -------------------------------------------------------------------------
@router.get(
    "/topics/",
    response={200: schemas.TopicPage, **READ_ERRORS},
    url_name="topics",
    tags=["vocabularies"],
    summary="Topics, by name",
)
def topic_list(request, params: Query[schemas.ListParams]):
    return _page(request, taxonomy.topic_list().order_by("name", "pk"), params, _topic)


@router.get(
    "/topics/{slug}",
    response={200: schemas.Topic, **DETAIL_ERRORS},
    url_name="topic",
    tags=["vocabularies"],
    summary="A topic",
)
def topic_detail(request, slug: str = Slug):
    caller(request)
    topic = taxonomy.topic_list().filter(slug=slug).first()
    if topic is None:
        raise Http404
    return _topic(request, topic)


@router.get(
    "/frameworks/",
    response={200: schemas.FrameworkPage, **READ_ERRORS},
    url_name="frameworks",
    tags=["vocabularies"],
    summary="Frameworks, by code",
)
def framework_list(request, params: Query[schemas.ListParams]):
    return _page(request, taxonomy.framework_list().order_by("code", "pk"), params, _framework)


@router.get(
    "/frameworks/{code}",
    response={200: schemas.FrameworkDetail, **DETAIL_ERRORS},
    url_name="framework",
    tags=["vocabularies"],
    summary="A framework and its objectives",
)
def framework_detail(request, code: str = Code):
    caller(request)
    found = taxonomy.framework_list().filter(code=code.upper()).first()
    if found is None:
        raise Http404
    framework = taxonomy.get_framework(code)  # its objectives with their counts
    framework.item_count = found.item_count
    return {
        **_framework(request, framework),
        "objectives": [
            {"number": o.number, "title": o.title, "item_count": o.item_count}
            for o in framework.objective_list
        ],
    }
