"""Every page and dialog fits a chair's laptop screen: rendered offscreen at 1280×720 and 1366×768
at 100 % and at 1920×1080 at 150 %, nothing is cut off or scrolls sideways (see
``layout_check.problems``). The pictures stay in the test's folder to look at."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "scale"), [("1280x720", "1"), ("1366x768", "1"), ("1920x1080", "1.5")], ids=str
)
def test_every_page_and_dialog_fits_the_screen(tmp_path: Path, size: str, scale: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.gallery", str(tmp_path / "pictures"), size, scale],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout == "", done.stdout  # one line per thing that does not fit
    assert done.returncode == 0, done.stderr[-3000:]
    pictures = sorted(p.name for p in (tmp_path / "pictures").glob("*.png"))
    assert "page_signals_tab2.png" in pictures  # the doorstep form
    assert "meeting_mode.png" in pictures
    assert len([p for p in pictures if p.startswith("dialog_")]) >= 27
