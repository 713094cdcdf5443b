"""Pages of results: /search/ and the event, news and resource lists all come through here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.content.links import replaced
from crossroads.content.models import ActorRole
from crossroads.search import engine
from crossroads.search.criteria import FACETS, Criteria
from crossroads.search.engine import FacetGroup, FacetValue
from crossroads.search.snippets import Highlighter

FACET_TITLES = {
    "kind": gettext_lazy("Kind"),
    "type": gettext_lazy("Type"),
    "status": gettext_lazy("Status"),
    "topic": gettext_lazy("Topic"),
    "framework": gettext_lazy("Framework"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "city": gettext_lazy("City"),
    "organisation": gettext_lazy("Organisation"),
    "attendance": gettext_lazy("Attendance"),
    "language": gettext_lazy("Language"),
    "year": gettext_lazy("Year"),
}


#: Values of a facet offered at first: the most frequent, after any chosen. "Show more"
#: (``?more=<facet>``) offers all the engine counted (``engine.FACET_LIMIT``). Thirty
#: values in each of a dozen facets made a phone's visitor scroll past about two hundred
#: checkboxes to reach the results.
FACET_SHOWN = 10


@dataclass
class FacetPanel:
    """A facet as the search form offers it: its values, and the address of the same
    page with more of them (or fewer, when it shows all), or none."""

    name: str
    title: str
    values: list[FacetValue]
    more_url: str = ""
    fewer_url: str = ""


@dataclass
class Chip:
    """A chosen criterion, with the address of the same search without it."""

    label: str
    remove_url: str


def _url(query: QueryDict) -> str:
    return "?" + query.urlencode() if query else "?"


def facet_panels(query: QueryDict, groups: list[FacetGroup]) -> list[FacetPanel]:
    """The facet ``groups`` counted for a page whose query string is ``query``: each shows
    its first ``FACET_SHOWN`` values (every chosen one at least), unless ``more`` names
    it. ``more`` is how the page is shown, not a criterion: no feed or permalink keeps it."""
    expanded = query.get("more", "")
    panels = []
    for group in groups:
        panel = FacetPanel(group.name, str(FACET_TITLES[group.name]), group.values)
        shown = max(FACET_SHOWN, sum(value.selected for value in group.values))
        if len(group.values) > shown:
            anchor = f"#facet-{group.name}"
            if group.name == expanded:
                panel.fewer_url = replaced(query, "more", None) + anchor
            else:
                panel.more_url = replaced(query, "more", group.name) + anchor
                panel.values = group.values[:shown]
        panels.append(panel)
    return panels


def page_criteria(query: QueryDict, *, fixed: dict, default_when: str = "") -> Criteria:
    """A page's criteria: the query string's, with the page's ``fixed`` selections (a
    list's kind) and its default ``when`` (upcoming events). Feeds and calendars beside
    the page read theirs the same way."""
    criteria = Criteria.from_query(query, selected=fixed)
    if default_when and not criteria.when:
        criteria = criteria.fix(when=default_when)
    return criteria


def own_query(criteria: Criteria, fixed: dict) -> QueryDict:
    """The criteria a visitor chose: the page's fixed ones are implied by its address."""
    for facet in fixed:
        criteria = criteria.without(facet)
    return criteria.to_query()


def chips(
    criteria: Criteria,
    names: dict[tuple[str, str], str],
    *,
    fixed: dict | None = None,
    when_chip: bool = True,
) -> list[Chip]:
    """Each criterion chosen (but the page's ``fixed`` ones), named from ``names`` (facet
    and value: name, as ``labels`` gives them), with the address of the same page
    without it."""
    fixed = fixed or {}
    query = own_query(criteria, fixed)
    chips = []

    def without(name: str, value: str | None = None) -> str:
        remaining = query.copy()
        if value is None:
            remaining.pop(name, None)
        else:
            remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
        return _url(remaining)

    if criteria.text:
        chips.append(Chip(_("Words: “%(text)s”") % {"text": criteria.text}, without("q")))
    for facet, values in criteria.selected.items():
        if facet in fixed:
            continue
        for value in values:
            label = f"{FACET_TITLES[facet]}: {names.get((facet, value), value)}"
            chips.append(Chip(label, without(facet, value)))
    if criteria.when and when_chip:
        label = _("Upcoming events") if criteria.when == "upcoming" else _("Past events")
        chips.append(Chip(label, without("when")))
    if criteria.role:
        role = names.get(("role", criteria.role), criteria.role)
        chips.append(Chip(_("Role: %(role)s") % {"role": role}, without("role")))
    if criteria.date_from:
        chips.append(Chip(_("From %(date)s") % {"date": criteria.date_from}, without("from")))
    if criteria.date_to:
        chips.append(Chip(_("Until %(date)s") % {"date": criteria.date_to}, without("to")))
    return chips


def results_page(
    request,
    *,
    title: str,
    template: str = "search/results.html",
    fixed: dict | None = None,
    default_when: str = "",
    facets: tuple[str, ...] = FACETS,
    extra: dict | None = None,
):
    """Render one page of results for the request's criteria; ``fixed`` selections (a
    list's kind) cannot be changed from the query string."""
    fixed = fixed or {}
    criteria = page_criteria(request.GET, fixed=fixed, default_when=default_when)
    results = engine.search(
        criteria, page=request.GET.get("page"), per_page=settings.PAGE_SIZE, facets=facets
    )
    own = own_query(criteria, fixed).urlencode()
    highlighter = Highlighter(results.query)
    for item in results.page.object_list:
        item.snippet = highlighter.snippet(item.text, item.language)
    return render(
        request,
        template,
        {
            "title": title,
            "criteria": criteria,
            "results": results,
            "page": results.page,
            "facet_panels": facet_panels(request.GET, results.facets),
            "chips": chips(criteria, results.labels, fixed=fixed, when_chip=not default_when),
            "permalink": request.path + (f"?{own}" if own else ""),
            "roles": ActorRole.choices,
            **(extra or {}),
        },
    )


def search(request):
    return results_page(request, title=_("Search"))
