"""Every document the chair sends, composed once: read its data through the services, make it fit
for its audience, write the file (all or nothing), and log the export in the logboek. The window,
the report e-mail and the command line all make their documents here, so a document is the same
whoever asks for it.

Each function takes the ``Services`` of the open database and returns the data it read (as the
chair sees it, for callers that report counts; the file holds the variant for its audience). A
document that would say something untrue is refused before any file is written (a
ValidationError with the Dutch reason): minutes of a meeting that has not been held
(``MinutesDataService.minutes`` refuses them), an invitation to a meeting that has been held. The
Word and Excel libraries are imported only when a document is written. No Qt.

Privacy by default: every document is made for policymakers (``Audience.POLICYMAKERS``: residents'
names, phones, e-mail addresses, house numbers and postcodes replaced, see
``services/privacy/documents.py``) unless the intern variant is chosen explicitly
(``Audience.INTERNAL``: full detail, "Vertrouwelijk – intern" on every page and in the file name,
``variant_target``). The logboek says which variant left, by reference only. ``password``
encrypts a .docx or .xlsx (the plain package never reaches the disk). ``replaced`` (a list)
collects the replacements made, for the command line's count; ``replacements(services, data)`` is
the chair's preview of a document's data before it is written.

Whole and logged in one step (``write_logged``): the document is written under a hidden name
beside the target (``atomic_file.StagedFile``) and renamed into place inside the transaction that
writes its logboek entry, after the entry is flushed and before the commit (``services.base.
publishing``). A document that cannot be written leaves no file and no entry; a rename that fails
rolls the entry back; a commit that fails (the database's disk is full) takes the file back,
putting back the file it replaced. A read-only target is never replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wiec_desktop.atomic_file import StagedFile
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.base import publishing
from wiec_desktop.services.privacy.documents import prepare, redactor_for
from wiec_desktop.services.privacy.redaction import INTERNAL_FILE_SUFFIX, INTERNAL_MARK, Audience, Replacement
from wiec_desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from wiec_desktop.services.actions.action_list import ActionList, ActionListScope
    from wiec_desktop.services.meetings.minutes_data import AgendaData, MinutesData
    from wiec_desktop.services.partners.matrix import Matrix
    from wiec_desktop.services.registry import Services
    from wiec_desktop.services.reports.report_data import InventoryReportData, ProgressReportData

T = TypeVar("T")
R = TypeVar("R")
AUDIENCE_LABELS = {Audience.POLICYMAKERS: "voor beleid", Audience.INTERNAL: "intern"}

MINUTES = "verslag"
AGENDA = "agenda"
INVENTORY_REPORT = "inventarisatierapport"
PROGRESS_REPORT = "voortgangsrapportage"
HELD_INVITATION_MESSAGE = "Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."


def variant_target(target: Path, audience: Audience) -> Path:
    """``target`` as the file of ``audience``: the intern variant's name ends in
    "-vertrouwelijk-intern" before the extension (added once)."""
    target = Path(target)
    if audience is not Audience.INTERNAL or target.stem.endswith(INTERNAL_FILE_SUFFIX):
        return target
    return target.with_name(f"{target.stem}-{INTERNAL_FILE_SUFFIX}{target.suffix}")


def logged_name(target: Path, audience: Audience) -> str:
    """What the logboek says about an exported file: its name and the variant ("voor beleid",
    "intern") — a reference, never the document's text."""
    return f"{target.name} ({AUDIENCE_LABELS[audience]})"


def write_logged(target: Path, write: Callable[[Path], R], log: Callable[[], object] | None) -> R:
    """``write(path)`` the document to a hidden name beside ``target``, then make it visible as
    ``target`` in the same step as ``log()`` (one service transaction) writes its logboek entry:
    neither exists without the other (see the module's text). ``log=None``: not logged (an
    attachment of the report e-mail, whose sending is logged instead), only renamed."""
    staged = StagedFile.reserve(target)
    try:
        try:
            result = write(staged.path)
        except Exception as error:
            os_error = _as_os_error(error)
            if os_error is None:
                raise
            raise os_error from error
        if log is None:
            staged.publish()
            staged.finish()
        else:
            with publishing(staged):
                log()
    finally:
        staged.discard()
    return result


def _as_os_error(error: Exception) -> OSError | None:
    """The ``OSError`` a library reported in its own way: lxml's streaming writer (the action list)
    raises ``SerialisationError('IO_ENOSPC')`` for a full disk."""
    import errno
    import os

    if type(error).__name__ != "SerialisationError":
        return None
    text = str(error)
    for name in ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO"):
        if f"IO_{name}" in text and hasattr(errno, name):
            code = getattr(errno, name)
            return OSError(code, os.strerror(code))
    return None


def for_audience(
    services: Services, data: T, audience: Audience, replaced: list[Replacement] | None = None
) -> T:
    """``data`` as the document for ``audience`` shows it (the database's privacy context and the
    chair's earlier choices applied); the replacements are added to ``replaced``."""
    if audience is Audience.INTERNAL:
        return data
    prepared, made = prepare(services.privacy_context.context(), data, audience)
    if replaced is not None:
        replaced.extend(made)
    return prepared


def replacements(services: Services, data: object) -> list[Replacement]:
    """What the policymakers' variant of a document with ``data`` replaces (the chair's preview)."""
    return prepare(services.privacy_context.context(), data, Audience.POLICYMAKERS)[1]


def write_minutes(
    services: Services,
    meeting_id: int,
    target: Path,
    template: Path | None = None,
    *,
    record: bool = True,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> MinutesData:
    """The minutes (verslag) of a held meeting on the chair's Word template (CONCEPT until
    approved; approved minutes as kept at approval). ``MinutesNotAvailable`` (a ValidationError),
    and no file, for a meeting that is planned, running or cancelled. ``record=False`` for an
    attachment of the report e-mail, whose sending is logged instead."""
    from wiec_desktop.exports.docx.minutes import write_minutes_docx

    target = variant_target(target, audience)
    data = services.minutes_data.minutes(meeting_id)
    prepared = for_audience(services, data, audience, replaced)
    write_logged(
        target,
        lambda path: write_minutes_docx(
            prepared, path, template, internal=audience is Audience.INTERNAL, password=password
        ),
        (lambda: services.minutes_data.record_export(meeting_id, MINUTES, logged_name(target, audience)))
        if record
        else None,
    )
    return data


def write_agenda(
    services: Services,
    meeting_id: int,
    target: Path,
    template: Path | None = None,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> AgendaData:
    """The agenda for the invitation: items with times and presenters, and the open action list."""
    from wiec_desktop.exports.docx.agenda import write_agenda_docx

    target = variant_target(target, audience)
    data = services.minutes_data.agenda(meeting_id)
    prepared = for_audience(services, data, audience, replaced)
    write_logged(
        target,
        lambda path: write_agenda_docx(
            prepared, path, template, internal=audience is Audience.INTERNAL, password=password
        ),
        lambda: services.minutes_data.record_export(meeting_id, AGENDA, logged_name(target, audience)),
    )
    return data


def write_invitation(
    services: Services,
    meeting_id: int,
    target: Path,
    organiser: tuple[str, str] | None = None,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    replaced: list[Replacement] | None = None,
) -> Path:
    """The calendar invitation (.ics) of a meeting; ``organiser`` is (name, e-mail address).
    Refused (ValidationError, no file) for a meeting that has been held. A cancelled meeting
    gives the cancellation that takes it out of the invitees' calendars. For policymakers the
    summary, location and description are redacted (a calendar file has no password)."""
    if services.meetings.get_meeting(meeting_id).status == MeetingStatus.HELD:
        raise ValidationError({"meeting": HELD_INVITATION_MESSAGE})
    target = variant_target(target, audience)
    redact = None
    redactor = None
    if audience is Audience.POLICYMAKERS:
        redactor = redactor_for(services.privacy_context.context())
        redact = redactor.text
    mark = INTERNAL_MARK if audience is Audience.INTERNAL else ""
    logged = f"uitnodiging (.ics) {logged_name(target, audience)}"
    write_logged(
        target,
        lambda path: services.calendar.write_invitation(meeting_id, path, organiser, redact, mark),
        lambda: services.audit_log.record_file_export("meeting", meeting_id, logged),
    )
    if redactor is not None and replaced is not None:
        replaced.extend(redactor.replacements)
    return target


def invitation_replacements(
    services: Services, meeting_id: int, organiser: tuple[str, str] | None = None
) -> list[Replacement]:
    """What the policymakers' invitation of ``meeting_id`` replaces (the chair's preview)."""
    redactor = redactor_for(services.privacy_context.context())
    services.calendar.invitation(meeting_id, organiser=organiser, redact=redactor.text)
    return list(redactor.replacements)


def write_action_list(
    services: Services,
    scope: ActionListScope,
    target: Path,
    *,
    record: bool = True,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> ActionList:
    """The action list of ``scope`` (all open, one meeting's, one organisation's) as Excel."""
    from wiec_desktop.exports.xlsx.actions import write_actions_xlsx

    target = variant_target(target, audience)
    data = services.action_list.action_list(scope)
    prepared = for_audience(services, data, audience, replaced)
    write_logged(
        target,
        lambda path: write_actions_xlsx(
            prepared, path, services.today(), internal=audience is Audience.INTERNAL, password=password
        ),
        (lambda: services.action_list.record_export(data, logged_name(target, audience))) if record else None,
    )
    return data


def write_matrix(
    services: Services,
    matrix: Matrix,
    target: Path,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> Matrix:
    """The who-does-what matrix as built (for the chosen area, theme and statuses) as Excel."""
    from wiec_desktop.exports.xlsx.matrix import write_matrix_xlsx

    target = variant_target(target, audience)
    prepared = for_audience(services, matrix, audience, replaced)
    write_logged(
        target,
        lambda path: write_matrix_xlsx(
            prepared, path, internal=audience is Audience.INTERNAL, password=password
        ),
        lambda: services.matrix.record_export(matrix, logged_name(target, audience)),
    )
    return matrix


def write_inventory_report(
    services: Services,
    round_id: int | None,
    target: Path,
    template: Path | None = None,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> InventoryReportData:
    """The inventory report of a round of house visits (None: the latest round)."""
    from wiec_desktop.exports.docx.inventory import write_inventory_docx

    target = variant_target(target, audience)
    data = services.report_data.inventory(round_id)
    prepared = for_audience(services, data, audience, replaced)
    write_logged(
        target,
        lambda path: write_inventory_docx(
            prepared, path, template, internal=audience is Audience.INTERNAL, password=password
        ),
        lambda: services.report_data.record_export(INVENTORY_REPORT, logged_name(target, audience), round_id),
    )
    return data


def write_progress_report(
    services: Services,
    start: date,
    end: date,
    target: Path,
    template: Path | None = None,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
) -> ProgressReportData:
    """The progress report of ``start``–``end`` for the current assignment."""
    from wiec_desktop.exports.docx.progress import write_progress_docx

    target = variant_target(target, audience)
    data = services.report_data.progress(start, end)
    prepared = for_audience(services, data, audience, replaced)
    write_logged(
        target,
        lambda path: write_progress_docx(
            prepared, path, template, internal=audience is Audience.INTERNAL, password=password
        ),
        lambda: services.report_data.record_export(PROGRESS_REPORT, logged_name(target, audience)),
    )
    return data


def write_audit_log(
    services: Services,
    entries: Any,
    chain: Any,
    target: Path,
    filter_lines: Sequence[tuple[str, str]] = (),
) -> int:
    """The logboek entries shown (``entries``, with the chain's state ``chain``) as Excel, its own
    export logged in the same step; returns the number of rows written."""
    from wiec_desktop.exports.xlsx.audit import write_audit_xlsx

    rows: list[int] = []

    def write(path: Path) -> None:
        rows.append(write_audit_xlsx(entries, chain, path, list(filter_lines)))

    write_logged(target, write, lambda: services.audit_log.record_export(target.name, rows[0]))
    return rows[0]


def save_logged_draft(services: Services, message: Any, target: Path, meeting_id: int, detail: str) -> Path:
    """The report e-mail as a draft ``.eml`` (``mail.message.save_draft``), logged in the same step."""
    from wiec_desktop.services.mail.message import save_draft

    write_logged(
        target,
        lambda path: save_draft(message, path),
        lambda: services.audit_log.record_file_export("meeting", meeting_id, detail),
    )
    return target
