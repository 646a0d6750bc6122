"""Issue 15: the agenda editor warns next to the total when the timeboxes run past the planned end,
and the warning goes as soon as the timeboxes are corrected. Typed into the item dialog by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.agenda.editor import AgendaDialog, AgendaEditor
from wiec_desktop.ui.agenda.item_dialog import AgendaItemDialog
from wiec_desktop.ui.agenda.model import TITLE
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def meeting_id(demo_db: Database) -> int:
    """The next planned meeting, 14:00–16:00, with timeboxes that fill exactly those two hours."""
    with demo_db.session_factory.begin() as session:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.date >= DEMO_TODAY)
            .order_by(Meeting.date, Meeting.start_time)
        ).first()
        assert meeting is not None and len(meeting.agenda_items) > 2
        meeting.start_time, meeting.planned_end_time = time(14, 0), time(16, 0)
        items = sorted(meeting.agenda_items, key=lambda i: i.position)
        for item in items:
            item.timebox_minutes = 5
        items[-1].timebox_minutes = 120 - 5 * (len(items) - 1)
        return meeting.id


@pytest.fixture
def editor(qtbot, demo_db: Database, meeting_id: int) -> Iterator[AgendaEditor]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    dialog = AgendaDialog(context, meeting_id)
    qtbot.addWidget(dialog)
    dialog.resize(1280, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog.editor


def type_timebox(qtbot, editor: AgendaEditor, row: int, minutes: str) -> None:
    """Select ``row``, Enter opens the item dialog, type the minutes over the old ones, save."""
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(row, TITLE))
    seen: list[AgendaItemDialog] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AgendaItemDialog)
        seen.append(dialog)
        dialog.timebox.setFocus()
        dialog.timebox.selectAll()
        qtbot.keyClicks(dialog.timebox, minutes)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    assert seen, "the item dialog did not open"


def test_an_overrun_is_flagged_and_the_flag_goes_when_corrected(
    qtbot, editor: AgendaEditor, tmp_path: Path
) -> None:
    last = editor.model.rowCount() - 1
    minutes = editor.model.rows[last].timebox_minutes
    assert not editor.overrun_label.isVisible()  # exactly two hours: nothing to say
    assert editor.overrun_label.text() == ""

    type_timebox(qtbot, editor, last, str(minutes + 9))
    assert editor.model.rows[last].timebox_minutes == minutes + 9
    assert editor.overrun_label.isVisible()
    assert editor.overrun_label.text() == "⚠ De agenda loopt 9 minuten uit (16:09, gepland tot 16:00)."
    assert editor.totals_label.text() == "Totaal 129 van 120 minuten"
    editor.window().grab().save(str(tmp_path / "agenda-overrun.png"))

    type_timebox(qtbot, editor, 0, "6")  # one more minute elsewhere
    assert editor.overrun_label.text() == "⚠ De agenda loopt 10 minuten uit (16:10, gepland tot 16:00)."

    type_timebox(qtbot, editor, last, str(minutes - 1))  # corrected: 16:00 exactly
    assert editor.totals_label.text() == "Totaal 120 van 120 minuten"
    assert not editor.overrun_label.isVisible()
    assert editor.overrun_label.text() == ""
    assert "loopt" not in editor.message.text()
