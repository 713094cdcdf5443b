"""What a text backend does; the SQL of each database lives in its own module."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from crossroads.search.text import Term


class TextBackend(ABC):
    #: The table holding the text index; created by ``create``.
    table = "search_text"
    #: Its columns: the item id, and the text made by ``stored``.
    text_columns: tuple[str, str]
    #: How ranking reads that text (``ranking.scores``).
    form: type

    @abstractmethod
    def create(self, cursor) -> None:
        """Create the text table (run by migration 0002)."""

    @abstractmethod
    def drop(self, cursor) -> None:
        """Drop the text table (reversing migration 0002)."""

    @abstractmethod
    def insert(self, cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Add ``rows`` (values of ``columns``) to ``table``, in as few round trips as the
        database allows."""

    @abstractmethod
    def stored(self, terms: list[str]) -> str:
        """An entry's terms, in order, as ``add`` stores them."""

    def sequence(self, terms: list[str]) -> list[str | None]:
        """An entry's terms in order as its stored text keeps them (``sequences`` reads the
        same back): ``None`` where a term's place is not kept. The pairs of adjacent
        terms (``postings.pairs_in``) are those of this sequence."""
        return terms

    @abstractmethod
    def sequences(self, cursor, ids: list[int]) -> dict[int, list[str | None]]:
        """The stored terms of each of ``ids`` in order, as ``sequence`` gave them."""

    def add(self, cursor, rows: Iterable[tuple[int, str]]) -> None:
        """Store the text (made by ``stored``) of each item id, which has no text row.

        The table follows ``search_searchentry``: a row goes when its entry is deleted
        (a trigger on both databases)."""
        self.insert(cursor, self.table, self.text_columns, list(rows))

    @abstractmethod
    def rebuilding(self, cursor, tables: list[str]) -> AbstractContextManager[None]:
        """A block in which ``tables`` and the text table are empty and fast to fill (no
        index to keep up while rows arrive); their indexes are built when it ends.
        Searches running meanwhile keep reading the index as it was until the
        transaction commits. Must run inside a transaction."""

    @abstractmethod
    def in_order(self, phrases: list[list[Term]]) -> tuple[str, list]:
        """SQL selecting the ids (as ``id``) of the items holding every phrase, its words
        in sequence, with its parameters. (Single words are matched by ``postings``.)"""

    @staticmethod
    @abstractmethod
    def among(column: str, values: list) -> tuple[str, list]:
        """SQL saying that ``column`` is one of ``values`` (any number of them), with its
        parameters: one parameter holding them all."""

    @staticmethod
    @abstractmethod
    def id_list(column: str) -> str:
        """SQL aggregating the ids of ``column`` into one comma-separated string."""

    def terms(self, cursor, ids: list[int]) -> dict[int, str]:
        """The stored text of each of ``ids`` that has one, as ``form`` reads it."""
        where, params = self.among(self.text_columns[0], ids)
        columns = ", ".join(self.text_columns)
        cursor.execute(f"SELECT {columns} FROM {self.table} WHERE {where}", params)
        return dict(cursor.fetchall())

    # Both query languages are built from the same parsed phrases: each is tried stemmed
    # in each language in turn.
    @staticmethod
    def phrase_variants(phrase: list[Term]) -> list[tuple[str, ...]]:
        """The phrase stemmed in each language, then unstemmed; duplicates removed."""
        variants = zip(*(term.stems for term in phrase), strict=True)
        return list(dict.fromkeys(variants))
