"""Every document the chair sends, composed once: read its data through the services, write the
file (all or nothing), and log the export in the logboek. The window, the report e-mail and the
command line all make their documents here, so a document is the same whoever asks for it.

Each function takes the ``Services`` of the open database and returns what it wrote (the data, for
callers that report counts). A document that would say something untrue is refused before any file
is written (a ValidationError with the Dutch reason): minutes of a meeting that has not been held
(``MinutesDataService.minutes`` refuses them), an invitation to a meeting that has been held. The
Word and Excel libraries are imported only when a document is written. No Qt.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from wiec_desktop.services.actions.action_list import ActionList, ActionListScope
    from wiec_desktop.services.meetings.minutes_data import AgendaData, MinutesData
    from wiec_desktop.services.partners.matrix import Matrix
    from wiec_desktop.services.registry import Services
    from wiec_desktop.services.reports.report_data import InventoryReportData, ProgressReportData

MINUTES = "verslag"
AGENDA = "agenda"
INVENTORY_REPORT = "inventarisatierapport"
PROGRESS_REPORT = "voortgangsrapportage"
HELD_INVITATION_MESSAGE = "Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."


def write_minutes(
    services: Services, meeting_id: int, target: Path, template: Path | None = None, *, record: bool = True
) -> MinutesData:
    """The minutes (verslag) of a held meeting on the chair's Word template (CONCEPT until
    approved; approved minutes as kept at approval). ``MinutesNotAvailable`` (a ValidationError),
    and no file, for a meeting that is planned, running or cancelled. ``record=False`` for an
    attachment of the report e-mail, whose sending is logged instead."""
    from wiec_desktop.exports.docx.minutes import write_minutes_docx

    data = services.minutes_data.minutes(meeting_id)
    write_minutes_docx(data, target, template)
    if record:
        services.minutes_data.record_export(meeting_id, MINUTES, target.name)
    return data


def write_agenda(
    services: Services, meeting_id: int, target: Path, template: Path | None = None
) -> AgendaData:
    """The agenda for the invitation: items with times and presenters, and the open action list."""
    from wiec_desktop.exports.docx.agenda import write_agenda_docx

    data = services.minutes_data.agenda(meeting_id)
    write_agenda_docx(data, target, template)
    services.minutes_data.record_export(meeting_id, AGENDA, target.name)
    return data


def write_invitation(
    services: Services, meeting_id: int, target: Path, organiser: tuple[str, str] | None = None
) -> Path:
    """The calendar invitation (.ics) of a meeting; ``organiser`` is (name, e-mail address).
    Refused (ValidationError, no file) for a meeting that has been held. A cancelled meeting
    gives the cancellation that takes it out of the invitees' calendars."""
    if services.meetings.get_meeting(meeting_id).status == MeetingStatus.HELD:
        raise ValidationError({"meeting": HELD_INVITATION_MESSAGE})
    return services.calendar.write_invitation(meeting_id, target, organiser)


def write_action_list(
    services: Services, scope: ActionListScope, target: Path, *, record: bool = True
) -> ActionList:
    """The action list of ``scope`` (all open, one meeting's, one organisation's) as Excel."""
    from wiec_desktop.exports.xlsx.actions import write_actions_xlsx

    data = services.action_list.action_list(scope)
    write_actions_xlsx(data, target, services.today())
    if record:
        services.action_list.record_export(data, target.name)
    return data


def write_matrix(services: Services, matrix: Matrix, target: Path) -> Matrix:
    """The who-does-what matrix as built (for the chosen area, theme and statuses) as Excel."""
    from wiec_desktop.exports.xlsx.matrix import write_matrix_xlsx

    write_matrix_xlsx(matrix, target)
    services.matrix.record_export(matrix, target.name)
    return matrix


def write_inventory_report(
    services: Services, round_id: int | None, target: Path, template: Path | None = None
) -> InventoryReportData:
    """The inventory report of a round of house visits (None: the latest round)."""
    from wiec_desktop.exports.docx.inventory import write_inventory_docx

    data = services.report_data.inventory(round_id)
    write_inventory_docx(data, target, template)
    services.report_data.record_export(INVENTORY_REPORT, target.name, round_id)
    return data


def write_progress_report(
    services: Services, start: date, end: date, target: Path, template: Path | None = None
) -> ProgressReportData:
    """The progress report of ``start``–``end`` for the current assignment."""
    from wiec_desktop.exports.docx.progress import write_progress_docx

    data = services.report_data.progress(start, end)
    write_progress_docx(data, target, template)
    services.report_data.record_export(PROGRESS_REPORT, target.name)
    return data
