"""``-o`` onto an existing read-only file: refused in one line, the file kept (it was replaced)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from wiec_desktop.cli.main import main


def test_export_onto_a_read_only_file_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "acties.xlsx"
    target.write_bytes(b"kept")
    target.chmod(stat.S_IRUSR)
    try:
        assert main(["export", "actions", "--db", str(demo_path), "-o", str(target)]) == 2
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "alleen-lezen" in err[0]
    assert target.read_bytes() == b"kept"
