"""Autosave of the minutes and item timers: never blocks typing, never loses a keystroke.

Every change restarts a short debounce; a second timer, started by the first unsaved change and
not restarted, caps the delay during continuous typing. Either hands the latest values to ONE
background writer thread, which calls ``write(item_id, minutes, elapsed_seconds)`` (the service's
``save_item``). Values carry a sequence number: newer always wins, so coalescing, retries after a
failed write and writes that overtake each other never put older text back. A failed write keeps
the text in memory, shows a red status and is retried. Nothing is written anywhere else (no
temporary files: minutes are sensitive).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from wiec_desktop.ui.common.errors import known_error_text
from wiec_desktop.ui.meeting_mode.common import Clock, to_local, utc_now

log = logging.getLogger(__name__)

DEBOUNCE_MS = 700
MAX_LATENCY_MS = 1500
RETRY_MS = 2000
MINUTES, ELAPSED = "minutes", "elapsed"

Writer = Callable[[int, "str | None", "int | None"], None]


@dataclass
class _Entry:
    """Unsaved values of one item: field → (sequence number, value)."""

    values: dict[str, tuple[int, object]] = field(default_factory=dict)

    def merge(self, other: _Entry) -> None:
        for key, (seq, value) in other.values.items():
            if key not in self.values or self.values[key][0] < seq:
                self.values[key] = (seq, value)


def _merge_into(target: dict[int, _Entry], source: dict[int, _Entry]) -> None:
    for item_id, entry in source.items():
        target.setdefault(item_id, _Entry()).merge(entry)


class Autosaver(QObject):
    """Collects changes on the UI thread and writes them on one background thread."""

    status_changed = Signal(str, bool)  # text, is_error
    _report = Signal(object)  # from the writer thread: error message or None

    def __init__(
        self,
        write: Writer,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        max_latency_ms: int = MAX_LATENCY_MS,
        retry_ms: int = RETRY_MS,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(parent)
        self._write = write
        self._clock = clock
        self._seq = itertools.count(1)
        self._pending: dict[int, _Entry] = {}  # UI thread only
        self._cond = threading.Condition()
        self._outbox: dict[int, _Entry] = {}  # guarded by _cond
        self._failed: dict[int, _Entry] = {}  # guarded by _cond
        self._written: dict[tuple[int, str], int] = {}  # guarded by _cond: newest seq stored
        self._writing = False
        self._stopping = False
        self.last_error: str | None = None
        self.last_saved_text = ""
        self._last_status: tuple[str, bool] = ("", False)
        self._debounce = self._single_shot(debounce_ms)
        self._deadline = self._single_shot(max_latency_ms)
        self._retry = self._single_shot(retry_ms)
        self._report.connect(self._on_report, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="wiec-autosave", daemon=True)
        self._thread.start()

    def _single_shot(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self._dispatch)
        return timer

    # --- UI thread ---------------------------------------------------------------------------

    def set_minutes(self, item_id: int, text: str) -> None:
        """The minutes of ``item_id`` changed (call on every keystroke; cheap)."""
        self._put(item_id, MINUTES, text)
        self._debounce.start()  # restarts
        if not self._deadline.isActive():
            self._deadline.start()  # not restarted: caps the delay while typing on

    def set_elapsed(self, item_id: int, seconds: int) -> None:
        """The item timer; written with the next batch, at the latest after the debounce."""
        self._put(item_id, ELAPSED, int(seconds))
        if not self._debounce.isActive():
            self._debounce.start()

    def _put(self, item_id: int, key: str, value: object) -> None:
        entry = self._pending.setdefault(item_id, _Entry())
        entry.values[key] = (next(self._seq), value)
        if key == MINUTES and not self.last_error:
            self._status(self.tr("Niet opgeslagen wijzigingen…"), False)

    def unsaved_minutes(self, item_id: int) -> str | None:
        """Minutes of ``item_id`` not yet stored (after a failed write), else None."""
        with self._cond:
            sources = (self._pending, self._outbox, self._failed)
            values = [
                s[item_id].values[MINUTES] for s in sources if item_id in s and MINUTES in s[item_id].values
            ]
        return str(max(values, key=lambda value: value[0])[1]) if values else None

    def has_pending(self) -> bool:
        with self._cond:
            return bool(self._pending or self._outbox or self._failed or self._writing)

    def _dispatch(self) -> None:
        """Hand everything pending to the writer thread (never waits for it)."""
        self._debounce.stop()
        self._deadline.stop()
        self._retry.stop()
        self._harvest_failures()
        if not self._pending:
            return
        with self._cond:
            _merge_into(self._outbox, self._pending)
            self._cond.notify_all()
        self._pending = {}
        if not self.last_error:
            self._status(self.tr("Opslaan…"), False)

    def flush(self, timeout: float = 15.0) -> bool:
        """Write everything pending now and wait for the writer; False if something failed
        (the text is kept and retried)."""
        self._dispatch()
        with self._cond:
            self._cond.wait_for(lambda: not self._outbox and not self._writing, timeout)
            done = not self._outbox and not self._writing
        failed = self._harvest_failures()
        if failed or not done:
            if self._pending:
                self._retry.start()
            return False
        self._show_saved()
        return True

    def shutdown(self) -> bool:
        """Flush, then stop the writer thread. Safe to call twice."""
        if not self._thread.is_alive():
            return not self._pending
        ok = self.flush()
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout=15.0)
        for timer in (self._debounce, self._deadline, self._retry):
            timer.stop()
        return ok

    def _harvest_failures(self) -> bool:
        """Failed values go back to pending (newer pending values win); True if there were any."""
        with self._cond:
            failed, self._failed = self._failed, {}
        if failed:
            pending, self._pending = self._pending, {}
            _merge_into(self._pending, failed)
            _merge_into(self._pending, pending)
        return bool(failed)

    def _on_report(self, message: object) -> None:
        if message is not None:
            self.last_error = str(message)
            self._harvest_failures()
            self._status(
                self.tr("Opslaan mislukt: {message} De tekst blijft bewaard; nieuwe poging…").format(
                    message=message
                ),
                True,
            )
            self._retry.start()
            return
        if not self.has_pending():
            self._show_saved()

    def _status(self, text: str, is_error: bool) -> None:
        """Tell the window, only when the status changes (not on every keystroke)."""
        if (text, is_error) != self._last_status:
            self._last_status = (text, is_error)
            self.status_changed.emit(text, is_error)

    def _show_saved(self) -> None:
        self.last_error = None
        self.last_saved_text = self.tr("Opgeslagen {time}").format(
            time=to_local(self._clock()).strftime("%H:%M:%S")
        )
        self._status(self.last_saved_text, False)

    # --- writer thread -----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._outbox or self._stopping)
                if not self._outbox and self._stopping:
                    return
                batch, self._outbox = self._outbox, {}
                self._writing = True
            error = self._write_batch(batch)
            with self._cond:
                self._writing = False
                self._cond.notify_all()
            self._report.emit(error)

    def _write_batch(self, batch: dict[int, _Entry]) -> str | None:
        """Write each item's newest values; failures are kept in ``_failed``. Returns an error."""
        error: str | None = None
        for item_id, entry in batch.items():
            with self._cond:  # drop values an earlier, newer write already stored
                fresh = {
                    key: (seq, value)
                    for key, (seq, value) in entry.values.items()
                    if seq > self._written.get((item_id, key), 0)
                }
            if not fresh:
                continue
            minutes = fresh.get(MINUTES, (0, None))[1]
            elapsed = fresh.get(ELAPSED, (0, None))[1]
            try:
                self._write(item_id, minutes, elapsed)  # type: ignore[arg-type]
            except Exception as exc:
                log.warning("autosave of an agenda item failed (%s)", type(exc).__name__)
                error = known_error_text(exc) or "Onbekende fout bij het opslaan."
                with self._cond:
                    self._failed.setdefault(item_id, _Entry()).merge(_Entry(fresh))
                continue
            with self._cond:
                for key, (seq, _value) in fresh.items():
                    if seq > self._written.get((item_id, key), 0):
                        self._written[(item_id, key)] = seq
        return error
