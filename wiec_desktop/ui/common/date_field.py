"""The one Dutch date field of the program: a line edit that reads what people type, with a calendar.

``DateField`` reads the text with :func:`wiec_desktop.services.dates.parse_dutch_date` (``15-11-2026``,
``15-11-26``, ``15/11/2026``, ``15112026``, ``15-11``, ``vandaag``, ``morgen`` …) and shows the date as
``dd-mm-jjjj`` once the field is left. A date that does not exist or cannot be read stays as typed
and gets a Dutch message (``errorChanged``; a ``Form`` shows it under the field and refuses to save),
it is never moved to a date that does exist. A date the program put in (``setDate``) is kept as it
is, also outside the minimum and maximum, which only apply to what the chair types or picks.

It is deliberately not a ``QDateEdit``: section editing turned "15-11-2026" typed over a selected
date into 02-11-2026 and "31-02-2026" into 02-02-2026.

Keys: Alt+↓ or F4 opens the calendar (arrows, PgUp/PgDn for the month, Enter picks, Esc closes);
↑/↓ move the date a day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from wiec_desktop.services.dates import ImpossibleDate, format_dutch_date, parse_dutch_date

MINIMUM = date(1900, 1, 1)  # typed or picked dates outside this range are refused
MAXIMUM = date(2199, 12, 31)
COMPLETE = re.compile(r".*\D\d{4}|\d{8}")  # typed up to a four-digit year: say at once what is wrong
WIDEST_TEXT = "88-88-88888"  # the width the field asks for: a date and a little room
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def to_date(value: QDate | date | None) -> date | None:
    """A ``datetime.date`` from a QDate (an invalid one is ``None``), a date or datetime, or None."""
    if value is None:
        return None
    if isinstance(value, QDate):
        return date(value.year(), value.month(), value.day()) if value.isValid() else None
    return date(value.year, value.month, value.day)


def to_qdate(value: date | None) -> QDate:
    """The QDate of ``value``; an invalid (null) QDate for None."""
    return QDate(value.year, value.month, value.day) if value is not None else QDate()


class DateField(QLineEdit):
    """A date typed the Dutch way, with a calendar pop-up; ``optional`` allows it to be empty ("geen").

    ``value()`` is the date (None when empty or not a valid date), ``date()`` the same as a QDate
    (null when none), ``validate()`` reads the text as the chair left it and shows what is wrong.
    """

    dateChanged = Signal(QDate)  # the value changed (a null QDate when empty or not a date)
    errorChanged = Signal(str)  # the message to show under the field ('' when none)
    edited = Signal()  # the chair changed the text or picked a date

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.today = today or date.today
        self._value: date | None = None
        self._given: date | None = None  # set by the program: kept even outside the range
        self._error = ""
        self._minimum = MINIMUM
        self._maximum = MAXIMUM
        self.popup: CalendarPopup | None = None
        self.setPlaceholderText(self.tr("geen") if optional else self.tr("dd-mm-jjjj"))
        self.setToolTip(
            self.tr(
                "Typ bijvoorbeeld 15-11-2026, 15-11, 15112026, vandaag of morgen. Alt+↓ opent de kalender."
            )
        )
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.calendar_action = self.addAction(
            calendar_icon(self.palette()), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setToolTip(self.tr("Kalender (Alt+↓)"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.textChanged.connect(self._text_changed)
        self.textEdited.connect(self._text_edited)
        self.editingFinished.connect(self.validate)

    # --- the QDateEdit-like interface the dialogs use -------------------------------------------

    def value(self) -> date | None:
        """The date in the field; None when it is empty or shows no valid date."""
        return self._value

    def date(self) -> QDate:
        return to_qdate(self._value)

    def setDate(self, value: QDate | date | None) -> None:
        """Show ``value`` (None: empty) as the program's own date: kept as it is, whatever the range."""
        day = to_date(value)
        self._given = day
        self.setText(format_dutch_date(day))
        self._set_value(day)
        self._set_error("")

    def setMinimumDate(self, value: QDate | date) -> None:
        self._minimum = to_date(value) or MINIMUM

    def setMaximumDate(self, value: QDate | date) -> None:
        self._maximum = to_date(value) or MAXIMUM

    def setDateRange(self, minimum: QDate | date, maximum: QDate | date) -> None:
        self.setMinimumDate(minimum)
        self.setMaximumDate(maximum)

    def minimumDate(self) -> QDate:
        return to_qdate(self._minimum)

    def maximumDate(self) -> QDate:
        return to_qdate(self._maximum)

    # --- reading and checking -------------------------------------------------------------------

    def error_text(self) -> str:
        """The message shown for the text as last checked ('' when it is fine)."""
        return self._error

    def is_valid(self) -> bool:
        """Whether the text as it stands is a date this field accepts (or empty when optional)."""
        return not self._read(self.text())[1]

    def validate(self) -> bool:
        """Read the text as the chair left it: a date is shown as dd-mm-jjjj, a wrong one keeps its
        text and gets a message. True when the field holds an acceptable value."""
        value, error = self._read(self.text())
        self._set_value(value)
        self._set_error(error)
        if not error:
            formatted = format_dutch_date(value)
            if self.text() != formatted:
                self.setText(formatted)
        return not error

    def _read(self, text: str) -> tuple[date | None, str]:
        """The value and the message ('' when fine) for ``text``."""
        cleaned = text.strip()
        if self.optional and cleaned.lower() in ("", "geen"):
            return None, ""
        try:
            value = parse_dutch_date(cleaned, self.today())
        except ValueError as error:
            return None, str(error)
        if value != self._given:
            if value < self._minimum:
                return None, self.tr("Kies een datum vanaf {date}.").format(
                    date=format_dutch_date(self._minimum)
                )
            if value > self._maximum:
                return None, self.tr("Kies een datum tot en met {date}.").format(
                    date=format_dutch_date(self._maximum)
                )
        return value, ""

    def _text_changed(self, text: str) -> None:
        self._set_value(self._read(text)[0])

    def _text_edited(self, text: str) -> None:
        """Typing drops the message; a complete date that does not exist is said at once."""
        error = ""
        try:
            parse_dutch_date(text, self.today())
        except ImpossibleDate as impossible:
            error = str(impossible) if COMPLETE.fullmatch(text.strip()) else ""
        except ValueError:
            pass
        self._set_error(error)
        self.edited.emit()

    def _set_value(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(self.date())

    def _set_error(self, text: str) -> None:
        if text != self._error:
            self._error = text
            self.setAccessibleDescription(text)
            self.errorChanged.emit(text)

    # --- keys and the calendar ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not modifiers & ~Qt.KeyboardModifier.KeypadModifier:
            self._step(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)

    def _step(self, days: int) -> None:
        """↑/↓: the next or previous day (from today when the field holds no date)."""
        value, error = self._read(self.text())
        start = value if value is not None and not error else self.today() - timedelta(days=days)
        try:
            self.choose(start + timedelta(days=days))
        except OverflowError:
            return

    def choose(self, value: date) -> None:
        """Put in a date as the chair's own choice (the calendar, the arrow keys)."""
        self.setText(format_dutch_date(value))
        self.validate()
        self.edited.emit()

    def show_calendar(self) -> None:
        """The month of the field's date (or today) in a pop-up; Enter or a click picks a day."""
        if not self.isEnabled() or self.isReadOnly():
            return
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        current = self._read(self.text())[0] or self._value or self.today()
        self.popup.open_below(self, current, min(self._minimum, current), max(self._maximum, current))

    def _picked(self, value: date) -> None:
        self.choose(value)
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        icon = self.style().pixelMetric(self.style().PixelMetric.PM_SmallIconSize)
        hint.setWidth(self.fontMetrics().horizontalAdvance(WIDEST_TEXT) + icon + 28)
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class CalendarPopup(QFrame):
    """The month view under a date field: arrows move, PgUp/PgDn change the month, Enter picks."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(DUTCH)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        self.calendar.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def open_below(self, field: QWidget, current: date, minimum: date, maximum: date) -> None:
        self.calendar.setDateRange(to_qdate(minimum), to_qdate(maximum))
        self.calendar.setSelectedDate(to_qdate(current))
        self.adjustSize()
        self.move(self._position(field))
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _position(self, field: QWidget) -> QPoint:
        """Under the field, inside the screen (above it when there is no room below)."""
        below = field.mapToGlobal(QPoint(0, field.height()))
        screen = QGuiApplication.screenAt(below) or QGuiApplication.primaryScreen()
        area: QRect = screen.availableGeometry() if screen is not None else QRect()
        size = self.sizeHint()
        x, y = below.x(), below.y()
        if area.isValid():
            x = max(area.left(), min(x, area.right() - size.width()))
            if y + size.height() > area.bottom():
                y = max(area.top(), field.mapToGlobal(QPoint(0, 0)).y() - size.height())
        return QPoint(x, y)

    def _pick(self, value: QDate) -> None:
        self.hide()
        day = to_date(value)
        if day is not None:
            self.picked.emit(day)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.hide()
            return True
        return super().eventFilter(watched, event)


def calendar_icon(palette: QPalette) -> QIcon:
    """A small drawn calendar sheet (no icon file needed), in the palette's text colour."""
    size = 16
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    painter.setPen(QPen(colour, 1))
    painter.drawRect(1, 2, size - 3, size - 4)
    painter.fillRect(1, 2, size - 2, 4, colour)
    for row in range(2):
        for column in range(3):
            painter.fillRect(4 + 3 * column, 8 + 3 * row, 2, 2, colour)
    painter.end()
    return QIcon(pixmap)


__all__ = ["MAXIMUM", "MINIMUM", "CalendarPopup", "DateField", "calendar_icon", "to_date", "to_qdate"]
