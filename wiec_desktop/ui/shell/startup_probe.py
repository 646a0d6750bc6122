"""The start-up probe for ``benchmarks/startup_benchmark.py``: with ``WIEC_STARTUP_PROBE=FILE`` the
program writes, as JSON, the wall-clock times (``time.time()``) at which the main window was first
painted, the database was open and the first page's data was shown, and then closes the window.

Without the variable the probe only keeps the order of those moments in memory (the tests read it:
the window is painted before the database opens).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

PROBE_ENV = "WIEC_STARTUP_PROBE"
WINDOW_PAINTED = "window_painted"
DATABASE_OPEN = "database_open"
FIRST_PAGE_SHOWN = "first_page_shown"
MOMENTS = (WINDOW_PAINTED, DATABASE_OPEN, FIRST_PAGE_SHOWN)


class StartupProbe(QObject):
    """Records when each start-up moment happened; ``paint_marks`` a widget's first paint."""

    def __init__(self, file: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.marks: dict[str, float] = {}
        self._on_paint: dict[QObject, tuple[str, Callable[[], object] | None]] = {}
        self.written = False
        self.window: QWidget | None = None  # closed once the file is written

    @classmethod
    def from_environment(cls) -> StartupProbe:
        """A probe that writes to ``$WIEC_STARTUP_PROBE`` when it is set, else keeps its marks."""
        value = os.environ.get(PROBE_ENV)
        return cls(Path(value) if value else None)

    @property
    def order(self) -> list[str]:
        """The moments seen so far, in the order they happened."""
        return list(self.marks)

    def mark(self, moment: str) -> None:
        """``moment`` happened now (only its first time counts)."""
        self.marks.setdefault(moment, time.time())
        if self.file is not None and not self.written and all(name in self.marks for name in MOMENTS):
            self._write()

    def mark_on_paint(self, widget: QWidget, moment: str, then: Callable[[], object] | None = None) -> None:
        """Mark ``moment`` at ``widget``'s next paint; ``then`` runs on the event loop's next turn."""
        self._on_paint[widget] = (moment, then)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._on_paint:
            moment, then = self._on_paint.pop(watched)
            watched.removeEventFilter(self)
            self.mark(moment)
            if then is not None:
                QTimer.singleShot(0, then)
        return False

    def _write(self) -> None:
        assert self.file is not None
        self.written = True
        self.file.write_text(json.dumps({"marks": self.marks, "order": self.order}), encoding="utf-8")
        if self.window is not None:  # measured: the program ends as when the chair closes it
            QTimer.singleShot(0, self.window.close)
