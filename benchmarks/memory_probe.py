"""Peak memory with the large database open and every page visited, against a bare process.

The program runs as ``python -m wiec_desktop --db PATH --smoke`` (offscreen Qt; the main window
shows every section in turn, loads its list and closes), the baseline as a process that imports
PySide6, shows a ``QMainWindow`` and opens the same file with ``sqlite3`` (and counts the rows of
every table). Each is one child process that writes its own peak resident set (``VmHWM`` of
``/proc/self/status``, Linux) to a file when it exits. Not ``ru_maxrss``: after a fork that
includes the benchmark's own memory at the moment of the fork, so both would read alike. The
program's data folder is a temporary one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import Figure

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 300.0
# Run first in each child: at exit, write the peak resident set of this process (kB) to $PEAK_FILE.
REPORT = """
import atexit, os
def _report_peak():
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["WIEC_PEAK_FILE"], "w", encoding="ascii") as out:
        out.write(peak)
atexit.register(_report_peak)
"""
PROGRAM = (
    REPORT
    + """
import runpy, sys
sys.argv = ["wiec-desktop", *sys.argv[1:]]
runpy.run_module("wiec_desktop", run_name="__main__", alter_sys=True)
"""
)
BARE = (
    REPORT
    + """
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
app.processEvents()
connection = sqlite3.connect(sys.argv[1])
for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
    connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
connection.close()
window.close()
"""
)


def peak_mb(command: list[str], env: dict[str, str], folder: Path) -> tuple[float | None, int, str]:
    """(peak resident MB or None, exit status, the end of stderr) of one child process."""
    peak_file = folder / "peak.txt"
    peak_file.unlink(missing_ok=True)
    completed = subprocess.run(
        command, env={**env, "WIEC_PEAK_FILE": str(peak_file)}, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, errors="replace", check=False,
    )  # fmt: skip
    peak = int(peak_file.read_text(encoding="ascii")) / 1024 if peak_file.exists() else None
    return peak, completed.returncode, completed.stderr[-300:]


def measure_memory(db_path: Path) -> Figure:
    """The program's peak against the bare process's, on the same file."""
    with tempfile.TemporaryDirectory(prefix="wiec-memory-") as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WIEC_DESKTOP_DATA_DIR": folder}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        program = [sys.executable, "-c", PROGRAM, "--db", str(db_path), "--smoke"]
        ours, status, tail = peak_mb(program, env, Path(folder))
        bare, bare_status, bare_tail = peak_mb([sys.executable, "-c", BARE, str(db_path)], env, Path(folder))
    name = "peak memory, every page visited"
    if bare is None or bare_status != 0:
        return Figure(name, note=f"not measured: the bare process failed ({bare_tail.strip()[-120:]})")
    if ours is None:
        return Figure(name, note=f"not measured: the program wrote no peak (exit {status})", limit=LIMIT_MB)
    figure = Figure(name, ours, ours, "PySide6 + sqlite3 process", bare, unit="MB", limit=LIMIT_MB)
    if status != 0:
        last = tail.strip().splitlines()[-1:] or [""]
        figure.note = f"--smoke exit {status}: {last[0][:120]}"
    return figure
