"""The documents of one meeting as export requests (Word minutes, Word agenda, .ics invitation),
shared by the Overleggen and Rapportages pages; an ``ExportJob`` writes them off the UI thread."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from wiec_desktop.exports import documents
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ICS_FILTER, WORD_FILTER, ExportRequest, dated_name


def minutes_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The minutes (verslag) on the chair's Word template, logged when written."""
    services = context.services
    template = context.settings.word_template()
    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Verslag opslaan"),
        dated_name("verslag", day, title, ".docx"),
        WORD_FILTER,
        lambda target: documents.write_minutes(services, meeting_id, target, template),
    )


def agenda_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The agenda for the invitation (items, times, presenters, the open action list)."""
    services = context.services
    template = context.settings.word_template()
    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Agenda opslaan"),
        dated_name("agenda", day, title, ".docx"),
        WORD_FILTER,
        lambda target: documents.write_agenda(services, meeting_id, target, template),
    )


def invitation_request(context: AppContext, meeting_id: int, day: date, title: str) -> ExportRequest:
    """The calendar invitation; the mail settings' sender is the organiser when one is set."""
    services = context.services
    mail = context.settings.mail_settings()
    organiser = None
    if mail is not None and mail.sender_address.strip():
        organiser = (mail.sender_name.strip(), mail.sender_address.strip())
    return ExportRequest(
        QCoreApplication.translate("MeetingExports", "Uitnodiging opslaan"),
        dated_name("uitnodiging", day, title, ".ics"),
        ICS_FILTER,
        lambda target: documents.write_invitation(services, meeting_id, target, organiser),
    )
