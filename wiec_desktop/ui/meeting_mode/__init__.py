"""Meeting mode: the chair's view during a meeting (issue 4).

``open_meeting_mode`` starts (or resumes) the meeting and shows its window: maximised the first
time, then as it was left on the same screen. A meeting that is held or cancelled makes ``start``
raise ``ValidationError``; the caller shows its message.

Never two writers on the same minutes: a meeting that already has its meeting-mode window in this
process gets that window raised instead of a second one, and a database opened read-only (another
instance writes to it) refuses meeting mode with ``DatabaseReadOnly`` before anything is written.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget

from wiec_desktop.storage.errors import DatabaseReadOnly
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.window import MeetingModeWindow

__all__ = ["MeetingModeWindow", "open_meeting_mode", "open_window_of"]

CONTEXT = "MeetingMode"
IN_USE_REFUSAL = QT_TRANSLATE_NOOP(
    CONTEXT,
    "Deze database is alleen-lezen geopend, omdat een ander venster erin werkt. De vergadermodus "
    "bewaart alles wat u typt meteen; start hem in het venster dat de database heeft geopend.",
)
UNWRITABLE_REFUSAL = QT_TRANSLATE_NOOP(
    CONTEXT,
    "Deze database is alleen-lezen: {reason}. De vergadermodus bewaart alles wat u typt meteen en kan "
    "hier dus niet starten. Kopieer de database naar een map waarin u mag schrijven en open die.",
)


def refusal_text(context: AppContext) -> str:
    """Why meeting mode does not start on this read-only database."""
    reason = context.database.read_only_reason
    if reason is None:
        return QCoreApplication.translate(CONTEXT, IN_USE_REFUSAL)
    return QCoreApplication.translate(CONTEXT, UNWRITABLE_REFUSAL).format(reason=reason)


def open_meeting_mode(
    context: AppContext, meeting_id: int, parent: QWidget | None = None
) -> MeetingModeWindow:
    """Start or resume meeting ``meeting_id`` (at its current item) and show its window; the
    meeting's window already open is raised and returned instead."""
    existing = open_window_of(context, meeting_id)
    if existing is not None:
        existing.setWindowState(existing.windowState() & ~Qt.WindowState.WindowMinimized)
        existing.raise_()
        existing.activateWindow()
        return existing
    if context.database.read_only:
        raise DatabaseReadOnly(refusal_text(context))
    state = context.services.meeting_run.start(meeting_id)
    window = MeetingModeWindow(context, state, parent)
    window.delete_when_closed = True  # callers listen to ``destroyed``
    window.show_with_layout()
    window.activateWindow()
    return window


def open_window_of(context: AppContext, meeting_id: int) -> MeetingModeWindow | None:
    """The visible meeting-mode window of ``meeting_id`` on the same database, if there is one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    for widget in app.topLevelWidgets():
        if (
            isinstance(widget, MeetingModeWindow)
            and widget.isVisible()
            and widget.meeting_id == meeting_id
            and widget.context.database.location == context.database.location
        ):
            return widget
    return None
