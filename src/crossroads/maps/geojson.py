"""The map's data as GeoJSON (RFC 7946): a FeatureCollection of points, one per city of
each layer, with what its marker says in the reader's language.

Each feature's properties: ``layer`` (cities, events, signatories), ``name`` (the city,
"Kisumu, Kenya"), ``url`` (where the marker leads), ``count`` and ``label`` (the count in
words: "12 matching items"); events and signatories also list their ``items`` (each a
``name``, ``url`` and ``label``). Beside the features, ``layers`` names the layers and
``notice`` says what the map leaves out (events past the first ``EVENT_LIMIT``, events
without a city).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crossroads.maps.queries import NetworkMap, Place, search_url


def _layer_names() -> dict[str, str]:
    return {"cities": _("Cities"), "events": _("Events"), "signatories": _("Signatories")}


def _feature(place: Place, layer: str, *, url: str, count: int, label: str, items=None) -> dict:
    properties = {"layer": layer, "name": place.label, "url": url, "count": count, "label": label}
    if items is not None:
        properties["items"] = items
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": properties,
    }


def notice(found: NetworkMap) -> str:
    """What the map leaves out, in a sentence; empty when it shows everything."""
    parts = []
    if found.more_events:
        parts.append(
            ngettext(
                "The map shows the first %(shown)d of %(total)d matching events.",
                "The map shows the first %(shown)d of %(total)d matching events.",
                found.event_total,
            )
            % {"shown": len(found.events), "total": found.event_total}
        )
    unplaced = sum(1 for mark in found.events if mark.place is None)
    if unplaced:
        parts.append(
            ngettext(
                "%(count)d event has no city and is only in the list.",
                "%(count)d events have no city and are only in the list.",
                unplaced,
            )
            % {"count": unplaced}
        )
    return " ".join(parts)


def feature_collection(found: NetworkMap) -> dict:
    """The markers of every layer: cities, then each city's events, then signatories."""
    criteria = found.results.criteria
    features = [
        _feature(
            mark.place,
            "cities",
            url=mark.search_url,
            count=mark.count,
            label=ngettext("%(count)d matching item", "%(count)d matching items", mark.count)
            % {"count": mark.count},
        )
        for mark in found.cities
    ]
    by_city: dict[Place, list] = defaultdict(list)
    for mark in found.events:
        if mark.place is not None:
            by_city[mark.place].append(mark)
    for place, events in by_city.items():
        features.append(
            _feature(
                place,
                "events",
                url=search_url(criteria, kind=("event",), city=(place.slug,)),
                count=len(events),
                label=ngettext("%(count)d event", "%(count)d events", len(events))
                % {"count": len(events)},
                items=[
                    {
                        "name": event.card.title,
                        "url": event.card.get_absolute_url(),
                        "label": event.when,
                    }
                    for event in events
                ],
            )
        )
    for mark in found.signatories:
        features.append(
            _feature(
                mark.place,
                "signatories",
                url=mark.place.get_absolute_url(),
                count=mark.count,
                label=ngettext(
                    "Signed %(count)d matching campaign",
                    "Signed %(count)d matching campaigns",
                    mark.count,
                )
                % {"count": mark.count},
                items=[
                    {"name": link.title, "url": link.url, "label": ""} for link in mark.campaigns
                ],
            )
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "layers": _layer_names(),
        "notice": notice(found),
    }
