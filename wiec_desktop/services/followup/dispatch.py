"""Acties per partner versturen: every organisation with open actions gets a workbook with only its
own actions and a mail to its contact person(s), as a draft ``.eml`` or over SMTP (issue 15).

- ``FollowupDispatchService.plan`` — per organisation with open actions (all open, or only those
  made in one meeting): how many and to whom the mail goes, for the dialog.
- ``dispatch`` — one organisation: the workbook (written by the ``WorkbookWriter`` handed in, i.e.
  ``exports.xlsx.partner_workbook.write_partner_workbook``: exports sit a layer above services) in
  the chosen folder, the mail with a short Dutch text naming the next meeting and the workbook
  attached, saved as a draft beside it or sent with the report e-mail's transport; then one
  transaction records a ``PartnerDispatch`` (its new token is in the workbook) and an audit event
  (references only: counts, kind, file name). ``dispatch_all`` does this for every organisation.
- Kind ``ACTIONS`` follows a meeting; ``REMINDER`` ("Uw acties voor het overleg van …") goes out
  before the meeting it announces.

Who receives the mail: the contact persons who carry out the organisation's actions (active, with a
valid e-mail address); when none of them has one, the organisation's active contacts who receive
reports; when none of those either, its other active contacts with an address. Without any, the
workbook is still made and recorded, and the result says so.

A mail the server refuses leaves nothing behind: the workbook is removed, nothing is recorded.
No Qt; nothing logged about people.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from email import policy
from email.message import EmailMessage
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Case,
    Contact,
    Meeting,
    Organisation,
    PartnerDispatch,
    action_reference,
    case_reference,
)
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, AuditKind, DispatchKind, MeetingStatus
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.followup.partner_actions import PartnerAction, PartnerWorkbook, WorkbookWriter
from wiec_desktop.services.formatting import clock, counted, join_dutch, long_date
from wiec_desktop.services.mail.message import WIRE_POLICY, add_attachment, save_draft
from wiec_desktop.services.mail.settings import MailError, MailServerUnusable, MailSettings, mail_address
from wiec_desktop.services.meetings.series import neighbour
from wiec_desktop.services.validation import EMAIL_RE, NotFound
from wiec_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

UPCOMING = (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS)
NOT_PLANNED = "nog niet gepland"
FILE_PREFIX = {DispatchKind.ACTIONS: "acties", DispatchKind.REMINDER: "herinnering-acties"}


class DispatchMode(StrEnum):
    """How the mail leaves: a draft ``.eml`` beside the workbook, or sent over SMTP."""

    DRAFT = "draft"
    SEND = "send"


@dataclass(frozen=True)
class DispatchRequest:
    """What the chair chose: the kind, the meeting it follows (actions) or announces (reminder),
    and whether only the actions made in that meeting go out (else all open actions)."""

    kind: DispatchKind = DispatchKind.ACTIONS
    meeting_id: int | None = None
    only_meeting_actions: bool = False

    def __post_init__(self) -> None:
        if self.only_meeting_actions and self.meeting_id is None:
            raise ValueError("only_meeting_actions needs a meeting")


@dataclass(frozen=True)
class PartnerContact:
    name: str
    address: str


@dataclass(frozen=True)
class PartnerPlan:
    """One organisation that would receive its actions: how many, and who gets the mail."""

    organisation_id: int
    organisation: str
    action_count: int
    contacts: tuple[PartnerContact, ...]


@dataclass(frozen=True)
class DispatchResult:
    """What happened for one organisation; ``message`` says it in Dutch."""

    organisation_id: int
    organisation: str
    kind: DispatchKind
    mode: DispatchMode
    action_count: int
    ok: bool
    message: str
    workbook: Path | None = None  # None when nothing was left (a failed send)
    draft: Path | None = None
    recipients: int = 0  # how many addresses the mail is for (draft) or were accepted (sent)
    refused: int = 0
    token: str = ""
    dispatch_id: int | None = None
    recorded: bool = False  # the PartnerDispatch and audit event are in the database
    without_contact: bool = False  # no contact person with an e-mail address
    server_unusable: bool = False  # the mail server could not be reached or refused the login


@dataclass(frozen=True)
class _Facts:
    """Everything one organisation's workbook and mail need, read in one session."""

    organisation_id: int
    organisation: str
    actions: tuple[PartnerAction, ...]
    contacts: tuple[PartnerContact, ...]
    next_meeting: str
    next_date: date | None
    meeting_title: str
    meeting_date: date | None
    chair: str  # the sender's name when the mail settings have none


class FollowupDispatchService(Service):
    """Each organisation its own actions: workbooks, mails and reminders, and what was sent."""

    # --- reading ------------------------------------------------------------------------------

    def plan(self, request: DispatchRequest) -> list[PartnerPlan]:
        """Per organisation with open actions in the request's scope (by name): the number of
        actions and the contact persons the mail goes to (possibly none)."""
        with self.reading() as session:
            if request.meeting_id is not None:
                get_or_raise(session, Meeting, request.meeting_id, "Overleg")
            rows = _open_actions(session, request, None)
            by_org: dict[int, list[Action]] = {}
            for action in rows:
                by_org.setdefault(action.owner_organisation_id, []).append(action)
            plans = []
            for organisation_id, actions in by_org.items():
                organisation = session.get(Organisation, organisation_id)
                assert organisation is not None
                plans.append(
                    PartnerPlan(
                        organisation_id,
                        organisation.name,
                        len(actions),
                        _contacts(organisation, actions),
                    )
                )
        plans.sort(key=lambda p: (p.organisation.casefold(), p.organisation_id))
        return plans

    def next_meeting_text(self, request: DispatchRequest) -> str:
        """The meeting the mail names: "dinsdag 8 december 2026 om 14:00 uur, Buurthuis …"."""
        with self.reading() as session:
            return _describe(_announced(session, request, self.today()))

    def _facts(self, organisation_id: int, request: DispatchRequest) -> _Facts:
        with self.reading() as session:
            organisation = get_or_raise(session, Organisation, organisation_id, "Organisatie")
            meeting = (
                get_or_raise(session, Meeting, request.meeting_id, "Overleg")
                if request.meeting_id is not None
                else None
            )
            actions = _open_actions(session, request, organisation_id)
            notes = _latest_notes(session, [a.id for a in actions])
            rows = tuple(_partner_action(action, notes.get(action.id, "")) for action in actions)
            announced = _announced(session, request, self.today())
            return _Facts(
                organisation_id=organisation.id,
                organisation=organisation.name,
                actions=rows,
                contacts=_contacts(organisation, actions),
                next_meeting=_describe(announced),
                next_date=announced.date if announced is not None else None,
                meeting_title=meeting.title.strip() if meeting is not None else "",
                meeting_date=meeting.date if meeting is not None else None,
                chair=next((m.chair.strip() for m in (meeting, announced) if m is not None), ""),
            )

    # --- sending --------------------------------------------------------------------------------

    def dispatch_all(
        self,
        request: DispatchRequest,
        folder: Path,
        writer: WorkbookWriter,
        mode: DispatchMode = DispatchMode.DRAFT,
        *,
        settings: MailSettings | None = None,
        password: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        organisation_ids: Sequence[int] | None = None,
    ) -> list[DispatchResult]:
        """``dispatch`` for every organisation of ``plan`` (or the ones in ``organisation_ids``), in
        order; ``progress(done, total, organisation)`` before each. A failed send is one result
        (``ok`` False) and the others still go."""
        plans = self.plan(request)
        if organisation_ids is not None:
            wanted = set(organisation_ids)
            plans = [p for p in plans if p.organisation_id in wanted]
        results: list[DispatchResult] = []
        for done, item in enumerate(plans):
            if progress is not None:
                progress(done, len(plans), item.organisation)
            unusable = next((r for r in results if r.server_unusable), None)
            if unusable is not None and mode is DispatchMode.SEND:  # each would wait for the server again
                results.append(self._not_tried(item, request, mode, unusable))
                continue
            results.append(
                self.dispatch(
                    item.organisation_id,
                    request,
                    folder,
                    writer,
                    mode,
                    settings=settings,
                    password=password,
                    ssl_context=ssl_context,
                )
            )
        if progress is not None:
            progress(len(plans), len(plans), "")
        return results

    @staticmethod
    def _not_tried(
        item: PartnerPlan, request: DispatchRequest, mode: DispatchMode, unusable: DispatchResult
    ) -> DispatchResult:
        """The result of an organisation not tried after the server failed for ``unusable``."""
        return DispatchResult(
            organisation_id=item.organisation_id,
            organisation=item.organisation,
            kind=request.kind,
            mode=mode,
            action_count=item.action_count,
            ok=False,
            message=f"{item.organisation}: niet verstuurd, niet geprobeerd: de mailserver werkte niet bij "
            f"{unusable.organisation}. Verstuur opnieuw als de instellingen kloppen.",
            server_unusable=True,
        )

    def dispatch(
        self,
        organisation_id: int,
        request: DispatchRequest,
        folder: Path,
        writer: WorkbookWriter,
        mode: DispatchMode = DispatchMode.DRAFT,
        *,
        settings: MailSettings | None = None,
        password: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> DispatchResult:
        """One organisation's workbook and mail (see the module's text). ``settings`` are needed to
        send (and give a draft its sender); ValidationError/MailError for unusable settings are
        returned as a failed result, storage errors raised."""
        if mode is DispatchMode.SEND and settings is None:
            raise ValueError("sending needs the mail settings")
        facts = self._facts(organisation_id, request)
        today = self.today()
        token = uuid.uuid4().hex
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{FILE_PREFIX[request.kind]}-{today.isoformat()}-{_slug(facts.organisation)}"
        workbook_path = _free_name(folder, stem, ".xlsx")
        data = PartnerWorkbook(
            token=token,
            organisation_id=facts.organisation_id,
            organisation=facts.organisation,
            kind=request.kind,
            sent_on=today,
            next_meeting=facts.next_meeting,
            actions=facts.actions,
        )
        writer(data, workbook_path)
        result = DispatchResult(
            organisation_id=facts.organisation_id,
            organisation=facts.organisation,
            kind=request.kind,
            mode=mode,
            action_count=len(facts.actions),
            ok=True,
            message="",
            workbook=workbook_path,
            token=token,
            without_contact=not facts.contacts,
        )
        message = _compose(facts, request.kind, workbook_path, settings)
        draft: Path | None = None
        accepted, refused = len(facts.contacts), 0
        if not facts.contacts:
            what = "werkboek zonder e-mail"
        elif mode is DispatchMode.DRAFT:
            draft = save_draft(message, workbook_path.with_suffix(".eml"))
            what = "concept-e-mail"
        else:
            assert settings is not None
            from wiec_desktop.services.mail.transport import send_message  # smtplib only when sending
            from wiec_desktop.services.validation import ValidationError

            try:
                sent = send_message(message, settings, password, ssl_context=ssl_context)
            except (MailError, ValidationError) as error:
                workbook_path.unlink(missing_ok=True)
                text = str(error) if isinstance(error, MailError) else " ".join(error.errors.values())
                failed = _failed(result, f"{facts.organisation}: niet verstuurd. {text}")
                unusable = isinstance(error, MailServerUnusable | ValidationError)  # so is every other send
                return replace(failed, server_unusable=unusable)
            accepted, refused = len(sent.accepted), len(sent.refused)
            what = "verzonden"
        try:
            dispatch_id = self._record(facts, request, data, workbook_path.name, what, accepted, refused)
        except (StorageError, SQLAlchemyError):
            if mode is DispatchMode.SEND and facts.contacts:  # the mail is out: say so, keep the file
                log.warning("Partner dispatch sent but not recorded")
                return _finish(result, facts, draft, accepted, refused, None)
            workbook_path.unlink(missing_ok=True)
            if draft is not None:
                draft.unlink(missing_ok=True)
            raise
        return _finish(result, facts, draft, accepted, refused, dispatch_id)

    def _record(
        self,
        facts: _Facts,
        request: DispatchRequest,
        data: PartnerWorkbook,
        file_name: str,
        what: str,
        accepted: int,
        refused: int,
    ) -> int:
        with self.transaction() as session:
            if session.get(Organisation, facts.organisation_id) is None:
                raise NotFound("Organisatie", facts.organisation_id)
            record = PartnerDispatch(
                token=data.token,
                organisation_id=facts.organisation_id,
                kind=request.kind,
                meeting_id=request.meeting_id,
                sent_on=data.sent_on,
                action_count=len(data.actions),
                file_name=file_name[:255],
            )
            session.add(record)
            session.flush()
            detail = (
                f"{request.kind.label} ({counted(len(data.actions), 'actie', 'acties')}, {file_name}): {what}"
            )
            if what == "verzonden":
                detail += f" aan {counted(accepted, 'ontvanger', 'ontvangers')}"
                if refused:
                    detail += f", {refused} geweigerd"
            kind = AuditKind.SEND if what == "verzonden" else AuditKind.EXPORT
            audit.record(session, kind, "organisation", facts.organisation_id, detail)
            return record.id

    # --- what was sent ----------------------------------------------------------------------------

    def dispatches(self, organisation_id: int | None = None) -> list[PartnerDispatch]:
        """The recorded dispatches, newest first (detached rows, for tests and the importer's checks)."""
        with self.reading() as session:
            stmt = select(PartnerDispatch).order_by(PartnerDispatch.id.desc())
            if organisation_id is not None:
                stmt = stmt.where(PartnerDispatch.organisation_id == organisation_id)
            rows = list(session.scalars(stmt))
            session.expunge_all()
            return rows


# --- the mail ------------------------------------------------------------------------------------


def _compose(
    facts: _Facts, kind: DispatchKind, workbook: Path, settings: MailSettings | None
) -> EmailMessage:
    """The mail to the organisation's contact persons with the workbook attached."""
    message = EmailMessage(policy=policy.default)
    message["Subject"] = _subject(facts, kind)
    if settings is not None and settings.sender is not None:
        message["From"] = settings.sender
    if facts.contacts:
        message["To"] = [mail_address(c.name, c.address) for c in facts.contacts]
    sender = settings.sender_name.strip() if settings is not None else ""
    message.set_content(_body(facts, kind, sender or facts.chair))
    add_attachment(message, workbook.name, workbook.read_bytes())
    for part in message.walk():
        part.policy = WIRE_POLICY
    return message


def _subject(facts: _Facts, kind: DispatchKind) -> str:
    if kind is DispatchKind.REMINDER:
        if facts.next_date is not None:
            return f"Uw acties voor het overleg van {long_date(facts.next_date)}"
        return "Uw acties voor het volgende overleg"
    if facts.meeting_title and facts.meeting_date is not None:
        return f"Uw acties na {facts.meeting_title} van {long_date(facts.meeting_date)}"
    return f"Uw openstaande acties ({facts.organisation})"


def _body(facts: _Facts, kind: DispatchKind, sender: str) -> str:
    names = [c.name.strip() for c in facts.contacts if c.name.strip()]
    greeting = f"Beste {join_dutch(names)}," if names else "Geachte heer/mevrouw,"
    count = counted(len(facts.actions), "open actie", "open acties")
    if kind is DispatchKind.REMINDER:
        when = facts.next_meeting if facts.next_date is not None else "binnenkort"
        lines = [
            greeting,
            "",
            f"Het volgende overleg is {when}. Ter voorbereiding vindt u in de bijlage de {count} "
            f"van {facts.organisation}.",
            "",
            "Wilt u vóór het overleg per actie de status kiezen, bij Voortgang kort schrijven wat er "
            "is gebeurd en alleen bij uitstel een nieuwe deadline invullen? Stuur het bestand daarna "
            "terug als bijlage bij een antwoord op deze e-mail; dan kan uw voortgang in het overleg "
            "worden meegenomen.",
        ]
    else:
        after = ""
        if facts.meeting_title and facts.meeting_date is not None:
            after = f", zoals die na {facts.meeting_title} van {long_date(facts.meeting_date)} openstaan"
        lines = [
            greeting,
            "",
            f"In de bijlage vindt u de {count} van {facts.organisation}{after}.",
            "",
            "Wilt u per actie de status kiezen, bij Voortgang kort schrijven wat er is gebeurd en "
            "alleen bij uitstel een nieuwe deadline invullen? Stuur het bestand daarna terug als "
            "bijlage bij een antwoord op deze e-mail; de voortgang wordt dan verwerkt in de actielijst.",
            "",
            f"Het volgende overleg: {facts.next_meeting}.",
        ]
    lines += ["", "Met vriendelijke groet,", ""]
    if sender:
        lines.append(sender)
    return "\n".join(lines).rstrip() + "\n"


# --- results ---------------------------------------------------------------------------------------


def _failed(result: DispatchResult, message: str) -> DispatchResult:
    return replace(result, ok=False, message=message, workbook=None, token="")


def _finish(
    result: DispatchResult,
    facts: _Facts,
    draft: Path | None,
    accepted: int,
    refused: int,
    dispatch_id: int | None,
) -> DispatchResult:
    name = facts.organisation
    actions = counted(len(facts.actions), "actie", "acties")
    receivers = counted(accepted, "ontvanger", "ontvangers")
    if not facts.contacts:
        text = (
            f"{name}: werkboek met {actions} gemaakt, maar er is geen contactpersoon met een "
            "e-mailadres bekend. Stuur het bestand zelf door."
        )
    elif draft is not None:
        text = f"{name}: concept-e-mail met {actions} klaargezet voor {receivers}."
    else:
        text = f"{name}: {actions} verstuurd aan {receivers}."
        if refused:
            text += f" {counted(refused, 'adres', 'adressen')} geweigerd door de mailserver."
    if dispatch_id is None:
        text += " Let op: het versturen is niet vastgelegd in de database."
    return replace(
        result,
        message=text,
        draft=draft,
        recipients=accepted,
        refused=refused,
        dispatch_id=dispatch_id,
        recorded=dispatch_id is not None,
    )


# --- reading helpers -------------------------------------------------------------------------------


def _open_actions(session: Session, request: DispatchRequest, organisation_id: int | None) -> list[Action]:
    """The open actions in scope (with owner, contact and case loaded), by deadline then number."""
    stmt = select(Action).where(Action.status.in_(OPEN_ACTION_STATUSES))
    if request.only_meeting_actions:
        stmt = stmt.where(Action.meeting_id == request.meeting_id)
    if organisation_id is not None:
        stmt = stmt.where(Action.owner_organisation_id == organisation_id)
    stmt = stmt.order_by(Action.due_date.is_(None), Action.due_date, Action.year, Action.number)
    actions = list(session.scalars(stmt))
    contact_ids = {a.owner_contact_id for a in actions if a.owner_contact_id is not None}
    case_ids = {a.case_id for a in actions if a.case_id is not None}
    if contact_ids:  # one query each instead of one per action
        list(session.scalars(select(Contact).where(Contact.id.in_(contact_ids))))
    if case_ids:
        list(session.scalars(select(Case).where(Case.id.in_(case_ids))))
    return actions


def _latest_notes(session: Session, action_ids: list[int]) -> dict[int, str]:
    """The latest non-empty progress note per action."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(ActionUpdate.action_id, ActionUpdate.note)
        .where(ActionUpdate.action_id.in_(action_ids), ActionUpdate.note != "")
        .order_by(ActionUpdate.action_id, ActionUpdate.updated_on, ActionUpdate.id)
    ).all()
    notes: dict[int, str] = {}
    for action_id, note in rows:
        if note.strip():
            notes[action_id] = note.strip()  # later rows win
    return notes


def _partner_action(action: Action, note: str) -> PartnerAction:
    case = ""
    if action.case is not None:
        case = f"{case_reference(action.case.year, action.case.number)} {action.case.title.strip()}"
    return PartnerAction(
        action_id=action.id,
        version=action.version,
        reference=action_reference(action.year, action.number),
        description=action.description.strip(),
        case=case,
        contact=action.owner_contact.name.strip() if action.owner_contact is not None else "",
        due_date=action.due_date,
        status=action.status,
        last_update=note,
    )


def _usable(contact: Contact) -> bool:
    return contact.active and bool(EMAIL_RE.match(contact.email.strip()))


def _contacts(organisation: Organisation, actions: Sequence[Action]) -> tuple[PartnerContact, ...]:
    """Who receives the organisation's mail (see the module's text), unique by address."""
    carrying = [a.owner_contact for a in actions if a.owner_contact is not None]
    groups = (
        [c for c in carrying if _usable(c)],
        [c for c in organisation.contacts if c.receives_reports and _usable(c)],
        [c for c in organisation.contacts if _usable(c)],
    )
    chosen = next((group for group in groups if group), [])
    seen: set[str] = set()
    result = []
    for contact in sorted(chosen, key=lambda c: (c.name.casefold(), c.id)):
        address = contact.email.strip()
        if address.lower() not in seen:
            seen.add(address.lower())
            result.append(PartnerContact(contact.name.strip(), address))
    return tuple(result)


def _announced(session: Session, request: DispatchRequest, today: date) -> Meeting | None:
    """The meeting the mail names: for a reminder the meeting itself (when still to come), after a
    meeting the next one of its series; without a meeting the first one planned from today."""
    if request.meeting_id is not None:
        meeting = session.get(Meeting, request.meeting_id)
        if meeting is not None:
            if request.kind is DispatchKind.REMINDER and meeting.status in UPCOMING:
                return meeting
            return neighbour(session, meeting, later=True, statuses=UPCOMING)
    return session.scalars(
        select(Meeting)
        .where(Meeting.status.in_(UPCOMING), Meeting.date >= today)
        .order_by(Meeting.date, Meeting.start_time, Meeting.id)
        .limit(1)
    ).first()


def _describe(meeting: Meeting | None) -> str:
    if meeting is None:
        return NOT_PLANNED
    text = f"{long_date(meeting.date)} om {clock(meeting.start_time)} uur"
    if meeting.location.strip():
        text += f", {meeting.location.strip()}"
    return text


def _slug(text: str, limit: int = 50) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return words[:limit].rstrip("-") or "organisatie"


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``stem + suffix`` in ``folder``, numbered (``-2``, ``-3``) when that or its draft exists:
    a workbook sent earlier (with another token) is never replaced."""
    number = 1
    while True:
        name = stem if number == 1 else f"{stem}-{number}"
        candidate = folder / f"{name}{suffix}"
        if not candidate.exists() and not candidate.with_suffix(".eml").exists():
            return candidate
        number += 1
