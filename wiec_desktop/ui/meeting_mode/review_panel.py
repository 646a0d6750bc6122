"""The actielijst item: every open action from earlier meetings in turn ("Actie 3 van 17")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.meetings.views import ActionRow
from wiec_desktop.ui.meeting_mode.action_list import ESCALATION_MARK, ActionList, Recorder, update_text
from wiec_desktop.ui.meeting_mode.common import RED
from wiec_desktop.ui.settings.preferences import Settings


class ActionReviewPanel(QWidget):
    def __init__(
        self,
        record: Recorder,
        default_due: Callable[[], date],
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.progress = QLabel(self)
        self.progress.setObjectName("sectionTitle")
        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.card_text = QLabel(self.card)
        self.card_text.setWordWrap(True)
        self.card_text.setTextFormat(Qt.TextFormat.RichText)
        self.card_text.setStyleSheet("font-size: 12pt;")
        card_layout = QVBoxLayout(self.card)
        card_layout.addWidget(self.card_text)
        self.actions = ActionList(
            record,
            default_due,
            self,
            advance=True,
            settings=settings,
            table_key="meeting_mode/review_actions",
        )
        self.actions.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.actions.model.dataChanged.connect(lambda *_: self._show_current())
        self.actions.model.modelReset.connect(self._show_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.card)
        layout.addWidget(self.actions, 1)

    def show_actions(self, rows: list[ActionRow]) -> None:
        keep = self.actions.current_row()
        if keep < 0:  # first time: start at the first action not yet reviewed
            keep = next((n for n, row in enumerate(rows) if row.update_status is None), 0)
        self.actions.set_rows(rows, keep_row=keep)
        self._show_current()

    def _show_current(self) -> None:
        rows = self.actions.model.rows
        done = sum(1 for row in rows if row.update_status is not None)
        row = self.actions.current_action()
        if not rows:
            self.progress.setText(self.tr("Geen open acties uit eerdere overleggen"))
            self.card.hide()
            return
        self.card.show()
        number = self.actions.current_row() + 1
        self.progress.setText(
            self.tr("Actie {number} van {total} · {done} besproken").format(
                number=max(1, number), total=len(rows), done=done
            )
        )
        if row is None:
            self.card_text.setText("")
            return
        due = short_date(row.due_date) or self.tr("geen")
        if row.overdue:
            due = f"<span style='color:{RED}'><b>{due}</b> (verlopen)</span>"
        owner = escape(row.owner_organisation) + (
            f" — {escape(row.owner_contact)}" if row.owner_contact else ""
        )
        lines = [
            f"<b>{escape(row.reference)}</b>"
            + (f" · casus {escape(row.case_reference)}" if row.case_reference else ""),
            f"<span style='font-size:14pt'>{escape(row.description)}</span>",
            self.tr(
                "<b>Eigenaar:</b> {owner} &nbsp; <b>Deadline:</b> {due} &nbsp; <b>Status:</b> {status}"
            ).format(owner=owner, due=due, status=escape(row.status.label)),
        ]
        if row.escalation:
            lines.append(
                self.tr(
                    "<span style='color:{red}'><b>{mark} Aandacht van management nodig:</b> {reason}</span>"
                ).format(red=RED, mark=ESCALATION_MARK, reason=escape(row.escalation))
            )
        if row.update_status is not None:
            lines.append(
                self.tr("<span style='color:#1e7b34'><b>Deze keer:</b> {update}</span>").format(
                    update=escape(update_text(row))
                )
            )
        self.card_text.setText("<br>".join(lines))
