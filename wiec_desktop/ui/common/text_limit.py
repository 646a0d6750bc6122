"""A length limit that is shown, not enforced by cutting: "183/200" at the right of a line edit.

``QLineEdit.setMaxLength`` silently cut a pasted 600-character title to 200. ``limit_length`` instead
leaves the text as typed, shows the count while the field has focus (and always once over the limit,
in red), and gives the service's own Dutch message (``Titel mag hoogstens 200 tekens lang zijn.``),
which a ``Form`` shows under the field while typing and uses to refuse saving.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from wiec_desktop.services.validation import Checker

OVER = "#b3261e"


class LengthCounter(QLabel):
    """The "n/limit" inside the right edge of ``edit``; ``message()`` says what is wrong ('' if fine)."""

    def __init__(self, edit: QLineEdit, limit: int, label: str) -> None:
        super().__init__(edit)
        self.setObjectName("lengthCounter")
        self.edit = edit
        self.limit = limit
        self.label = label  # as the service names the field: "Titel", "De naam"
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widest = self.fontMetrics().horizontalAdvance(f"{limit * 10}/{limit}")
        self.setFixedWidth(widest + 4)
        margins = edit.textMargins()
        edit.setTextMargins(margins.left(), margins.top(), widest + 8, margins.bottom())
        edit.textChanged.connect(lambda _text: self.update_count())
        edit.installEventFilter(self)
        self.update_count()

    def count(self) -> int:
        """The length as the service counts it (without spaces at either end)."""
        return len(self.edit.text().strip())

    def over(self) -> bool:
        return self.count() > self.limit

    def message(self) -> str:
        """The service's message for a text over the limit; '' when it fits."""
        check = Checker()
        check.max_length("text", self.edit.text().strip(), self.limit, self.label)
        return check.errors.get("text", "")

    def update_count(self) -> None:
        over = self.over()
        self.setText(f"{self.count()}/{self.limit}")
        self.setStyleSheet(f"color: {OVER}; font-weight: bold;" if over else "color: palette(dark);")
        self.edit.setAccessibleDescription(
            self.message()
            or self.tr("{count} van hoogstens {limit} tekens").format(count=self.count(), limit=self.limit)
        )
        self.setVisible(over or self.edit.hasFocus())
        self._place()

    def _place(self) -> None:
        self.setFixedHeight(self.edit.height())
        self.move(self.edit.width() - self.width() - 4, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.FocusIn,
            QEvent.Type.FocusOut,
        ):
            self.update_count()
        return super().eventFilter(watched, event)


def limit_length(edit: QLineEdit, limit: int, label: str) -> LengthCounter:
    """Show ``edit``'s length against ``limit`` (``label`` as in the service's message)."""
    return LengthCounter(edit, limit, label)


def length_counter(edit: QObject) -> LengthCounter | None:
    """The counter of a limited line edit, or None."""
    found = edit.findChild(LengthCounter, "lengthCounter", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, LengthCounter) else None


__all__ = ["LengthCounter", "length_counter", "limit_length"]
