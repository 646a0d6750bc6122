"""What the start does before the first page's data is shown, seen from a fresh program process:
no configured mappers (0.1 s), no dialogs the chair has not asked for, and PySide6's per-module
import check that does not read every module's source (0.1–0.2 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiec_desktop.ui import qt_import_check

WATCH = """
import json, sys
from wiec_desktop.ui.shell import startup_probe

seen = {}
mark = startup_probe.StartupProbe.mark

def watching(self, moment):
    if moment == startup_probe.FIRST_PAGE_SHOWN and moment not in self.marks:
        from wiec_desktop.domain.base import Base
        feature = sys.modules.get("PySide6.support.feature")
        seen.update(
            mappers_configured=not Base.registry._new_mappers,
            modules=sorted(sys.modules),
            import_check=getattr(getattr(feature, "_mod_uses_pyside", None), "__module__", None),
        )
        with open(sys.argv[1], "w", encoding="utf-8") as handle:
            json.dump(seen, handle)
    mark(self, moment)

startup_probe.StartupProbe.mark = watching
from wiec_desktop.ui.overview import page
page.SYNC_VOLUME = 0  # the charts' figures on a worker, as on a large database
from wiec_desktop.__main__ import main
sys.exit(main(sys.argv[2:]))
"""

NOT_BEFORE_THE_FIRST_PAGE = (
    "wiec_desktop.ui.handover.make_dialog",
    "wiec_desktop.ui.handover.open_dialog",
    "wiec_desktop.services.handover.package",
    "wiec_desktop.ui.backups.restore_dialog",
    "wiec_desktop.services.meetings.minutes_data",
    "openpyxl",
    "docx",
)


@pytest.fixture(scope="module")
def at_the_first_page(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> dict:
    """The program started on a copy of the demo, as the chair starts it, with the charts' figures
    read on a worker thread as on a large database (on a small one they are read at once); its
    state when the first page's data was shown."""
    folder = tmp_path_factory.mktemp("start")
    seen, done = _start(WATCH, folder, demo_template)
    assert seen.exists(), done.stderr[-2000:]
    return json.loads(seen.read_text(encoding="utf-8"))


def _start(script: str, folder: Path, demo_template: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run ``script`` (which starts the program and writes what it saw to ``argv[1]``) in a fresh
    process on a copy of the demo in ``folder``; the file it writes and the finished process."""
    database = folder / "demo.sqlite"
    database.write_bytes(demo_template.read_bytes())
    seen = folder / "seen.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WIEC_DESKTOP_DATA_DIR": str(folder / "data"),
        "WIEC_STARTUP_PROBE": str(folder / "probe.json"),  # the probe closes the window
    }
    command = [sys.executable, "-c", script, str(seen), "--db", str(database)]
    return seen, subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_first_page_needs_no_configured_mappers(at_the_first_page: dict) -> None:
    """The Overzicht's cards, the periodic report's banner and the overdue list's SQL are built on
    tables and table aliases; mapped classes in a statement's columns configure every mapper."""
    assert at_the_first_page["mappers_configured"] is False


def test_no_dialog_is_imported_before_the_chair_asks_for_it(at_the_first_page: dict) -> None:
    modules = set(at_the_first_page["modules"])
    assert sorted(modules & set(NOT_BEFORE_THE_FIRST_PAGE)) == []


def test_pysides_import_check_is_the_cheap_one(at_the_first_page: dict) -> None:
    assert at_the_first_page["import_check"] == qt_import_check.__name__


def test_the_cheap_check_answers_as_pysides_for_this_programs_modules() -> None:
    """PySide6's own check: the word "PySide6" in the module's source."""
    import importlib
    import inspect

    names = [
        "wiec_desktop.ui.shell.app",
        "wiec_desktop.ui.common.list_model",
        "wiec_desktop.ui.overview.page",
        "wiec_desktop.services.reports.dashboard",
        "wiec_desktop.domain.cases",
        "wiec_desktop.storage.database",
        "sqlalchemy.orm",
        "json",
    ]
    for name in names:
        module = importlib.import_module(name)
        assert qt_import_check.uses_pyside(module) is ("PySide6" in inspect.getsource(module)), name


EARLY = """
import gc, json, sys

seen = {}


class Watch:  # sees the first import of PySide6, imports nothing itself
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" and "collector at PySide6" not in seen:
            seen["collector at PySide6"] = gc.isenabled()
        return None


sys.meta_path.insert(0, Watch())
from wiec_desktop.__main__ import main

code = main(sys.argv[2:])
seen["collector at the end"] = gc.isenabled()
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    json.dump(seen, handle)
sys.exit(code)
"""


def test_the_cycle_collector_is_off_from_before_pyside6_until_the_first_page(
    tmp_path: Path, demo_template: Path
) -> None:
    """The entry point switches the collector off before the shell's first import (PySide6's own
    import made many objects and collections too), and the window turns it on again."""
    seen, done = _start(EARLY, tmp_path, demo_template)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(seen.read_text(encoding="utf-8")) == {
        "collector at PySide6": False,
        "collector at the end": True,
    }
