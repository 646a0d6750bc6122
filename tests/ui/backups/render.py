"""The Herstellen… dialog (with a realistic list: daily backups, one kept before a restore, one that
cannot be read) and the Back-ups tab of Instellingen, rendered on an offscreen screen to look at:

    .venv/bin/python -m tests.ui.backups.render OUT_DIR [WIDTHxHEIGHT] [SCALE]

prints what does not fit (``tests.ui.layout_check``), exit status 1 when anything does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.ui.gallery import screen_environment

TODAY = date(2026, 11, 10)


def render(out: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from tests.ui.layout_check import problems
    from wiec_desktop.services.demo_data import build_demo
    from wiec_desktop.storage import backups
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.storage.paths import default_backup_dir
    from wiec_desktop.ui.common.background import SynchronousRunner
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.settings.settings_dialog import SettingsDialog
    from wiec_desktop.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "wijk-wateringseveld.sqlite", create=True)
    build_demo(database.session_factory, today=TODAY)
    made = datetime(2026, 11, 10, 17, 45)
    target = default_backup_dir()
    for day in reversed(range(30)):  # a month of daily backups, rotated as they were made
        backups.back_up_and_rotate(database, None, target, made - timedelta(days=day))
    backups.make_backup(database, target, made - timedelta(hours=2), aside=True)
    unreadable = target / backups.backup_name(database.location.path, made - timedelta(days=3, hours=4))
    unreadable.write_bytes(b"\0" * 40_000)
    context = AppContext.create(database, today=lambda: TODAY)
    window = MainWindow(context)
    window.backups.use_runner(SynchronousRunner())
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.showMaximized()
    app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    dialog = window.backups.show_restore()
    assert dialog is not None
    app.processEvents()
    dialog.grab().save(str(out / "dialog_restore.png"))
    found += [f"restore: {p}" for p in problems(dialog)]
    dialog.reject()
    settings = SettingsDialog(context, window)
    settings.show()
    settings.tabs.setCurrentIndex(2)
    app.processEvents()
    settings.grab().save(str(out / "dialog_settings_backups.png"))
    found += [f"settings_backups: {p}" for p in problems(settings)]
    settings.close()
    window.close()
    database.close()
    shutil.rmtree(folder, ignore_errors=True)
    return found


def main(argv: list[str]) -> int:
    target = Path(argv[1])
    width, height = (int(n) for n in (argv[2] if len(argv) > 2 else "1280x720").split("x"))
    scale = float(argv[3]) if len(argv) > 3 else 1.0
    if os.environ.get("WIEC_BACKUP_RENDER_CHILD"):
        found = render(target)
        for line in found:
            print(line)
        return 1 if found else 0
    with tempfile.TemporaryDirectory() as folder:
        environment = screen_environment((width, height), scale, Path(folder))
        environment["WIEC_BACKUP_RENDER_CHILD"] = "1"
        done = subprocess.run([sys.executable, "-m", "tests.ui.backups.render", *argv[1:]], env=environment)
        return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
