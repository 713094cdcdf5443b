"""Directory pages: organisations, cities and networks, each with what is linked to it."""

from itertools import groupby

from django.db.models import Q
from django.shortcuts import render

from crossroads.content.queries import paginate
from crossroads.directory import queries
from crossroads.directory.models import Region
from crossroads.matching import queries as matching


def organisation_list(request):
    return render(
        request,
        "directory/organisation_list.html",
        {"page": paginate(request, queries.organisation_list(), per_page=100)},
    )


def organisation_detail(request, slug):
    organisation = queries.get_organisation(slug)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "linked": queries.linked_items(
                Q(actors__organisation=organisation)
                | Q(event__sessions__participants__organisation=organisation)
            ),
        },
    )


def city_list(request):
    cities = list(queries.city_list())
    regions = dict(Region.choices)
    grouped = [
        (regions.get(region, ""), list(members))
        for region, members in groupby(cities, key=lambda city: city.region)
    ]
    return render(request, "directory/city_list.html", {"regions": grouped})


def city_detail(request, slug):
    city = queries.get_city(slug)
    profile = matching.profile_of(city)
    return render(
        request,
        "directory/city_detail.html",
        {
            "city": city,
            "linked": queries.linked_items(Q(cities=city) | Q(event__city=city)),
            "profile": profile,
            "peers": matching.peers_like(city, profile=profile),
            "helpers": matching.helpers_for(profile.need_topics, exclude=[city]),
        },
    )


def network_list(request):
    return render(request, "directory/network_list.html", {"networks": queries.network_list()})


def network_detail(request, slug):
    network = queries.get_network(slug)
    members = list(network.memberships.all())
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "city_members": [membership for membership in members if membership.city_id],
            "organisation_members": [m for m in members if m.organisation_id],
            "linked": queries.linked_items(Q(actors__organisation=network.secretariat_id))
            if network.secretariat_id
            else {},
        },
    )
