"""Opening a search hit far down a long list: the list page's ``reveal`` against the same work by hand.

For the signals and the actions list (their default order, no filter) and a record at the start
(the first row past the first page), in the middle and at the end of the list: the time from
``ListPage.reveal(record_id)`` until the page has painted the record selected with its details,
through the real ``ListPage`` offscreen (``QT_QPA_PLATFORM=offscreen``). Before each timed reveal
the list is shown afresh (its first page only, not timed), as when the chair opens a search hit.
The baseline, measured in the same run, does by hand on a bare ``sqlite3`` connection what a
reveal needs: the ``ROW_NUMBER()`` query that finds the record's position and one page (200 rows)
read at that position (the hand-written page of ``baselines.py`` with an ``OFFSET``). Before
timing, the position and the page by hand are checked against the program's.

The targets: under 150 ms until painted, and (for the middle and the end, where the SQL is the
work) at most twice the work by hand; at the start the SQL takes a few ms and the painting of the
table and the details are the time. Each line says how many rows the reveal read (a page is 200)
and how long the painting took.

Not a test: a script printing a Markdown table::

    .venv/bin/python benchmarks/reveal_benchmark.py --db /tmp/large.sqlite --repeat 5

``run_all.py --only reveal`` runs the same measurements.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from baselines import HAND_LISTS, first_difference, hand_rows, page_sql, parameters, program_rows  # noqa: E402
from timing import Figure, markdown_table  # noqa: E402

PAGE = 200  # ui.common.list_model.PAGE_SIZE
LISTS = ("signals", "actions")
MAX_RATIO = 2.0  # the program does the baseline's two queries, plus the details and a paint
LIMIT_MS = 150.0


class RevealMismatch(Exception):
    """The hand-written position or page differs from the program's: not the same work."""


@dataclass(frozen=True)
class HandReveal:
    """A reveal by hand: the record's position with ``ROW_NUMBER()``, then its page of rows."""

    connection: sqlite3.Connection
    list_name: str
    today: date

    @property
    def _hand(self) -> Any:
        return HAND_LISTS[self.list_name]

    def position_sql(self) -> str:
        """``ROW_NUMBER()`` over the list's default order, from the listed table alone (its default
        order needs no joined one), stopping at the record (``LIMIT 1``)."""
        hand = self._hand
        key, descending = hand.default_sort
        direction = "DESC" if descending else "ASC"
        order = [f"{expr} {direction} NULLS LAST" for expr in hand.order[key]]
        order.append(f"{hand.id} {direction}")
        alias, table = hand.id.split(".")[0], hand.from_.split()[0]
        return (
            f"SELECT n FROM (SELECT {hand.id} AS id, row_number() OVER (ORDER BY {', '.join(order)}) AS n "
            f"FROM {table} {alias}) WHERE id = ? LIMIT 1"
        )

    def position(self, record_id: int) -> int | None:
        found = self.connection.execute(self.position_sql(), (record_id,)).fetchone()
        return None if found is None else found[0] - 1

    def page(self, offset: int) -> list[tuple[Any, ...]]:
        sql = f"{page_sql(self._hand, (), None, False, PAGE)} OFFSET {int(offset)}"
        rows = self.connection.execute(sql, parameters(self.today)).fetchall()
        if self._hand.highlight_py is not None:
            rows = [(*row, self._hand.highlight_py(row)) for row in rows]
        return rows

    def __call__(self, record_id: int) -> list[tuple[Any, ...]]:
        position = self.position(record_id)
        assert position is not None
        return self.page(position // PAGE * PAGE)


def _application() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


def _check(list_name: str, source: Any, hand: HandReveal, position: int, record_id: int) -> None:
    """Raise ``RevealMismatch`` unless the position and the page by hand equal the program's."""
    from wiec_desktop.services.listing.source import ListQuery

    ours = source.position(ListQuery(), record_id)
    theirs = hand.position(record_id)
    if not ours == theirs == position:
        raise RevealMismatch(f"{list_name}: position {ours} against {theirs} by hand (row {position})")
    offset = position // PAGE * PAGE
    mine = program_rows(source.fetch(ListQuery(), offset, PAGE), source.spec.highlight is not None)
    by_hand = hand_rows(hand.page(offset), HAND_LISTS[list_name].has_highlight)
    difference = first_difference(mine, by_hand)
    if difference:
        raise RevealMismatch(f"{list_name}: the page at {offset} by hand differs: {difference}")


class RowsRead:
    """Counts the rows a ``ListSource`` fetches (wraps its ``fetch``)."""

    def __init__(self, source: Any) -> None:
        self.fetch = source.fetch
        self.rows = 0
        source.fetch = self

    def __call__(self, query: Any, offset: int, limit: int) -> Any:
        rows = self.fetch(query, offset, limit)
        self.rows += len(rows)
        return rows


def measure_reveals(db_path: Path, repeat: int, today: date | None = None) -> list[Figure]:
    """Every list of ``LISTS`` at its start, middle and end: the page's reveal against by hand."""
    app = _application()
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.settings.preferences import Settings

    today = today or date.today()
    figures: list[Figure] = []
    database = open_database(db_path, read_only=True)
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with tempfile.TemporaryDirectory(prefix="wiec-reveal-") as folder:
        context = AppContext.create(database, Settings(Path(folder) / "settings.ini"), today=lambda: today)
        try:
            for list_name in LISTS:
                figures.extend(_measure_list(app, context, HandReveal(connection, list_name, today), repeat))
        finally:
            connection.close()
            database.close()
    return figures


def _measure_list(app: Any, context: Any, hand: HandReveal, repeat: int) -> list[Figure]:
    """One list's start, middle and end, through a ``ListPage`` shown offscreen."""
    from wiec_desktop.services.listing.source import ListQuery
    from wiec_desktop.ui.common.list_page import ListPage

    list_name = hand.list_name
    page = ListPage(context, list_name, nouns=("x", "xs"), page_size=PAGE)
    page.resize(1100, 700)
    page.show()
    page.ensure_loaded()
    app.processEvents()
    source, total = page.model.source, page.model.total
    if total <= PAGE:  # a small database: everything on the first page
        return [Figure(f"reveal: {list_name}", note=f"not measured: {total} rows")]
    read = RowsRead(source)
    figures: list[Figure] = []
    for where, position in {"start": PAGE, "middle": total // 2, "end": total - 1}.items():
        record_id = read.fetch(ListQuery(), position, 1)[0].id
        _check(list_name, source, hand, position, record_id)
        ours, theirs, painting, rows_read = _timed(app, page, hand, record_id, repeat, read)
        figures.append(
            Figure(
                f"reveal: {list_name} {where} (row {position + 1:,} of {total:,})",
                statistics.median(ours),
                max(ours),
                "position + one page by hand",
                statistics.median(theirs),
                limit=LIMIT_MS,
                # at the start a few ms of SQL: the paint and the details are the time
                max_ratio=MAX_RATIO if where != "start" else None,
                note=f"{rows_read:,} rows read; painting {statistics.median(painting):.0f} ms",
                extra={"list": list_name, "position": position, "rows_read": rows_read},
            )
        )
        print(f"  {figures[-1].measure:<50} {figures[-1].median:8.1f} ms", file=sys.stderr)
    page.close()
    page.deleteLater()
    app.processEvents()
    return figures


def _timed(
    app: Any, page: Any, hand: HandReveal, record_id: int, repeat: int, read: RowsRead
) -> tuple[list[float], list[float], list[float], int]:
    """Milliseconds of ``repeat`` reveals until painted (each of a freshly shown list), of as many
    by hand and of the painting alone, alternating, after one warm-up of each; and the rows the
    last reveal read (painting included)."""
    ours: list[float] = []
    theirs: list[float] = []
    painting: list[float] = []
    rows_read = 0
    for run in range(repeat + 1):
        page.model.load()  # the list as first shown: its first page only (not timed)
        app.processEvents()
        read.rows = 0
        start = time.perf_counter()
        page.reveal(record_id)
        revealed = time.perf_counter()
        app.processEvents()  # painted, with the details
        end = time.perf_counter()
        if page.current_id() != record_id:
            raise RevealMismatch(f"{page.list_name}: the reveal selected {page.current_id()}")
        rows_read = read.rows
        start_by_hand = time.perf_counter()
        hand(record_id)
        by_hand = (time.perf_counter() - start_by_hand) * 1000
        if run:  # the first is the warm-up
            ours.append((end - start) * 1000)
            painting.append((end - revealed) * 1000)
            theirs.append(by_hand)
    return ours, theirs, painting, rows_read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the large database (opened read-only)")
    parser.add_argument("--repeat", type=int, default=5, help="timed reveals per figure")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures = measure_reveals(args.db, args.repeat)
    seconds = time.perf_counter() - started
    print(f"Measured on {args.db.name}, {args.repeat} runs per figure, in {seconds:.0f} s.\n")
    print(markdown_table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
