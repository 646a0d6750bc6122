"""Sending the report (verslag versturen): compose, save as a draft ``.eml`` or send over SMTP.

- ``mail.settings``: the SMTP settings (no password), the password in the keyring, ``MailError``.
- ``MailService.compose_report``: an ``EmailMessage`` to the assignment's report recipients with
  subject and body from a template (placeholders ``PLACEHOLDERS``) and the Word minutes and Excel
  action list attached.
- ``mail.message.save_draft``: an ``.eml`` with ``X-Unsent: 1`` that Outlook and Thunderbird
  open as a new message to send; written atomically next to the target.
- ``mail.transport.send_message``: SMTP (STARTTLS, SSL or plain) with a timeout; every failure becomes a
  ``MailError`` with a Dutch text the chair can act on. ``MailService.send`` records the report as
  sent in the audit log, only after the server accepted it (``record_sent``).

The audit event holds references only: the meeting id, the kinds of attachment (Word, Excel), the
number of recipients and the ids of the contacts they are (addresses that belong to no contact are
only counted). Never names or addresses. Nothing here logs personal data.

No Qt.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from email import policy
from email.headerregistry import Group
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import Action, Contact, Meeting
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    AuditKind,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import clock, long_date, short_date
from wiec_desktop.services.mail.message import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    WIRE_POLICY,
    add_attachment,
    attachment_kind,
    fill_template,
)
from wiec_desktop.services.mail.settings import MailSettings, SendResult, mail_address
from wiec_desktop.services.meetings.minutes_data import minutes_action_scope
from wiec_desktop.services.meetings.series import neighbour
from wiec_desktop.services.privacy.redaction import Audience, Replacement
from wiec_desktop.services.validation import EMAIL_RE, Checker
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.translation import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    import ssl

    from wiec_desktop.services.meetings.run import MeetingRunService

log = logging.getLogger(__name__)

UNDISCLOSED = "undisclosed-recipients"  # the group mail programs show for Bcc-only messages

NOT_HELD_MESSAGE = QT_TRANSLATE_NOOP(
    "SendReportDialog", "Er is nog geen verslag om te versturen: dit overleg is nog niet gehouden."
)


class Recipient(NamedTuple):
    name: str
    address: str


class MailService(Service):
    """Compose, save and send the report of a meeting (what the meeting produced comes from
    ``MeetingRunService``, handed in by the registry)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], date],
        *,
        meeting_run: MeetingRunService,
    ) -> None:
        super().__init__(session_factory, today)
        self.meeting_run = meeting_run

    # --- recipients and facts ---------------------------------------------------------------

    def recipients(self, meeting_id: int) -> list[Recipient]:
        """The report recipients of the meeting's assignment: active contacts with an e-mail
        address, by name. [] when the meeting has no assignment."""
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            if meeting.assignment is None:
                return []
            contacts = [
                c for c in meeting.assignment.recipients if c.active and EMAIL_RE.match(c.email.strip())
            ]
            contacts.sort(key=lambda c: (c.name.casefold(), c.id))
            return [Recipient(c.name, c.email.strip()) for c in contacts]

    def report_values(self, meeting_id: int, *, sender_name: str = "") -> dict[str, str]:
        """The placeholder values for ``meeting_id`` (see ``PLACEHOLDERS``). The actions over the
        deadline are those of the meeting's own action list, as the minutes have it (made or
        updated at the meeting, or open in its series: ``minutes_action_scope``)."""
        summary = self.meeting_run.closing_summary(meeting_id)
        today = self.today()
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            overdue = session.scalar(  # the minutes' action list, not every action in the database
                select(func.count(Action.id)).where(
                    minutes_action_scope(meeting),
                    Action.status.in_(OPEN_ACTION_STATUSES),
                    Action.due_date < today,
                )
            )
            following = _next_meeting(session, meeting)
            title = meeting.title.strip()
            article = "de" if meeting.kind == MeetingKind.RESIDENTS_EVENING else "het"
            if meeting.minutes_status == MinutesStatus.APPROVED and meeting.minutes_approved_on:
                status = f"Het verslag is vastgesteld op {long_date(meeting.minutes_approved_on)}."
            elif meeting.minutes_status == MinutesStatus.DRAFT:
                status = (
                    "Het verslag is een concept; het wordt in het volgende overleg vastgesteld. "
                    "Correcties en aanvullingen ontvang ik graag vóór dat overleg."
                )
            else:
                status = ""
            values = {
                "overleg": title,
                "het_overleg": f"{article} {title}",
                "datum": long_date(meeting.date),
                "status_verslag": status,
                "afzender": sender_name.strip() or meeting.chair.strip(),
                "volgend_overleg": _describe_next(following),
            }
        count = overdue or 0
        values.update(
            besluiten=_decisions_text(summary.decisions),
            aantal_besluiten=str(len(summary.decisions)),
            nieuwe_acties=_actions_text(summary.new_actions),
            aantal_nieuwe_acties=str(len(summary.new_actions)),
            acties_over_deadline=_overdue_text(count),
            aantal_over_deadline=str(count),
        )
        return values

    # --- the message ------------------------------------------------------------------------

    def compose_report(
        self,
        meeting_id: int,
        attachments: Sequence[Path],
        *,
        recipients: Sequence[tuple[str, str]] | None = None,
        subject_template: str | None = None,
        body_template: str | None = None,
        sender: MailSettings | None = None,
        blind: bool = False,
        audience: Audience = Audience.POLICYMAKERS,
        replaced: list[Replacement] | None = None,
    ) -> EmailMessage:
        """The report mail: To the report recipients (or ``recipients``) — or, when ``blind``, Bcc
        to them (To "undisclosed-recipients:;"), so that no partner sees the others' addresses —,
        From the sender when given (a draft without sender gets its From from the mail program),
        subject and body from the templates (defaults ``DEFAULT_SUBJECT``/``DEFAULT_BODY``), the
        files attached. For policymakers (the default) the subject and body are redacted with one
        redactor (the sender keeps their name; the replacements are added to ``replaced``): make
        the attachments with the same ``audience``.
        ValidationError on a meeting that is not held, an unknown placeholder, an invalid address
        or a missing attachment."""
        files = [Path(p) for p in attachments]
        check = Checker()
        with self.reading() as session:
            status = get_or_raise(session, Meeting, meeting_id, "Overleg").status
        if status != MeetingStatus.HELD:
            check.add("meeting", NOT_HELD_MESSAGE)
        missing = [p.name for p in files if not p.is_file()]
        if missing:
            check.add("attachments", f"Bijlage niet gevonden: {', '.join(missing)}.")
        chosen = list(self.recipients(meeting_id) if recipients is None else recipients)
        bad = [address for _name, address in chosen if not EMAIL_RE.match(address.strip())]
        if bad:
            check.add("recipients", f"Geen geldig e-mailadres: {', '.join(bad)}.")
        check.raise_if_any()
        values = self.report_values(meeting_id, sender_name=sender.sender_name if sender else "")
        subject = " ".join(fill_template(subject_template or DEFAULT_SUBJECT, values, "subject").split())
        body = fill_template(body_template or DEFAULT_BODY, values, "body")
        body = re.sub(r"\n{3,}", "\n\n", body.replace("\r\n", "\n")).strip() + "\n"
        if audience is Audience.POLICYMAKERS:
            subject, body = self.redact_texts(subject, body, sender.sender_name if sender else "", replaced)

        return report_message(subject, body, files, chosen, sender=sender, blind=blind)

    def redact_texts(
        self, subject: str, body: str, sender_name: str = "", replaced: list[Replacement] | None = None
    ) -> tuple[str, str]:
        """Subject and body for policymakers (one redactor: "bewoner 1" is the same in both; the
        sender keeps their name); the replacements are added to ``replaced``."""
        with self.reading() as session:
            return redact_mail_texts(session, subject, body, sender_name, replaced)

    # --- sending ----------------------------------------------------------------------------

    def send(
        self,
        message: EmailMessage,
        settings: MailSettings,
        password: str | None,
        *,
        meeting_id: int | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> SendResult:
        """Send over SMTP (``send_message``); when the server accepted it and ``meeting_id`` is
        given, the report is recorded as sent (``record_sent``; ``recorded`` in the result says
        whether that worked: the mail is out even when the database is not reachable). A failure
        to send raises MailError and records nothing."""
        from wiec_desktop.services.mail.transport import send_message  # smtplib only when sending

        result = send_message(message, settings, password, ssl_context=ssl_context)
        if meeting_id is None:
            return result
        names = [name for part in message.iter_attachments() if (name := part.get_filename())]
        try:
            self.record_sent(meeting_id, result.accepted, names)
        except (StorageError, SQLAlchemyError) as error:  # the mail is out: report that, not a failed send
            log.warning("Sent report not recorded in the audit log: %s", type(error).__name__)
            return result
        return replace(result, recorded=True)

    def record_sent(
        self,
        meeting_id: int,
        recipients: Sequence[str | tuple[str, str]],
        attachments: Sequence[str | Path],
    ) -> None:
        """Record in the audit log that the report of ``meeting_id`` was sent: the kinds of
        attachment, the number of recipients and the contact ids they match (references only)."""
        addresses = [r if isinstance(r, str) else r[1] for r in recipients]
        lowered = sorted({a.strip().lower() for a in addresses if a.strip()})
        kinds = sorted({attachment_kind(Path(a).name) for a in attachments})
        with self.transaction() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            matched: dict[str, int] = {}
            if lowered:
                rows = session.execute(
                    select(func.lower(Contact.email), Contact.id)
                    .where(func.lower(Contact.email).in_(lowered))
                    .order_by(Contact.id)
                ).all()
                for email_address, contact_id in rows:
                    matched.setdefault(email_address, contact_id)
            ids = sorted(set(matched.values()))
            others = sum(1 for a in lowered if a not in matched)
            audit.record(
                session,
                AuditKind.SEND,
                "meeting",
                meeting_id,
                _sent_detail(kinds, len(lowered), ids, others),
            )


def _sent_detail(kinds: list[str], count: int, ids: list[int], others: int) -> str:
    what = f"verslag verzonden ({', '.join(kinds)})" if kinds else "verslag verzonden"
    noun = "ontvanger" if count == 1 else "ontvangers"
    parts = []
    if ids:
        parts.append("contact " + ", ".join(str(i) for i in ids))
    if others:
        parts.append(f"{others} ander{'' if others == 1 else 'e'} adres{'' if others == 1 else 'sen'}")
    detail = f"{what} aan {count} {noun}"
    if parts:
        detail += f": {'; '.join(parts)}"
    if len(detail) > 500:
        detail = detail[:499] + "…"
    return detail


def report_message(
    subject: str,
    body: str,
    files: Sequence[Path],
    recipients: Sequence[tuple[str, str]],
    *,
    sender: MailSettings | None = None,
    blind: bool = False,
) -> EmailMessage:
    """A report mail from texts that are ready: To the recipients (each address once) — or, when
    ``blind``, Bcc to them with To "undisclosed-recipients:;" —, From the sender when given, the
    files attached, every part in the wire policy. Used by the report e-mail and the periodic
    report (services/followup/periodic.py)."""
    message = EmailMessage(policy=policy.default)
    message["Subject"] = subject
    if sender is not None and sender.sender is not None:
        message["From"] = sender.sender
    if recipients:
        addresses = [mail_address(name, address) for name, address in _unique(recipients)]
        if not blind:
            message["To"] = addresses
        else:  # the recognised empty group: the message names nobody, the envelope everyone
            message["To"] = Group(UNDISCLOSED)
            message["Bcc"] = addresses
    message.set_content(body)
    for path in files:
        add_attachment(message, path.name, path.read_bytes())
    for part in message.walk():
        part.policy = WIRE_POLICY
    return message


def redact_mail_texts(
    session: Session,
    subject: str,
    body: str,
    sender_name: str = "",
    replaced: list[Replacement] | None = None,
) -> tuple[str, str]:
    """Subject and body for policymakers with one redactor ("bewoner 1" is the same in both; the
    sender keeps their name); the replacements are added to ``replaced``."""
    from wiec_desktop.services.privacy.context import read_context
    from wiec_desktop.services.privacy.documents import redactor_for

    context = read_context(session)
    if sender_name.strip():
        context = replace(context, professionals=context.professionals | {sender_name.strip()})
    redactor = redactor_for(context)
    subject, body = redactor.text(subject), redactor.text(body)
    if replaced is not None:
        replaced.extend(redactor.replacements)
    return subject, body


def _unique(recipients: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    result = []
    for name, address in recipients:
        key = address.strip().lower()
        if key not in seen:
            seen.add(key)
            result.append((name, address))
    return result


def _next_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The next planned (or running) meeting of the same series."""
    upcoming = (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS)
    return neighbour(session, meeting, later=True, statuses=upcoming)


def _describe_next(meeting: Meeting | None) -> str:
    if meeting is None:
        return "nog niet gepland"
    text = f"{long_date(meeting.date)} om {clock(meeting.start_time)} uur"
    if meeting.location.strip():
        text += f", {meeting.location.strip()}"
    return text


def _indent(text: str) -> str:
    return "\n   ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _decisions_text(decisions: Sequence[Any]) -> str:
    if not decisions:
        return "In dit overleg zijn geen besluiten genomen."
    count = len(decisions)
    lines = [f"In dit overleg {'is 1 besluit' if count == 1 else f'zijn {count} besluiten'} genomen:"]
    for number, decision in enumerate(decisions, start=1):
        lines.append(f"{number}. {_indent(decision.text)} (bij: {decision.item_title.strip()})")
    return "\n".join(lines)


def _actions_text(actions: Sequence[Any]) -> str:
    if not actions:
        return "Er zijn geen nieuwe acties afgesproken."
    count = len(actions)
    lines = [f"Er {'is 1 nieuwe actie' if count == 1 else f'zijn {count} nieuwe acties'} afgesproken:"]
    for action in actions:
        who = action.owner_organisation
        if action.owner_contact:
            who += f" ({action.owner_contact})"
        deadline = short_date(action.due_date) if action.due_date else "geen"
        lines.append(f"- {action.reference} {_indent(action.description)}")
        lines.append(f"  Wie: {who}; deadline: {deadline}")
    return "\n".join(lines)


def _overdue_text(count: int) -> str:
    if count == 0:
        return "Er staan geen acties over de deadline."
    if count == 1:
        return "Er staat 1 actie over de deadline; u vindt deze in de bijgevoegde actielijst."
    return f"Er staan {count} acties over de deadline; u vindt ze in de bijgevoegde actielijst."
