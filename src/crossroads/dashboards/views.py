"""The dashboards page and the CSV file of each of its sections, for the criteria of
/search/ in the query string (unknown or malformed ones are ignored)."""

from __future__ import annotations

import csv

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from crossroads.content.spreadsheets import neutralised
from crossroads.dashboards.queries import Figures
from crossroads.dashboards.sections import SECTIONS, Narrow
from crossroads.search.criteria import Criteria
from crossroads.search.labels import labels
from crossroads.search.views import chips


def _address(query: QueryDict) -> str:
    return "?" + query.urlencode() if query else "?"


def narrowing(criteria: Criteria) -> Narrow:
    """``narrow(facet, value)``: the dashboard for these criteria with ``value`` as the
    only one chosen of ``facet``."""
    query = criteria.to_query()

    def narrow(facet: str, value: str) -> str:
        narrowed = query.copy()
        narrowed.setlist(facet, [value])
        return _address(narrowed)

    return narrow


def named(criteria: Criteria) -> dict[tuple[str, str], str]:
    """The names of the chosen values (and role), for the chips."""
    wanted = {facet: set(values) for facet, values in criteria.selected.items()}
    if criteria.role:
        wanted["role"] = {criteria.role}
    return labels(wanted)


@require_GET
def dashboard(request):
    criteria = Criteria.from_query(request.GET)
    figures = Figures(criteria)
    narrow = narrowing(criteria)
    query = criteria.to_query()
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "criteria": criteria,
            "total": figures.total,
            "sections": [build(figures, narrow) for build in SECTIONS.values()],
            "chips": chips(criteria, named(criteria)),
            "query": _address(query) if query else "",
            "kept": [
                (name, value) for name, values in query.lists() if name != "q" for value in values
            ],
            "search_url": reverse("search:search") + _address(query),
        },
    )


@require_GET
def section_csv(request, section: str):
    """One section's table as a CSV file, every cell made inert for spreadsheets."""
    build = SECTIONS.get(section)
    if build is None:
        raise Http404
    criteria = Criteria.from_query(request.GET)
    lines = build(Figures(criteria), narrowing(criteria)).lines()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="crossroads-{section}.csv"'
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    for line in lines:
        writer.writerow([neutralised(cell) for cell in line])
    return response
