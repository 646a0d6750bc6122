"""The minutes editor of the current item: large, plain text, every change to the autosaver."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wiec_desktop.ui.meeting_mode.autosave import Autosaver


class MinutesEditor(QPlainTextEdit):
    """Shows one item's minutes; typing goes to ``autosaver`` for that item."""

    def __init__(self, autosaver: Autosaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.autosaver = autosaver
        self.item_id: int | None = None
        self._loading = False
        font = QFont(self.font())
        font.setPointSizeF(max(12.0, font.pointSizeF() * 1.2))
        self.setFont(font)
        self.setTabChangesFocus(True)
        self.setAccessibleName(self.tr("Notulen van dit agendapunt"))
        self.setPlaceholderText(
            self.tr("Notulen van dit agendapunt (Ctrl+M). Alles wordt vanzelf opgeslagen.")
        )
        self.setToolTip(self.tr("Notulen (Ctrl+M); wordt binnen 2 seconden opgeslagen"))
        self.textChanged.connect(self._changed)

    def load(self, item_id: int | None, text: str) -> None:
        """Show ``item_id``'s stored minutes (the caller flushed the autosaver first)."""
        self._loading = True
        try:
            self.item_id = item_id
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)
            self.setReadOnly(item_id is None)
        finally:
            self._loading = False

    def _changed(self) -> None:
        if not self._loading and self.item_id is not None:
            self.autosaver.set_minutes(self.item_id, self.toPlainText())
