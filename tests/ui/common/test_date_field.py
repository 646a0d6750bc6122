"""The Dutch date field, typed into like a person: select all, type, Tab out; the calendar by keys.

The old ``QDateEdit`` turned "15-11-2026" typed over a selected date into 02-11-2026, and
"31-02-2026" into 02-02-2026 or 30-11-2026, without a word."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.forms import date_edit, date_value

TODAY = date(2026, 11, 10)
OFFSCREEN_POPUPS = "This plugin does not support (raise|grabbing the keyboard)"


class Page(QWidget):
    """A date field with a line edit after it, to Tab to."""

    def __init__(self, field: DateField) -> None:
        super().__init__()
        self.field = field
        self.after = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(field)
        layout.addWidget(self.after)


@pytest.fixture
def page(qtbot) -> Page:  # type: ignore[no-untyped-def]
    page = Page(date_edit(date(2026, 11, 3), None, today=lambda: TODAY))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.field.setFocus()
    qtbot.waitUntil(page.field.hasFocus)
    return page


def type_over(qtbot, field: DateField, text: str) -> None:  # type: ignore[no-untyped-def]
    """What a person does: select the whole date, type, and Tab to the next field."""
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15-11-2026", date(2026, 11, 15)),
        ("15-11-26", date(2026, 11, 15)),
        ("15/11/2026", date(2026, 11, 15)),
        ("15.11.2026", date(2026, 11, 15)),
        ("15112026", date(2026, 11, 15)),
        ("15-11", date(2026, 11, 15)),
        ("5-1", date(2026, 1, 5)),
        ("vandaag", TODAY),
        ("morgen", date(2026, 11, 11)),
        ("gisteren", date(2026, 11, 9)),
        ("overmorgen", date(2026, 11, 12)),
        ("15 november 2026", date(2026, 11, 15)),
    ],
)
def test_typing_over_the_selected_date(qtbot, page: Page, typed: str, expected: date) -> None:
    field = page.field
    type_over(qtbot, field, typed)
    assert page.after.hasFocus()
    assert field.value() == expected and field.date() == QDate(expected.year, expected.month, expected.day)
    assert field.text() == expected.strftime("%d-%m-%Y")  # shown as dd-mm-jjjj once left
    assert field.error_text() == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-2026", "31-02-2026 bestaat niet."),
        ("31-02-2027", "31-02-2027 bestaat niet."),
        ("30-2", "30-02-2026 bestaat niet."),
        ("15-13-2026", "15-13-2026 bestaat niet."),
        ("morgenochtend", "‘morgenochtend’ is geen datum. Typ bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
    ],
)
def test_a_date_that_does_not_exist_stays_as_typed_with_a_message(
    qtbot, page: Page, typed: str, message: str
) -> None:
    field = page.field
    with qtbot.waitSignal(field.errorChanged) as shown:
        type_over(qtbot, field, typed)
    assert shown.args == [message]
    assert field.text() == typed  # never "corrected" to a date that exists
    assert field.value() is None and date_value(field) is None and not field.date().isValid()
    assert field.error_text() == message and not field.is_valid()
    assert field.accessibleDescription() == message


def test_the_message_goes_as_soon_as_the_date_is_right(qtbot, page: Page) -> None:
    field = page.field
    type_over(qtbot, field, "31-02-2026")
    assert field.error_text() == "31-02-2026 bestaat niet."
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # "31-02-202": not yet a date, but no stale message
    assert field.error_text() == ""
    field.selectAll()
    qtbot.keyClicks(field, "28-02-2026")
    assert field.error_text() == "" and field.value() == date(2026, 2, 28)


def test_a_complete_impossible_date_is_said_while_typing(qtbot, page: Page) -> None:
    field = page.field
    field.selectAll()
    qtbot.keyClicks(field, "31-02-202")
    assert field.error_text() == ""  # the year is not complete yet
    qtbot.keyClicks(field, "6")
    assert field.error_text() == "31-02-2026 bestaat niet."


def test_enter_also_reads_the_date(qtbot, page: Page) -> None:
    field = page.field
    field.selectAll()
    qtbot.keyClicks(field, "1511")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "15-11-2026" and field.value() == date(2026, 11, 15)


def test_date_changed_follows_the_typing(qtbot, page: Page) -> None:
    field = page.field
    seen: list[QDate] = []
    field.dateChanged.connect(seen.append)
    field.selectAll()
    qtbot.keyClicks(field, "15-11-2026")
    assert seen[-1] == QDate(2026, 11, 15)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert not seen[-1].isValid()


def test_an_optional_field_may_be_empty(qtbot) -> None:
    field = date_edit(None, optional=True, today=lambda: TODAY)
    qtbot.addWidget(field)
    assert field.text() == "" and field.placeholderText() == "geen"
    assert date_value(field) is None and field.validate()
    field.setText("geen")
    assert field.validate() and field.value() is None and field.text() == ""
    field.setDate(date(2027, 2, 28))
    field.clear()
    assert field.validate() and date_value(field) is None


def test_a_required_field_left_empty_says_so(qtbot, page: Page) -> None:
    field = page.field
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.error_text() == "Vul een datum in, bijvoorbeeld 15-11-2026, 15-11 of vandaag."
    assert date_value(field) is None


def test_the_program_s_own_date_is_kept_whatever_the_range(qtbot) -> None:
    """Opening a record never changes its dates: not to the minimum, not to "geen"."""
    for value in (date(1850, 6, 1), date(1899, 12, 31), date(2400, 1, 1), date(1, 1, 1), date(9999, 12, 31)):
        for optional in (False, True):
            field = date_edit(value, optional=optional)
            qtbot.addWidget(field)
            assert date_value(field) == value and field.validate() and date_value(field) == value
            assert field.date().toPython() == value


def test_minimum_and_maximum_apply_to_what_is_typed(qtbot, page: Page) -> None:
    field = page.field
    field.setMinimumDate(QDate(2026, 11, 1))
    field.setMaximumDate(date(2026, 12, 31))
    assert field.minimumDate() == QDate(2026, 11, 1) and field.maximumDate() == QDate(2026, 12, 31)
    type_over(qtbot, field, "31-10-2026")
    assert field.error_text() == "Kies een datum vanaf 01-11-2026." and field.value() is None
    field.setFocus()
    type_over(qtbot, field, "1-1-2027")
    assert field.error_text() == "Kies een datum tot en met 31-12-2026."
    field.setFocus()
    type_over(qtbot, field, "31-12-2026")
    assert field.error_text() == "" and field.value() == date(2026, 12, 31)


def test_typed_dates_before_1900_are_refused_by_default(qtbot, page: Page) -> None:
    type_over(qtbot, page.field, "15-11-1026")
    assert page.field.error_text() == "Kies een datum vanaf 01-01-1900."


def test_arrow_keys_move_a_day(qtbot, page: Page) -> None:
    field = page.field
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == date(2026, 11, 4)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.value() == date(2026, 11, 2) and field.text() == "02-11-2026"


def test_set_date_takes_a_qdate_a_date_or_none(qtbot) -> None:
    field = DateField(optional=True)
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.dateChanged) as changed:
        field.setDate(QDate(2026, 12, 8))
    assert changed.args == [QDate(2026, 12, 8)] and field.text() == "08-12-2026"
    field.setDate(date(2027, 1, 19))
    assert field.value() == date(2027, 1, 19)
    field.setDate(None)
    assert field.value() is None and field.text() == ""
    field.setDate(QDate())
    assert field.value() is None


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUPS)
def test_the_calendar_by_keyboard(qtbot, page: Page) -> None:
    field = page.field
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate() == QDate(2026, 11, 3)
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    target = QApplication.focusWidget() or calendar
    qtbot.keyClick(target, Qt.Key.Key_Right)
    qtbot.keyClick(target, Qt.Key.Key_Down)  # a week later
    assert calendar.selectedDate() == QDate(2026, 11, 11)
    with qtbot.waitSignal(field.edited):
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == date(2026, 11, 11) and field.text() == "11-11-2026"


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUPS)
def test_the_calendar_button_and_escape(qtbot, page: Page) -> None:
    field = page.field
    field.calendar_action.trigger()
    popup = field.popup
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(QApplication.focusWidget() or popup.calendar, Qt.Key.Key_Escape)
    assert not popup.isVisible() and field.value() == date(2026, 11, 3)
    qtbot.keyClick(field, Qt.Key.Key_F4)
    assert popup.isVisible()
    popup.calendar.clicked.emit(QDate(2026, 12, 24))  # a click on a day
    assert not popup.isVisible() and field.value() == date(2026, 12, 24)


def test_the_field_is_wide_enough_for_its_date(qtbot) -> None:
    field = date_edit(date(2026, 11, 28))
    qtbot.addWidget(field)
    field.show()
    width = field.fontMetrics().horizontalAdvance("28-11-2026")
    assert field.width() >= width + 16  # the text and the calendar button
