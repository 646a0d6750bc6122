"""Closing the meeting: what it produced (decisions, new and updated actions, carried items)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import counted, short_date
from wiec_desktop.services.meetings.views import ActionRow, ClosingSummary
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.action_list import update_text


def summary_html(summary: ClosingSummary) -> str:
    """The summary as simple HTML (Dutch)."""
    parts = [
        f"<p>{summary.present} aanwezig, {summary.excused} afwezig met bericht, {summary.absent} afwezig; "
        f"notulen bij {counted(summary.items_with_minutes, 'agendapunt', 'agendapunten')}.</p>"
    ]

    def section(title: str, lines: list[str]) -> None:
        body = "".join(f"<li>{line}</li>" for line in lines) if lines else "<li><i>geen</i></li>"
        parts.append(f"<h3>{title} ({len(lines)})</h3><ul>{body}</ul>")

    section(
        "Besluiten",
        [f"<b>{escape(d.item_title)}:</b> {escape(d.text)}" for d in summary.decisions],
    )
    section("Nieuwe acties", [_new_action(a) for a in summary.new_actions])
    section(
        "Bijgewerkte acties",
        [
            f"<b>{escape(a.reference)}</b> {escape(a.description)} — <i>{escape(update_text(a))}</i>"
            for a in summary.updated_actions
        ],
    )
    section("Door naar het volgende overleg", [escape(title) for title in summary.carried_items])
    for key, value in summary.extra.items():
        parts.append(f"<p><b>{escape(key)}:</b> {escape(value)}</p>")
    return "".join(parts)


def _new_action(action: ActionRow) -> str:
    contact = f" ({escape(action.owner_contact)})" if action.owner_contact else ""
    due = short_date(action.due_date) or "—"
    return (
        f"<b>{escape(action.reference)}</b> {escape(action.description)} — "
        f"{escape(action.owner_organisation)}{contact}, vóór {due}"
    )


class ClosingSummaryDialog(QDialog):
    """The one question before closing: what the meeting produced, "Overleg sluiten" (accepted)
    or "Annuleren" (the default, so that a stray Enter keeps the meeting going)."""

    def __init__(self, summary: ClosingSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(self.tr("Overleg sluiten"))
        intro = QLabel(
            self.tr(
                "Na het sluiten is het overleg gehouden en het verslag een concept; het overleg kan dan "
                "niet meer worden gewijzigd. Punten die niet aan bod kwamen of geparkeerd zijn, gaan "
                "door naar het volgende overleg."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setHtml(summary_html(summary))
        # issue 15: the offer to send each organisation its own actions once the meeting is closed
        self.send_partners = QCheckBox(self.tr("Daarna de acties per &partner versturen…"), self)
        self.send_partners.setObjectName("sendPerPartner")
        self.send_partners.setChecked(bool(summary.new_actions or summary.updated_actions))
        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(
            self.tr("Overleg &sluiten"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(self.tr("&Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.send_partners)
        layout.addWidget(buttons)
        self.resize(640, 520)


def offer_partner_dispatch(context: AppContext, meeting_id: int, parent: QWidget | None) -> QWidget:
    """After closing: "Acties per partner versturen" for the meeting's actions (parented to the
    main window, as meeting mode's window closes)."""
    from wiec_desktop.ui.followup.send_dialog import open_send_dialog

    return open_send_dialog(context, parent, meeting_id=meeting_id)
