"""The large database the benchmarks run on: S2's five-year district when the program has it
(``wiec-desktop demo --size large``), else ``lists_benchmark.build`` (cases, organisations,
involvements and actions only; the other lists are then nearly empty, which the table says).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILDER_CASES, BUILDER_ORGANISATIONS = 50_000, 1_000


def _demo_large(path: Path, folder: Path) -> tuple[bool, str]:
    """Run ``demo --size large``; (made, what happened)."""
    env = {**os.environ, "WIEC_DESKTOP_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "wiec_desktop", "demo", "--db", str(path), "--size", "large"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if completed.returncode == 0 and path.exists():
        return True, "wiec-desktop demo --size large"
    path.unlink(missing_ok=True)
    last = (completed.stderr.strip().splitlines() or [""])[-1][:160]
    return False, f"demo --size large not available ({last})"


def make_large(path: Path, scale: float, folder: Path) -> str:
    """Build the database at ``path``; returns how it was made."""
    from lists_benchmark import build

    from wiec_desktop.storage.database import open_database

    start = time.perf_counter()
    why = "--scale below 1: the builder, scaled"
    if scale >= 1:
        made, why = _demo_large(path, folder)
        if made:
            print(f"built {path} with {why} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
            return why
        print(f"{why}; falling back to lists_benchmark.build", file=sys.stderr)
    database = open_database(path, create=True)
    try:
        counts = build(
            database, max(200, int(BUILDER_CASES * scale)), max(20, int(BUILDER_ORGANISATIONS * scale))
        )
    finally:
        database.close()
    print(f"built {path} in {time.perf_counter() - start:.0f} s: {counts}", file=sys.stderr)
    return f"lists_benchmark.build ({counts['cases']:,} cases; {why})"
