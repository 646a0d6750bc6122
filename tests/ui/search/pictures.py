"""The main window with the search popup open, on the demo database, as pictures to look at:

    .venv/bin/python -m tests.ui.search.pictures OUT_DIR [WIDTHxHEIGHT] [SCALE]

writes ``search_<query>.png`` for a few typical searches (and the recent searches) on an offscreen
screen of that size and scale (see ``tests/ui/gallery.py``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

QUERIES = ("jonger", "bergingen", "scooter", "xyzzy")


def render(out: Path, today: date) -> None:
    import shutil
    import tempfile

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from wiec_desktop.services.demo_data import build_demo
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "demo.sqlite", create=True)
    build_demo(database.session_factory, today=today)
    context = AppContext.create(database, today=lambda: today)
    context.services.search.remember("bergingen")
    context.services.search.remember("jongerenwerk Ruinenlaan")
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(context)
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.showMaximized()
    window.show_section(1)
    app.processEvents()
    search = window.window_search

    def settle() -> None:
        for _ in range(50):
            app.processEvents()
            search.runner.wait(1000)
        app.processEvents()

    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    settle()
    window.grab().save(str(out / "search_recent.png"))
    for query in QUERIES:
        search.box.setText(query)
        search.search_now()
        settle()
        QTest.keyClick(search.box, Qt.Key.Key_Down)
        QTest.keyClick(search.box, Qt.Key.Key_Down)
        app.processEvents()
        window.grab().save(str(out / f"search_{query}.png"))
        print(query, "popup", search.popup.geometry().getRect(), "window", window.size().toTuple())
    window.close()
    database.close()
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    import os
    import subprocess
    import tempfile

    from tests.ui.gallery import screen_environment

    target = Path(argv[1])
    width, height = (int(n) for n in (argv[2] if len(argv) > 2 else "1280x720").split("x"))
    scale = float(argv[3]) if len(argv) > 3 else 1.0
    if os.environ.get("WIEC_GALLERY_CHILD"):
        render(target, date(2026, 11, 10))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        environment = screen_environment((width, height), scale, Path(folder))
        environment["WIEC_GALLERY_CHILD"] = "1"
        command = [sys.executable, "-m", "tests.ui.search.pictures", *argv[1:]]
        return subprocess.run(command, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
