"""The dashboard's sections as the page and the CSV files show them: a title, what is
counted, a table (its header and rows, the same cells in both) and a chart of its main
column. ``SECTIONS`` names them by the key of their address (``/dashboards/topics.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from crossroads.content.charts import bar_chart
from crossroads.content.models import Kind
from crossroads.dashboards.queries import MOST_CONNECTED, Counted, Figures

#: The address of the dashboard narrowed to one value of a facet: ``narrow(facet, value)``.
Narrow = Callable[[str, str], str]


@dataclass
class Row:
    label: str
    cells: list[str]
    #: The dashboard narrowed to this row's value, when it is a criterion.
    link: str = ""


@dataclass
class Section:
    key: str
    title: str
    note: str
    columns: list[str]
    rows: list[Row]
    #: What the chart draws: a label and a number per row.
    bars: list[tuple[str, int]] = field(default_factory=list)
    empty: str = ""

    @cached_property
    def chart(self) -> SafeString:
        return bar_chart(
            [(label, [(value, str(value))]) for label, value in self.bars],
            scale_to=max((value for _, value in self.bars), default=0),
        )

    def lines(self) -> list[list[str]]:
        """The table as lines of cells, its header first (what the CSV file holds)."""
        return [self.columns, *([row.label, *row.cells] for row in self.rows)]


def share(count: int, total: int) -> str:
    """``count`` as a whole percentage of ``total``, halves rounded up."""
    percent = (200 * count + total) // (2 * total) if total else 0
    return _("%(percent)d%%") % {"percent": percent}


def kind_columns() -> dict[str, str]:
    return {
        Kind.EVENT: _("Events"),
        Kind.STORY: _("News"),
        Kind.RESOURCE: _("Resources"),
        Kind.CAMPAIGN: _("Campaigns"),
        Kind.PLEDGE: _("Pledges"),
    }


def years(figures: Figures, narrow: Narrow) -> Section:
    found = figures.years()
    names = kind_columns()
    return Section(
        "years",
        _("Activity by year"),
        _(
            "Published items by the year of their date: an event's dates, else the day it "
            "was published. An event running over several years counts in each."
        ),
        [_("Year"), *(names[kind] for kind in figures.kinds), _("All items")],
        [
            Row(
                str(year.year),
                [*(str(year.by_kind[kind]) for kind in figures.kinds), str(year.total)],
                narrow("year", str(year.year)),
            )
            for year in found
        ],
        [(str(year.year), year.total) for year in found],
        _("No published item matches these criteria."),
    )


@dataclass
class Shares:
    """What a section of counts by one facet says: its key, title, note and heading."""

    key: str
    title: str
    note: str
    heading: str


def _shares(about: Shares, facet: str, rows: list[Counted], total: int, narrow: Narrow) -> Section:
    """Matching items per value of ``facet``, and their share of all matching items."""
    return Section(
        about.key,
        about.title,
        about.note,
        [about.heading, _("Items"), _("Share of the items")],
        [
            Row(
                row.label,
                [str(row.count), share(row.count, total)],
                narrow(facet, row.value),
            )
            for row in rows
        ],
        [(row.label, row.count) for row in rows],
    )


def regions(figures: Figures, narrow: Narrow) -> Section:
    about = Shares(
        "regions",
        _("Activity by region"),
        _(
            "An item counts in the region of each of its cities and countries, so the "
            "shares can add up to more than 100 per cent; an item with no place is in none."
        ),
        _("Region"),
    )
    return _shares(about, "region", figures.regions(), figures.total, narrow)


def topics(figures: Figures, narrow: Narrow) -> Section:
    about = Shares(
        "topics",
        _("Activity by topic"),
        _("An item can have several topics, or none."),
        _("Topic"),
    )
    return _shares(about, "topic", figures.topics(), figures.total, narrow)


def frameworks(figures: Figures, narrow: Narrow) -> Section:
    about = Shares(
        "frameworks",
        _("Activity by framework"),
        _("Items tagged with each global framework; an item can be tagged with several."),
        _("Framework"),
    )
    return _shares(about, "framework", figures.frameworks(), figures.total, narrow)


def organisation_kinds(figures: Figures, narrow: Narrow) -> Section:
    rows = figures.organisation_kinds()
    return Section(
        "organisation-kinds",
        _("Activity by kind of organisation"),
        _(
            "Items in which at least one organisation of the kind takes part, in any role; "
            "and how many organisations of that kind take part in them."
        ),
        [_("Kind of organisation"), _("Items"), _("Share of the items"), _("Organisations")],
        [
            Row(
                row.label, [str(row.items), share(row.items, figures.total), str(row.organisations)]
            )
            for row in rows
        ],
        [(row.label, row.items) for row in rows],
    )


def cities(figures: Figures, narrow: Narrow) -> Section:
    rows = figures.connected_cities()
    return Section(
        "cities",
        _("Most connected cities"),
        _(
            "A city's connections are the other cities and the organisations that appear "
            "with it in at least one of the items counted here (an event, news, a resource, "
            "a campaign or a pledge naming both), each counted once. Networks are shown "
            "beside them but not counted: all the members of a network would otherwise be "
            "connected to each other, whatever they did together. The %(count)d cities with "
            "the most connections are listed (for equal connections, those with more items)."
        )
        % {"count": MOST_CONNECTED},
        [
            _("City"),
            _("Connections"),
            _("Other cities"),
            _("Organisations"),
            _("Items"),
            _("Networks it belongs to"),
        ],
        [
            Row(
                row.label,
                [
                    str(row.connections),
                    str(row.cities),
                    str(row.organisations),
                    str(row.items),
                    str(row.networks),
                ],
                narrow("city", row.slug),
            )
            for row in rows
        ],
        [(row.label, row.connections) for row in rows],
        _("No city shares one of these items with another city or an organisation."),
    )


def needs(figures: Figures, narrow: Narrow) -> Section:
    rows = figures.needs()
    nothing = _("nothing behind it yet")
    return Section(
        "needs",
        _("Needs and the practice behind them"),
        _(
            "Topics on which cities have asked for help (from editors, survey answers and "
            "pledges asking for support), for the places and topics chosen; the events, "
            "resources and offers of support among the items counted here; and the cities "
            "and organisations with experience of the topic, wherever they are. A need with "
            "none of these has nothing behind it yet."
        ),
        [
            _("Topic needed"),
            _("Cities in need"),
            _("Events"),
            _("Resources"),
            _("Offers of support"),
            _("Cities with experience"),
            _("Organisations with experience"),
            _("Practice or experience"),
        ],
        [
            Row(
                need.label,
                [
                    str(need.cities),
                    str(need.events),
                    str(need.resources),
                    str(need.offers),
                    str(need.experienced_cities),
                    str(need.experienced_organisations),
                    _("None yet") if need.unmet else _("Yes"),
                ],
                narrow("topic", need.topic),
            )
            for need in rows
        ],
        [(f"{need.label} — {nothing}" if need.unmet else need.label, need.cities) for need in rows],
        _("No city has stated a need on these topics and places yet."),
    )


SECTIONS: dict[str, Callable[[Figures, Narrow], Section]] = {
    "years": years,
    "regions": regions,
    "topics": topics,
    "frameworks": frameworks,
    "organisation-kinds": organisation_kinds,
    "cities": cities,
    "needs": needs,
}
