"""What a feed or a calendar holds: the results of its page's criteria, found by the same
search engine as the page (``search.views.results_page``), and words describing them.

``/events/feed.atom?topic=inclusion&region=horn_of_africa`` selects what
``/events/?topic=inclusion&region=horn_of_africa`` lists: the criteria are read by
``Criteria.from_query`` (unknown or malformed values are ignored), the page's fixed
criteria (its kind) and its default (upcoming events) apply, and the engine orders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossroads.content.links import absolute, url_for
from crossroads.search import engine
from crossroads.search.criteria import Criteria
from crossroads.search.views import FACET_TITLES, own_query, page_criteria

EVENTS_ONLY = {"kind": ("event",)}


@dataclass(frozen=True)
class Listing:
    """A page of results that feeds and calendars sit beside."""

    #: Its address's first part, and the prefix of its feeds' URL names ("events").
    name: str
    #: The URL name of the page itself.
    page: str
    #: What the page is called when no "when" criterion says more.
    heading: Promise
    #: Selections a visitor cannot change (the page's kind).
    fixed: dict
    #: The page's default "when" (upcoming events).
    default_when: str = ""
    #: Whether it has a calendar (lists that hold events).
    calendar: bool = False


LISTINGS = {
    listing.name: listing
    for listing in (
        Listing(
            "events",
            "events:list",
            gettext_lazy("Events"),
            EVENTS_ONLY,
            default_when="upcoming",
            calendar=True,
        ),
        Listing("news", "news:list", gettext_lazy("News"), {"kind": ("story",)}),
        Listing("resources", "library:list", gettext_lazy("Resources"), {"kind": ("resource",)}),
        Listing("search", "search:search", gettext_lazy("Search"), {}, calendar=True),
    )
}


@dataclass
class Selection:
    listing: Listing
    criteria: Criteria
    results: engine.Results
    #: The criteria the visitor chose, as a query string (the page's permalink's).
    own: QueryDict
    #: Whether only events were asked for (a calendar), whatever the page lists.
    events_only: bool

    @property
    def page_url(self) -> str:
        """The absolute address of the page listing the same results."""
        path = url_for(self.listing.page)
        return absolute(path + (f"?{self.own.urlencode()}" if self.own else ""))

    def file_url(self, name: str) -> str:
        """The absolute address of ``name`` (``feed.atom``…) for the same criteria."""
        path = url_for(self.listing.page) + name
        return absolute(path + (f"?{self.own.urlencode()}" if self.own else ""))

    @property
    def title(self) -> str:
        """The criteria in words: "Upcoming events · Topic: Inclusion · Region: Horn of
        Africa"."""
        return " · ".join([self._heading(), *describe(self.criteria, self.results, self.fixed)])

    @property
    def fixed(self) -> dict:
        return EVENTS_ONLY if self.events_only else self.listing.fixed

    def _heading(self) -> str:
        when = self.criteria.when
        if self.listing.default_when or self.events_only:
            if when == "upcoming":
                return _("Upcoming events")
            if when == "past":
                return _("Past events")
            return _("Events")
        return str(self.listing.heading)


def describe(criteria: Criteria, results: engine.Results, fixed: dict) -> list[str]:
    """Each criterion the visitor chose, in words (the page's chips, one per facet)."""
    parts = []
    if criteria.text:
        parts.append(_("Words: “%(text)s”") % {"text": criteria.text})
    for facet, values in criteria.selected.items():
        if facet in fixed:
            continue
        names = ", ".join(results.labels.get((facet, value), value) for value in values)
        parts.append(f"{FACET_TITLES[facet]}: {names}")
    if criteria.role:
        role = results.labels.get(("role", criteria.role), criteria.role)
        parts.append(_("Role: %(role)s") % {"role": role})
    if criteria.date_from:
        parts.append(_("From %(date)s") % {"date": criteria.date_from.isoformat()})
    if criteria.date_to:
        parts.append(_("Until %(date)s") % {"date": criteria.date_to.isoformat()})
    return parts


def select(listing: Listing, query: QueryDict, *, count: int, events_only: bool = False):
    """The first ``count`` results of ``listing``'s page for ``query``, in date order.

    Feeds and calendars are read as a stream, so they are always in date order (relevance
    would reorder them with every new item): soonest first for upcoming events, newest
    first otherwise, as the pages show them without words. ``events_only`` (calendars)
    fixes the kind to events whatever the query says.
    """
    fixed = EVENTS_ONLY if events_only else listing.fixed
    criteria = page_criteria(query, fixed=fixed, default_when=listing.default_when)
    results = engine.search(criteria.fix(sort="date"), page=1, per_page=count, facets=())
    return Selection(listing, criteria, results, own_query(criteria, fixed), events_only)
