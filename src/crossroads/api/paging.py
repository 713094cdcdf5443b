"""Cursor pagination: a ``cursor`` is an opaque, signed token of a position in a list.

Today it holds the offset and the page size (the search engine pages by number); callers
must not read or build it, only follow the ``next`` address, which keeps the criteria.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja.errors import HttpError

#: Entries per page unless ``limit`` says otherwise, and the most ``limit`` may ask.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: Longest cursor accepted (ours are about 60 characters).
MAX_CURSOR = 200
_SALT = "crossroads.api.cursor"


@dataclass(frozen=True)
class Position:
    offset: int
    limit: int

    @property
    def page(self) -> int:
        """The page number (from 1) the engine pages by: offsets are multiples of limit."""
        return self.offset // self.limit + 1


def make_cursor(position: Position) -> str:
    return signing.dumps([position.offset, position.limit], salt=_SALT, compress=False)


def read_position(cursor: str | None, limit: int) -> Position:
    """Where ``cursor`` points (it fixes the page size), or the start; HttpError 400 for
    a cursor that is not ours."""
    if not cursor:
        return Position(0, limit)
    try:
        offset, size = signing.loads(cursor, salt=_SALT)
        valid = isinstance(offset, int) and isinstance(size, int)
    except (signing.BadSignature, ValueError, TypeError):
        valid = False
    if not valid or not (offset >= 0 and 1 <= size <= MAX_LIMIT and offset % size == 0):
        raise HttpError(400, _("This cursor is not valid: follow the “next” address."))
    return Position(offset, size)


def next_url(request, position: Position) -> str:
    """The address of the page after ``position``: the same parameters, the next cursor."""
    query = request.GET.copy()
    query.pop("limit", None)
    query["cursor"] = make_cursor(Position(position.offset + position.limit, position.limit))
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def slice_of(
    request, queryset: QuerySet, cursor: str | None, limit: int
) -> tuple[list, str | None]:
    """The rows of ``queryset`` at the cursor (one more is read to know whether another
    page follows), and the address of the next page or None."""
    position = read_position(cursor, limit)
    rows = list(queryset[position.offset : position.offset + position.limit + 1])
    more = len(rows) > position.limit
    return rows[: position.limit], next_url(request, position) if more else None
