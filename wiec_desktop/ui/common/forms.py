"""Form building blocks shared by the edit dialogs: inline Dutch errors and value pickers.

A ``Form`` is a ``QFormLayout`` whose rows each carry a red error line under the field. Dialogs call
a service inside ``form.attempt(...)``: a ``ValidationError`` puts each message under its field (and
focuses the first), a storage error becomes a plain warning, and nothing is closed or lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.ui.common.errors import show_known_error

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

    def add_row(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` under ``key`` (the service's field name for its errors)."""
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
        return widget

    def clear_errors(self) -> None:
        self.general_error.show_message("")
        for label in self.errors.values():
            label.show_message("")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; messages for unknown fields on top. Focus the first."""
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

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a service call; show what went wrong and return ``None`` when it did not succeed."""
        self.clear_errors()
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


def date_edit(value: Any = None, parent: QWidget | None = None, *, optional: bool = False) -> QDateEdit:
    """A calendar date field in dd-MM-yyyy; ``optional`` shows an empty value as "geen"."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    if optional:
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setSpecialValueText("geen")
    if value is not None:
        edit.setDate(QDate(value.year, value.month, value.day))
    elif optional:
        edit.setDate(edit.minimumDate())
    else:
        edit.setDate(QDate.currentDate())
    return edit


def date_value(edit: QDateEdit) -> Any:
    """The chosen ``datetime.date``, or ``None`` for an optional field left empty."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()
