"""What a text backend does; the SQL of each database lives in its own module."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from crossroads.search.text import Term

#: Rows per INSERT statement: one statement per row costs a round trip each on
#: PostgreSQL; this many stays under SQLite's limit of parameters per statement.
ROWS_PER_INSERT = 1000


def insert_rows(cursor, sql: str, row_sql: str, rows: list[tuple]) -> None:
    """Run ``sql`` (an INSERT ending in VALUES) with ``row_sql`` repeated once per row,
    ``ROWS_PER_INSERT`` rows at a time; ``sql`` may hold ``{values}`` for the list."""
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        values = ", ".join([row_sql] * len(chunk))
        cursor.execute(sql.format(values=values), [value for row in chunk for value in row])


class TextBackend(ABC):
    #: The table holding the text index; created by ``create``.
    table = "search_text"

    @abstractmethod
    def create(self, cursor) -> None:
        """Create the text table (run by migration 0002)."""

    @abstractmethod
    def drop(self, cursor) -> None:
        """Drop the text table (reversing migration 0002)."""

    @abstractmethod
    def replace(self, cursor, rows: Iterable[tuple[int, str]]) -> None:
        """Store the terms (space-separated) of each item id, replacing what was there.

        The table follows ``search_searchentry``: a row goes when its entry is deleted
        (a trigger on both databases)."""

    def clear(self, cursor) -> None:
        """Remove every row (deleting an entry deletes its text row by itself)."""
        cursor.execute(f"DELETE FROM {self.table}")

    @contextmanager
    def without_indexes(self, cursor, tables: list[str]) -> Iterator[None]:
        """Run the block with the indexes of ``tables`` set aside where that is safe
        (``SqliteBackend``). Here they stay: on PostgreSQL, dropping an index locks the
        table's readers out until the transaction ends, and searches must go on."""
        yield

    @abstractmethod
    def in_order(self, phrases: list[list[Term]]) -> tuple[str, list]:
        """SQL selecting the ids (as ``id``) of the items holding every phrase, its words
        in sequence, with its parameters. (Single words are matched by ``postings``.)"""

    @staticmethod
    @abstractmethod
    def id_list(column: str) -> str:
        """SQL aggregating the ids of ``column`` into one comma-separated string."""

    @abstractmethod
    def terms(self, cursor, ids: list[int]) -> dict[int, str]:
        """The stored terms of each of ``ids``, space-separated (in order on SQLite)."""

    # Both query languages are built from the same parsed phrases: each is tried stemmed
    # in each language in turn.
    @staticmethod
    def phrase_variants(phrase: list[Term]) -> list[tuple[str, ...]]:
        """The phrase stemmed in each language, then unstemmed; duplicates removed."""
        variants = zip(*(term.stems for term in phrase), strict=True)
        return list(dict.fromkeys(variants))
