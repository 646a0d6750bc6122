"""The documents of one meeting as export requests (Word minutes, Word agenda, .ics invitation),
shared by the Overleggen and Rapportages pages; an ``ExportJob`` writes them off the UI thread.

``minutes_or_agenda`` and ``invitation_or_none`` look at the meeting first, before any save
dialog: minutes only of a held meeting (for a planned one the chair is asked whether to export the
agenda instead), an invitation only to a meeting that has not been held. The writers refuse the
same on their own (``exports.documents``), for the command line and for a meeting changed since.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.exports import documents
from wiec_desktop.services.validation import NotFound
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ICS_FILTER, WORD_FILTER, ExportRequest, dated_name
from wiec_desktop.ui.privacy_preview.choice import ExportChoice


def minutes_or_agenda(
    parent: QWidget, context: AppContext, meeting_id: int, day: date, title: str
) -> ExportRequest | None:
    """The minutes of a held meeting. A planned one has none: "De agenda exporteren?" and, on
    Yes, the agenda's request. A running or cancelled one: a message why, and None."""
    status = _status(context, meeting_id)
    if status == MeetingStatus.HELD:
        return minutes_request(context, meeting_id, day, title)
    heading = QCoreApplication.translate("MeetingExports", "Verslag exporteren")
    if status == MeetingStatus.PLANNED:
        answer = QMessageBox.question(
            parent,
            heading,
            QCoreApplication.translate(
                "MeetingExports", "Dit overleg is nog niet gehouden. De agenda exporteren?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return agenda_request(context, meeting_id, day, title)
    if status == MeetingStatus.IN_PROGRESS:
        text = QCoreApplication.translate(
            "MeetingExports",
            "Dit overleg is nog bezig. Sluit het af in de vergadermodus; daarna kunt u het verslag "
            "exporteren.",
        )
        QMessageBox.information(parent, heading, text)
    elif status == MeetingStatus.CANCELLED:
        text = QCoreApplication.translate("MeetingExports", "Dit overleg is geannuleerd; er is geen verslag.")
        QMessageBox.information(parent, heading, text)
    return None


def invitation_or_none(
    parent: QWidget, context: AppContext, meeting_id: int, day: date, title: str
) -> ExportRequest | None:
    """The calendar invitation, unless the meeting has been held (a message says so, and None)."""
    status = _status(context, meeting_id)
    if status is None:
        return None
    if status == MeetingStatus.HELD:
        QMessageBox.information(
            parent,
            QCoreApplication.translate("MeetingExports", "Uitnodiging exporteren"),
            QCoreApplication.translate(
                "MeetingExports", "Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."
            ),
        )
        return None
    return invitation_request(context, meeting_id, day, title)


def _status(context: AppContext, meeting_id: int) -> MeetingStatus | None:
    """The meeting's status now; None when it was deleted in the meantime."""
    try:
        return context.services.meetings.get_meeting(meeting_id).status
    except NotFound:
        return None


def minutes_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The minutes (verslag) on the chair's Word template, logged when written."""
    services = context.services
    template = context.settings.word_template()

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_minutes(
            services, meeting_id, target, template, audience=choice.audience, password=choice.password
        )

    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Verslag opslaan"),
        dated_name("verslag", day, title, ".docx"),
        WORD_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=lambda: documents.replacements(services, services.minutes_data.minutes(meeting_id)),
        write_for=write_for,
    )


def agenda_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The agenda for the invitation (items, times, presenters, the open action list)."""
    services = context.services
    template = context.settings.word_template()

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_agenda(
            services, meeting_id, target, template, audience=choice.audience, password=choice.password
        )

    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Agenda opslaan"),
        dated_name("agenda", day, title, ".docx"),
        WORD_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=lambda: documents.replacements(services, services.minutes_data.agenda(meeting_id)),
        write_for=write_for,
    )


def invitation_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The calendar invitation; the mail settings' sender is the organiser when one is set."""
    services = context.services
    mail = context.settings.mail_settings()
    organiser = None
    if mail is not None and mail.sender_address.strip():
        organiser = (mail.sender_name.strip(), mail.sender_address.strip())

    def write_for(target: Path, choice: ExportChoice) -> object:
        return documents.write_invitation(services, meeting_id, target, organiser, audience=choice.audience)

    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Uitnodiging opslaan"),
        dated_name("uitnodiging", day, title, ".ics"),
        ICS_FILTER,
        lambda target: write_for(target, ExportChoice()),
        preview=lambda: documents.invitation_replacements(services, meeting_id, organiser),
        write_for=write_for,
        protectable=False,  # a calendar file has no password
    )
