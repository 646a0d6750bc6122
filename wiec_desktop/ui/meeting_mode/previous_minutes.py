"""The "verslag vorige keer" item: the previous meeting's minutes, corrections, and approval."""

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

from wiec_desktop.domain.enums import MinutesStatus
from wiec_desktop.services.formatting import long_date
from wiec_desktop.services.meetings.views import AgendaRow, MeetingRef


class PreviousMinutesPanel(QWidget):
    """``approve`` is called with the corrections and returns the approved meeting (or None)."""

    approved = Signal(int)

    def __init__(self, approve: Callable[[str], MeetingRef | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.approve = approve
        self.previous: MeetingRef | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Verslag van de vorige keer"))
        self.corrections = QPlainTextEdit(self)
        self.corrections.setTabChangesFocus(True)
        self.corrections.setPlaceholderText(self.tr("Correcties op het verslag (optioneel)"))
        self.corrections.setAccessibleName(self.tr("Correcties"))
        self.corrections.setFixedHeight(70)
        self.approve_button = QPushButton(self.tr("Verslag &vaststellen"), self)
        self.approve_button.setToolTip(
            self.tr("Het verslag van de vorige keer vaststellen, met de correcties")
        )
        self.approve_button.clicked.connect(self._approve)
        self.result = QLabel(self)
        self.result.setStyleSheet("color: #1e7b34; font-weight: bold;")
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel(self.tr("Correcties:"), self))
        layout.addWidget(self.corrections)
        layout.addLayout(row)

    def show_previous(self, previous: MeetingRef | None, items: list[AgendaRow]) -> None:
        self.previous = previous
        if previous is None:
            self.heading.setText(self.tr("Er is geen eerder gehouden overleg in deze reeks."))
            self.text.clear()
            self.approve_button.setEnabled(False)
            self.result.clear()
            return
        self.heading.setText(
            self.tr("Verslag van {title}, {day} — {status}").format(
                title=previous.title, day=long_date(previous.date), status=previous.minutes_status.label
            )
        )
        parts = []
        for item in items:
            body = escape(item.minutes).replace("\n", "<br>") if item.minutes else "<i>—</i>"
            parts.append(f"<p><b>{item.position + 1}. {escape(item.title)}</b><br>{body}</p>")
        self.text.setHtml("".join(parts) or self.tr("<i>Dit verslag is leeg.</i>"))
        approved = previous.minutes_status == MinutesStatus.APPROVED
        self.approve_button.setEnabled(not approved)
        self.result.setText(self.tr("Dit verslag is al vastgesteld.") if approved else "")

    def _approve(self) -> None:
        done = self.approve(self.corrections.toPlainText().strip())
        if done is None:
            return
        self.previous = done
        self.approve_button.setEnabled(False)
        self.result.setText(self.tr("Vastgesteld."))
        self.approved.emit(done.id)
        self.corrections.setReadOnly(True)
        self.approve_button.setFocus(Qt.FocusReason.OtherFocusReason)
