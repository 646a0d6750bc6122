"""Sending the report (verslag versturen): compose, save as a draft ``.eml`` or send over SMTP.

- ``MailSettings``: the SMTP settings the chair enters (no password); ``validate`` gives Dutch
  messages per field. The password lives in the operating system's keyring (``store_password``,
  ``load_password``, ``forget_password``), under the service name ``WIEC Desktop SMTP`` and the key
  ``username@host``; a missing or broken keyring becomes a ``PasswordStoreError`` with a Dutch text.
- ``MailService.compose_report``: an ``EmailMessage`` to the assignment's report recipients with
  subject and body from a template (placeholders ``PLACEHOLDERS``) and the Word minutes and Excel
  action list attached.
- ``save_draft``: an ``.eml`` with ``X-Unsent: 1`` that Outlook and Thunderbird open as a new message
  to send; written atomically next to the target.
- ``mail_transport.send_message``: SMTP (STARTTLS, SSL or plain) with a timeout; every failure becomes a
  ``MailError`` with a Dutch text the chair can act on. ``MailService.send`` records the report as
  sent in the audit log, only after the server accepted it (``record_sent``).

The audit event holds references only: the meeting id, the kinds of attachment (Word, Excel), the
number of recipients and the ids of the contacts they are (addresses that belong to no contact are
only counted). Never names or addresses. Nothing here logs personal data.

No Qt.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import mimetypes
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wiec_desktop.atomic_file import write_atomically
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
from wiec_desktop.services.meetings.series import after, in_series
from wiec_desktop.services.validation import EMAIL_RE, Checker, ValidationError

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

T = TypeVar("T")

KEYRING_SERVICE = "WIEC Desktop SMTP"
SECURITY_LABELS = {
    "starttls": "STARTTLS (poort 587)",
    "ssl": "SSL/TLS (poort 465)",
    "none": "Geen beveiliging (alleen binnen een vertrouwd netwerk)",
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
MAX_TIMEOUT = 300.0
# How messages are written (draft and SMTP): CRLF, and headers folded only beyond 998 characters.
# The standard 78 trips a bug in Python's folding of a Content-Type with a non-ASCII file name
# (the MIME type itself gets encoded); RFC 5322 allows lines up to 998 characters. Bodies are
# encoded when composed (quoted-printable/base64, short lines), so only headers are affected.
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
    ".ics": ("text", "calendar"),
    ".eml": ("message", "rfc822"),
}
ATTACHMENT_KINDS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "PDF", ".ics": "agenda-uitnodiging"}

DEFAULT_SUBJECT = "Verslag {overleg} van {datum}"
DEFAULT_BODY = (
    "Geachte heer/mevrouw,\n\n"
    "Hierbij ontvangt u het verslag van {het_overleg} van {datum}. "
    "De actuele actielijst is als Excel-bestand bijgevoegd.\n"
    """{status_verslag}

Besluiten
{besluiten}

Nieuwe acties
{nieuwe_acties}

Actielijst
{acties_over_deadline}

Volgend overleg: {volgend_overleg}.

Voor vragen of aanvullingen kunt u contact met mij opnemen.

Met vriendelijke groet,

{afzender}
"""
)

PLACEHOLDERS = {
    "overleg": "naam van het overleg",
    "het_overleg": "naam van het overleg met lidwoord (het …, de …)",
    "datum": "datum van het overleg (dinsdag 3 november 2026)",
    "besluiten": "de besluiten, genummerd",
    "aantal_besluiten": "aantal besluiten",
    "nieuwe_acties": "de nieuwe acties met wie en deadline",
    "aantal_nieuwe_acties": "aantal nieuwe acties",
    "acties_over_deadline": "zin over het aantal acties over de deadline",
    "aantal_over_deadline": "aantal acties over de deadline",
    "volgend_overleg": "datum, tijd en plaats van het volgende overleg",
    "status_verslag": "concept of vastgesteld",
    "afzender": "naam van de afzender",
}
_PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9\-]*[A-Za-z0-9])?"
_HOST_RE = re.compile(rf"^(\[[0-9A-Fa-f:.]+\]|{_LABEL}(\.{_LABEL})*)$")


NOT_HELD_MESSAGE = "Er is nog geen verslag om te versturen: dit overleg is nog niet gehouden."


class MailError(Exception):
    """Sending failed; the message is Dutch and can be shown to the chair as it is."""


class PasswordStoreError(MailError):
    """The operating system's keyring is missing or refused the request."""


class Recipient(NamedTuple):
    name: str
    address: str


@dataclass(frozen=True)
class SendResult:
    """What the server accepted: ``accepted`` and ``refused`` addresses, the Message-ID, and
    whether the send was recorded in the audit log."""

    accepted: tuple[str, ...]
    refused: tuple[str, ...] = ()
    message_id: str = ""
    recorded: bool = False  # the send is in the audit log


# --- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailSettings:
    """The SMTP settings (the password is kept in the keyring, never here)."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # "starttls" | "ssl" | "none"
    username: str = ""
    sender_address: str = ""
    sender_name: str = ""
    timeout: float = 30.0

    def validate(self, *, for_sending: bool = True) -> None:
        """ValidationError (Dutch, per field) when the settings cannot be used. ``for_sending``:
        a server and a sender address are required (saving half-filled settings is allowed)."""
        check = Checker()
        host = self.host.strip()
        if for_sending:
            check.required("host", host, "De mailserver")
        if host and not _HOST_RE.match(host):
            check.add("host", "Vul de naam van de mailserver in, bijvoorbeeld smtp.voorbeeld.nl.")
        if not isinstance(self.port, int) or not 1 <= self.port <= 65535:
            check.add("port", "De poort moet een getal van 1 tot en met 65535 zijn.")
        if self.security not in SECURITY_LABELS:
            check.add("security", "Kies de beveiliging: STARTTLS, SSL/TLS of geen.")
        if for_sending:
            check.required("sender_address", self.sender_address, "Het afzenderadres")
        check.email("sender_address", self.sender_address)
        if any(ch in self.sender_name for ch in "\r\n"):
            check.add("sender_name", "De naam van de afzender mag geen regelovergang bevatten.")
        check.max_length("sender_name", self.sender_name, 200, "De naam van de afzender")
        if any(ch.isspace() for ch in self.username.strip()):
            check.add("username", "Een gebruikersnaam bevat geen spaties.")
        if self.username.strip() and self.security == "none":
            check.add(
                "security",
                "Met een gebruikersnaam is een beveiligde verbinding nodig: kies STARTTLS of SSL/TLS, "
                "anders gaat het wachtwoord onversleuteld over het netwerk.",
            )
        if not isinstance(self.timeout, int | float) or not 1 <= self.timeout <= MAX_TIMEOUT:
            check.add("timeout", f"De wachttijd moet tussen 1 en {int(MAX_TIMEOUT)} seconden liggen.")
        check.raise_if_any()

    @property
    def keyring_key(self) -> str:
        """The key of the password in the keyring: ``username@host``."""
        return f"{self.username.strip()}@{self.host.strip().lower()}"

    @property
    def sender(self) -> Address | None:
        address = self.sender_address.strip()
        if not address:
            return None
        return _address(self.sender_name.strip(), address)

    def to_dict(self) -> dict[str, str]:
        """Plain strings, to keep in the settings file."""
        return {
            "host": self.host,
            "port": str(self.port),
            "security": self.security,
            "username": self.username,
            "sender_address": self.sender_address,
            "sender_name": self.sender_name,
            "timeout": f"{self.timeout:g}",
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> MailSettings:
        """From ``to_dict`` output (or the settings file); bad numbers become 0 so that
        ``validate`` reports them."""
        default = cls()
        return cls(
            host=str(values.get("host") or "").strip(),
            port=_number(values.get("port"), default.port, int),
            security=str(values.get("security") or default.security).strip().lower(),
            username=str(values.get("username") or "").strip(),
            sender_address=str(values.get("sender_address") or "").strip(),
            sender_name=str(values.get("sender_name") or "").strip(),
            timeout=_number(values.get("timeout"), default.timeout, float),
        )


def _number(value: Any, default: T, kind: Callable[[Any], T]) -> T:
    if value is None or value == "":
        return default
    try:
        return kind(value)
    except (TypeError, ValueError):
        return kind(0)


# --- password in the keyring ---------------------------------------------------------------------

NO_KEYRING_MESSAGE = (
    "Het wachtwoord kan niet in de wachtwoordkluis van het besturingssysteem worden bewaard of gelezen "
    "(er is geen wachtwoordkluis beschikbaar of de toegang is geweigerd). Vul het wachtwoord bij het "
    "versturen in."
)


def _keyring_call(call: Callable[[], T]) -> T:
    try:
        return call()
    except Exception as error:  # keyring backends raise many types (KeyringError, D-Bus, OS errors)
        log.warning("Keyring unavailable: %s", type(error).__name__)
        raise PasswordStoreError(NO_KEYRING_MESSAGE) from error


def _require_username(settings: MailSettings) -> None:
    check = Checker()
    check.required("username", settings.username, "De gebruikersnaam")
    check.required("host", settings.host, "De mailserver")
    check.raise_if_any()


def store_password(settings: MailSettings, password: str) -> None:
    """Keep the SMTP password in the keyring under ``username@host``."""
    import keyring

    _require_username(settings)
    _keyring_call(lambda: keyring.set_password(KEYRING_SERVICE, settings.keyring_key, password))


def load_password(settings: MailSettings) -> str | None:
    """The stored password, or None when there is none (or no user name)."""
    import keyring

    if not settings.username.strip() or not settings.host.strip():
        return None
    return _keyring_call(lambda: keyring.get_password(KEYRING_SERVICE, settings.keyring_key))


def forget_password(settings: MailSettings) -> None:
    """Remove the stored password; nothing happens when none is stored."""
    import keyring
    from keyring.errors import PasswordDeleteError

    if not settings.username.strip() or not settings.host.strip():
        return

    def delete() -> None:
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, settings.keyring_key)

    _keyring_call(delete)


# --- composing ----------------------------------------------------------------------------------


def fill_template(template: str, values: Mapping[str, str], field_name: str = "template") -> str:
    """Replace ``{name}`` by ``values[name]``; an unknown placeholder is a ValidationError. Other
    braces are left as they are (no ``str.format``: a template cannot reach attributes)."""
    unknown = sorted({name for name in _PLACEHOLDER_RE.findall(template) if name not in values})
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise ValidationError(
            {
                field_name: f"Onbekende invulplek {', '.join('{' + n + '}' for n in unknown)}. "
                f"Te gebruiken: {known}."
            }
        )
    return _PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], template)


def _address(name: str, address: str) -> Address:
    try:
        return Address(display_name=" ".join(name.split()), addr_spec=address.strip())
    except (ValueError, IndexError) as error:
        raise ValidationError({"recipients": f"Dit is geen geldig e-mailadres: {address}"}) from error


def attachment_type(path: Path) -> tuple[str, str]:
    """The MIME type of an attachment: fixed for the Office files, else guessed."""
    known = MIME_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, encoding = mimetypes.guess_type(path.name)
    if guessed and not encoding and "/" in guessed:
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype
    return "application", "octet-stream"


def attachment_kind(name: str) -> str:
    """``Word``, ``Excel``, … for the audit log (the kind, never the file name)."""
    suffix = Path(name).suffix.lower()
    return ATTACHMENT_KINDS.get(suffix, suffix.lstrip(".") or "bestand")


class MailService(Service):
    """Compose, save and send the report of a meeting."""

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
        """The placeholder values for ``meeting_id`` (see ``PLACEHOLDERS``)."""
        from wiec_desktop.services.meetings.run import MeetingRunService

        summary = MeetingRunService(self.session_factory, self.today).closing_summary(meeting_id)
        today = self.today()
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            overdue = session.scalar(
                select(func.count(Action.id)).where(
                    Action.status.in_(OPEN_ACTION_STATUSES), Action.due_date < today
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
    ) -> EmailMessage:
        """The report mail: To the report recipients (or ``recipients``), From the sender when
        given (a draft without sender gets its From from the mail program), subject and body from
        the templates (defaults ``DEFAULT_SUBJECT``/``DEFAULT_BODY``), the files attached.
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

        message = EmailMessage(policy=policy.default)
        message["Subject"] = subject
        if sender is not None and sender.sender is not None:
            message["From"] = sender.sender
        if chosen:
            message["To"] = [_address(name, address) for name, address in _unique(chosen)]
        message.set_content(body)
        for path in files:
            add_attachment(message, path.name, path.read_bytes())
        for part in message.walk():
            part.policy = WIRE_POLICY
        return message

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
        except SQLAlchemyError as error:  # the mail is out: report that, not a failed send
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


def add_attachment(message: EmailMessage, file_name: str, data: bytes) -> None:
    """Attach ``data`` as ``file_name`` with its MIME type; a non-ASCII name is encoded (RFC 2231)
    both as ``filename`` and as the Content-Type ``name`` that older Outlook versions read."""
    maintype, subtype = attachment_type(Path(file_name))
    message.add_attachment(
        data, maintype=maintype, subtype=subtype, filename=file_name, params={"name": file_name}
    )


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
    return session.scalars(
        select(Meeting)
        .where(
            in_series(meeting),
            after(meeting),
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS)),
        )
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        .limit(1)
    ).first()


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


# --- the draft ----------------------------------------------------------------------------------


def draft_bytes(message: EmailMessage) -> bytes:
    """The message as an unsent draft (``X-Unsent: 1``, CRLF line ends), without changing it."""
    draft = copy.deepcopy(message)
    del draft["X-Unsent"]
    draft["X-Unsent"] = "1"
    return draft.as_bytes(policy=WIRE_POLICY)


def save_draft(message: EmailMessage, target: Path) -> Path:
    """Write the message as a draft ``.eml`` that the mail program opens as a new message to send;
    atomic (a temporary file in the target's folder renamed over the target). Returns the path."""
    target = Path(target)
    write_atomic(target, draft_bytes(message))
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """All or nothing: see ``wiec_desktop.atomic_file``."""
    write_atomically(target, lambda stream: stream.write(data))


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent: CRLF line ends, Bcc left out."""
    outgoing = copy.deepcopy(message)
    del outgoing["Bcc"]
    return outgoing.as_bytes(policy=WIRE_POLICY)


__all__ = [
    "DEFAULT_BODY",
    "DEFAULT_PORTS",
    "DEFAULT_SUBJECT",
    "KEYRING_SERVICE",
    "PLACEHOLDERS",
    "SECURITY_LABELS",
    "MailError",
    "MailService",
    "MailSettings",
    "PasswordStoreError",
    "Recipient",
    "SendResult",
    "add_attachment",
    "attachment_kind",
    "attachment_type",
    "draft_bytes",
    "fill_template",
    "forget_password",
    "load_password",
    "save_draft",
    "store_password",
    "wire_bytes",
    "write_atomic",
]
