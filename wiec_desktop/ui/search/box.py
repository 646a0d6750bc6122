"""The search box in the toolbar: a line edit that hands the popup's keys to whoever drives it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

BOX_CHARS = 34  # wide enough for the hint text and a short query
MIN_WIDTH = 200


class GlobalSearchBox(QLineEdit):
    """Down/Up move through the results (``step``), Enter opens (``accepted``), Escape closes the
    results or clears (``escaped``); ``focused`` when it takes the focus."""

    step = Signal(int)
    accepted = Signal()
    escaped = Signal()
    focused = Signal()
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setPlaceholderText(self.tr("Zoeken in alles (Ctrl+K)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(MIN_WIDTH)
        self.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed
        )  # the spacer takes the rest
        self.setAccessibleName(self.tr("Zoeken in alles"))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = max(self.fontMetrics().horizontalAdvance(self.placeholderText()) + 48,
                    self.fontMetrics().averageCharWidth() * BOX_CHARS)  # fmt: skip
        return QSize(width, hint.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if (
            key in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.step.emit(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.focused.emit()  # the chair came here (not: the window became active again)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a context menu on the box keeps it
            self.left.emit()
