"""The Herstellen… dialog and the Back-ups tab fit a laptop screen and a large one at 150 %: rendered
in a child process on an offscreen screen of that size, nothing cut off (tests.ui.layout_check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.backups import render


@pytest.mark.parametrize(("size", "scale"), [("1280x720", "1"), ("1920x1080", "1.5")])
def test_the_restore_dialog_fits(tmp_path: Path, size: str, scale: str) -> None:
    assert render.main(["render", str(tmp_path), size, scale]) == 0
    assert (tmp_path / "dialog_restore.png").stat().st_size > 0
    assert (tmp_path / "dialog_settings_backups.png").stat().st_size > 0
