"""The full-text search index: what is indexed, the SQL that keeps it up to date, rebuild and verify.

SQLite: one FTS5 table ``search_index(title, body)`` (``unicode61 remove_diacritics 2``, prefix
indexes of 2, 3 and 4 characters). Its rowid encodes the kind of record and the record's id,
``code * KIND_SPAN + id``, so that one kind is one contiguous rowid range (a search per kind is a
range constraint) and the index row of one record is a rowid lookup. Triggers on every source
table (insert, update of the indexed columns, delete) keep it up to date for every write path —
services, imports, undo, erasure and plain SQL alike.

PostgreSQL: a table ``search_document(kind, record_id, title, body, document)`` whose ``document``
is a generated ``tsvector`` (the ``dutch`` configuration over ``wiec_unaccent(...)``, an immutable
wrapper of ``unaccent``, with a hyphen read as a space as FTS5 does: "2026-014" is two words) with a
GIN index, kept up to date by PL/pgSQL triggers on the same tables.

``install(connection)`` creates all of it and fills it (the 0008 migration copies these statements
so that it stays valid when this module changes), ``rebuild(connection)`` makes it again from the
tables (also the triggers), ``verify(connection)`` lists what is out of step, in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

FTS_TABLE = "search_index"
PG_TABLE = "search_document"
KIND_SPAN = 1 << 40  # rowid = code * KIND_SPAN + record id
FTS_OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
FTS_SHADOW_TABLES = tuple(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "content", "docsize", "config"))
VOCAB_TABLE = "search_terms"  # fts5vocab over the index: the words that begin with a prefix
MAX_EXPANSION = 64  # a prefix with more words than this is left to FTS5
INDEX_TABLES = frozenset({FTS_TABLE, *FTS_SHADOW_TABLES, VOCAB_TABLE, PG_TABLE})
"""The tables of the index: not in the models (Alembic's comparison leaves them out, see
``is_model_object``)."""


def is_model_object(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """Alembic's ``include_name``: False for the index's own tables, which no model describes."""
    return not (type_ == "table" and name in INDEX_TABLES)


@dataclass(frozen=True)
class IndexSource:
    """One kind of record in the index: its table, the text of its title and body (SQL over the
    table's own columns), which rows are indexed, and the child tables whose text it includes."""

    kind: str  # a services.search.model.SearchKind value
    label: str  # Dutch, for the problems ``verify`` finds
    code: int
    table: str
    title: str  # SQLite expression
    body: tuple[str, ...]  # SQLite expressions, joined by a line break
    columns: tuple[str, ...]  # the columns an update of which changes the index row
    where: str = ""  # which rows are indexed (empty: all)
    pg_title: str | None = None  # the PostgreSQL expression where it differs
    pg_body: tuple[str, ...] | None = None
    children: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (table, foreign key, columns)


_UPDATES_SQLITE = (
    "coalesce((SELECT group_concat(note, char(10)) FROM action_update"
    " WHERE action_update.action_id = action.id AND note <> ''), '')"
)
_UPDATES_PG = (
    "coalesce((SELECT string_agg(note, chr(10) ORDER BY action_update.id) FROM action_update"
    " WHERE action_update.action_id = action.id AND note <> ''), '')"
)

SOURCES: tuple[IndexSource, ...] = (
    IndexSource(
        "case", "casussen", 1, "case",
        "printf('%d-%03d', year, number) || ' ' || title",
        ("description", "location", "expert_analysis", "outcome"),
        ("year", "number", "title", "description", "location", "expert_analysis", "outcome"),
        pg_title="year || '-' || lpad(number::text, 3, '0') || ' ' || title",
    ),
    IndexSource(
        "meeting", "overleggen", 2, "meeting", "title", ("location", "closing_summary"),
        ("title", "location", "closing_summary"),
    ),
    IndexSource(
        "minutes", "verslagen", 3, "agenda_item", "title", ("minutes",), ("title", "minutes"),
        where="trim(minutes) <> ''",
    ),
    IndexSource("decision", "besluiten", 4, "decision", "''", ("text",), ("text",)),
    IndexSource(
        "action", "acties", 5, "action",
        "printf('A-%d-%03d', year, number)",
        ("description", _UPDATES_SQLITE),
        ("year", "number", "description"),
        pg_title="'A-' || year || '-' || lpad(number::text, 3, '0')",
        pg_body=("description", _UPDATES_PG),
        children=(("action_update", "action_id", ("action_id", "note")),),
    ),
    IndexSource(
        "signal", "signalen", 6, "signal", "''", ("text", "street", "closed_reason"),
        ("text", "street", "closed_reason"),
    ),
    IndexSource(
        "house_visit", "huisbezoeken", 7, "house_visit", "''", ("experience", "problems", "ideas"),
        ("experience", "problems", "ideas"),
        where="trim(experience || problems || ideas) <> ''",
    ),
    IndexSource("organisation", "organisaties", 8, "organisation", "name", ("notes",), ("name", "notes")),
    IndexSource(
        "contact", "contactpersonen", 9, "contact", "name", ("function", "email"),
        ("name", "function", "email"),
    ),
)  # fmt: skip
BY_KIND = {source.kind: source for source in SOURCES}
BY_CODE = {source.code: source for source in SOURCES}


def kind_range(kind: str) -> tuple[int, int]:
    """The first and last rowid of one kind."""
    code = BY_KIND[kind].code
    return code * KIND_SPAN, (code + 1) * KIND_SPAN - 1


def decode_rowid(rowid: int) -> tuple[str, int]:
    """(kind, record id) of an index rowid."""
    return BY_CODE[rowid // KIND_SPAN].kind, rowid % KIND_SPAN


# --- SQL --------------------------------------------------------------------------------------


def _quoted(table: str) -> str:
    return f'"{table}"'


def select_sql(source: IndexSource, dialect: str, *, row: str | None = None) -> str:
    """``SELECT key, title, body FROM table WHERE …`` for every indexed row of ``source`` (or only
    the row with id ``row``, an SQL expression such as ``NEW.id``)."""
    postgres = dialect == "postgresql"
    title = (source.pg_title if postgres else None) or source.title
    body_parts = (source.pg_body if postgres else None) or source.body
    newline = " || chr(10) || " if postgres else " || char(10) || "
    body = newline.join(f"coalesce({part}, '')" for part in body_parts)
    conditions = [f"{_quoted(source.table)}.id = {row}"] if row is not None else []
    if source.where:
        conditions.append(source.where)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    key = f"{source.code} * {KIND_SPAN} + {_quoted(source.table)}.id"
    if postgres:
        return (
            f"SELECT {source.code} AS kind, {_quoted(source.table)}.id AS record_id,"
            f" coalesce({title}, '') AS title, {body} AS body FROM {_quoted(source.table)}{where}"
        )
    return (
        f"SELECT {key} AS key, coalesce({title}, '') AS title, {body} AS body"
        f" FROM {_quoted(source.table)}{where}"
    )


def _insert_sql(source: IndexSource, dialect: str, row: str | None = None) -> str:
    if dialect == "postgresql":
        return f"INSERT INTO {PG_TABLE} (kind, record_id, title, body) {select_sql(source, dialect, row=row)}"
    return f"INSERT INTO {FTS_TABLE} (rowid, title, body) {select_sql(source, dialect, row=row)}"


def _delete_sql(source: IndexSource, dialect: str, row: str) -> str:
    if dialect == "postgresql":
        return f"DELETE FROM {PG_TABLE} WHERE kind = {source.code} AND record_id = {row}"
    return f"DELETE FROM {FTS_TABLE} WHERE rowid = {source.code} * {KIND_SPAN} + {row}"


def trigger_names(dialect: str) -> list[str]:
    """The names of every trigger the index needs."""
    names = []
    for source in SOURCES:
        for table in (source.table, *(child for child, _fk, _cols in source.children)):
            if dialect == "postgresql":
                names.append(f"search_{source.kind}_{table}")
            else:
                names.extend(
                    f"search_{source.kind}_{table}_{event}" for event in ("insert", "update", "delete")
                )
    return names


def sqlite_trigger_statements() -> list[str]:
    """``CREATE TRIGGER`` statements that keep the FTS5 table up to date (SQLite)."""
    statements = []
    for s in SOURCES:
        name = f"search_{s.kind}_{s.table}"
        table = _quoted(s.table)
        columns = ", ".join(f'"{c}"' for c in s.columns)
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
            f"{_insert_sql(s, 'sqlite', 'NEW.id')}; END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"{_delete_sql(s, 'sqlite', 'OLD.id')}; {_insert_sql(s, 'sqlite', 'NEW.id')}; END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN "
            f"{_delete_sql(s, 'sqlite', 'OLD.id')}; END",
        ]
        for child, fk, child_columns in s.children:
            prefix = f"search_{s.kind}_{child}"
            again_new = f"{_delete_sql(s, 'sqlite', f'NEW.{fk}')}; {_insert_sql(s, 'sqlite', f'NEW.{fk}')};"
            again_old = f"{_delete_sql(s, 'sqlite', f'OLD.{fk}')}; {_insert_sql(s, 'sqlite', f'OLD.{fk}')};"
            watched = ", ".join(f'"{c}"' for c in child_columns)
            statements += [
                f'CREATE TRIGGER {prefix}_insert AFTER INSERT ON "{child}" BEGIN {again_new} END',
                f'CREATE TRIGGER {prefix}_update AFTER UPDATE OF {watched} ON "{child}" BEGIN '
                f"{again_old} {again_new} END",
                f'CREATE TRIGGER {prefix}_delete AFTER DELETE ON "{child}" BEGIN {again_old} END',
            ]
    return statements


PG_SETUP = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION wiec_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " STRICT AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    f"CREATE TABLE {PG_TABLE} ("
    " kind smallint NOT NULL, record_id integer NOT NULL, title text NOT NULL, body text NOT NULL,"
    " document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('dutch'::regconfig, wiec_unaccent(translate(title, '-', ' '))), 'A') ||"
    " setweight(to_tsvector('dutch'::regconfig, wiec_unaccent(translate(body, '-', ' '))), 'B')) STORED,"
    f" CONSTRAINT pk_{PG_TABLE} PRIMARY KEY (kind, record_id))",
    f"CREATE INDEX ix_{PG_TABLE}_document ON {PG_TABLE} USING gin (document)",
)


def postgres_trigger_statements() -> list[str]:
    """Functions and triggers that keep ``search_document`` up to date (PostgreSQL)."""
    statements = []
    for s in SOURCES:
        reindex = f"wiec_search_reindex_{s.kind}"
        statements.append(
            f"CREATE OR REPLACE FUNCTION {reindex}(row_id integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
            f"{_delete_sql(s, 'postgresql', 'row_id')}; {_insert_sql(s, 'postgresql', 'row_id')}; END $$"
        )
        watched = [(s.table, "id", s.columns), *s.children]
        for table, key, columns in watched:
            function = f"wiec_search_{s.kind}_{table}"
            statements.append(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN PERFORM {reindex}(OLD.{key}); END IF; "
                f"IF TG_OP <> 'DELETE' THEN PERFORM {reindex}(NEW.{key}); END IF; "
                "RETURN NULL; END $$"
            )
            cols = ", ".join(f'"{c}"' for c in columns)
            statements.append(
                f"CREATE TRIGGER search_{s.kind}_{table} AFTER INSERT OR UPDATE OF {cols} OR DELETE"
                f' ON "{table}" FOR EACH ROW EXECUTE FUNCTION {function}()'
            )
    return statements


def fill_statements(dialect: str) -> list[str]:
    """``INSERT … SELECT`` of every indexed row, one statement per kind."""
    return [_insert_sql(source, dialect) for source in SOURCES]


def create_statements(dialect: str) -> list[str]:
    """Everything the index needs, created and filled (as the 0008 migration does)."""
    if dialect == "postgresql":
        return [*PG_SETUP, *postgres_trigger_statements(), *fill_statements(dialect)]
    return [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, {FTS_OPTIONS})",
        f"CREATE VIRTUAL TABLE {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
        *sqlite_trigger_statements(),
        *fill_statements(dialect),
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')",
    ]


def drop_statements(dialect: str) -> list[str]:
    """Everything the index consists of, dropped (the 0008 downgrade; ``rebuild``)."""
    if dialect == "postgresql":
        statements = [
            f'DROP TRIGGER IF EXISTS search_{s.kind}_{table} ON "{table}"'
            for s in SOURCES
            for table in (s.table, *(child for child, _fk, _cols in s.children))
        ]
        statements += [
            f"DROP FUNCTION IF EXISTS wiec_search_{s.kind}_{table}()"
            for s in SOURCES
            for table in (s.table, *(child for child, _fk, _cols in s.children))
        ]
        statements += [f"DROP FUNCTION IF EXISTS wiec_search_reindex_{s.kind}(integer)" for s in SOURCES]
        return [
            *statements,
            f"DROP TABLE IF EXISTS {PG_TABLE}",
            "DROP FUNCTION IF EXISTS wiec_unaccent(text)",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names("sqlite")] + [
        f"DROP TABLE IF EXISTS {VOCAB_TABLE}",
        f"DROP TABLE IF EXISTS {FTS_TABLE}",
    ]


# --- running it -------------------------------------------------------------------------------


def _dialect(connection: Any) -> str:
    dialect = getattr(connection, "dialect", None)
    return dialect.name if dialect is not None else "sqlite"  # a DB-API connection: SQLite


def _rows(connection: Any, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    if hasattr(connection, "exec_driver_sql"):  # an SQLAlchemy Connection
        result = connection.exec_driver_sql(sql, tuple(params)) if params else connection.exec_driver_sql(sql)
        return [tuple(row) for row in result] if result.returns_rows else []
    cursor = connection.execute(sql, tuple(params))
    return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def _run_all(connection: Any, statements: Iterable[str]) -> None:
    for statement in statements:
        _rows(connection, statement)


def install(connection: Any) -> None:
    """Create the index, its triggers, and fill it from the tables."""
    _run_all(connection, create_statements(_dialect(connection)))


def rebuild(connection: Any) -> None:
    """Drop the index and its triggers and make them again from the tables (``check
    --rebuild-search-index``): a tampered or out-of-step index is right again afterwards."""
    dialect = _dialect(connection)
    if dialect == "postgresql":
        _run_all(connection, [s for s in drop_statements(dialect) if "wiec_unaccent" not in s])
        _run_all(connection, [s for s in create_statements(dialect) if not s.startswith("CREATE EXTENSION")])
        return
    _run_all(connection, drop_statements(dialect))
    install(connection)


def words_beginning_with(connection: Any, prefix: str) -> list[str] | None:
    """The words of the SQLite index that begin with ``prefix`` (folded), or None when there are
    more than ``MAX_EXPANSION`` of them or the word list is not there."""
    high = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix and ord(prefix[-1]) < 0x10FFFF else None
    if high is None:
        return None
    try:
        rows = _rows(
            connection,
            f"SELECT term FROM {VOCAB_TABLE} WHERE term >= ? AND term < ? LIMIT {MAX_EXPANSION + 1}",
            (prefix, high),
        )
    except Exception:  # sqlite3 and sqlcipher3 alike: a database without the word list
        return None
    return None if len(rows) > MAX_EXPANSION else [str(row[0]) for row in rows]


def row_count(connection: Any) -> int:
    """How many records the index holds."""
    table = PG_TABLE if _dialect(connection) == "postgresql" else FTS_TABLE
    return int(_rows(connection, f"SELECT count(*) FROM {table}")[0][0])


def purge_deleted(connection: Any) -> None:
    """Merge the FTS5 segments so that words of deleted or changed rows are gone from the file too
    (FTS5 keeps them in older segments until a merge); before an erasure's VACUUM. Nothing to do on
    PostgreSQL (VACUUM of the server is its own business)."""
    if _dialect(connection) == "sqlite":
        _rows(connection, f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')")


def verify(connection: Any) -> list[str]:
    """What is wrong with the index, one Dutch line each (empty: in step with the tables).

    SQLite: FTS5's own ``integrity-check``; the triggers all there; every indexed row of every
    source table has its index row with the same text, and no index row is without its source."""
    dialect = _dialect(connection)
    table = PG_TABLE if dialect == "postgresql" else FTS_TABLE
    if not _exists(connection, dialect, table):
        return ["Zoekindex ontbreekt; maak hem opnieuw met: wiec-desktop check --rebuild-search-index"]
    found: list[str] = []
    if dialect == "sqlite":
        try:
            _rows(connection, f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES('integrity-check', 1)")
        except Exception as error:  # sqlite3 and sqlcipher3 alike
            if "readonly" not in str(error).replace("-", "").replace(" ", "").lower():
                found.append("Zoekindex: de eigen controle van de index faalt (beschadigd)")
    missing = sorted(set(trigger_names(dialect)) - _triggers(connection, dialect))
    if missing:
        count = "1 trigger ontbreekt" if len(missing) == 1 else f"{len(missing)} triggers ontbreken"
        found.append(f"Zoekindex: {count}; de index volgt niet elke wijziging")
    for source in SOURCES:
        wrong, orphans = _compare(connection, dialect, source)
        if wrong:
            verb = "ontbreekt of heeft" if wrong == 1 else "ontbreken of hebben"
            found.append(f"Zoekindex, {source.label}: {_count(wrong)} {verb} een andere tekst dan de tabel")
        if orphans:
            found.append(f"Zoekindex, {source.label}: {_count(orphans)} zonder bijbehorend record")
    stray = _stray(connection, dialect)
    if stray:
        found.append(f"Zoekindex: {_count(stray)} van een onbekende soort")
    if found:
        found.append("Zoekindex herstellen: wiec-desktop check --rebuild-search-index --db …")
    return found


def _count(number: int) -> str:
    return "1 rij" if number == 1 else f"{number} rijen"


def _exists(connection: Any, dialect: str, table: str) -> bool:
    if dialect == "postgresql":
        return bool(_rows(connection, f"SELECT to_regclass('{table}') IS NOT NULL")[0][0])
    return bool(_rows(connection, "SELECT 1 FROM sqlite_master WHERE name = ?", (table,)))


def _triggers(connection: Any, dialect: str) -> set[str]:
    if dialect == "postgresql":
        return {row[0] for row in _rows(connection, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return {row[0] for row in _rows(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _compare(connection: Any, dialect: str, source: IndexSource) -> tuple[int, int]:
    """(source rows whose index row is missing or different, index rows without a source row)."""
    expected = select_sql(source, dialect)
    table = _quoted(source.table)
    condition = f" AND {source.where}" if source.where else ""
    if dialect == "postgresql":
        wrong = _rows(
            connection,
            f"SELECT count(*) FROM ({expected}) AS e LEFT JOIN {PG_TABLE} s"
            " ON s.kind = e.kind AND s.record_id = e.record_id"
            " WHERE s.record_id IS NULL OR s.title <> e.title OR s.body <> e.body",
        )[0][0]
        orphans = _rows(
            connection,
            f"SELECT count(*) FROM {PG_TABLE} s WHERE s.kind = {source.code} AND NOT EXISTS"
            f" (SELECT 1 FROM {table} WHERE {table}.id = s.record_id{condition})",
        )[0][0]
        return int(wrong), int(orphans)
    low, high = source.code * KIND_SPAN, (source.code + 1) * KIND_SPAN - 1
    wrong = _rows(
        connection,
        f"SELECT count(*) FROM ({expected}) AS e LEFT JOIN {FTS_TABLE} s ON s.rowid = e.key"
        " WHERE s.rowid IS NULL OR s.title IS NOT e.title OR s.body IS NOT e.body",
    )[0][0]
    orphans = _rows(
        connection,
        f"SELECT count(*) FROM {FTS_TABLE} s WHERE s.rowid BETWEEN {low} AND {high} AND NOT EXISTS"
        f" (SELECT 1 FROM {table} WHERE {table}.id = s.rowid - {low}{condition})",
    )[0][0]
    return int(wrong), int(orphans)


def _stray(connection: Any, dialect: str) -> int:
    """Index rows of no known kind."""
    codes = ", ".join(str(source.code) for source in SOURCES)
    if dialect == "postgresql":
        return int(_rows(connection, f"SELECT count(*) FROM {PG_TABLE} WHERE kind NOT IN ({codes})")[0][0])
    low, high = min(BY_CODE) * KIND_SPAN, (max(BY_CODE) + 1) * KIND_SPAN
    return int(
        _rows(connection, f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid < {low} OR rowid >= {high}")[0][0]
    )
