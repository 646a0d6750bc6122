"""Form building blocks shared by the edit dialogs: inline Dutch errors and value pickers.

A ``Form`` is a ``QFormLayout`` whose rows each carry a red error line under the field. Dialogs call
a service inside ``form.attempt(...)``: what the fields can check themselves (a date that does not
exist, a text over its limit, a required field) is refused first, a ``ValidationError`` puts each
message under its field (and focuses the first), a storage error becomes a plain warning, and
nothing is closed or lost. A message goes as soon as its field is edited into something valid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.common.text_limit import length_counter

T = TypeVar("T")
GENERAL = "__general__"


class ErrorLabel(QLabel):
    """A red, word-wrapped message that takes no space while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #b3261e;")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Form(QWidget):
    """Labelled fields with an error line under each, plus a general error line on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.general_error = ErrorLabel(self)
        outer.addWidget(self.general_error)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.layout_)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.required: dict[str, str] = {}  # key → message when the row's field is left empty
        self._rows: list[tuple[str, QWidget, ErrorLabel, list[QWidget]]] = []  # key, field, line, inputs

    def add_row(self, key: str, label: str, widget: QWidget, *, required: str | None = None) -> QWidget:
        """Add ``widget`` under ``key`` (the service's field name for its errors); ``required`` is the
        message for leaving it empty, checked before saving and again while a message is shown."""
        container = QWidget(self)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel(container)
        column.addWidget(error)
        caption = QLabel(label, self)
        caption.setBuddy(widget)  # Alt+letter in the label focuses the input itself
        self.layout_.addRow(caption, container)
        self.fields[key] = widget
        self.errors[key] = error
        if required is not None:
            self.required[key] = required
        inputs = _inputs(widget)
        self._rows.append((key, widget, error, inputs))
        for field in inputs:
            self._watch(field, error)
        return widget

    # --- messages that go as soon as the input is right -----------------------------------------

    def _watch(self, field: QWidget, line: ErrorLabel) -> None:
        """Every edit of ``field`` re-checks the message under it."""

        def edited(*_args: object) -> None:
            self._recheck(line, keep_required=not line.isHidden())

        if isinstance(field, DateField):
            field.edited.connect(edited)
            field.errorChanged.connect(lambda _text: self._recheck(line, keep_required=False))
        elif isinstance(field, QLineEdit):
            field.textEdited.connect(edited)
        elif isinstance(field, QPlainTextEdit | QTextEdit):
            field.textChanged.connect(edited)
        elif isinstance(field, QComboBox):
            field.currentIndexChanged.connect(edited)
            if field.lineEdit() is not None:  # typing in a search combo
                field.lineEdit().textEdited.connect(edited)
        elif isinstance(field, QDateTimeEdit):
            field.dateTimeChanged.connect(edited)
        elif isinstance(field, QAbstractSpinBox) and hasattr(field, "valueChanged"):
            field.valueChanged.connect(edited)
        elif isinstance(field, QAbstractButton) and field.isCheckable():  # not a "Bladeren…" button
            field.toggled.connect(edited)
        elif isinstance(field, QAbstractItemView) and field.model() is not None:
            field.model().dataChanged.connect(edited)

    def _recheck(self, line: ErrorLabel, *, keep_required: bool) -> None:
        """Show under ``line`` what its fields still find wrong ('' drops the message)."""
        message = next(
            (
                text
                for key, widget, error, inputs in self._rows
                if error is line
                for _key, text in self._problems(key, widget, inputs, commit=False, required=keep_required)
            ),
            "",
        )
        was_hidden = line.isHidden()
        line.show_message(message)
        if message and was_hidden:
            self._fit_dialog()

    def _problems(
        self, key: str, widget: QWidget, inputs: list[QWidget], *, commit: bool, required: bool
    ) -> Iterable[tuple[str, str]]:
        """(key, message) for what the row's own fields find wrong: a date that is not one, a text
        over its limit, an empty required field. Fields that are disabled or hidden are skipped."""
        for field in inputs:
            if not (field.isEnabled() and field.isVisibleTo(self)):
                continue
            field_key = next((k for k, w in self.fields.items() if w is field), key)
            if isinstance(field, DateField):
                if commit:
                    field.validate()
                if field.error_text():
                    yield field_key, field.error_text()
            counter = length_counter(field) if isinstance(field, QLineEdit) else None
            if counter is not None and counter.message():
                yield field_key, counter.message()
        if required and key in self.required and widget.isEnabled() and _is_empty(widget):
            yield key, self.required[key]

    def local_errors(self) -> dict[str, str]:
        """What the fields find wrong themselves, by key; dates are read as they were left."""
        found: dict[str, str] = {}
        for key, widget, _error, inputs in self._rows:
            for field_key, text in self._problems(key, widget, inputs, commit=True, required=True):
                found.setdefault(field_key, text)
        return found

    def check(self) -> bool:
        """Show what the fields find wrong themselves; True when nothing is."""
        local = self.local_errors()
        self.show_errors(local)
        return not local

    # --- showing ------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.general_error.show_message("")
        for label in self.errors.values():
            label.show_message("")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field, together with what the fields find wrong themselves;
        messages for unknown fields on top. Focus the first."""
        errors = {**self.local_errors(), **errors}
        self.clear_errors()
        general = [text for key, text in errors.items() if key not in self.errors]
        self.general_error.show_message("\n".join(general))
        for key, text in errors.items():
            if key in self.errors:
                self.errors[key].show_message(text)
        first = next((key for key in self.fields if key in errors), None)
        if first is not None:
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_dialog()

    def _fit_dialog(self) -> None:
        """Grow the dialog around the form so wrapped error lines are not cut off."""
        dialog = self.window()
        layout = dialog.layout() if isinstance(dialog, QDialog) else None
        if layout is None:
            return
        layout.activate()
        height = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
        dialog.resize(dialog.width(), max(dialog.height(), height, dialog.sizeHint().height()))

    def error_text(self, key: str) -> str:
        """The message shown under ``key`` ('' when none): for tests and accessibility."""
        label = self.errors.get(key, self.general_error if key == GENERAL else None)
        return label.text() if label is not None and not label.isHidden() else ""

    def attempt(self, action: Callable[[], T], *, check_fields: bool = True) -> T | None:
        """Run a service call unless a field finds itself wrong; show what went wrong and return
        ``None`` when it did not succeed. ``check_fields=False`` for a call that does not save the
        fields (deleting the record): what is typed in them does not stop it."""
        self.clear_errors()
        local = self.local_errors() if check_fields else {}
        if local:
            self.show_errors(local)
            return None
        try:
            return action()
        except ValidationError as error:
            self.show_errors(error.errors)
        except (NotFound, InUse) as error:
            self.general_error.show_message(str(error))
        except Exception as error:  # locked, read-only, disk full: a plain message; a bug propagates
            if not show_known_error(self, self.tr("Opslaan mislukt"), error):
                raise
        return None


INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
)
COMPOUND = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QTextEdit)


def _inputs(widget: QWidget) -> list[QWidget]:
    """``widget`` and the inputs inside it (a row may hold several, as a period's two dates); the
    parts of an input (a combo box's line edit, a date field's calendar button) are not counted."""
    if isinstance(widget, INPUTS):
        return [widget]
    found: list[QWidget] = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, INPUTS) and not _inside_an_input(child, widget):
            found.append(child)
    return found


def _inside_an_input(child: QWidget, root: QWidget) -> bool:
    parent = child.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def _is_empty(widget: QWidget) -> bool:
    """Nothing typed or chosen in ``widget`` (for required rows)."""
    if isinstance(widget, DateField):
        return widget.value() is None and not widget.text().strip()
    if isinstance(widget, QLineEdit):
        return not widget.text().strip()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentData() is None and not (widget.isEditable() and widget.currentText().strip())
    return False


def save_cancel_buttons(
    dialog: QDialog, save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The Opslaan (default) / Annuleren row of an edit dialog; ``save`` decides when to accept."""
    buttons = QDialogButtonBox(dialog)
    save_button = buttons.addButton(dialog.tr("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole)
    cancel_button = buttons.addButton(dialog.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
    save_button.setDefault(True)
    save_button.clicked.connect(save)
    cancel_button.clicked.connect(dialog.reject)
    return buttons, save_button, cancel_button


def fill_combo(
    combo: QComboBox, options: Iterable[tuple[Any, str]], *, empty: str | None = None, current: Any = None
) -> None:
    """Replace the options (value, label); ``empty`` adds a first "none" option with value ``None``."""
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in options:
        combo.addItem(label, value)
    combo.blockSignals(False)
    select_value(combo, current)


def select_value(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value.value if isinstance(value, Enum) else value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def combo_value(combo: QComboBox) -> Any:
    """The chosen value; enum members come back as members (Qt stores them as plain strings)."""
    value = combo.currentData()
    enum = getattr(combo, "enum_type", None)
    return enum(value) if enum is not None and value is not None else value


def enum_combo(enum: type[Enum], parent: QWidget | None = None, *, current: Any = None) -> QComboBox:
    """A combo box of a labelled enum's members (data: the member)."""
    combo = QComboBox(parent)
    combo.enum_type = enum  # read back by ``combo_value``
    members: Sequence[Any] = list(enum)
    fill_combo(combo, ((m.value, m.label) for m in members), current=current)
    return combo


def date_edit(
    value: Any = None,
    parent: QWidget | None = None,
    *,
    optional: bool = False,
    today: Callable[[], date] | None = None,
) -> DateField:
    """A Dutch date field (typing, calendar, dd-mm-jjjj); ``optional`` allows it to stay empty ("geen").
    ``value`` None: empty when optional, else today."""
    field = DateField(parent, optional=optional, today=today)
    if value is None and not optional:
        value = field.today()
    field.setDate(value)
    return field


def date_value(field: DateField) -> date | None:
    """The chosen ``datetime.date``; ``None`` for an empty optional field or one that shows no valid
    date (a ``Form`` refuses to save while that is so)."""
    return field.value()
