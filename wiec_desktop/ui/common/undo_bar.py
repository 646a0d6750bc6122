"""The "Ongedaan maken" bar: after a destructive or one-click action, a line at the bottom of the page
such as "Signaal gekoppeld aan 2026-014. [Ongedaan maken]" for some seconds, with Ctrl+Z while it shows.

A page calls ``offer(message, undo)`` after the action; ``undo`` is the page's call of the service's
``undo(token)`` and returns the text to confirm with ("Casus 2026-014 is terug."). The bar hides
after ``SHOW_SECONDS`` (held while the mouse is over it), when the chair closes it, or when the
page calls ``dismiss()`` for the next action — and an offer replaced by a new one cannot be taken
back any more. A refusal (changed in the meantime, locked database…) is shown as a plain message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from wiec_desktop.ui.common.errors import show_known_error

SHOW_SECONDS = 10
CONFIRM_SECONDS = 4
UndoCall = Callable[[], str | None]


class UndoBar(QFrame):
    """A message with an "Ongedaan maken" button (and Ctrl+Z) that hides by itself."""

    undone = Signal()  # after an undo that succeeded

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#undoBar { background: palette(tool-tip-base); border: 1px solid palette(mid);"
            " border-radius: 4px; }"
        )
        self._undo: UndoCall | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton(self.tr("Ongedaan maken"), self)
        self.undo_button.setToolTip(self.tr("De laatste handeling terugdraaien (Ctrl+Z)"))
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Melding sluiten"))
        self.close_button.setAccessibleName(self.tr("Melding sluiten"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.message, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.close_button)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dismiss)
        # While the bar shows, anywhere in its window (an input field keeps its own Ctrl+Z).
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.undo)
        self.shortcut.setEnabled(False)
        self.hide()

    @property
    def can_undo(self) -> bool:
        return self._undo is not None and self.isVisible()

    def offer(self, message: str, undo: UndoCall) -> None:
        """Show ``message`` with "Ongedaan maken" for ``SHOW_SECONDS``; an earlier offer is gone."""
        self._undo = undo
        self._show(message, SHOW_SECONDS, with_button=True)

    def dismiss(self) -> None:
        """Hide the bar; what it offered can no longer be taken back."""
        self._undo = None
        self.timer.stop()
        self.shortcut.setEnabled(False)
        self.hide()

    def undo(self) -> bool:
        """Take the offered action back (once); False when there was nothing to undo or it was refused."""
        call = self._undo
        if call is None or not self.isVisible():
            return False
        self.dismiss()
        try:
            confirmation = call()
        except Exception as error:  # refused or a storage condition: a plain message; a bug propagates
            if not show_known_error(self.window(), self.tr("Ongedaan maken niet gelukt"), error):
                raise
            return False
        if confirmation:
            self._show(confirmation, CONFIRM_SECONDS, with_button=False)
        self.undone.emit()
        return True

    def _show(self, message: str, seconds: int, *, with_button: bool) -> None:
        self.message.setText(message)
        self.undo_button.setVisible(with_button)
        self.shortcut.setEnabled(with_button)
        self.show()
        self.timer.start(seconds * 1000)

    def event(self, event: QEvent) -> bool:
        """Hold the time while the mouse is over the bar (to read it, or reach for the button)."""
        if event.type() == QEvent.Type.Enter:
            self.timer.stop()
        elif event.type() == QEvent.Type.Leave and self.isVisible():
            self.timer.start()
        return super().event(event)
