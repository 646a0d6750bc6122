"""The fault harness's tools: start a real child process, SIGKILL it at a chosen moment, and look at
what it left behind (files under their final names, the database's integrity, ``wiec-desktop check``).

Every scenario (tests/fault/test_*_kills.py) measures one unkilled run, kills N further runs at
moments drawn uniformly from [0, T], checks each one with these helpers and keeps its figures in a
``Figures`` that the summary table (tests/fault/conftest.py) prints.
"""

from __future__ import annotations

import contextlib
import fnmatch
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_S = 120  # an unkilled run that takes longer than this has hung


@dataclass(frozen=True)
class Run:
    """One run of a child: how long after its start it ended (or was killed) and what it printed."""

    delay: float  # seconds from the start to the kill (or to the end, unkilled)
    alive: bool  # still running when the kill came (False: it had finished by itself)
    returncode: int
    stdout: str
    stderr: str
    killed_at: float  # time.time() of the kill, for comparing with times the child printed


def child_env(data_dir: Path) -> dict[str, str]:
    """The environment of a child: this working tree first on the path, offscreen Qt, its own
    user-data folder (settings, logs, backups stay inside the scenario's folder)."""
    from wiec_desktop.storage.paths import DATA_DIR_ENV

    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[DATA_DIR_ENV] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def program(*args: str) -> list[str]:
    """The command line of ``wiec-desktop ARGS`` run from this working tree."""
    return [sys.executable, "-m", "wiec_desktop", *args]


def run_unkilled(argv: Sequence[str], env: dict[str, str]) -> Run:
    """Run the child to its end; ``delay`` is how long that took (the scenario's T)."""
    start = time.monotonic()
    done = subprocess.run(
        list(argv), env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False
    )
    return Run(time.monotonic() - start, False, done.returncode, done.stdout, done.stderr, time.time())


def run_and_kill(argv: Sequence[str], env: dict[str, str], delay: float) -> Run:
    """Start the child and SIGKILL it ``delay`` seconds after the start, unless it ended before.
    Its output is read after the kill: the children print far less than a pipe holds (64 KB)."""
    start = time.monotonic()
    process = subprocess.Popen(list(argv), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        try:
            process.wait(timeout=max(0.0, delay - (time.monotonic() - start)))
            alive = False
        except subprocess.TimeoutExpired:
            alive = True
        killed_at = time.time()
        if alive:
            os.kill(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=CHILD_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=CHILD_TIMEOUT_S)
    return Run(delay, alive, process.returncode, stdout, stderr, killed_at)


LOCK_PATTERN = "*.wiec-lock"  # the writer lock beside a database (storage/writer_lock.py): no data


def unexpected_files(folder: Path, allowed: Iterable[str]) -> list[str]:
    """Problems for every entry of ``folder`` whose name matches none of the ``allowed`` patterns
    (a writer lock is always allowed)."""
    patterns = [*allowed, LOCK_PATTERN]
    return [
        f"unexpected file {entry.name}"
        for entry in sorted(folder.iterdir())
        if not any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in patterns)
    ]


def lock_files(folder: Path) -> int:
    """How many writer locks lie in ``folder`` (a kill leaves them; the next opener takes over)."""
    return len(list(folder.glob(LOCK_PATTERN)))


def sqlite_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check of a SQLite file, independent of the program."""
    try:
        con = sqlite3.connect(path)
        try:
            integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return [f"{path.name}: not a readable SQLite database ({exc})"]
    problems = [] if integrity == ["ok"] else [f"{path.name}: integrity_check {integrity[:3]}"]
    if broken:
        problems.append(f"{path.name}: {len(broken)} broken references")
    return problems


def wiec_check_problems(path: Path) -> list[str]:
    """``wiec-desktop check --db PATH`` through the command line's own code (in this process,
    which saves a Python start per kill); a problem unless it exits 0. Opening an old database
    migrates it, as the program does."""
    from wiec_desktop.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--db", str(path)])
    except Exception as exc:  # a traceback is a failure of its own
        return [f"check: {type(exc).__name__}: {exc}"]
    if code == 0:
        return []
    lines = (err.getvalue() + out.getvalue()).strip().splitlines()
    return [f"check exit {code}: {' / '.join(lines[-4:])}"]


def database_problems(path: Path) -> list[str]:
    """The database file's own integrity first (as the kill left it), then the program's check."""
    return sqlite_problems(path) or wiec_check_problems(path)


def databases_under(folder: Path) -> list[str]:
    """Problems of every SQLite file under ``folder`` with a final name (not hidden), such as the
    backups a window makes in its user-data folder: each must be whole."""
    problems: list[str] = []
    for path in sorted(folder.rglob("*.sqlite")):
        if not path.name.startswith("."):
            problems += sqlite_problems(path)
    return problems


def document_problems(path: Path) -> list[str]:
    """A problem unless the .docx opens with python-docx or the .xlsx with openpyxl."""
    try:
        if path.suffix == ".docx":
            import docx

            docx.Document(str(path))
        elif path.suffix == ".xlsx":
            import openpyxl

            openpyxl.load_workbook(path).close()
        else:
            raise ValueError(f"unknown kind of file {path.suffix}")
    except Exception as exc:
        return [f"{path.name} does not open ({type(exc).__name__}: {exc})"]
    return []


def table_counts(path: Path) -> dict[str, int]:
    """The number of rows in every table of a SQLite file (alembic_version included)."""
    con = sqlite3.connect(path)
    try:
        names = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        con.close()


Schema = set[tuple[str, str, tuple[str, ...]]]


def schema(path: Path) -> Schema:
    """Every table, index, view and trigger of a SQLite file with the clauses of its SQL, sorted:
    Alembic's batch migrations write a table's constraints in an order that differs per process."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        con.close()
    return {
        (
            kind,
            name,
            tuple(
                sorted(" ".join(part.split()) for part in (sql or "").rstrip().removesuffix(")").split(","))
            ),
        )
        for kind, name, sql in rows
    }


def revision(path: Path) -> str | None:
    """The Alembic revision recorded in a SQLite file."""
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


@dataclass
class Figures:
    """What one scenario did: its T, the kills and where they landed, and what went wrong."""

    scenario: str
    seed: int
    measured_s: float = 0.0
    kills: int = 0
    alive: int = 0  # the child was still running when the kill came
    in_work: int = 0  # ... and had visibly begun its work (see each scenario)
    failures: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0  # the whole scenario, wall clock
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.seed}/{self.scenario}")  # the same moments on a replay

    def moment(self, measured: float) -> float:
        """A kill moment drawn uniformly from [0, T]."""
        return self.rng.uniform(0.0, measured)

    def record(self, index: int, run: Run, in_work: bool, problems: Sequence[str], folder: Path) -> None:
        """Count one kill; its problems become failures that name the kill, its moment and the
        folder it left (kept for a look; the folder of a kill without problems is removed)."""
        self.kills += 1
        self.alive += run.alive
        self.in_work += run.alive and in_work
        if "Traceback" in run.stderr:
            problems = [*problems, f"the child failed before the kill: {run.stderr.strip()[-300:]}"]
        if not run.alive and run.returncode != 0:
            problems = [*problems, f"ended by itself with exit {run.returncode}: {run.stderr.strip()[-300:]}"]
        for problem in problems:
            self.failures.append(f"kill {index} at {run.delay:.2f} s: {problem} ({folder})")
        if not problems:
            shutil.rmtree(folder, ignore_errors=True)

    def report(self) -> str:
        """The failures, with how to replay them, for the assertion message."""
        head = f"{self.scenario}: {len(self.failures)} problems (replay with --fault-seed {self.seed})"
        return "\n".join([head, *self.failures])

    def row(self) -> str:
        """One row of the summary table."""
        notes = ", ".join(f"{name}: {count}" for name, count in sorted(self.notes.items())) or "-"
        return (
            f"| {self.scenario} | {self.kills} | {self.alive} | {self.in_work} | {len(self.failures)} "
            f"| {self.measured_s:.1f} | {self.seconds:.0f} | {notes} |"
        )


TABLE_HEAD = (
    "| scenario | kills | alive at kill | during work | failures | T (s) | took (s) | notes |",
    "|---|---|---|---|---|---|---|---|",
)
