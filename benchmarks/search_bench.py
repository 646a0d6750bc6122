"""Search: 30 typical queries through the search service against the bare FTS5 MATCH of the same
terms, and the index update after one edit against the same UPDATE without the index triggers.

Written against what S1's search lands as: ``services/search/service.py`` with a ``SearchService``
(or ``Services.search``) whose ``search(text)`` returns ``SearchResults``, and FTS5 tables kept up to
date by triggers. Whatever is missing is reported as "not measured: …" instead of a figure.
"""

from __future__ import annotations

import importlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timing import Figure, elapsed_ms, figure_from, timed_pair

from wiec_desktop.services.registry import Services

# What a chair types: single words, prefixes, accents left out, phrases, an exclusion, two words.
QUERIES = (
    "bergingen", "jongeren", "jonger", "hangjongeren", "overlast", "cafe", "café", "scooter",
    "afval", "zwerfafval", "grofvuil", "parkeer", "verkeer", "inbraak", "drugs", "speeltuin",
    "buurthuis", "eenzaam", "schulden", "geluid", "stank", "portiek", "wijkagent", "huisbezoek",
    '"hangjongeren bij"', "overlast -scooter", "jongeren winkelcentrum", "afval containers",
    "veilig", "onderhoud flats",
)  # fmt: skip
MEDIAN_LIMIT_MS, WORST_LIMIT_MS, UPDATE_LIMIT_MS = 30.0, 100.0, 5.0


def fts_tables(connection: sqlite3.Connection) -> list[str]:
    """The FTS5 tables in the file (the search index; not its fts5vocab word list, which has no rank)."""
    rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
    return [name for name, sql in rows if "using fts5(" in sql.lower().replace(" (", "(")]


def match_expression(text: str) -> str:
    """The FTS5 MATCH of a chair's query: words as prefixes, "phrases", -word as NOT."""
    positive: list[str] = []
    negative: list[str] = []
    parts = text.split('"')
    for index, part in enumerate(parts):
        if index % 2:  # inside quotes
            if part.strip():
                positive.append('"' + part.strip().replace('"', "") + '"')
            continue
        for word in part.split():
            if word.startswith("-") and len(word) > 1:
                negative.append('"' + word[1:] + '"')
            else:
                positive.append('"' + word + '"*')
    expression = " ".join(positive)
    return expression + "".join(f" NOT {word}" for word in negative)


def _search_function(services: Services) -> tuple[Callable[[str], Any] | None, str]:
    """``search(text)`` of the search service, or None and why not."""
    service = getattr(services, "search", None)
    if service is None:
        try:
            module = importlib.import_module("wiec_desktop.services.search.service")
        except ImportError as error:
            return None, f"services/search/service.py missing ({error.__class__.__name__})"
        cls = getattr(module, "SearchService", None)
        if cls is None:
            return None, "services/search/service.py has no SearchService"
        service = cls(services.session_factory)
    search = getattr(service, "search", None)
    if not callable(search):
        return None, "the search service has no search(text)"
    return search, ""


def measure_queries(services: Services, connection: sqlite3.Connection, repeat: int) -> list[Figure]:
    """The 30 queries: one figure over all of them (median and worst of every run of every query)."""
    search, why = _search_function(services)
    tables = fts_tables(connection)
    target = {"limit": MEDIAN_LIMIT_MS, "worst_limit": WORST_LIMIT_MS}
    name = f"search: {len(QUERIES)} typical queries"
    if search is None:
        return [Figure(name, note=f"not measured: {why}", **target)]
    if not tables:
        return [Figure(name, note="not measured: no FTS5 table in the database", **target)]

    def bare(text: str) -> Callable[[], Any]:
        expression = match_expression(text)

        def run() -> Any:
            return [
                connection.execute(
                    f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH ? ORDER BY rank LIMIT 200',
                    (expression,),
                ).fetchall()
                for table in tables
            ]

        return run

    ours_all: list[float] = []
    theirs_all: list[float] = []
    hits = 0
    try:
        for text in QUERIES:
            ours, theirs = timed_pair(lambda text=text: search(text), bare(text), repeat)
            ours_all += ours
            theirs_all += theirs
            hits += bool(getattr(search(text), "total", 0))
    except Exception as error:  # the service is someone else's work in progress: say what happened
        return [Figure(name, note=f"not measured: search failed ({error.__class__.__name__}: {error})")]
    figure = figure_from(name, ours_all, theirs_all, "bare FTS5 MATCH, same terms", **target)
    figure.note = f"{hits} of {len(QUERIES)} find something"
    return [figure]


def _index_triggers(connection: sqlite3.Connection, table: str, fts: list[str]) -> list[str]:
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    ).fetchall()
    return [name for name, sql in rows if any(t.lower() in (sql or "").lower() for t in fts)]


def measure_index_update(db_path: Path, repeat: int) -> Figure:
    """One edit of a case title with the index triggers against the same UPDATE on a copy of the
    table without them (both on a copy of the file, each rolled back; the rollback is not timed)."""
    name = "search index: update after one edit"
    with tempfile.TemporaryDirectory(prefix="wiec-index-") as folder:
        copy = Path(folder) / "copy.sqlite"
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(copy)
        source.backup(target)
        source.close()
        try:
            fts = fts_tables(target)
            triggers = _index_triggers(target, "case", fts)
            if not triggers:
                why = "no FTS5 table" if not fts else "no index trigger on the case table"
                return Figure(name, note=f"not measured: {why}", limit=UPDATE_LIMIT_MS)
            target.execute('CREATE TABLE case_plain AS SELECT * FROM "case"')
            for (sql,) in target.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case' AND sql IS NOT NULL"
            ).fetchall():
                # the same indexes (an index on the title costs the plain UPDATE too)
                target.execute(
                    sql.replace(' ON "case"', " ON case_plain").replace("INDEX ", "INDEX plain_", 1)
                )
            target.execute("CREATE UNIQUE INDEX plain_id ON case_plain (id)")
            target.commit()
            case_id, title = target.execute('SELECT id, title FROM "case" ORDER BY id LIMIT 1').fetchone()
            edited = f"{title} bergingen"

            def edit(table: str) -> Callable[[], None]:
                def run() -> None:
                    target.execute(f'UPDATE "{table}" SET title = ? WHERE id = ?', (edited, case_id))

                return run

            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(repeat + 1):  # the first of each is the warm-up
                ours.append(elapsed_ms(edit("case")))
                theirs.append(elapsed_ms(edit("case_plain")))
                target.rollback()
            figure = figure_from(
                name, ours[1:], theirs[1:], "same UPDATE, no triggers", limit=UPDATE_LIMIT_MS
            )
            figure.note = f"{len(triggers)} trigger(s)"
            return figure
        finally:
            target.close()
            shutil.rmtree(folder, ignore_errors=True)
