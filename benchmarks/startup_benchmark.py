"""How fast does the window appear? Process start → main window painted → database open → the first
page's data shown, next to a bare PySide6 ``QMainWindow`` process measured in the same run.

Not a test: a script. Each run starts ``python -m wiec_desktop --db PATH`` with the start-up probe
(``WIEC_STARTUP_PROBE=FILE``: the program writes the wall-clock times of those moments as JSON and
quits) and a bare baseline process (import PySide6, a ``QApplication``, ``QMainWindow().show()``,
quit after its first paint, the same probe format). Times are measured from just before the process
is started, so they include the interpreter's own start. One warm-up run of each first (the
``.pyc`` files are written, the file cache is warm), then the median of ``--runs``::

    .venv/bin/python benchmarks/startup_benchmark.py --db /tmp/large.sqlite
    .venv/bin/python benchmarks/startup_benchmark.py --db /tmp/large.sqlite --runs 7 --json out.json

``PYTHONDONTWRITEBYTECODE`` is removed for the runs (an installed program has its ``.pyc`` files);
``QT_QPA_PLATFORM=offscreen``; the program's data folder is a temporary one (settings, backups).
``measure_startup(db_path, runs)`` is what ``benchmarks/run_all.py`` calls.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROBE_ENV = "WIEC_STARTUP_PROBE"  # as wiec_desktop/ui/shell/startup_probe.py
PAINTED, DATABASE_OPEN, FIRST_PAGE_SHOWN = "window_painted", "database_open", "first_page_shown"
TIMEOUT_S = 120

BARE_WINDOW = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not marks:
            marks["window_painted"] = time.time()
            with open(sys.argv[1], "w", encoding="utf-8") as handle:
                json.dump({"marks": marks, "order": list(marks)}, handle)
            QTimer.singleShot(0, app.quit)
        return False

marks = {}
app = QApplication(sys.argv[:1])
window = QMainWindow()
probe = Probe()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def _environment(data_dir: Path, source: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["WIEC_DESKTOP_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(source), env.get("PYTHONPATH", "")) if p)
    return env


def _run_once(command: list[str], env: dict[str, str], probe_file: Path, cwd: Path) -> dict[str, float]:
    """One process: the probe's moments in seconds after the process was started."""
    probe_file.unlink(missing_ok=True)
    env = {**env, PROBE_ENV: str(probe_file)}
    started = time.time()
    completed = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT_S
    )
    if not probe_file.exists():
        raise RuntimeError(
            f"no probe file from {' '.join(command[:3])}… (exit {completed.returncode}): "
            f"{completed.stderr.decode(errors='replace')[-500:]}"
        )
    marks = json.loads(probe_file.read_text(encoding="utf-8"))["marks"]
    return {name: moment - started for name, moment in marks.items()}


def _median_marks(samples: list[dict[str, float]]) -> dict[str, float]:
    names = [name for name in samples[0] if all(name in sample for sample in samples)]
    return {name: statistics.median(sample[name] for sample in samples) for name in names}


def measure_startup(
    db_path: str | Path, runs: int = 7, *, python: str | None = None, source: Path = ROOT
) -> dict[str, Any]:
    """Median seconds from process start to the window painted, the database open and the first
    page's data shown for ``python -m wiec_desktop --db db_path``, and to the bare window painted;
    with ``ratio_painted`` (program / bare) and the raw samples. One warm-up run of each first.
    ``source``: the folder holding the ``wiec_desktop`` package (another checkout, to compare)."""
    interpreter = python or sys.executable
    program = [interpreter, "-m", "wiec_desktop", "--db", str(db_path)]
    bare = [interpreter, "-c", BARE_WINDOW]
    with tempfile.TemporaryDirectory(prefix="wiec-startup-") as folder:
        env = _environment(Path(folder) / "data", source)
        probe_file = Path(folder) / "probe.json"
        program_samples: list[dict[str, float]] = []
        bare_samples: list[dict[str, float]] = []
        for run in range(runs + 1):  # run 0 is the warm-up
            program_sample = _run_once(program, env, probe_file, source)
            bare_sample = _run_once([*bare, str(probe_file)], env, probe_file, source)
            if run:
                program_samples.append(program_sample)
                bare_samples.append(bare_sample)
    program_median = _median_marks(program_samples)
    bare_median = _median_marks(bare_samples)
    return {
        "runs": runs,
        "database": str(db_path),
        "program": program_median,
        "bare": bare_median,
        "ratio_painted": program_median[PAINTED] / bare_median[PAINTED],
        "samples": {"program": program_samples, "bare": bare_samples},
    }


def markdown_table(result: dict[str, Any]) -> str:
    """The result as a Markdown table: each moment in ms, the bare window, the ratio."""
    program, bare = result["program"], result["bare"]
    lines = [
        f"Start-up, median of {result['runs']} warm runs (ms from process start)",
        "",
        "| moment | WIEC Desktop | bare QMainWindow | ratio |",
        "|---|---:|---:|---:|",
        f"| main window painted | {program[PAINTED] * 1000:.0f} | {bare[PAINTED] * 1000:.0f} "
        f"| {result['ratio_painted']:.1f}× |",
    ]
    for name, label in ((DATABASE_OPEN, "database open"), (FIRST_PAGE_SHOWN, "first page's data shown")):
        if name in program:
            lines.append(f"| {label} | {program[name] * 1000:.0f} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the database to start on (e.g. the large demo)")
    parser.add_argument("--runs", type=int, default=7, help="measured runs (after one warm-up)")
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON")
    parser.add_argument("--source", type=Path, default=ROOT, help="folder holding wiec_desktop (to compare)")
    args = parser.parse_args(argv)
    result = measure_startup(args.db, args.runs, source=args.source)
    print(markdown_table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
