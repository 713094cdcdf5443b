"""The map of the network: /map/ (criteria, the map and the list of what it shows) and
its data, /map/data.geojson, read by ``static/maps/map.js``; both take /search/'s
criteria."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crossroads.content.models import ActorRole
from crossroads.maps import geojson, queries
from crossroads.search.criteria import FACETS
from crossroads.search.views import chips, facet_panels, page_criteria


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@require_GET
def network_map(request):
    criteria = page_criteria(request.GET, fixed={})
    found = queries.network_map(criteria, facets=FACETS)
    own = criteria.to_query().urlencode()
    return render(
        request,
        "maps/map.html",
        {
            "title": _("Map of the network"),
            "criteria": criteria,
            "results": found.results,
            "found": found,
            "city_regions": queries.grouped(found.cities),
            "signatory_regions": queries.grouped(found.signatories),
            "notice": geojson.notice(found),
            "facet_panels": facet_panels(request.GET, found.results.facets),
            "chips": chips(criteria, found.results.labels),
            "permalink": _with_query(request.path, own),
            "search_link": _with_query(reverse("search:search"), own),
            "events_link": queries.search_url(criteria, kind=("event",)),
            "data_url": _with_query(reverse("maps:data"), own),
            "tiles": settings.MAP_TILES,
            "attribution": settings.MAP_ATTRIBUTION,
            "roles": ActorRole.choices,
        },
    )


@require_GET
def map_data(request):
    """The layers as GeoJSON, with an ETag: a client holding the same data gets 304. No
    shared cache keeps it (``no-cache``), so the map never lags behind the list."""
    criteria = page_criteria(request.GET, fixed={})
    data = geojson.feature_collection(queries.network_map(criteria))
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/geo+json")
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return get_conditional_response(request, etag=etag, response=response)
