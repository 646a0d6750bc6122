"""How long does one autosave of a meeting item's minutes take, next to a bare SQLite UPDATE?

Not a test: meeting mode writes the minutes on a background thread at most ~1.5 s after a change,
so each write must stay far below that. This script times ``MeetingRunService.save_item`` (one
versioned UPDATE in its own transaction, like the autosaver's worker) against a bare ``sqlite3``
UPDATE of the same row with the same pragmas (WAL, synchronous=FULL) committed each time, in the
same run on the same file, for minutes of growing length:

    .venv/bin/python benchmarks/autosave_benchmark.py [--repeat 200]

Prints a Markdown table of medians and 95th percentiles in milliseconds, with the ratio.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wiec_desktop.domain.enums import AgendaItemKind, MeetingKind  # noqa: E402
from wiec_desktop.services.meetings.agenda import AgendaStart  # noqa: E402
from wiec_desktop.services.registry import Services  # noqa: E402
from wiec_desktop.storage.database import open_database  # noqa: E402

SIZES = (200, 5_000, 50_000)  # characters: a note, a long item, an extreme one


def _timed(work, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure_autosave(repeat: int = 200, sizes: tuple[int, ...] = SIZES) -> list[dict[str, float]]:
    """Per minutes length: the ms of each ``save_item`` and of each bare UPDATE, ``repeat`` of each."""
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "autosave.sqlite"
        database = open_database(path, create=True)
        services = Services(database.session_factory, today=lambda: date(2026, 11, 10))
        meeting_id = services.agenda.plan_meeting(
            MeetingKind.CASE_MEETING, "Benchmark", date(2026, 11, 10), clock(14), clock(16),
            start_from=AgendaStart.EMPTY,
        )  # fmt: skip
        item_id = services.agenda.add_item(meeting_id, AgendaItemKind.OTHER, "Punt")
        services.meeting_run.start(meeting_id)
        bare = sqlite3.connect(path, isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=FULL")
        for size in sizes:
            text = ("Wijkagent meldt overlast bij de speeltuin. " * (size // 40 + 1))[:size]
            counter = iter(range(10**9))

            def via_service(text: str = text, counter=counter) -> None:  # type: ignore[no-untyped-def]
                services.meeting_run.save_item(item_id, minutes=text + str(next(counter)), elapsed_seconds=60)

            def via_sqlite(text: str = text, counter=counter) -> None:  # type: ignore[no-untyped-def]
                bare.execute("BEGIN")
                bare.execute(
                    "UPDATE agenda_item SET minutes = ?, elapsed_seconds = ?, version = version + 1 "
                    "WHERE id = ?",
                    (text + str(next(counter)), 60, item_id),
                )
                bare.execute("COMMIT")

            via_service(), via_sqlite()  # warm-up
            ours, base = _timed(via_service, repeat), _timed(via_sqlite, repeat)
            results.append({"size": size, "service_ms": ours, "bare_ms": base})  # type: ignore[dict-item]
        bare.close()
        database.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print("| minutes length | save_item median | p95 | bare UPDATE median | p95 | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for result in measure_autosave(args.repeat):
        size, ours, base = result["size"], result["service_ms"], result["bare_ms"]
        ours_median, base_median = statistics.median(ours), statistics.median(base)  # type: ignore[arg-type]
        p95 = lambda values: statistics.quantiles(values, n=20)[-1]  # noqa: E731
        print(
            f"| {size:,} | {ours_median:.2f} | {p95(ours):.2f} | {base_median:.2f} | {p95(base):.2f} "
            f"| {ours_median / base_median:.1f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
