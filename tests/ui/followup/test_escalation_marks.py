"""The escalation marks in the windows (issue 15): meeting mode's action review, the agenda
suggestions, and the two thresholds in the assignment editor — typed as the chair types them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.services.followup.escalation_world import LATE_REASON, MADE, TODAY, make_world
from wiec_desktop.domain.enums import ActionStatus, MeetingKind
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.agenda.suggestions import SuggestionsPanel
from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.action_list import ESCALATION_MARK
from wiec_desktop.ui.meeting_mode.common import RED
from wiec_desktop.ui.meeting_mode.review_panel import ActionReviewPanel
from wiec_desktop.ui.settings.preferences import Settings

ATTENTION = "Aandacht van management nodig"


@pytest.fixture
def world(db: Database) -> Iterator[dict[str, Any]]:
    data = make_world(db)
    clock, actions = data["clock"], data["services"].actions
    clock.day = MADE  # a fourth action whose deadline moved once
    once = actions.create_action("Speeltuin repareren", data["owner"], due_date=MADE + timedelta(days=10))
    clock.day = MADE + timedelta(days=30)
    actions.record_update(once.id, ActionStatus.IN_PROGRESS, new_due_date=TODAY + timedelta(days=5))
    clock.day = TODAY
    data["meeting"] = data["services"].agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Casusoverleg", TODAY, time(9), time(11), assignment_id=data["assignment"],
        start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    yield {**data, "once": once.id}


def _row_of(panel: ActionReviewPanel, action_id: int) -> int:
    return next(n for n, row in enumerate(panel.actions.model.rows) if row.id == action_id)


def test_the_action_review_marks_what_slips_and_a_second_new_deadline_escalates(
    qtbot, world: dict[str, Any]
) -> None:
    run, meeting = world["services"].meeting_run, world["meeting"]

    def record(action_id: int, status: ActionStatus, note: str, due: date | None) -> Any:
        return run.update_action(meeting, action_id, status, note=note, new_due_date=due)

    panel = ActionReviewPanel(record, lambda: TODAY + timedelta(days=14))
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    panel.show_actions(run.review_actions(meeting))
    model = panel.actions.model
    # first the action six weeks overdue (earliest deadline): the card says why it needs attention
    assert panel.actions.current_action().id == world["late"]
    assert f"{ATTENTION}:</b> {LATE_REASON}" in panel.card_text.text()
    late = model.index(_row_of(panel, world["late"]), 0)
    assert model.data(late) == f"{ESCALATION_MARK} A-2026-002"
    assert model.data(late, Qt.ItemDataRole.ForegroundRole).color().name() == RED
    assert f"{ATTENTION}: {LATE_REASON}" in model.data(late, Qt.ItemDataRole.ToolTipRole)
    fine = model.index(_row_of(panel, world["fine"]), 0)
    assert model.data(fine) == "A-2026-003"

    # the action moved once gets a new deadline at this meeting: now it is moved twice
    panel.actions.select(_row_of(panel, world["once"]))
    assert ATTENTION not in panel.card_text.text()
    view = panel.actions.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N)
    bar = panel.actions.bar
    assert bar.isVisible() and not bar.due_edit.isHidden()
    qtbot.keyClicks(bar.due_edit, "01-12-2026")
    qtbot.keyClick(bar.due_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(bar.note, "Aannemer later")
    qtbot.keyClick(bar.note, Qt.Key.Key_Return)
    once = _row_of(panel, world["once"])
    assert model.rows[once].due_date == date(2026, 12, 1)
    assert model.rows[once].escalation == "Deadline 2× verschoven"
    assert model.data(model.index(once, 0)).startswith(ESCALATION_MARK)
    assert panel.actions.current_row() == once + 1  # the review moved on …
    qtbot.keyClick(view, Qt.Key.Key_Up)  # … and back: the card shows the new mark
    assert f"{ATTENTION}:</b> Deadline 2× verschoven" in panel.card_text.text()


def test_the_agenda_suggestion_is_marked(qtbot, world: dict[str, Any]) -> None:
    services = world["services"]
    meeting = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Volgend overleg", TODAY + timedelta(days=14), time(9), time(11),
        assignment_id=world["assignment"], start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    panel = SuggestionsPanel(services.agenda, meeting)
    qtbot.addWidget(panel)
    panel.reload()
    index = panel.model.index(0, 0)
    text = panel.model.data(index)
    assert text.startswith(f"2026-001 Overlast portiek\n{ESCALATION_MARK} ")
    assert "2 acties vragen aandacht van management" in text
    assert panel.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert "Acties die aandacht van management vragen" in panel.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_the_thresholds_in_the_assignment_editor(qtbot, world: dict[str, Any]) -> None:
    context = AppContext(world["db"], world["services"], Settings())
    dialog = AssignmentDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert (dialog.moves_edit.text(), dialog.weeks_edit.text()) == ("2", "4")
    dialog.moves_edit.clear()
    qtbot.keyClicks(dialog.moves_edit, "3")
    dialog.weeks_edit.clear()
    qtbot.keyClicks(dialog.weeks_edit, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("escalate_after_weeks") == (
        "Het aantal weken over de deadline moet een heel getal van 1 tot en met 52 zijn."
    )
    assert dialog.focusWidget() is dialog.weeks_edit
    assert context.services.assignments.get(world["assignment"]).escalate_after_moves == 2  # not saved
    dialog.weeks_edit.clear()
    qtbot.keyClicks(dialog.weeks_edit, "8")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("escalate_after_weeks") == ""
    saved = context.services.assignments.get(world["assignment"])
    assert (saved.escalate_after_moves, saved.escalate_after_weeks) == (3, 8)
    # the marks follow: the action six weeks overdue is no longer escalated, the one moved 3× still is
    rows = {row.id: row.escalation for row in context.services.meeting_run.review_actions(world["meeting"])}
    assert rows[world["late"]] == "" and rows[world["moved"]] == "Deadline 3× verschoven"
    dialog.new_assignment(confirm=False)  # a new assignment starts from the defaults
    assert (dialog.moves_edit.text(), dialog.weeks_edit.text()) == ("2", "4")


def test_the_acties_page_marks_and_filters_them(qtbot, world: dict[str, Any]) -> None:
    from wiec_desktop.ui.actions.page import ActionsPage

    context = AppContext(world["db"], world["services"], Settings())
    page = ActionsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    listing = page.page
    qtbot.waitUntil(lambda: listing.model.loaded)
    assert listing.model.total == 4  # the open ones
    numbers = {listing.model.index(row, 0).data() for row in range(listing.model.rowCount())}
    assert numbers == {
        f"{ESCALATION_MARK} A-2026-001",
        f"{ESCALATION_MARK} A-2026-002",
        "A-2026-003",
        "A-2026-004",
    }
    button = listing.quick_filter("escalated")
    assert button.text() == "⚑ Aandacht"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.model.loaded and listing.model.total == 2)
    numbers = {listing.model.index(row, 0).data() for row in range(listing.model.rowCount())}
    assert numbers == {f"{ESCALATION_MARK} A-2026-001", f"{ESCALATION_MARK} A-2026-002"}
