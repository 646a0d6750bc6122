"""Every date field of the program is the Dutch date field, refuses a date that does not exist
(nothing is saved while it shows the message) and leaves a date the chair did not touch as it was."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from sqlalchemy import func, select

from tests.conftest import DEMO_TODAY
from tests.test_layers import PACKAGE, imports, modules
from wiec_desktop.domain.enums import ActionStatus, MeetingStatus
from wiec_desktop.domain.inventory import InventoryRound
from wiec_desktop.domain.inventory import Signal as SignalRecord
from wiec_desktop.domain.meetings import Meeting
from wiec_desktop.services.meetings.views import ActionRow
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.forms import Form
from wiec_desktop.ui.inventory.round_dialog import RoundDialog
from wiec_desktop.ui.inventory.visit_form import VisitForm
from wiec_desktop.ui.meeting_mode.action_list import ActionList
from wiec_desktop.ui.meeting_mode.entry_dialogs import ActionDialog
from wiec_desktop.ui.meetings.meeting_dialog import MeetingDialog
from wiec_desktop.ui.reports.export_requests import PeriodDialog
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.signals.dialogs import NewSignalDialog

IMPOSSIBLE = "31-02-2027"
MESSAGE = "31-02-2027 bestaat niet."


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


def _shown(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _type_over(qtbot, field: DateField, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def _count(database: Database, model: type) -> int:
    with database.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_no_qdateedit_is_left_in_the_window() -> None:
    """QDateEdit's section editing caused the wrong dates; no module of ui/ imports it."""
    found = [
        f"{file.relative_to(PACKAGE.parent)}:{line}"
        for module, file in modules()
        if module.startswith("wiec_desktop.ui")
        for target, line in imports(module, file)
        if target.endswith(".QDateEdit")
    ]
    assert found == []
    forms = (PACKAGE / "ui" / "common" / "forms.py").read_text(encoding="utf-8")
    returned = next(
        node.returns
        for node in ast.walk(ast.parse(forms))
        if isinstance(node, ast.FunctionDef) and node.name == "date_edit"
    )
    assert isinstance(returned, ast.Name) and returned.id == "DateField"


# --- each dialog: the date field, and no saving while it shows an impossible date ------------------


def _planned_meeting(database: Database) -> int:
    with database.session_factory() as session:
        return session.scalars(
            select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()


Case = tuple[Callable[[AppContext, Database], QDialog], list[str], Callable[[QDialog], QPushButton]]


def _meeting(context: AppContext, _db: Database) -> QDialog:
    return MeetingDialog(context)


def _assignment(context: AppContext, _db: Database) -> QDialog:
    return AssignmentDialog(context)


def _round(context: AppContext, _db: Database) -> QDialog:
    return RoundDialog(context.services.house_visits)


def _signal(context: AppContext, _db: Database) -> QDialog:
    return NewSignalDialog(context)


def _period(context: AppContext, _db: Database) -> QDialog:
    return PeriodDialog(context)


def _action(context: AppContext, db: Database) -> QDialog:
    return ActionDialog(context, _planned_meeting(db), None, "Rondvraag", default_due=DEMO_TODAY)


DIALOGS = {
    "meeting": (_meeting, ["date"]),
    "assignment": (_assignment, ["start_date", "end_date"]),
    "round": (_round, ["start", "end"]),
    "signal": (_signal, ["received"]),
    "period": (_period, ["start", "end"]),
    "action": (_action, ["due"]),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_each_dialog_refuses_a_date_that_does_not_exist(
    qtbot, context: AppContext, demo_db: Database, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, attributes = DIALOGS[name]
    dialog = _shown(qtbot, make(context, demo_db))
    fields = dialog.findChildren(DateField)
    assert sorted(id(f) for f in fields) == sorted(id(getattr(dialog, a)) for a in attributes)
    called: list[str] = []
    for attribute in attributes:
        field: DateField = getattr(dialog, attribute)
        before = field.value()
        _type_over(qtbot, field, IMPOSSIBLE)
        assert field.text() == IMPOSSIBLE and field.error_text() == MESSAGE
        form = dialog.findChild(Form)
        assert form is not None
        assert MESSAGE in [label.text() for label in form.errors.values() if label.isVisible()]
        save = dialog.save_button
        monkeypatch.setattr(form, "attempt", _spy(form.attempt, called))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert field.text() == IMPOSSIBLE and field.error_text() == MESSAGE
        field.setDate(before)
        assert field.error_text() == ""
    assert "saved" not in called


def _spy(attempt: Callable, called: list[str]) -> Callable:  # type: ignore[type-arg]
    def spying(action: Callable) -> object:  # type: ignore[type-arg]
        return attempt(lambda: (called.append("saved"), action())[1])

    return spying


def test_the_visit_form_does_not_save_an_impossible_date(qtbot) -> None:
    form = VisitForm([(1, "vervuiling")], lambda: DEMO_TODAY)
    _shown(qtbot, form)
    assert {id(f) for f in form.findChildren(DateField)} == {id(form.visited_on), id(form.consent_on)}
    _type_over(qtbot, form.visited_on, IMPOSSIBLE)
    called: list[str] = []
    assert form.attempt(lambda: called.append("saved")) is None and called == []
    assert form.left.error_text("visited_on") == MESSAGE
    _type_over(qtbot, form.visited_on, "9-11")
    assert form.left.error_text("visited_on") == "" and form.values().visited_on == date(2026, 11, 9)

    form.consent.setFocus()
    qtbot.keyClick(form.consent, Qt.Key.Key_Space)
    assert form.consent.isChecked() and form.consent_on.isEnabled()
    _type_over(qtbot, form.consent_on, "30-2")
    assert form.attempt(lambda: called.append("saved")) is None and called == []
    assert form.right.error_text("consent_on") == "30-02-2026 bestaat niet."
    form.consent.setFocus()
    qtbot.keyClick(form.consent, Qt.Key.Key_Space)  # no consent: the date does not count
    form.attempt(lambda: called.append("saved"))
    assert called == ["saved"]


# --- meeting mode: N for a new deadline, by keyboard ---------------------------------------------


def _row(number: int, due: date) -> ActionRow:
    return ActionRow(
        id=number,
        reference=f"A-{number}",
        description="Sleutels ophalen",
        owner_organisation_id=1,
        owner_organisation="Woonstad",
        owner_contact="",
        case_id=None,
        case_reference=None,
        created_on=DEMO_TODAY - timedelta(days=30),
        due_date=due,
        status=ActionStatus.IN_PROGRESS,
        overdue=False,
    )


def test_n_refuses_31_februari_and_enter_still_confirms(qtbot) -> None:
    """The deadline 31-02-2027 became 28-02-2027 without a message."""
    recorded: list[tuple[int, ActionStatus, str, date | None]] = []

    def record(action_id: int, status: ActionStatus, note: str, due: date | None) -> ActionRow:
        recorded.append((action_id, status, note, due))
        return _row(action_id, due or DEMO_TODAY)

    actions = ActionList(record, lambda: date(2026, 12, 8))
    _shown(qtbot, actions)
    actions.set_rows([_row(1, DEMO_TODAY), _row(2, DEMO_TODAY)])
    actions.view.setFocus()
    qtbot.keyClick(actions.view, Qt.Key.Key_N)
    bar, field = actions.bar, actions.bar.due_edit
    assert bar.isVisible() and field.isVisible() and field.hasFocus()
    assert field.text() == "08-12-2026" and field.selectedText() == "08-12-2026"  # typing replaces it
    qtbot.keyClicks(field, IMPOSSIBLE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.hasFocus() and bar.due_error.isVisible() and bar.due_error.text() == MESSAGE
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "28-02-2027")
    assert not bar.due_error.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter confirms the date: on to the note
    assert bar.note.hasFocus()
    qtbot.keyClicks(bar.note, "Wacht op offerte")
    qtbot.keyClick(bar.note, Qt.Key.Key_Return)
    assert recorded == [(1, ActionStatus.IN_PROGRESS, "Wacht op offerte", date(2027, 2, 28))]
    assert not bar.isVisible()


def test_n_with_an_impossible_date_typed_records_nothing_from_the_note(qtbot) -> None:
    recorded: list[object] = []
    actions = ActionList(lambda *args: recorded.append(args) or None, lambda: date(2026, 12, 8))
    _shown(qtbot, actions)
    actions.set_rows([_row(1, DEMO_TODAY)])
    actions.view.setFocus()
    qtbot.keyClick(actions.view, Qt.Key.Key_N)
    field = actions.bar.due_edit
    qtbot.keyClicks(field, "29-2-2027")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # to the note without Enter
    qtbot.keyClick(actions.bar.note, Qt.Key.Key_Return)
    assert recorded == [] and field.hasFocus() and actions.bar.due_error.text() == "29-02-2027 bestaat niet."
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not actions.bar.isVisible() and recorded == []


# --- opening and saving changes no date -----------------------------------------------------------


def test_opening_and_saving_a_round_keeps_its_dates(qtbot, context: AppContext, demo_db: Database) -> None:
    """The optional end date had its minimum at 01-01-1900 shown as "geen": 31-12-1899 was lost."""
    houses = context.services.house_visits
    round_id = houses.create_round("Archief 1899", date(1899, 3, 1), date(1899, 12, 31))
    dialog = _shown(qtbot, RoundDialog(houses, round_id))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with demo_db.session_factory() as session:
        stored = session.get(InventoryRound, round_id)
        assert (stored.start_date, stored.end_date) == (date(1899, 3, 1), date(1899, 12, 31))

    open_ended = houses.create_round("Doorlopend", date(2026, 9, 1), None)
    dialog = _shown(qtbot, RoundDialog(houses, open_ended))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with demo_db.session_factory() as session:
        assert session.get(InventoryRound, open_ended).end_date is None


def test_opening_and_saving_a_meeting_keeps_its_date(qtbot, context: AppContext, demo_db: Database) -> None:
    meeting_id = _planned_meeting(demo_db)
    for far in (date(2350, 5, 4), date(1899, 1, 2)):
        with demo_db.session_factory.begin() as session:
            session.get(Meeting, meeting_id).date = far
        dialog = _shown(qtbot, MeetingDialog(context, meeting_id))
        assert dialog.date.text() == far.strftime("%d-%m-%Y")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        with demo_db.session_factory() as session:
            assert session.get(Meeting, meeting_id).date == far


def test_opening_and_saving_an_assignment_keeps_its_dates(qtbot, context: AppContext) -> None:
    service = context.services.assignments
    current = service.current()
    assert current is not None
    dialog = _shown(qtbot, AssignmentDialog(context))
    assert dialog.assignment_id == current.id and not dialog.is_dirty()
    assert dialog.save()
    again = service.get(current.id)
    assert (again.start_date, again.end_date) == (current.start_date, current.end_date)


def test_a_new_signal_gets_the_date_typed(qtbot, context: AppContext, demo_db: Database) -> None:
    before = _count(demo_db, SignalRecord)
    dialog = _shown(qtbot, NewSignalDialog(context))
    _type_over(qtbot, dialog.received, "gisteren")
    assert dialog.received.text() == "09-11-2026"
    qtbot.keyClicks(dialog.text, "Vuilniszakken naast de container aan de Leyweg.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and _count(demo_db, SignalRecord) == before + 1
    with demo_db.session_factory() as session:
        assert session.get(SignalRecord, dialog.signal_id).received_on == date(2026, 11, 9)
