"""Run by tests/test_crash_recovery.py in its own process: open the app on a database, start meeting
mode and type into the current item's minutes, one character at a time, until the parent kills us.

Each typed character is reported on stdout as ``<unix time> <characters typed so far>`` so that the
parent knows what had been typed how long before the kill.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from wiec_desktop.storage.database import open_database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.shell.app import application
from wiec_desktop.ui.shell.main_window import MainWindow

KEY_INTERVAL_MS = 40


def main(db_path: str, meeting_id: int, text: str) -> int:
    app = application()
    window = MainWindow(AppContext.create(open_database(db_path)))
    window.show()
    meeting_window = window.open_meeting_mode(meeting_id)
    editor = meeting_window.minutes_editor  # type: ignore[attr-defined]
    editor.setFocus()
    position = 0

    def type_next() -> None:
        nonlocal position
        if position >= len(text):
            timer.stop()
            print("DONE", flush=True)
            return
        QTest.keyClicks(editor, text[position])
        position += 1
        print(f"{time.time():.3f} {position}", flush=True)

    timer = QTimer()
    timer.setInterval(KEY_INTERVAL_MS)
    timer.timeout.connect(type_next)
    timer.start()
    print("READY", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
