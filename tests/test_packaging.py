"""An installed wheel carries resources/ and the migrations, and finds them outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from wiec_desktop.resources import resource_path, resources_root
from wiec_desktop.storage.migrate import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[1]


def test_resources_found_from_the_source_tree() -> None:
    assert resources_root() == ROOT / "resources"
    assert resource_path("icons", "wiec.svg").is_file()
    with pytest.raises(FileNotFoundError):
        resource_path("icons", "bestaat-niet.svg")


@pytest.mark.slow
def test_wheel_contains_resources_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("wiec_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "wiec_desktop/_resources/icons/wiec.svg" in names
    assert "wiec_desktop/_resources/demo/wateringseveld.json" in names
    assert "wiec_desktop/_resources/templates/verslag-sjabloon.docx" in names
    assert "wiec_desktop/_resources/translations/qt_extra_nl.qm" in names
    assert "wiec_desktop/storage/migrations/env.py" in names
    assert "wiec_desktop/storage/migrations/script.py.mako" in names
    assert any(n.startswith("wiec_desktop/storage/migrations/versions/0001_") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = (
        "import wiec_desktop.resources as r, wiec_desktop.storage.migrate as m;"
        "print(r.resource_path('demo', 'wateringseveld.json'));print(m.script_head())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.splitlines()
    assert out[0].startswith(str(target)) and out[1] == SCHEMA_HEAD
