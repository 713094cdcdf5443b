"""The text backends: SQLite FTS5 and PostgreSQL full-text search, chosen by the database.

Both keep each entry's normalised terms (``search.text``) in order and find the entries
holding a phrase; single words are matched in memory (``search.postings``). The rest of
the search app never branches on the database.
"""

from __future__ import annotations

from django.db import connection

from crossroads.search.backends.base import TextBackend
from crossroads.search.backends.postgresql import PostgresBackend
from crossroads.search.backends.sqlite import SqliteBackend

BACKENDS: dict[str, type[TextBackend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}


def backend_for(vendor: str) -> TextBackend:
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise RuntimeError(
            f"Search needs SQLite or PostgreSQL; this database is {vendor!r}."
        ) from None


def get_backend() -> TextBackend:
    """The backend of the default database connection."""
    return backend_for(connection.vendor)
