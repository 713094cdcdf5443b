"""The signatories' map: an inline SVG drawn on the server, no tiles and no script.

Cities are placed by an equirectangular projection (longitude and latitude as x and y,
two units per degree), over a light graticule. Each point is an image with its accessible
name ("Kisumu, Kenya"), and a tooltip through its ``<title>``; the list of signatories
under the map remains the text alternative.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crossroads.engagement.campaigns.queries import Signatory

#: Units per degree, and the latitudes shown (the poles hold no city that signs).
SCALE = 2
NORTH, SOUTH = 80, -60
WIDTH = 360 * SCALE
HEIGHT = (NORTH - SOUTH) * SCALE


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """The point of a place on the map (x to the east, y downwards)."""
    latitude = min(max(latitude, SOUTH), NORTH)
    return round((longitude + 180) * SCALE, 1), round((NORTH - latitude) * SCALE, 1)


def _graticule() -> str:
    lines = [
        f'<line x1="{(lon + 180) * SCALE}" y1="0" x2="{(lon + 180) * SCALE}" y2="{HEIGHT}"/>'
        for lon in range(-150, 180, 30)
    ]
    lines += [
        f'<line x1="0" y1="{(NORTH - lat) * SCALE}" x2="{WIDTH}" y2="{(NORTH - lat) * SCALE}"/>'
        for lat in range(-30, NORTH, 30)
    ]
    attributes = 'class="graticule" aria-hidden="true" stroke="#c5d3de" stroke-width="0.6"'
    return f"<g {attributes}>{''.join(lines)}</g>"


def signatory_map(found: list[Signatory]) -> SafeString:
    """The SVG of the cities among ``found`` (organisations have no point); empty when
    there is none. Every value is escaped."""
    places = {}
    for signatory in found:
        if signatory.latitude is not None and signatory.slug not in places:
            places[signatory.slug] = signatory
    if not places:
        return mark_safe("")
    points = []
    for signatory in places.values():
        x, y = project(signatory.latitude, signatory.longitude)
        label = escape(
            f"{signatory.name}, {signatory.country}" if signatory.country else signatory.name
        )
        points.append(
            f'<circle cx="{x}" cy="{y}" r="4" role="img" aria-label="{label}">'
            f"<title>{label}</title></circle>"
        )
    title = escape(_("Map of the cities that signed"))
    return mark_safe(
        f'<svg class="signatory-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}" fill="#eef3f7"/>{_graticule()}'
        f'<g class="points" fill="#b3261e" stroke="#ffffff" stroke-width="1">'
        f"{''.join(points)}</g></svg>"
    )
