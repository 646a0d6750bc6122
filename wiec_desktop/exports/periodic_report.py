"""The documents of the periodic report to policymakers (issue 15): the progress report of one
period of the assignment's cadence and the minutes of the meetings held in it, written together
into the chosen folder — all of them or none.

Which period is due, the mail and its record are ``services/followup/periodic.py``; this module is
the export in between (documents are a layer above the services). Each document is written under a
hidden name beside its target first (``atomic_file.StagedFile``); only when every one is whole are
they renamed into place, and a rename that fails takes the ones already renamed back (the earlier
files under those names return). The making is not logged by itself: the sending is
(``PeriodicReportService.record_sent``), as for the attachments of the report e-mail.

Privacy as every document: for policymakers unless the intern variant is chosen (see
``exports/documents.py``). No Qt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.atomic_file import StagedFile
from wiec_desktop.domain.base import utcnow
from wiec_desktop.exports.documents import for_audience, replacements, variant_target, write_logged
from wiec_desktop.services.followup.periodic import Period, PeriodMeeting
from wiec_desktop.services.privacy.redaction import Audience, Replacement

if TYPE_CHECKING:
    from wiec_desktop.services.registry import Services

Progress = Callable[[int, int, str], None]  # (document done, documents in all, what comes next)


@dataclass(frozen=True)
class MadeReport:
    """The documents written for one period, in the order they are attached."""

    period: Period
    files: tuple[Path, ...]
    meetings: tuple[PeriodMeeting, ...]
    made_at: datetime


def slug(text: str, limit: int = 60) -> str:
    """``Leefomgevingoverleg Wateringseveld`` → ``leefomgevingoverleg-wateringseveld``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:limit].rstrip("-") or "overleg"


def progress_name(period: Period) -> str:
    """``voortgangsrapportage-2026-11-01-2026-11-30.docx`` (as the Rapportages page names it)."""
    return f"voortgangsrapportage-{period.start.isoformat()}-{period.end.isoformat()}.docx"


def minutes_name(meeting: PeriodMeeting) -> str:
    """``verslag-2026-11-03-leefomgevingoverleg-wateringseveld.docx`` (as the report e-mail)."""
    return f"verslag-{meeting.date.isoformat()}-{slug(meeting.title)}.docx"


def make_periodic_report(
    services: Services,
    period: Period,
    folder: Path,
    template: Path | None = None,
    *,
    audience: Audience = Audience.POLICYMAKERS,
    password: str | None = None,
    replaced: list[Replacement] | None = None,
    progress: Progress | None = None,
) -> MadeReport:
    """Write the progress report of ``period`` (for its assignment) and the minutes of the meetings
    held in it into ``folder`` (made when missing), all or nothing. ``progress`` is told after each
    document. Refused before anything is written (ValidationError, Dutch) when the period has not
    ended or the assignment has no report recipients."""
    from wiec_desktop.exports.docx.minutes import write_minutes_docx
    from wiec_desktop.exports.docx.progress import write_progress_docx

    periodic = services.periodic_reports
    found = periodic.check_ready(period)
    internal = audience is Audience.INTERNAL
    data = services.report_data.progress(period.start, period.end, period.assignment_id)
    # (target, the document's data for its audience, its writer, what it is)
    jobs: list[tuple[Path, Any, Callable[..., Any], str]] = [
        (
            variant_target(folder / progress_name(period), audience),
            for_audience(services, data, audience, replaced),
            write_progress_docx,
            "voortgangsrapportage",
        )
    ]
    for meeting in found.meetings:
        jobs.append(
            (
                variant_target(folder / minutes_name(meeting), audience),
                for_audience(services, services.minutes_data.minutes(meeting.id), audience, replaced),
                write_minutes_docx,
                f"verslag van {meeting.date:%d-%m-%Y}",
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[StagedFile] = []
    try:
        for number, (target, prepared, write, what) in enumerate(jobs):
            if progress is not None:
                progress(number, len(jobs), what)
            staged.append(StagedFile.reserve(target))
            write(prepared, staged[-1].path, template, internal=internal, password=password)
        _publish_all(staged)
    finally:
        for item in staged:
            item.discard()
    if progress is not None:
        progress(len(jobs), len(jobs), "")
    return MadeReport(period, tuple(job[0] for job in jobs), found.meetings, utcnow())


def _publish_all(staged: list[StagedFile]) -> None:
    """Rename every written document into place, or none: a failure takes the renamed ones back."""
    try:
        for item in staged:
            item.publish()
    except BaseException:
        for item in staged:
            item.revert()
        raise
    for item in staged:
        item.finish()


def preview(services: Services, period: Period) -> list[Replacement]:
    """What the policymakers' variant of the period's documents replaces (the chair's preview)."""
    found: list[Replacement] = []
    found += replacements(
        services, services.report_data.progress(period.start, period.end, period.assignment_id)
    )
    for meeting in services.periodic_reports.meetings_in(period):
        found += replacements(services, services.minutes_data.minutes(meeting.id))
    return found


def draft_name(period: Period) -> str:
    """``rapportage-2026-11-01-2026-11-30.eml``."""
    return f"rapportage-{period.start.isoformat()}-{period.end.isoformat()}.eml"


def save_periodic_draft(services: Services, message: EmailMessage, made: MadeReport, folder: Path) -> Path:
    """The mail as a draft ``.eml`` beside the documents, recorded as handed to the mail program
    (the period then counts as reported) in the same step."""
    from email.utils import getaddresses

    from wiec_desktop.services.mail.message import save_draft

    target = folder / draft_name(made.period)
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(name, [])]
    count = len({address.lower() for _name, address in getaddresses(fields) if address})
    write_logged(
        target,
        lambda path: save_draft(message, path),
        lambda: services.periodic_reports.record_sent(
            made.period, count, [p.name for p in made.files], made_at=made.made_at, draft=True
        ),
    )
    return target


__all__ = [
    "MadeReport",
    "draft_name",
    "make_periodic_report",
    "minutes_name",
    "preview",
    "progress_name",
    "save_periodic_draft",
]
