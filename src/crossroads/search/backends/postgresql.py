"""PostgreSQL full-text search: a ``tsvector`` of each entry's normalised terms and their
positions, with a GIN index."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from crossroads.search.backends.base import TextBackend
from crossroads.search.text import Term


def _lexeme(term: str) -> str:
    # Terms are made of word characters only (search.text.words): quoting is enough.
    return f"'{term}'"


#: A lexeme and its positions in a tsvector's text form.
_LEXEME = re.compile(r"'([^']+)'(?::([0-9,]+))?")

#: PostgreSQL keeps word positions up to this number; later words share the last one.
MAX_POSITION = 16383
#: Positions PostgreSQL keeps per lexeme.
MAX_POSITIONS = 256
#: Every position as text, in order.
_POSITIONS = [str(position) for position in range(1, MAX_POSITION + 1)]
#: A rebuild fills new tables in this schema, then puts them in place of the old ones.
REBUILD_SCHEMA = "search_rebuild"
#: Memory for building each index of a rebuild, unless the database is set to give more
#: (PostgreSQL's default is 64 MB).
INDEX_BUILD_MEMORY = "256MB"


def tsvector_literal(words: list[str]) -> str:
    """The terms, in order, as a ``tsvector`` value with their positions, written out
    directly so that PostgreSQL's own parser and locale play no part (our terms are
    normalised)."""
    positions: dict[str, list[str]] = defaultdict(list)
    for term, position in zip(words, _POSITIONS, strict=False):  # the first MAX_POSITION
        positions[term].append(position)
    last = _POSITIONS[-1]
    for term in words[MAX_POSITION:]:
        found = positions[term]
        if not found or found[-1] != last:
            found.append(last)
    return " ".join(
        f"{_lexeme(term)}:{','.join(found[:MAX_POSITIONS])}" for term, found in positions.items()
    )


def _trimmed(kept: list[str | None]) -> list[str | None]:
    while kept and kept[-1] is None:
        kept.pop()
    return kept


def _with_last(kept: list[str | None], last: list[str], counts: dict[str, int]):
    """``kept`` followed by the terms of ``last`` whose last position the tsvector keeps
    (those with fewer than MAX_POSITIONS places in ``counts``), each after a gap."""
    for term in sorted({term for term in last if counts.get(term, 0) < MAX_POSITIONS}):
        kept += [None, term]
    return kept


class TsvectorText:
    """A ``tsvector`` as text ('water':3,17 'city':2), read for ranking
    (``ranking.scores``) where it is: each term counts as often as it has places, found
    with ``str.find`` and ``str.count`` (expanding every term into words cost four times
    the scoring)."""

    @staticmethod
    def needles(stems: list[str], prefix: str) -> tuple[list[str], str]:
        return [f"{_lexeme(stem)}:" for stem in stems], f"'{prefix}" if prefix else ""

    @staticmethod
    def prepare(text: str) -> str:
        return text

    @staticmethod
    def length(text: str) -> int:
        # Each term has one colon, and a comma between each two of its places.
        return text.count(",") + text.count(":")

    @staticmethod
    def occurrences(text: str, needles: tuple[list[str], str]) -> int:
        stems, prefix = needles
        starts = [start for start in map(text.find, stems) if start >= 0]
        if prefix:
            start = text.find(prefix)
            while start >= 0:
                starts.append(start)
                start = text.find(prefix, start + 1)
        total = 0
        for start in starts:
            end = text.find(" ", start)
            total += text.count(",", start, len(text) if end < 0 else end) + 1
        return total


class PostgresBackend(TextBackend):
    text_columns = ("item_id", "document")
    form = TsvectorText

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
            f"CREATE FUNCTION {self.table}_follow_truncate() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN TRUNCATE {self.table}; RETURN NULL; END $$"
        )
        self._follow_entries(cursor)

    def _follow_entries(self, cursor) -> None:
        cursor.execute(
            f"CREATE TRIGGER {self.table}_follows_entry AFTER DELETE ON search_searchentry "
            f"FOR EACH ROW EXECUTE FUNCTION {self.table}_follow_delete()"
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

    def insert(self, cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        # COPY streams the rows: no statement to parse, on either side.
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def stored(self, terms: list[str]) -> str:
        return tsvector_literal(terms)

    @contextmanager
    def rebuilding(self, cursor, tables: list[str]) -> Iterator[None]:
        # New tables, without indexes, in a schema of their own that comes first in the
        # search path, so the block's statements fill them; then their constraints and
        # indexes are built in one pass each, and they take the old tables' place (and
        # names). Dropping or truncating the old tables at the start would lock searches
        # out for the whole rebuild; this way they wait only for the swap at the end.
        tables = [*tables, self.table]
        cursor.execute("SELECT current_schema(), current_setting('search_path')")
        schema, path = cursor.fetchone()
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) "
            "ORDER BY c.contype = 'f', c.conname",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) "
            "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY i.indexrelid::regclass::text",
            [tables],
        )
        indexes = [
            definition.replace(f" ON {schema}.{table} ", f" ON {REBUILD_SCHEMA}.{table} ")
            for table, definition in cursor.fetchall()
        ]
        cursor.execute(f"CREATE SCHEMA {REBUILD_SCHEMA}")
        for table in tables:
            cursor.execute(
                f"CREATE TABLE {REBUILD_SCHEMA}.{table} "
                f"(LIKE {schema}.{table} INCLUDING DEFAULTS INCLUDING IDENTITY)"
            )
        cursor.execute(f"SET LOCAL search_path TO {REBUILD_SCHEMA}, {path}")
        yield
        cursor.execute(
            "SELECT set_config('maintenance_work_mem', %s, true) "
            "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes(%s)",
            [INDEX_BUILD_MEMORY, INDEX_BUILD_MEMORY],
        )
        for table, name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {REBUILD_SCHEMA}.{table} ADD CONSTRAINT {name} {definition}"
            )
        for definition in indexes:
            cursor.execute(definition)
        for table in tables:
            cursor.execute(f"ANALYZE {REBUILD_SCHEMA}.{table}")
        cursor.execute(f"SET LOCAL search_path TO {path}")
        # Checks deferred to the commit (rows this transaction wrote before the rebuild)
        # would keep the old tables from being dropped: they run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"DROP TABLE {', '.join(f'{schema}.{table}' for table in tables)}")
        for table in tables:
            cursor.execute(f"ALTER TABLE {REBUILD_SCHEMA}.{table} SET SCHEMA {schema}")
        cursor.execute(f"DROP SCHEMA {REBUILD_SCHEMA}")
        self._follow_entries(cursor)

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
    def among(column: str, values: list) -> tuple[str, list]:
        # One array parameter: a list of hundreds of parameters cost PostgreSQL more to
        # parse and plan than the rows it finds (2.9 ms against 0.6 ms for 210 ids).
        return f"{column} = ANY(%s)", [list(values)]

    @staticmethod
    def id_list(column: str) -> str:
        return f"string_agg({column}::text, ',')"

    def sequence(self, terms: list[str]) -> list[str | None]:
        # What ``tsvector_literal`` keeps: before the last position, each term's first
        # MAX_POSITIONS places; the terms written at the last position (those from there
        # on) then follow, each after a gap, in order of their text.
        counts: dict[str, int] = defaultdict(int)
        kept: list[str | None] = []
        for term in terms[: MAX_POSITION - 1]:
            if counts[term] < MAX_POSITIONS:
                kept.append(term)
                counts[term] += 1
            else:
                kept.append(None)
        return _with_last(_trimmed(kept), terms[MAX_POSITION - 1 :], counts)

    def sequences(self, cursor, ids: list[int]) -> dict[int, list[str | None]]:
        found = {}
        for pk, document in self.terms(cursor, ids).items():
            kept: list[str | None] = []
            last = []
            for lexeme, positions in _LEXEME.findall(document):
                for position in map(int, positions.split(",")) if positions else [MAX_POSITION]:
                    if position >= MAX_POSITION:
                        last.append(lexeme)
                        continue
                    if position > len(kept):
                        kept.extend([None] * (position - len(kept)))
                    kept[position - 1] = lexeme
            found[pk] = _with_last(kept, last, {})
        return found
