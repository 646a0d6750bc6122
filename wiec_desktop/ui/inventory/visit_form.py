"""The house-visit form, built for speed at the door: big outcome buttons, a 1–10 bar, checkboxes.

Keys: 1 gesproken, 2 niet thuis, 3 geweigerd, 4 terugkomen (the panel's shortcuts); with the rating
bar focused, 1–9 and 0 (=10) give the rating. Conversation fields are only enabled when the
resident was spoken to; name and phone only with the consent box ticked (AVG).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import VisitOutcome
from wiec_desktop.services.inventory.house_visits import (
    RESIDENT_NAME_LIMIT,
    VISITORS_LIMIT,
    ProblemNote,
    VisitResident,
    VisitRow,
)
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.flow_layout import FlowLayout, flow_widget
from wiec_desktop.ui.common.forms import Form, date_edit, date_value, fill_combo
from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.common.text_limit import limit_length

T = TypeVar("T")

# Order of the outcome buttons and their keys.
OUTCOME_KEYS: tuple[tuple[str, VisitOutcome], ...] = (
    ("1", VisitOutcome.SPOKEN),
    ("2", VisitOutcome.NOT_HOME),
    ("3", VisitOutcome.REFUSED),
    ("4", VisitOutcome.COME_BACK),
)
RATING_BUTTON = 28  # px: ten of them fit the doorstep form beside the two lists at 1280 wide
WIDE_FORM = 1000  # px from which the two columns stand side by side
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


class OutcomeButtons(QWidget):
    """Four big toggle buttons; ``changed`` carries the chosen outcome (or None when cleared)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[VisitOutcome, QPushButton] = {}
        row = FlowLayout(self, spacing=6, uniform=True, stretch=True)  # two by two when narrow
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        for key, outcome in OUTCOME_KEYS:
            button = QPushButton(f"{key}  {outcome.label}", self)
            button.setCheckable(True)
            button.setMinimumHeight(38)
            button.setToolTip(self.tr("Toets %1").replace("%1", key))
            button.setStyleSheet("QPushButton:checked { font-weight: bold; }")
            self.group.addButton(button)
            self.buttons[outcome] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, o=outcome: on and self.changed.emit(o))

    def value(self) -> VisitOutcome | None:
        return next((o for o, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, outcome: VisitOutcome | None) -> None:
        if outcome is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
            self.changed.emit(None)
        else:
            self.buttons[outcome].setChecked(True)

    def setFocus(self, *args: Any) -> None:
        button = self.buttons.get(self.value() or VisitOutcome.SPOKEN)
        button.setFocus(*args) if button else super().setFocus(*args)


class RatingBar(QFrame):
    """Ten toggle buttons 1–10; focused, the digits 1–9 and 0 (=10) choose, Backspace clears."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingBar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("Rapportcijfer voor wonen in de buurt: toets 1–9, 0 voor een 10"))
        self._value: int | None = None
        self.buttons: list[QToolButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(3, 3, 3, 3)
        row.setSpacing(3)
        for number in range(1, 11):
            button = QToolButton(self)
            button.setText(str(number))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(RATING_BUTTON, 30)
            button.clicked.connect(lambda _on, n=number: self._clicked(n))
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        self._style(False)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        for number, button in enumerate(self.buttons, start=1):
            button.setChecked(number == value)
        self.changed.emit(value)

    def _clicked(self, number: int) -> None:
        self.set_value(None if self._value == number else number)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _style(self, focused: bool) -> None:
        colour = "palette(highlight)" if focused else "transparent"
        self.setStyleSheet(f"QFrame#ratingBar {{ border: 2px solid {colour}; border-radius: 4px; }}")

    def focusInEvent(self, event: Any) -> None:
        self._style(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        self._style(False)
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        # Digits are ours while focused, not the panel's outcome shortcuts.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _DIGITS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _DIGITS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.set_value(_DIGITS[key] or 10)
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_value(None)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.set_value(min(10, (self._value or 0) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.set_value(max(1, (self._value or 2) - 1))
        else:
            super().keyPressEvent(event)


class ProblemsEditor(QWidget):
    """A short list of problems, each a text and a theme; each becomes a signal. Editing a recorded
    visit, a row may be a signal already (``signal_ids``); one already triaged is shown read-only,
    and older notes that never became signals are shown under the rows."""

    def __init__(
        self,
        themes: list[tuple[int, str]],
        default_theme: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.themes = themes
        self.default_theme = default_theme
        self.rows: list[tuple[QWidget, QLineEdit, QComboBox]] = []
        self.signal_ids: dict[QWidget, int] = {}  # row → the signal it is already
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)
        self.add_button = QPushButton(self.tr("&Probleem toevoegen"), self)
        self.add_button.setToolTip(self.tr("Elk probleem wordt een signaal (met thema en adres)"))
        self.add_button.clicked.connect(lambda: self.add_problem())
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.column.addWidget(self.add_button)
        self.older = QLabel(self)
        self.older.setWordWrap(True)
        self.older.setObjectName("pageSubtitle")
        self.older.hide()
        self.column.addWidget(self.older)

    def add_problem(
        self,
        text: str = "",
        theme_id: int | None = None,
        *,
        signal_id: int | None = None,
        triaged: bool = False,
    ) -> QLineEdit:
        """A row for a new problem, or (``signal_id``) for a signal of the visit being edited."""
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(row)
        edit.setPlaceholderText(self.tr("Wat is het probleem, waar precies?"))
        edit.setText(text)
        combo = QComboBox(row)
        current = theme_id if signal_id is not None else theme_id or self.default_theme()
        fill_combo(combo, self.themes, empty=self.tr("— thema —"), current=current)
        combo.setMinimumWidth(130)
        combo.setProperty("chosen", theme_id is not None)
        combo.activated.connect(lambda _i: combo.setProperty("chosen", True))
        remove = QToolButton(row)
        remove.setText("✕")
        remove.setToolTip(self.tr("Probleem verwijderen"))
        remove.setAccessibleName(self.tr("Probleem verwijderen"))
        remove.clicked.connect(lambda: self.remove_problem(row))
        if triaged:  # linked to a case or closed: it stays as it is
            edit.setReadOnly(True)
            combo.setEnabled(False)
            remove.setEnabled(False)
            row.setToolTip(
                self.tr("Al beoordeeld (gekoppeld of afgesloten): dit signaal blijft zoals het is.")
            )
        line.addWidget(edit, 1)
        line.addWidget(combo)
        line.addWidget(remove)
        self.column.insertWidget(len(self.rows), row)
        self.rows.append((row, edit, combo))
        if signal_id is None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.signal_ids[row] = signal_id
        return edit

    def show_older(self, lines: Sequence[str]) -> None:
        """Notes of the visit that never became signals (kept as they are)."""
        self.older.setText(self.tr("Ook genoteerd: {lines}").format(lines=" · ".join(lines)) if lines else "")
        self.older.setVisible(bool(lines))

    def remove_problem(self, row: QWidget) -> None:
        self.rows = [item for item in self.rows if item[0] is not row]
        self.signal_ids.pop(row, None)
        self._drop(row)
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for row, _edit, _combo in self.rows:
            self._drop(row)
        self.rows = []
        self.signal_ids = {}
        self.show_older(())

    def _drop(self, row: QWidget) -> None:
        self.column.removeWidget(row)
        row.hide()
        row.deleteLater()

    def notes(self) -> list[ProblemNote]:
        """The problems entered; new rows without text whose theme was not picked by hand are ignored
        (a signal's row emptied stays, so that the service says it needs a text)."""
        return [
            ProblemNote(edit.text(), combo.currentData(), self.signal_ids.get(row))
            for row, edit, combo in self.rows
            if row in self.signal_ids
            or edit.text().strip()
            or (combo.currentData() is not None and combo.property("chosen"))
        ]

    def setFocus(self, *args: Any) -> None:
        target = next((edit for _row, edit, _combo in self.rows if not edit.text().strip()), None)
        (target or self.add_button).setFocus(*args)


@dataclass
class VisitInput:
    """What the form holds, ready for ``HouseVisitService.record_visit``."""

    visited_on: date
    visitors: str
    outcome: VisitOutcome | None
    rating: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    experience: str = ""
    problems: list[ProblemNote] = field(default_factory=list)
    ideas: str = ""
    wants_to_participate: bool = False
    may_be_contacted: bool = False
    resident_name: str | None = None
    resident_phone: str | None = None
    consent_on: date | None = None

    def as_kwargs(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["outcome"] = self.outcome
        return values


class VisitForm(QWidget):
    """Two columns of fields (each a ``Form`` with inline errors) and the header naming the address."""

    def __init__(
        self, themes: list[tuple[int, str]], today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.header = QLabel(self)
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        self.subheader = QLabel(self)
        self.subheader.setObjectName("pageSubtitle")
        self.subheader.setWordWrap(True)
        self.left = Form(self)
        self.right = Form(self)
        self._build_left(themes)
        self._build_right(themes)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(18)
        self.columns.addWidget(self.left, 3)
        self.columns.addWidget(self.right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addLayout(self.columns)
        layout.addStretch(1)
        self.outcome.changed.connect(self._outcome_changed)
        self.consent.toggled.connect(self._consent_changed)
        self._consent_changed(False)

    # --- building ----------------------------------------------------------------------------

    def _build_left(self, themes: list[tuple[int, str]]) -> None:
        self.visited_on = date_edit(self.today(), self, today=self.today)
        self.visited_on.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.visitors = QLineEdit(self)
        limit_length(self.visitors, VISITORS_LIMIT, "Bezoekers")
        self.visitors.setPlaceholderText(self.tr("Bijvoorbeeld: voorzitter en wijkagent"))
        self.outcome = OutcomeButtons(self)
        self.rating = RatingBar(self)
        self.theme_boxes: dict[int, QCheckBox] = {}
        # as many columns of themes as the room allows
        theme_grid, grid = flow_widget(self, spacing=12, line_spacing=2, uniform=True)
        for theme_id, name in themes:
            box = QCheckBox(plain(name), theme_grid)
            self.theme_boxes[theme_id] = box
            grid.addWidget(box)
        self.experience = _text_box(self, self.tr("Hoe is het om hier te wonen? Wat gaat goed?"))
        self.ideas = _text_box(self, self.tr("Ideeën van de bewoner voor de buurt"))
        form = self.left
        form.add_row("visited_on", self.tr("&Datum"), self.visited_on)
        form.add_row("visitors", self.tr("&Bezoekers"), self.visitors)
        form.add_row("outcome", self.tr("Uitkomst"), self.outcome)
        form.add_row("rating", self.tr("&Rapportcijfer"), self.rating)
        form.add_row("themes", self.tr("Thema's"), theme_grid)
        form.add_row("experience", self.tr("B&eleving"), self.experience)
        form.add_row("ideas", self.tr("&Ideeën"), self.ideas)
        self.conversation: list[QWidget] = [self.rating, theme_grid, self.experience, self.ideas]

    def _build_right(self, themes: list[tuple[int, str]]) -> None:
        self.problems = ProblemsEditor(themes, self._default_problem_theme, self)
        self.wants_to_participate = QCheckBox(self.tr("Wil &meedoen"), self)
        self.may_be_contacted = QCheckBox(self.tr("Mag be&naderd worden"), self)
        participation = QWidget(self)
        column = QHBoxLayout(participation)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.wants_to_participate)
        column.addWidget(self.may_be_contacted)
        column.addStretch(1)
        self.consent = QCheckBox(self.tr("Bewoner geeft &toestemming voor naam en telefoon"), self)
        self.consent.setToolTip(
            self.tr("Zonder toestemming worden naam en telefoonnummer niet vastgelegd (AVG).")
        )
        self.resident_name = QLineEdit(self)
        limit_length(self.resident_name, RESIDENT_NAME_LIMIT, "De naam")
        self.resident_phone = QLineEdit(self)
        self.consent_on = date_edit(self.today(), self, today=self.today)
        self.consent_on.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form = self.right
        form.add_row("problems", self.tr("Problemen"), self.problems)
        form.add_row("participation", self.tr("Meedoen"), participation)
        form.add_row("consent", self.tr("AVG"), self.consent)
        form.add_row("resident_name", self.tr("N&aam"), self.resident_name)
        form.add_row("resident_phone", self.tr("Tele&foon"), self.resident_phone)
        form.add_row("consent_on", self.tr("Toestemming op"), self.consent_on)
        self.conversation += [participation, self.consent]

    def _default_problem_theme(self) -> int | None:
        checked = [theme_id for theme_id, box in self.theme_boxes.items() if box.isChecked()]
        return checked[0] if len(checked) == 1 else None

    def resizeEvent(self, event: Any) -> None:
        """Side by side when there is room, else the second column under the first."""
        wide = event.size().width() >= WIDE_FORM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    # --- state -------------------------------------------------------------------------------

    def _outcome_changed(self, outcome: VisitOutcome | None) -> None:
        talk = outcome in (None, VisitOutcome.SPOKEN)
        for widget in self.conversation:
            widget.setEnabled(talk)
        if not talk:
            self.rating.set_value(None)
        self._consent_changed(self.consent.isChecked())

    def _consent_changed(self, on: bool) -> None:
        enabled = on and self.consent.isEnabled()
        for widget in (self.resident_name, self.resident_phone, self.consent_on):
            widget.setEnabled(enabled)
        if on:
            self.consent_on.setDate(self.today())

    def show_address(self, title: str, detail: str) -> None:
        self.header.setText(title)
        self.subheader.setText(detail)

    def reset(self, *, keep_date: bool = True) -> None:
        """Empty the form for the next address (date and visitors stay)."""
        self.left.clear_errors()
        self.right.clear_errors()
        if not keep_date:
            self.visited_on.setDate(self.today())
        self.outcome.set_value(None)
        self.rating.set_value(None)
        for box in self.theme_boxes.values():
            box.setChecked(False)
        for widget in (self.experience, self.ideas):
            widget.clear()
        self.problems.clear()
        for box in (self.wants_to_participate, self.may_be_contacted, self.consent):
            box.setChecked(False)
        for edit in (self.resident_name, self.resident_phone):
            edit.clear()

    def fill(self, visit: VisitRow, resident: VisitResident | None) -> None:
        """The form as ``visit`` was recorded, to correct it (its signals as problem rows)."""
        self.reset()
        self.visited_on.setDate(QDate(visit.visited_on.year, visit.visited_on.month, visit.visited_on.day))
        self.visitors.setText(visit.visitors)
        self.outcome.set_value(visit.outcome)
        self.rating.set_value(visit.rating)
        for theme_id, box in self.theme_boxes.items():
            box.setChecked(theme_id in visit.theme_ids)
        self.experience.setPlainText(visit.experience)
        self.ideas.setPlainText(visit.ideas)
        self.wants_to_participate.setChecked(visit.wants_to_participate)
        self.may_be_contacted.setChecked(visit.may_be_contacted)
        for problem in visit.problem_notes:
            self.problems.add_problem(
                problem.text, problem.theme_id, signal_id=problem.signal_id, triaged=problem.triaged
            )
        self.problems.show_older(visit.other_problems)
        if resident is not None:
            self.consent.setChecked(True)
            self.resident_name.setText(resident.name)
            self.resident_phone.setText(resident.phone)
            if resident.consent_on is not None:
                day = resident.consent_on
                self.consent_on.setDate(QDate(day.year, day.month, day.day))

    def choose_outcome(self, outcome: VisitOutcome) -> None:
        """Keys 1–4: the outcome; after "gesproken" the rating bar takes the next digit."""
        self.outcome.set_value(outcome)
        if outcome is VisitOutcome.SPOKEN:
            self.rating.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.outcome.buttons[outcome].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def values(self) -> VisitInput:
        """The visit as entered; conversation fields only when spoken, personal data only with consent."""
        outcome = self.outcome.value()
        talk = outcome in (None, VisitOutcome.SPOKEN)
        consent = talk and self.consent.isChecked()
        return VisitInput(
            visited_on=date_value(self.visited_on),
            visitors=self.visitors.text(),
            outcome=outcome,
            rating=self.rating.value() if talk else None,
            theme_ids=[t for t, box in self.theme_boxes.items() if box.isChecked()] if talk else [],
            experience=self.experience.toPlainText() if talk else "",
            problems=self.problems.notes(),
            ideas=self.ideas.toPlainText() if talk else "",
            wants_to_participate=talk and self.wants_to_participate.isChecked(),
            may_be_contacted=talk and self.may_be_contacted.isChecked(),
            resident_name=self.resident_name.text() if consent else None,
            resident_phone=self.resident_phone.text() if consent else None,
            consent_on=date_value(self.consent_on) if consent else None,
        )

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run ``action``; validation messages go under their field in whichever column has it."""
        self.right.clear_errors()

        def split() -> T:
            own = self.right.local_errors()  # e.g. a consent date that does not exist
            if own:
                self.right.show_errors(own)
                raise _Shown()
            try:
                return action()
            except ValidationError as error:
                right = {k: v for k, v in error.errors.items() if k in self.right.errors}
                left = {k: v for k, v in error.errors.items() if k not in right}
                if right:
                    self.right.show_errors(right)
                if left:
                    raise ValidationError(left) from error
                raise _Shown() from error

        try:
            return self.left.attempt(split)
        except _Shown:
            return None


class _Shown(Exception):
    """Errors already shown in the right column only."""


def _text_box(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(50)
    return box
