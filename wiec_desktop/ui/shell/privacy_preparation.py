"""Getting the privacy filter ready at start, off the UI thread, so that no export ever waits for
deduce's lookup tables.

When the tables are not built yet (the first start after an install that did not build them) the
status bar shows "Privacyfilter voorbereiden… 40%" while they are built (about 90 s); when they
are, the cache is loaded quietly (a few seconds) so the first export finds them in memory.

A plain daemon thread, not the shared pool of ui/common/background.py: closing the window must not
wait for a build (the cache is written atomically, so a build cut short leaves nothing half done;
the next start builds again).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from wiec_desktop.services.privacy.deidentify import lookup_ready, prepare_lookup

log = logging.getLogger(__name__)

READY_MESSAGE_MS = 5_000
Prepare = Callable[[Callable[[int, int], None] | None], None]


class PrivacyPreparation(QObject):
    """Prepares the filter on a thread and shows its progress in ``status_bar`` (only when the
    tables are built, not when a built cache is loaded)."""

    progressed = Signal(int, int)
    finished = Signal()
    failed = Signal(str)

    def __init__(self, status_bar: QStatusBar, prepare: Prepare = prepare_lookup) -> None:
        super().__init__(status_bar)
        self.status_bar = status_bar
        self._prepare = prepare
        self.label = QLabel(status_bar)
        self.label.setObjectName("privacyPreparation")
        self.label.hide()
        self.progressed.connect(self._show_progress)
        self.finished.connect(self._done)
        self.failed.connect(self._failed)
        self.thread: threading.Thread | None = None
        self.building = False

    def start(self, *, building: bool | None = None) -> None:
        """Start the work; ``building`` (default: the tables are not ready) shows the progress."""
        self.building = not lookup_ready() if building is None else building
        if self.building:
            self.status_bar.addPermanentWidget(self.label)
            self._show_progress(0, 0)
        self.thread = threading.Thread(target=self._run, name="privacy-preparation", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self._prepare(lambda done, total: self._emit(self.progressed, done, total))
        except Exception as exc:  # shown in the status bar; the export says "nog voorbereid"
            log.warning("Privacyfilter niet voorbereid: %s", type(exc).__name__)
            self._emit(self.failed, type(exc).__name__)
        else:
            self._emit(self.finished)

    def _emit(self, signal: Signal, *args: object) -> None:
        """Emit from the worker thread (queued to the UI thread), unless the window is gone."""
        if shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError):
                signal.emit(*args)  # type: ignore[attr-defined]

    def _show_progress(self, done: int, total: int) -> None:
        if not self.building and total > 1 and done < total:  # a damaged cache turned out to need a build
            self.building = True
            self.status_bar.addPermanentWidget(self.label)
        if not self.building:
            return
        percent = 100 * done // total if total else 0
        self.label.setText(self.tr("Privacyfilter voorbereiden… %1%").replace("%1", str(percent)))
        self.label.show()

    def _done(self) -> None:
        if self.building:
            self._remove_label()
            self.status_bar.showMessage(self.tr("De privacyfilter is klaar."), READY_MESSAGE_MS)

    def _failed(self, reason: str) -> None:
        self._remove_label()
        self.status_bar.showMessage(
            self.tr("De privacyfilter kon niet worden voorbereid; een export voor beleid kan daardoor niet.")
        )

    def _remove_label(self) -> None:
        if self.building:
            self.building = False
            self.label.hide()
            self.status_bar.removeWidget(self.label)


def start_privacy_preparation(status_bar: QStatusBar) -> PrivacyPreparation:
    """The hook for the start of the window: prepare the privacy filter in the background."""
    preparation = PrivacyPreparation(status_bar)
    preparation.start()
    return preparation


__all__ = ["PrivacyPreparation", "start_privacy_preparation"]
