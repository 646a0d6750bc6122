"""The periodic report to policymakers (issue 15): which period of the assignment's report cadence
is due, the mail that sends it, and the record that it went out.

Periods (``periods_between``): weeks Monday–Sunday or calendar months, clipped to the assignment's
start and end date (the first month of an assignment that starts on 15 March is 15–31 March). A
period is *due* when it has ended (its last day lies before today) and no sent ``PeriodicReport``
covers it. Only the last few periods are looked at (``LOOKBACK``: the current calendar period and
the ones just before it, never years back); the oldest unsent comes first. The clock is the
service's ``today`` (a callable returning a date): the registry's, or a test's fixed day.

Making the documents — the progress report of the period and the minutes of the meetings held in
it — is an export, a layer above this one: ``exports/periodic_report.py`` does it, with the
meetings this service names (``meetings_in``). Composing the mail, sending it (SMTP through
``mail.transport``, as the report e-mail) and recording it (``PeriodicReport`` with made_at,
sent_at and the number of recipients, plus an audit event with references only) are here.

No Qt. Nothing here logs personal data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from wiec_desktop.domain import Meeting
from wiec_desktop.domain.base import utcnow
from wiec_desktop.domain.enums import AuditKind, MeetingStatus, MinutesStatus, ReportCadence
from wiec_desktop.domain.followup import PeriodicReport
from wiec_desktop.domain.organisations import Assignment, Contact, assignment_recipient
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import MONTHS, long_date
from wiec_desktop.services.validation import EMAIL_RE, Checker, NotFound, ValidationError
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.translation import QT_TRANSLATE_NOOP

# The mail modules (email, the redactor) are imported only when a mail is made: the Overzicht asks
# this service what is due as the program starts.
if TYPE_CHECKING:
    import ssl
    from email.message import EmailMessage

    from wiec_desktop.services.mail.settings import MailSettings, SendResult
    from wiec_desktop.services.privacy.redaction import Audience, Replacement

log = logging.getLogger(__name__)

# How many calendar periods back a report can still be due (besides the current one, whose end the
# assignment's end date may have brought forward): a quarter of months, a month of weeks.
LOOKBACK = {ReportCadence.MONTHLY: 3, ReportCadence.WEEKLY: 4}

NO_RECIPIENTS_MESSAGE = QT_TRANSLATE_NOOP(
    "PeriodicReportDialog",
    "Bij deze opdracht staan geen ontvangers van de rapportage met een e-mailadres. Voeg ze toe bij "
    "de opdracht (Opdracht › Opdrachten, ‘Ontvangers van verslagen’) en probeer het opnieuw.",
)
NOT_ENDED_MESSAGE = "Deze periode is nog niet voorbij; de rapportage kan daarna worden gemaakt."


@dataclass(frozen=True)
class Period:
    """One period of an assignment's report cadence (``end`` inclusive)."""

    assignment_id: int
    cadence: ReportCadence
    start: date
    end: date

    def label(self, today: date | None = None) -> str:
        """``november`` / ``week 47`` — with the year when it is not the year of ``today``
        (``december 2025``, ``week 52 van 2025``)."""
        if self.cadence is ReportCadence.WEEKLY:
            year, week, _day = self.start.isocalendar()
            text = f"week {week}"
            return text if today is not None and today.isocalendar()[0] == year else f"{text} van {year}"
        text = MONTHS[self.start.month - 1]
        return text if today is not None and today.year == self.start.year else f"{text} {self.start.year}"

    @property
    def dates(self) -> str:
        """``1 t/m 30 november 2026``, ``28 september t/m 4 oktober 2026``,
        ``28 december 2026 t/m 3 januari 2027``."""
        return span_text(self.start, self.end)

    def has_ended(self, today: date) -> bool:
        return self.end < today


class Recipient(NamedTuple):
    """A report recipient (as ``mail.service.Recipient``)."""

    name: str
    address: str


@dataclass(frozen=True)
class PeriodMeeting:
    """A meeting held in a period, whose minutes go with the report."""

    id: int
    date: date
    title: str
    minutes_status: MinutesStatus

    @property
    def description(self) -> str:
        state = "vastgesteld" if self.minutes_status == MinutesStatus.APPROVED else "concept"
        return f"{self.title} van {long_date(self.date)} ({state})"


@dataclass(frozen=True)
class DueReport:
    """A due period as the Overzicht and the dialog show it."""

    period: Period
    assignment: str
    recipients: tuple[Recipient, ...]
    meetings: tuple[PeriodMeeting, ...]
    more_due: int = 0  # further periods due after this one (of any current assignment)


# --- periods -----------------------------------------------------------------------------------------


def calendar_period(cadence: ReportCadence, day: date) -> tuple[date, date]:
    """The week (Monday–Sunday) or the calendar month that holds ``day``."""
    if cadence is ReportCadence.WEEKLY:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def periods_between(
    assignment_id: int, cadence: ReportCadence, start: date, end: date, first: date, last: date
) -> list[Period]:
    """The periods of the cadence that touch ``first``–``last``, clipped to the assignment's
    ``start``–``end``, oldest first (none outside the assignment)."""
    result: list[Period] = []
    day = max(first, start)
    stop = min(last, end)
    while day <= stop:
        period_start, period_end = calendar_period(cadence, day)
        result.append(Period(assignment_id, cadence, max(period_start, start), min(period_end, end)))
        day = period_end + timedelta(days=1)
    return result


def recent_periods(
    assignment_id: int, cadence: ReportCadence, start: date, end: date, today: date
) -> list[Period]:
    """The periods that may be due on ``today``: those of the last ``LOOKBACK`` calendar periods and
    the current one that have ended, within the assignment, oldest first."""
    current_start, _current_end = calendar_period(cadence, today)
    first = current_start
    for _ in range(LOOKBACK[cadence]):
        first = calendar_period(cadence, first - timedelta(days=1))[0]
    return [
        period
        for period in periods_between(assignment_id, cadence, start, end, first, today)
        if period.has_ended(today)
    ]


def span_text(start: date, end: date) -> str:
    """Two dates as one Dutch span without repeating what they share."""
    if start == end:
        return f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    last = f"{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year != end.year:
        return f"{start.day} {MONTHS[start.month - 1]} {start.year} t/m {last}"
    if start.month != end.month:
        return f"{start.day} {MONTHS[start.month - 1]} t/m {last}"
    return f"{start.day} t/m {last}"


# --- the service -------------------------------------------------------------------------------------


class PeriodicReportService(Service):
    """Due periods, the mail and its record for the periodic report to policymakers."""

    # --- what is due ---------------------------------------------------------------------------

    def due(self, assignment_id: int | None = None) -> list[Period]:
        """The periods due on the clock's today for ``assignment_id`` (None: every current
        assignment): ended, not covered by a sent report, within the last few; oldest first.

        This and ``report`` read the tables' columns, not the mapped classes: the Overzicht's
        banner asks them before its first paint, which then needs no configured mappers."""
        today = self.today()
        assignment, reports = Assignment.__table__.c, PeriodicReport.__table__.c
        with self.reading() as session:
            query = select(
                assignment.id, assignment.report_cadence, assignment.start_date, assignment.end_date
            )
            if assignment_id is None:
                query = query.where(assignment.is_current.is_(True))
            else:
                query = query.where(assignment.id == assignment_id)
            candidates: list[Period] = []
            for ident, cadence, start, end in session.execute(query.order_by(assignment.id)):
                candidates += recent_periods(ident, ReportCadence(cadence), start, end, today)
            if not candidates:
                return []
            sent = session.execute(
                select(reports.assignment_id, reports.period_start, reports.period_end)
                .where(reports.sent_at.is_not(None))
                .where(reports.assignment_id.in_(sorted({p.assignment_id for p in candidates})))
                .where(reports.period_end >= min(p.start for p in candidates))
            ).all()
        due = [
            period
            for period in candidates
            if not any(
                a == period.assignment_id and s <= period.start and e >= period.end for a, s, e in sent
            )
        ]
        return sorted(due, key=lambda p: (p.end, p.assignment_id))

    def next_due(self) -> DueReport | None:
        """The oldest due period of the current assignments with what the dialog shows, or None."""
        due = self.due()
        if not due:
            return None
        found = self.report(due[0])
        return replace(found, more_due=len(due) - 1)

    def report(self, period: Period) -> DueReport:
        """``period`` with its assignment's title, report recipients and the meetings held in it."""
        with self.reading() as session:
            title = session.execute(
                select(Assignment.__table__.c.title).where(Assignment.__table__.c.id == period.assignment_id)
            ).scalar_one_or_none()
        if title is None:
            raise NotFound("Opdracht", period.assignment_id)
        return DueReport(
            period, title, tuple(self.recipients(period.assignment_id)), tuple(self.meetings_in(period))
        )

    def recipients(self, assignment_id: int) -> list[Recipient]:
        """The assignment's report recipients: active contacts with an e-mail address, by name."""
        assignment, contact, chosen = Assignment.__table__.c, Contact.__table__.c, assignment_recipient.c
        with self.reading() as session:
            if session.execute(select(assignment.id).where(assignment.id == assignment_id)).first() is None:
                raise NotFound("Opdracht", assignment_id)
            rows = session.execute(
                select(contact.id, contact.name, contact.email)
                .join(assignment_recipient, chosen.contact_id == contact.id)
                .where(chosen.assignment_id == assignment_id, contact.active.is_(True))
            ).all()
        usable = (row for row in rows if EMAIL_RE.match(row.email.strip()))
        contacts = sorted(usable, key=lambda r: (r.name.casefold(), r.id))
        return [Recipient(row.name, row.email.strip()) for row in contacts]

    def meetings_in(self, period: Period) -> list[PeriodMeeting]:
        """The assignment's meetings held (closed) in the period, by date: their minutes go along."""
        meeting = Meeting.__table__.c
        with self.reading() as session:
            rows = session.execute(
                select(meeting.id, meeting.date, meeting.title, meeting.minutes_status)
                .where(
                    meeting.assignment_id == period.assignment_id,
                    meeting.status == MeetingStatus.HELD,
                    meeting.date >= period.start,
                    meeting.date <= period.end,
                )
                .order_by(meeting.date, meeting.start_time, meeting.id)
            ).all()
        return [PeriodMeeting(r.id, r.date, r.title, MinutesStatus(r.minutes_status)) for r in rows]

    def check_ready(self, period: Period) -> DueReport:
        """``period`` as ``report``; ValidationError (Dutch) when it has not ended or its assignment
        has no report recipients — before any document is made."""
        found = self.report(period)
        check = Checker()
        if not period.has_ended(self.today()):
            check.add("period", NOT_ENDED_MESSAGE)
        if not found.recipients:
            check.add("recipients", NO_RECIPIENTS_MESSAGE)
        check.raise_if_any()
        return found

    # --- the mail ------------------------------------------------------------------------------

    def texts(self, period: Period, sender_name: str = "") -> tuple[str, str]:
        """The subject and the Dutch body of the mail for ``period``."""
        found = self.report(period)
        today = self.today()
        label = period.label(today)
        subject = f"Rapportage over {period.label()}: {found.assignment}"
        lines = [
            "Geachte heer/mevrouw,",
            "",
            f"Hierbij ontvangt u de voortgangsrapportage over {label} ({period.dates}) van de opdracht "
            f"{found.assignment}.",
            "",
        ]
        if found.meetings:
            noun = "het verslag" if len(found.meetings) == 1 else "de verslagen"
            lines.append(
                f"Bijgevoegd zijn de voortgangsrapportage en {noun} van de overleggen in deze periode:"
            )
            lines += [f"- {meeting.description}" for meeting in found.meetings]
        else:
            lines.append("In deze periode is geen overleg gehouden; de voortgangsrapportage is bijgevoegd.")
        lines += [
            "",
            "Voor vragen of aanvullingen kunt u contact met mij opnemen.",
            "",
            "Met vriendelijke groet,",
            "",
            sender_name.strip() or "De onafhankelijk voorzitter",
        ]
        return subject, "\n".join(lines) + "\n"

    def compose(
        self,
        period: Period,
        attachments: Sequence[Path],
        *,
        recipients: Sequence[tuple[str, str]] | None = None,
        sender: MailSettings | None = None,
        blind: bool = True,
        audience: Audience | None = None,
        replaced: list[Replacement] | None = None,
    ) -> EmailMessage:
        """The mail with the report: to the assignment's report recipients (or ``recipients``) —
        Bcc by default, so that no recipient sees the others' addresses —, the Dutch text (redacted
        for policymakers), the files attached. ValidationError when there are no recipients, an
        address is invalid or an attachment is missing."""
        from wiec_desktop.services.mail.service import report_message
        from wiec_desktop.services.privacy.redaction import Audience

        files = [Path(p) for p in attachments]
        chosen = list(self.recipients(period.assignment_id) if recipients is None else recipients)
        check = Checker()
        if not chosen:
            check.add("recipients", NO_RECIPIENTS_MESSAGE)
        bad = [address for _name, address in chosen if not EMAIL_RE.match(address.strip())]
        if bad:
            check.add("recipients", f"Geen geldig e-mailadres: {', '.join(bad)}.")
        missing = [p.name for p in files if not p.is_file()]
        if missing:
            check.add("attachments", f"Bijlage niet gevonden: {', '.join(missing)}.")
        check.raise_if_any()
        sender_name = sender.sender_name if sender is not None else ""
        subject, body = self.texts(period, sender_name)
        if audience is None or audience is Audience.POLICYMAKERS:
            subject, body = self.redact_texts(subject, body, sender_name, replaced)
        return report_message(
            " ".join(subject.split()),
            re.sub(r"\n{3,}", "\n\n", body),
            files,
            chosen,
            sender=sender,
            blind=blind,
        )

    def redact_texts(
        self, subject: str, body: str, sender_name: str = "", replaced: list[Replacement] | None = None
    ) -> tuple[str, str]:
        """Subject and body for policymakers, as ``MailService.redact_texts`` (one redactor; the
        sender keeps their name); the replacements are added to ``replaced``."""
        from wiec_desktop.services.mail.service import redact_mail_texts

        with self.reading() as session:
            return redact_mail_texts(session, subject, body, sender_name, replaced)

    # --- sending and recording ---------------------------------------------------------------------

    def send(
        self,
        message: EmailMessage,
        settings: MailSettings,
        password: str | None,
        period: Period,
        *,
        made_at: datetime | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> SendResult:
        """Send over SMTP; when the server accepted it, record the period as sent (``recorded`` in
        the result says whether that worked: the mail is out even when the database is not
        reachable). A failure to send raises MailError and records nothing."""
        from wiec_desktop.services.mail.transport import send_message  # smtplib only when sending

        result = send_message(message, settings, password, ssl_context=ssl_context)
        names = [name for part in message.iter_attachments() if (name := part.get_filename())]
        try:
            self.record_sent(period, len(result.accepted), names, made_at=made_at)
        except (StorageError, SQLAlchemyError) as error:  # the mail is out: report that, not a failed send
            log.warning("Sent periodic report not recorded: %s", type(error).__name__)
            return result
        return replace(result, recorded=True)

    def record_sent(
        self,
        period: Period,
        recipients: int,
        attachments: Sequence[str | Path],
        *,
        made_at: datetime | None = None,
        draft: bool = False,
    ) -> None:
        """Record that the report over ``period`` went out (``draft``: handed to the mail program
        as a draft to send): the ``PeriodicReport`` of the period (made_at, sent_at, the number of
        recipients — never who) and an audit event with the kinds of attachment."""
        if period.end < period.start:
            raise ValidationError({"period": "De einddatum ligt voor de begindatum."})
        from wiec_desktop.services.mail.message import attachment_kind

        now = utcnow()
        kinds = sorted({attachment_kind(Path(a).name) for a in attachments})
        with self.transaction() as session:
            get_or_raise(session, Assignment, period.assignment_id, "Opdracht")
            record = session.scalars(
                select(PeriodicReport).where(
                    PeriodicReport.assignment_id == period.assignment_id,
                    PeriodicReport.period_start == period.start,
                )
            ).first()
            if record is None:
                record = PeriodicReport(assignment_id=period.assignment_id, period_start=period.start)
                session.add(record)
            record.period_end = period.end
            record.made_at = made_at or now
            record.sent_at = now
            record.recipients = max(recipients, 0)
            session.flush()
            audit.record(
                session,
                AuditKind.EXPORT if draft else AuditKind.SEND,
                "assignment",
                period.assignment_id,
                _sent_detail(period, kinds, recipients, draft),
            )

    def sent_reports(self, assignment_id: int) -> list[tuple[date, date, datetime | None, int]]:
        """The assignment's periodic reports (start, end, sent_at, recipients), newest first."""
        with self.reading() as session:
            rows = session.execute(
                select(
                    PeriodicReport.period_start,
                    PeriodicReport.period_end,
                    PeriodicReport.sent_at,
                    PeriodicReport.recipients,
                )
                .where(PeriodicReport.assignment_id == assignment_id)
                .order_by(PeriodicReport.period_start.desc())
            ).all()
        return [(r[0], r[1], r[2], r[3]) for r in rows]


def _sent_detail(period: Period, kinds: list[str], count: int, draft: bool) -> str:
    what = "concept-e-mail" if draft else "verzonden"
    noun = "ontvanger" if count == 1 else "ontvangers"
    attached = f" ({', '.join(kinds)})" if kinds else ""
    return (
        f"periodieke rapportage {period.start.isoformat()} t/m {period.end.isoformat()} {what}{attached} "
        f"aan {count} {noun}"
    )


__all__ = [
    "LOOKBACK",
    "NO_RECIPIENTS_MESSAGE",
    "DueReport",
    "Period",
    "PeriodMeeting",
    "PeriodicReportService",
    "calendar_period",
    "periods_between",
    "recent_periods",
    "span_text",
]
