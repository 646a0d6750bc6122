"""The "verslag vorige keer" item: the previous meeting's minutes (read-only), whether and where
they were approved, and, only while they are not approved yet, corrections and the approval."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.meetings.views import AgendaRow, PreviousMinutes
from wiec_desktop.ui.meeting_mode.common import GREEN

Approver = Callable[[str, int], "PreviousMinutes | None"]  # corrections, id of the meeting shown


class PreviousMinutesPanel(QWidget):
    """``approve`` is called with the corrections and the id of the meeting shown, and returns the
    minutes as approved (None when that failed; the window has said why)."""

    approved = Signal(int)

    def __init__(self, approve: Approver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.approve = approve
        self.previous: PreviousMinutes | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Verslag van de vorige keer (alleen lezen)"))
        self.corrections_label = QLabel(self.tr("Correcties:"), self)
        self.corrections = QPlainTextEdit(self)
        self.corrections.setTabChangesFocus(True)
        self.corrections.setPlaceholderText(self.tr("Correcties op het verslag (optioneel)"))
        self.corrections.setAccessibleName(self.tr("Correcties"))
        self.corrections.setFixedHeight(70)
        self.corrections_label.setBuddy(self.corrections)
        self.approve_button = QPushButton(self.tr("Verslag &vaststellen"), self)
        self.approve_button.setToolTip(
            self.tr("Het verslag van de vorige keer vaststellen, met de correcties")
        )
        self.approve_button.clicked.connect(self._approve)
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.corrections_label)
        layout.addWidget(self.corrections)
        layout.addLayout(row)

    def show_previous(self, previous: PreviousMinutes | None, items: list[AgendaRow]) -> None:
        """Show ``previous`` (None: the series has no earlier held meeting) and its items."""
        if previous is None or self.previous is None or previous.meeting.id != self.previous.meeting.id:
            self.corrections.clear()  # corrections typed for other minutes do not carry over
        self.previous = previous
        if previous is None:
            self.heading.setText(self.tr("Er is geen eerder gehouden overleg in deze reeks."))
            self.status.setText(self.tr("Er is dus geen verslag om vast te stellen."))
            self.text.clear()
            self.text.hide()
            self._show_approval_controls(editable=False, visible=False)
            return
        meeting = previous.meeting
        self.heading.setText(
            self.tr("Verslag van {title}, {day}").format(title=meeting.title, day=long_date(meeting.date))
        )
        self.text.show()
        self.text.setHtml(_minutes_html(items) or self.tr("<i>Dit verslag is leeg.</i>"))
        self._show_status(previous)

    def _show_status(self, previous: PreviousMinutes) -> None:
        if not previous.approved:
            self.status.setStyleSheet("")
            self.status.setText(
                self.tr("Concept: nog niet vastgesteld.")
                if previous.can_approve
                else self.tr("Concept: nog niet vastgesteld; dit overleg kan het niet meer vaststellen.")
            )
            self._show_approval_controls(editable=previous.can_approve, visible=True)
            return
        self.status.setStyleSheet(f"color: {GREEN}; font-weight: bold;")
        self.status.setText(self._approval_text(previous))
        self.corrections.setPlainText(previous.corrections)
        self._show_approval_controls(editable=False, visible=bool(previous.corrections))

    def _approval_text(self, previous: PreviousMinutes) -> str:
        """``Vastgesteld op 24-11-2026 in dit overleg, zonder correcties.`` and the like."""
        day = short_date(previous.approved_on) if previous.approved_on else ""
        if previous.approved_here:
            where = self.tr("in dit overleg")
        elif previous.approved_in is not None:
            where = self.tr("in {title} van {day}").format(
                title=previous.approved_in.title, day=short_date(previous.approved_in.date)
            )
        else:
            where = ""
        text = self.tr("Vastgesteld op {day}").format(day=day) if day else self.tr("Vastgesteld")
        if where:
            text += " " + where
        if previous.corrections:
            return text + self.tr(", met deze correcties:")
        return text + self.tr(", zonder correcties.")

    def _show_approval_controls(self, *, editable: bool, visible: bool) -> None:
        """Corrections and the button: editable only while the minutes can still be approved."""
        self.corrections_label.setVisible(visible)
        self.corrections.setVisible(visible)
        self.corrections.setReadOnly(not editable)
        self.approve_button.setVisible(editable)
        self.approve_button.setEnabled(editable)

    def _approve(self) -> None:
        if self.previous is None or not self.previous.can_approve:
            return
        done = self.approve(self.corrections.toPlainText().strip(), self.previous.meeting.id)
        if done is None:
            return
        self.previous = done
        self._show_status(done)
        self.approved.emit(done.meeting.id)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)


def _minutes_html(items: list[AgendaRow]) -> str:
    parts = []
    for item in items:
        body = escape(item.minutes).replace("\n", "<br>") if item.minutes else "<i>—</i>"
        parts.append(f"<p><b>{item.position + 1}. {escape(item.title)}</b><br>{body}</p>")
    return "".join(parts)
