"""The scores of peer matching and the words that explain them: plain arithmetic on
counts, the same everywhere, no black box (docs/editors.md, "City profiles and peers").

*Experience* ("who can help with X"): each activity of a city or organisation on a topic
earns its depth's weight (``WEIGHTS``) times its recency: the weight halves every
``HALF_LIFE_YEARS`` years back. Scores are stored as points as of ``REFERENCE_YEAR`` (an
activity three years later earns twice as much), so that their order never changes with
the passing years and rows written in different years compare as they are; pages show
``points_now``. Each activity's points are rounded to a multiple of 1/1024, so that sums
are exact whatever order the database adds them in: equal totals tie exactly.

*Cities like yours*: points for what two cities' profiles share (``PEER_POINTS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from crossroads.directory.models import Region
from crossroads.matching.models import HostedGroup

#: The year whose points scores are stored in.
REFERENCE_YEAR = 2025
#: Every this many years back, an activity counts half as much.
HALF_LIFE_YEARS = 3
#: Points are multiples of 1/QUANTUM (a power of two: exact in binary floating point).
QUANTUM = 1024

#: The activities counted, in the order explanations name them, with their weights:
#: running an event or publishing a resource on a topic goes deeper than speaking at an
#: event or making a pledge, which go deeper than signing a campaign.
ACTIVITIES = ("hosted", "published", "spoke", "pledged", "signed")
WEIGHTS = {"hosted": 3, "published": 3, "spoke": 2, "pledged": 2, "signed": 1}


def recency(year: int) -> float:
    """How much an activity of ``year`` counts, relative to one of ``REFERENCE_YEAR``."""
    return 2 ** ((year - REFERENCE_YEAR) / HALF_LIFE_YEARS)


def activity_points(activity: str, year: int) -> float:
    """The points one activity earns (as of ``REFERENCE_YEAR``), rounded to the quantum."""
    return round(WEIGHTS[activity] * recency(year) * QUANTUM) / QUANTUM


def points_now(score: float, *, year: int | None = None) -> float:
    """A stored score in points as of ``year`` (default: this year)."""
    return score / recency(year or timezone.localdate().year)


# -- size classes ---------------------------------------------------------------------
@dataclass(frozen=True)
class SizeClass:
    rank: int
    lower: int
    upper: int | None  # exclusive; None: no upper bound
    label: str

    def __str__(self) -> str:
        return str(self.label)


#: Cities by population. The three lower classes split what UCLG calls intermediary
#: cities (50,000 to 1 million people), where most of our member cities are; above, the
#: UN's World Urbanization Prospects' classes of 1 to 5 million and 5 million and more.
SIZE_CLASSES = (
    SizeClass(0, 0, 100_000, gettext_lazy("under 100,000 people")),
    SizeClass(1, 100_000, 300_000, gettext_lazy("100,000 to 300,000 people")),
    SizeClass(2, 300_000, 1_000_000, gettext_lazy("300,000 to 1 million people")),
    SizeClass(3, 1_000_000, 5_000_000, gettext_lazy("1 to 5 million people")),
    SizeClass(4, 5_000_000, None, gettext_lazy("5 million people or more")),
)


def size_class(population: int | None) -> SizeClass | None:
    """The size class of a city of ``population`` people (None when unknown)."""
    if population is None:
        return None
    for size in SIZE_CLASSES:
        if size.upper is None or population < size.upper:
            return size
    raise AssertionError("the last class has no upper bound")


# -- cities like yours ----------------------------------------------------------------
#: What two cities' profiles share, and the points each shared trait earns.
PEER_POINTS = {
    "region": 3,
    "country": 2,
    "same_size": 2,
    "adjacent_size": 1,
    "intermediary": 1,
    "group": 2,  # each group both host
    "network": 1,  # each network both belong to
    "need": 1,  # each topic both need help with
}


@dataclass
class PeerMatch:
    """What a city shares with another: ``city`` is the other city (a model instance or
    any object with ``name`` and ``slug``)."""

    city: object
    same_region: str = ""  # the region's code, when shared
    same_country: bool = False
    size: str = ""  # "same", "adjacent" or ""
    size_label: str = ""
    both_intermediary: bool = False
    groups: list[str] = field(default_factory=list)  # HostedGroup values, in their order
    networks: list[str] = field(default_factory=list)  # names
    needs: list[str] = field(default_factory=list)  # topic names

    @property
    def score(self) -> int:
        points = PEER_POINTS
        return (
            (points["region"] if self.same_region else 0)
            + (points["country"] if self.same_country else 0)
            + {"same": points["same_size"], "adjacent": points["adjacent_size"]}.get(self.size, 0)
            + (points["intermediary"] if self.both_intermediary else 0)
            + points["group"] * len(self.groups)
            + points["network"] * len(self.networks)
            + points["need"] * len(self.needs)
        )

    @property
    def reasons(self) -> list[str]:
        """What they share, in words, each with what earned its points."""
        reasons = []
        if self.groups:
            labels = dict(HostedGroup.choices)
            names = _join([str(labels[group]).lower() for group in self.groups])
            reasons.append(_("both host %(groups)s") % {"groups": names})
        if self.needs:
            reasons.append(
                ngettext(
                    "a need in common: %(topics)s",
                    "%(count)d needs in common: %(topics)s",
                    len(self.needs),
                )
                % {"count": len(self.needs), "topics": _join(self.needs)}
            )
        if self.networks:
            reasons.append(
                ngettext(
                    "a network in common: %(networks)s",
                    "%(count)d networks in common: %(networks)s",
                    len(self.networks),
                )
                % {"count": len(self.networks), "networks": _join(self.networks)}
            )
        if self.same_country:
            reasons.append(_("same country"))
        if self.same_region:
            reasons.append(
                _("same region (%(region)s)") % {"region": Region(self.same_region).label}
            )
        if self.size == "same":
            reasons.append(_("same size (%(size)s)") % {"size": self.size_label})
        elif self.size == "adjacent":
            reasons.append(_("similar size (%(size)s)") % {"size": self.size_label})
        if self.both_intermediary:
            reasons.append(_("both intermediary cities"))
        return reasons

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def _join(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


# -- who can help ---------------------------------------------------------------------
@dataclass(frozen=True)
class Clause:
    """One activity of an actor on one topic, as stored in its ``Experience`` row."""

    activity: str
    count: int
    since: int
    topic: str

    @property
    def weight(self) -> int:
        return WEIGHTS[self.activity] * self.count

    def __str__(self) -> str:
        values = {"count": self.count, "topic": self.topic, "year": self.since}
        # One activity is "in" its year; several are "since" the first.
        if self.activity == "hosted":
            text = ngettext(
                "hosted %(count)d event on %(topic)s in %(year)d",
                "hosted %(count)d events on %(topic)s since %(year)d",
                self.count,
            )
        elif self.activity == "spoke":
            text = ngettext(
                "spoke at %(count)d event on %(topic)s in %(year)d",
                "spoke at %(count)d events on %(topic)s since %(year)d",
                self.count,
            )
        elif self.activity == "published":
            text = ngettext(
                "published %(count)d resource or story on %(topic)s in %(year)d",
                "published %(count)d resources or stories on %(topic)s since %(year)d",
                self.count,
            )
        elif self.activity == "pledged":
            text = ngettext(
                "made %(count)d pledge on %(topic)s in %(year)d",
                "made %(count)d pledges on %(topic)s since %(year)d",
                self.count,
            )
        else:
            text = ngettext(
                "signed %(count)d campaign on %(topic)s in %(year)d",
                "signed %(count)d campaigns on %(topic)s since %(year)d",
                self.count,
            )
        return text % values


def clauses_of(rows) -> list[Clause]:
    """The clauses of ``Experience`` rows (their ``topic`` selected), the deepest first:
    by weight times count, then by topic name and the order of ``ACTIVITIES``."""
    found = [
        Clause(activity, getattr(row, activity), getattr(row, f"{activity}_since"), row.topic.name)
        for row in rows
        for activity in ACTIVITIES
        if getattr(row, activity)
    ]
    order = {activity: rank for rank, activity in enumerate(ACTIVITIES)}
    found.sort(key=lambda c: (-c.weight, c.topic, order[c.activity]))
    return found


#: Clauses in a helper's one-line explanation.
EXPLANATION_CLAUSES = 3


def explain(clauses: list[Clause], *, limit: int = EXPLANATION_CLAUSES) -> str:
    """One line: the deepest ``limit`` clauses, and how many more there are."""
    line = "; ".join(str(clause) for clause in clauses[:limit])
    more = len(clauses) - limit
    if more > 0:
        line += " " + ngettext(
            "(and %(count)d more activity)", "(and %(count)d more activities)", more
        ) % {"count": more}
    return line
