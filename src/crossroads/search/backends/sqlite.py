"""SQLite FTS5: a virtual table of each entry's normalised terms, in order."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from crossroads.search.backends.base import TextBackend
from crossroads.search.ranking import Spaced
from crossroads.search.text import Term

#: Rows per INSERT statement: under SQLite's limit of parameters per statement.
ROWS_PER_INSERT = 1000


def _quoted(term: str) -> str:
    # Terms are made of word characters only (search.text.words), so quoting is enough.
    return f'"{term}"'


class SqliteBackend(TextBackend):
    text_columns = ("rowid", "terms")
    form = Spaced

    def create(self, cursor) -> None:
        cursor.execute(
            "SELECT sqlite_compileoption_used('ENABLE_FTS5'), "
            "sqlite_compileoption_used('ENABLE_JSON1')"
        )
        fts5, json1 = cursor.fetchone()
        if not (fts5 and (json1 or sqlite3.sqlite_version_info >= (3, 38))):
            raise RuntimeError(
                "This SQLite was built without full-text search (FTS5) or JSON functions, "
                "which Crossroads needs. Use a Python whose sqlite3 module includes both "
                "(SQLite 3.38 or later with FTS5), or PostgreSQL."
            )
        cursor.execute(
            f"CREATE VIRTUAL TABLE {self.table} USING fts5("
            "terms, tokenize = 'unicode61 remove_diacritics 0', detail = full)"
        )
        cursor.execute(
            f"CREATE TRIGGER {self.table}_follows_entry AFTER DELETE ON search_searchentry "
            f"BEGIN DELETE FROM {self.table} WHERE rowid = old.item_id; END"
        )

    def drop(self, cursor) -> None:
        cursor.execute(f"DROP TRIGGER IF EXISTS {self.table}_follows_entry")
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def insert(self, cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        # Many rows per statement: faster than executemany's statement per row.
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in row],
            )

    def stored(self, terms: list[str]) -> str:
        return " ".join(terms)

    @contextmanager
    def rebuilding(self, cursor, tables: list[str]) -> Iterator[None]:
        # Emptying and refilling tables of millions of rows costs far less without their
        # indexes, created again at the end; the text table is made anew (FTS5 would
        # delete row by row, reading each row's terms back). Readers keep the previous
        # snapshot (WAL) until the transaction commits.
        marks = ", ".join(["%s"] * len(tables))
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name",
            tables,
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
        self.drop(cursor)
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        self.create(cursor)
        yield
        for _, sql in found:
            cursor.execute(sql)

    def in_order(self, phrases: list[list[Term]]) -> tuple[str, list]:
        parts = []
        for phrase in phrases:
            variants = [_quoted(" ".join(variant)) for variant in self.phrase_variants(phrase)]
            parts.append("(" + " OR ".join(variants) + ")")
        return f"SELECT rowid AS id FROM {self.table} WHERE {self.table} MATCH %s", [
            " AND ".join(parts)
        ]

    @staticmethod
    def among(column: str, values: list) -> tuple[str, list]:
        # As fast as a list of parameters, and no limit on their number.
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]

    @staticmethod
    def id_list(column: str) -> str:
        return f"group_concat({column})"

    def sequences(self, cursor, ids: list[int]) -> dict[int, list[str | None]]:
        return {pk: text.split() for pk, text in self.terms(cursor, ids).items()}
