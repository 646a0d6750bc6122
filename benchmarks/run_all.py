"""All of the program's speed and memory targets in one run, each against a bare baseline doing
the same work, measured in the same run on the large database.

Not a test: a script. Prints a Markdown table (measure, median, worst, baseline, ratio, target,
ok/!) on stdout, the ``EXPLAIN QUERY PLAN`` of every list page that misses its target after it,
progress on stderr, and with ``--json FILE`` everything as JSON::

    .venv/bin/python benchmarks/run_all.py --db /tmp/large.sqlite        # builds it once, reuses it
    .venv/bin/python benchmarks/run_all.py --scale 0.1                    # a quick run (temporary db)
    .venv/bin/python benchmarks/run_all.py --db /tmp/large.sqlite --only lists,matrix --json out.json

Sections (``--only``): startup (S3's ``startup_benchmark.measure_startup``), lists (every list page,
default sort and every sortable column both ways, against the hand-written SQL of ``baselines.py``,
rows verified equal first), search (30 queries against the bare FTS5 MATCH; the index update after
one edit against the same UPDATE without triggers), matrix (``MatrixService.build`` against the bare
join, cells verified equal), reveal (``reveal_benchmark.measure_reveals``: a search hit opened at
the start, middle and end of the signals and actions lists through the real list page, offscreen,
against its position and page by hand), memory (peak RSS of the window visiting every page against
a bare PySide6 + sqlite3 process), exports (the minutes, action-list and autosave benchmarks). A
part the program does not have yet is a row saying "not measured: …". Exit status 1 when a hand-written
baseline does not return the program's rows (then the baseline, or the list, is wrong).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from large_db import make_large  # noqa: E402
from timing import Figure, markdown_table  # noqa: E402

SECTIONS = ("startup", "lists", "search", "matrix", "reveal", "memory", "exports")


def startup_figures(db_path: Path, runs: int) -> list[Figure]:
    """Process start → window painted (≤ 2.0× a bare QMainWindow) and → first page's data (< 0.8 s)."""
    painted = Figure("start-up: process → main window painted", unit="s", max_ratio=2.0)
    shown = Figure("start-up: process → first page's data shown", unit="s", limit=0.8)
    try:
        from startup_benchmark import FIRST_PAGE_SHOWN, PAINTED, measure_startup
    except ImportError:
        for figure in (painted, shown):
            figure.note = "not measured: startup_benchmark.py missing"
        return [painted, shown]
    try:
        result = measure_startup(db_path, runs)
    except Exception as error:  # S3's start-up work in progress: say what happened
        for figure in (painted, shown):
            figure.note = f"not measured: {error.__class__.__name__}: {str(error)[:160]}"
        return [painted, shown]
    samples = result["samples"]["program"]
    bare = result["bare"].get(PAINTED)
    for figure, mark in ((painted, PAINTED), (shown, FIRST_PAGE_SHOWN)):
        values = [sample[mark] for sample in samples if mark in sample]
        if not values:
            figure.note = f"not measured: the probe has no {mark!r}"
            continue
        figure.median, figure.worst = statistics.median(values), max(values)
        figure.baseline, figure.baseline_median = "bare QMainWindow painted", bare
    shown.extra = {"startup": result}
    return [painted, shown]


def list_figures(
    database: Any, services: Any, connection: sqlite3.Connection, today: date, repeat: int
) -> tuple[list[Figure], list[str], list[str]]:
    """Every list page against its hand-written SQL; (figures, mismatches, plans of the misses)."""
    from list_pages import BaselineMismatch, measure_page, page_cases, query_plans

    figures: list[Figure] = []
    mismatches: list[str] = []
    plans: list[str] = []
    for case in page_cases(services):
        try:
            figure = measure_page(case, services, connection, today, repeat)
        except BaselineMismatch as error:
            mismatches.append(str(error))
            figures.append(Figure(case.title, note=f"BASELINE DIFFERS: {error}", limit=100, max_ratio=3))
            continue
        except Exception as error:  # the list's code is someone's work in progress: report it
            figures.append(
                Figure(case.title, note=f"not measured: {error.__class__.__name__}: {error}"[:200])
            )
            continue
        figures.append(figure)
        print(f"  {figure.measure:<50} {figure.median:8.1f} ms", file=sys.stderr)
        if figure.ok is False:
            count_plan, page_plan = query_plans(database, services, case)
            plans.append(f"#### {case.title}\n\ncount:\n```\n{count_plan}\n```\npage:\n```\n{page_plan}\n```")
    return figures, mismatches, plans


def export_figures(scale: float) -> list[Figure]:
    """The existing minutes, action-list and autosave benchmarks, called as functions."""
    from actions_benchmark import measure_actions
    from autosave_benchmark import measure_autosave
    from minutes_benchmark import measure_minutes

    figures: list[Figure] = []
    minutes = measure_minutes(repeat=5)
    figures.append(
        Figure(
            "minutes: Word, 40 items, 200 actions (best of 5)",
            minutes["export_ms"],
            minutes["export_ms"],
            "bare python-docx, same paragraphs",
            minutes["bare_ms"],
            max_ratio=1.3,
        )
    )
    rows = max(1_000, int(50_000 * scale))
    actions = measure_actions(rows=rows, repeat=3)
    figures.append(
        Figure(
            f"action list: Excel, {rows:,} rows (best of 3)",
            actions["export_wall_s"],
            actions["export_wall_s"],
            "bare openpyxl write-only, same cells",
            actions["bare_wall_s"],
            unit="s",
        )
    )
    for result in measure_autosave(repeat=max(20, int(200 * scale))):
        ours, bare = result["service_ms"], result["bare_ms"]
        figures.append(
            Figure(
                f"autosave: minutes of {int(result['size']):,} characters",
                statistics.median(ours),
                max(ours),
                "bare sqlite3 UPDATE + COMMIT",
                statistics.median(bare),
            )
        )
    return figures


def run(args: argparse.Namespace, db_path: Path, made: str) -> dict[str, Any]:
    """Every chosen section; the figures, the mismatches and the plans."""
    from wiec_desktop.services.registry import Services
    from wiec_desktop.storage.database import open_database

    today = date.today()
    repeat = args.repeat
    figures: list[Figure] = []
    mismatches: list[str] = []
    plans: list[str] = []
    timings: dict[str, float] = {}

    def guarded(name: str, work: Callable[[], list[Figure]]) -> None:
        """Run one section; when the code under measurement fails, a row says so (and the run goes on)."""
        if name not in args.only:
            return
        print(f"{name} …", file=sys.stderr)
        start = time.perf_counter()
        try:
            figures.extend(work())
        except Exception as error:  # other engineers' work in progress: report, do not stop
            traceback.print_exc(limit=-3, file=sys.stderr)
            figures.append(Figure(name, note=f"not measured: {error.__class__.__name__}: {str(error)[:160]}"))
        timings[name] = time.perf_counter() - start

    def lists() -> list[Figure]:
        found, wrong, query_plans = list_figures(database, services, connection, today, repeat)
        mismatches.extend(wrong)
        plans.extend(query_plans)
        return found

    def search() -> list[Figure]:
        from search_bench import measure_index_update, measure_queries

        return [
            *measure_queries(services, connection, repeat),
            measure_index_update(db_path, max(repeat, 20)),
        ]

    def matrix() -> list[Figure]:
        from matrix_bench import MatrixMismatch, measure_matrix

        try:
            return measure_matrix(services, connection, max(3, repeat // 2))
        except MatrixMismatch as error:
            mismatches.append(f"matrix: {error}")
            return [Figure("matrix", note=f"BASELINE DIFFERS: {error}", max_ratio=3)]

    def reveal() -> list[Figure]:
        from reveal_benchmark import RevealMismatch, measure_reveals

        try:
            return measure_reveals(db_path, repeat, today)
        except RevealMismatch as error:
            mismatches.append(f"reveal: {error}")
            return [Figure("reveal", note=f"BASELINE DIFFERS: {error}", max_ratio=2)]

    def memory() -> list[Figure]:
        from memory_probe import measure_memory

        return [measure_memory(db_path)]

    guarded("startup", lambda: startup_figures(db_path, args.runs))
    database = open_database(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA query_only = ON")
    services = Services(database.session_factory, today=lambda: today)
    try:
        guarded("lists", lists)
        guarded("search", search)
        guarded("matrix", matrix)
    finally:
        connection.close()
        database.close()
    guarded("reveal", reveal)  # its own read-only connection and an offscreen list page
    guarded("memory", memory)
    guarded("exports", lambda: export_figures(args.scale))
    return {
        "database": made,
        "today": today.isoformat(),
        "figures": figures,
        "mismatches": mismatches,
        "plans": plans,
        "section_seconds": timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the large database (built there when missing, then kept)")
    parser.add_argument("--scale", type=float, default=1.0, help="below 1: a smaller database, fewer runs")
    parser.add_argument("--repeat", type=int, help="timed runs per figure (default 7, scaled)")
    parser.add_argument("--runs", type=int, help="start-up runs after the warm-up (default 7, scaled)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections, comma-separated: {SECTIONS}")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    args.repeat = args.repeat or max(3, round(7 * min(1.0, args.scale * 2)))
    args.runs = args.runs or max(3, round(7 * min(1.0, args.scale * 2)))

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="wiec-run-all-"))
    try:
        db_path = args.db or folder / "large.sqlite"
        if db_path.exists():
            made = f"reused {db_path.name}"
            print(f"reusing {db_path}", file=sys.stderr)
        else:
            made = make_large(db_path, args.scale, folder)
        result = run(args, db_path, made)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    seconds = time.perf_counter() - started
    figures: list[Figure] = result["figures"]
    print(f"Measured on {result['database']}, {args.repeat} runs per figure, in {seconds:.0f} s.\n")
    print(markdown_table(figures))
    if result["plans"]:
        print("\n### Query plans of the list pages that miss a target\n")
        print("\n\n".join(result["plans"]))
    for mismatch in result["mismatches"]:
        print(f"run_all: the baseline is wrong: {mismatch}", file=sys.stderr)
    if args.json:
        data = {**result, "figures": [f.as_json() for f in figures], "seconds": seconds, "argv": sys.argv[1:]}
        args.json.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return 1 if result["mismatches"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
