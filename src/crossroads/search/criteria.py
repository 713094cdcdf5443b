"""Search criteria read from a query string: unknown or malformed values are ignored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.http import QueryDict

from crossroads.content.models import ActorRole
from crossroads.search.text import MAX_QUERY_CHARS

#: The facets people choose from, in the order they are shown, with their URL parameter.
FACETS = (
    "kind",
    "type",
    "status",
    "topic",
    "framework",
    "region",
    "country",
    "city",
    "organisation",
    "attendance",
    "language",
    "year",
)
MAX_VALUES = 20
MAX_VALUE_LENGTH = 140
WHEN = ("upcoming", "past")
SORTS = ("relevance", "date")


def _clean(value: str, length: int = MAX_VALUE_LENGTH) -> str:
    return "".join(char for char in value[: length * 4] if char.isprintable()).strip()[:length]


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    role: str = ""
    when: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = ""

    @classmethod
    def from_query(cls, query: QueryDict, **fixed) -> Criteria:
        """Read ``query``; ``fixed`` criteria (a list page's kind) override it."""
        selected = {}
        for facet in FACETS:
            values = [_clean(value) for value in query.getlist(facet)[:MAX_VALUES]]
            values = tuple(dict.fromkeys(value for value in values if value))
            if values:
                selected[facet] = values
        role = query.get("role", "")
        when = query.get("when", "")
        sort = query.get("sort", "")
        criteria = cls(
            text=_clean(query.get("q", ""), MAX_QUERY_CHARS),
            selected=selected,
            role=role if role in ActorRole.values else "",
            when=when if when in WHEN else "",
            date_from=_date(query.get("from", "")),
            date_to=_date(query.get("to", "")),
            sort=sort if sort in SORTS else "",
        )
        return criteria.fix(**fixed)

    def fix(self, **fixed) -> Criteria:
        selected = dict(self.selected)
        for facet, value in fixed.pop("selected", {}).items():
            selected[facet] = value
        return replace(self, selected=selected, **fixed)

    def without(self, facet: str) -> Criteria:
        """The same criteria without any value of ``facet``."""
        return replace(self, selected={k: v for k, v in self.selected.items() if k != facet})

    def to_query(self) -> QueryDict:
        """These criteria as a query string (a permalink), without page."""
        query = QueryDict(mutable=True)
        if self.text:
            query["q"] = self.text
        for facet in FACETS:
            for value in self.selected.get(facet, ()):
                query.appendlist(facet, value)
        for name, value in (
            ("role", self.role),
            ("when", self.when),
            ("from", self.date_from.isoformat() if self.date_from else ""),
            ("to", self.date_to.isoformat() if self.date_to else ""),
            ("sort", self.sort),
        ):
            if value:
                query[name] = value
        return query
