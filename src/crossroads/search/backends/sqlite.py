"""SQLite FTS5: a virtual table of each entry's normalised terms, in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from crossroads.search.backends.base import TextBackend
from crossroads.search.text import Term


def _quoted(term: str) -> str:
    # Terms are made of word characters only (search.text.words), so quoting is enough.
    return f'"{term}"'


class SqliteBackend(TextBackend):
    def create(self, cursor) -> None:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        if not cursor.fetchone()[0]:
            raise RuntimeError(
                "This SQLite was built without full-text search (FTS5), which Crossroads "
                "needs. Use a Python whose sqlite3 module includes FTS5, or PostgreSQL."
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

    def clear(self, cursor) -> None:
        # FTS5 deletes row by row, reading each row's terms back: a new table is faster
        # (and readers keep the previous snapshot).
        self.drop(cursor)
        self.create(cursor)

    @contextmanager
    def without_indexes(self, cursor, tables: list[str]) -> Iterator[None]:
        # Emptying and refilling tables of millions of rows costs far less without their
        # indexes, created again at the end. Readers keep the previous snapshot (WAL).
        marks = ", ".join(["%s"] * len(tables))
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name",
            tables,
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in found:
            cursor.execute(sql)

    def replace(self, cursor, rows: Iterable[tuple[int, str]]) -> None:
        rows = list(rows)
        marks = ", ".join(["%s"] * len(rows))
        if rows:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE rowid IN ({marks})", [row[0] for row in rows]
            )
        cursor.executemany(f"INSERT INTO {self.table} (rowid, terms) VALUES (%s, %s)", rows)

    def in_order(self, phrases: list[list[Term]]) -> tuple[str, list]:
        parts = []
        for phrase in phrases:
            variants = [_quoted(" ".join(variant)) for variant in self.phrase_variants(phrase)]
            parts.append("(" + " OR ".join(variants) + ")")
        return f"SELECT rowid AS id FROM {self.table} WHERE {self.table} MATCH %s", [
            " AND ".join(parts)
        ]

    @staticmethod
    def id_list(column: str) -> str:
        return f"group_concat({column})"

    def terms(self, cursor, ids: list[int]) -> dict[int, str]:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT rowid, terms FROM {self.table} WHERE rowid IN ({marks})", ids)
        return dict(cursor.fetchall())
