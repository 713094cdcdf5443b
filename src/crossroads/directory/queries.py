"""Reads for the directory pages: organisations, cities and networks with what links to them."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from crossroads.content.models import Item
from crossroads.content.queries import item_cards
from crossroads.directory.models import City, Membership, Network, Organisation

#: How many linked items a directory page lists per kind before pointing to search.
LINKED_LIMIT = 10


def linked_items(condition: Q, *, limit: int = LINKED_LIMIT) -> dict[str, list[Item]]:
    """The latest published items of each kind matching ``condition``, one query per kind."""
    published = Item.objects.published().filter(condition)
    return {
        kind: list(
            item_cards(published.filter(kind=kind)).distinct().order_by("-published_at")[:limit]
        )
        for kind in ("event", "story", "resource")
    }


def organisation_list() -> QuerySet:
    return Organisation.objects.select_related("country").order_by("kind", "name")


def get_organisation(slug: str) -> Organisation:
    memberships = Membership.objects.select_related("network")
    queryset = Organisation.objects.select_related("country", "parent").prefetch_related(
        "aliases",
        "children",
        "governed_cities",
        "secretariat_of",
        Prefetch("memberships", queryset=memberships),
    )
    return get_object_or_404(queryset, slug=slug)


def city_list() -> QuerySet:
    return City.objects.select_related("country").order_by("region", "name")


def get_city(slug: str) -> City:
    memberships = Membership.objects.select_related("network")
    queryset = City.objects.select_related("country", "local_government").prefetch_related(
        "aliases", Prefetch("memberships", queryset=memberships)
    )
    return get_object_or_404(queryset, slug=slug)


def network_list() -> QuerySet:
    return (
        Network.objects.select_related("secretariat")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def get_network(slug: str) -> Network:
    memberships = Membership.objects.select_related(
        "city__country", "organisation__country"
    ).order_by("role", "city__name", "organisation__name")
    queryset = Network.objects.select_related("secretariat").prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )
    return get_object_or_404(queryset, slug=slug)
