"""A case item: the case summary (status, trekker, betrokken organisaties) and its open actions,
each updatable in place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from wiec_desktop.services.meetings.views import CaseSummary
from wiec_desktop.ui.meeting_mode.action_list import ActionList, Recorder
from wiec_desktop.ui.meeting_mode.common import RED
from wiec_desktop.ui.settings.preferences import Settings


class CasePanel(QWidget):
    def __init__(
        self,
        record: Recorder,
        default_due: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.summary: CaseSummary | None = None
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setStyleSheet("font-size: 11pt;")
        self.actions_caption = QLabel(self)
        self.actions_caption.setObjectName("sectionTitle")
        self.actions = ActionList(
            record, default_due, self, settings=settings, table_key="meeting_mode/case_actions"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.actions_caption)
        layout.addWidget(self.actions, 1)

    def show_summary(self, summary: CaseSummary) -> None:
        previous, self.summary = self.summary, summary
        lead = escape(summary.lead) if summary.lead else f"<span style='color:{RED}'>geen trekker</span>"
        involved = ", ".join(f"{escape(name)} ({escape(role)})" for name, role in summary.involved)
        lines = [
            self.tr("<b>Status:</b> {status} &nbsp; <b>Trekker:</b> {lead}").format(
                status=escape(summary.status_label), lead=lead
            ),
            self.tr("<b>Betrokken:</b> {involved}").format(involved=involved or self.tr("nog niemand")),
        ]
        if summary.description:
            text = summary.description if len(summary.description) <= 280 else summary.description[:279] + "…"
            lines.append(f"<span style='color:#444'>{escape(text)}</span>")
        self.summary_label.setText("<br>".join(lines))
        self.summary_label.setToolTip(summary.description)
        open_count = sum(1 for row in summary.open_actions if row.update_status is None)
        self.actions_caption.setText(
            self.tr("Acties van deze casus ({count} open)").format(count=open_count)
            if summary.open_actions
            else self.tr("Geen open acties bij deze casus")
        )
        same_case = previous is not None and previous.case_id == summary.case_id
        self.actions.set_rows(
            summary.open_actions, keep_row=max(0, self.actions.current_row()) if same_case else 0
        )
