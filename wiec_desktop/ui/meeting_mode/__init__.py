"""Meeting mode: the chair's view during a meeting (issue 4).

``open_meeting_mode`` starts (or resumes) the meeting and shows its window: maximised the first
time, then as it was left on the same screen. A meeting that is held or cancelled makes ``start``
raise ``ValidationError``; the caller shows its message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.window import MeetingModeWindow

__all__ = ["MeetingModeWindow", "open_meeting_mode"]


def open_meeting_mode(
    context: AppContext, meeting_id: int, parent: QWidget | None = None
) -> MeetingModeWindow:
    """Start or resume meeting ``meeting_id`` (at its current item) and show its window."""
    state = context.services.meeting_run.start(meeting_id)
    window = MeetingModeWindow(context, state, parent)
    window.delete_when_closed = True  # callers listen to ``destroyed``
    window.show_with_layout()
    window.activateWindow()
    return window
