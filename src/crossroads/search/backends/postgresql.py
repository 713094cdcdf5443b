"""PostgreSQL full-text search: a ``tsvector`` of each entry's normalised terms and their
positions, with a GIN index."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crossroads.search.backends.base import TextBackend, insert_rows
from crossroads.search.text import Term


def _lexeme(term: str) -> str:
    # Terms are made of word characters only (search.text.words): quoting is enough.
    return f"'{term}'"


#: A lexeme and its positions in a tsvector's text form.
_LEXEME = re.compile(r"'([^']+)'(?::([0-9,]+))?")

#: PostgreSQL keeps word positions up to this number; later words share the last one.
MAX_POSITION = 16383


def tsvector_literal(terms: str) -> str:
    """The terms as a ``tsvector`` value with their positions, written out directly so
    that PostgreSQL's own parser and locale play no part (our terms are normalised)."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(terms.split(), start=1):
        positions.setdefault(term, []).append(min(position, MAX_POSITION))
    return " ".join(
        f"{_lexeme(term)}:{','.join(map(str, sorted(set(found))[:256]))}"
        for term, found in positions.items()
    )


class PostgresBackend(TextBackend):
    def create(self, cursor) -> None:
        cursor.execute(
            f"CREATE TABLE {self.table} (item_id bigint PRIMARY KEY, document tsvector NOT NULL)"
        )
        cursor.execute(f"CREATE INDEX {self.table}_document ON {self.table} USING gin (document)")
        # The text follows its entry: row by row, and when the entries are truncated (as
        # test databases are flushed). A foreign key would forbid the truncation.
        cursor.execute(
            f"CREATE FUNCTION {self.table}_follow_delete() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN DELETE FROM {self.table} WHERE item_id = OLD.item_id; "
            "RETURN NULL; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER {self.table}_follows_entry AFTER DELETE ON search_searchentry "
            f"FOR EACH ROW EXECUTE FUNCTION {self.table}_follow_delete()"
        )
        cursor.execute(
            f"CREATE FUNCTION {self.table}_follow_truncate() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN TRUNCATE {self.table}; RETURN NULL; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER {self.table}_follows_truncate AFTER TRUNCATE ON search_searchentry "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {self.table}_follow_truncate()"
        )

    def drop(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
        cursor.execute(f"DROP TRIGGER IF EXISTS {self.table}_follows_entry ON search_searchentry")
        cursor.execute(
            f"DROP TRIGGER IF EXISTS {self.table}_follows_truncate ON search_searchentry"
        )
        cursor.execute(f"DROP FUNCTION IF EXISTS {self.table}_follow_delete()")
        cursor.execute(f"DROP FUNCTION IF EXISTS {self.table}_follow_truncate()")

    def replace(self, cursor, rows: Iterable[tuple[int, str]]) -> None:
        insert_rows(
            cursor,
            f"INSERT INTO {self.table} (item_id, document) VALUES {{values}} "
            "ON CONFLICT (item_id) DO UPDATE SET document = excluded.document",
            "(%s, %s::tsvector)",
            [(item_id, tsvector_literal(terms)) for item_id, terms in rows],
        )

    def in_order(self, phrases: list[list[Term]]) -> tuple[str, list]:
        parts = []
        for phrase in phrases:
            variants = [
                "(" + " <-> ".join(_lexeme(word) for word in variant) + ")"
                for variant in self.phrase_variants(phrase)
            ]
            parts.append("(" + " | ".join(variants) + ")")
        return (
            f"SELECT item_id AS id FROM {self.table} WHERE document @@ %s::tsquery",
            [" & ".join(parts)],
        )

    @staticmethod
    def id_list(column: str) -> str:
        return f"string_agg({column}::text, ',')"

    def terms(self, cursor, ids: list[int]) -> dict[int, str]:
        # A tsvector's text lists each lexeme once with its positions ('water':3,17):
        # parsed here, it gives each term as often as it occurs (grouped, not in order).
        cursor.execute(
            f"SELECT item_id, document::text FROM {self.table} WHERE item_id = ANY(%s)", [ids]
        )
        return {
            pk: " ".join(
                " ".join([lexeme] * (positions.count(",") + 1))
                for lexeme, positions in _LEXEME.findall(document)
            )
            for pk, document in cursor.fetchall()
        }
