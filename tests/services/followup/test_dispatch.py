"""Acties per partner versturen (issue 15): per organisation a workbook with only its own open
actions, a mail to its contact persons (a draft .eml parsed back, or a real aiosmtpd server), one
PartnerDispatch with the workbook's token, and an audit event without personal data."""

from __future__ import annotations

import email
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import REFUSED_DOMAIN, Recorder, free_port
from wiec_desktop.domain import Action, AuditEvent, Contact, Meeting, Organisation
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, AuditKind, DispatchKind, MeetingStatus
from wiec_desktop.exports.xlsx.partner_workbook import write_partner_workbook
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.dispatch import (
    DispatchMode,
    DispatchRequest,
    FollowupDispatchService,
)
from wiec_desktop.services.mail.settings import MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.fixture
def service(demo_db: Database) -> FollowupDispatchService:
    return Services(demo_db.session_factory, lambda: DEMO_TODAY).followup_dispatch


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "partners"


@dataclass
class SmtpServer:
    port: int
    recorder: Recorder

    def settings(self) -> MailSettings:
        return MailSettings(
            host="127.0.0.1",
            port=self.port,
            security="none",
            sender_address="voorzitter@wiec.example.nl",
            sender_name="Marieke de Voorzitter",
            timeout=10,
        )


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer(port, recorder)
    controller.stop()


def open_actions_by_org(db: Database, meeting_id: int | None = None) -> dict[int, set[str]]:
    with db.session_factory() as session:
        stmt = select(Action).where(Action.status.in_(OPEN_ACTION_STATUSES))
        if meeting_id is not None:
            stmt = stmt.where(Action.meeting_id == meeting_id)
        found: dict[int, set[str]] = {}
        for action in session.scalars(stmt):
            found.setdefault(action.owner_organisation_id, set()).add(action.reference)
        return found


def read_workbook(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    book = load_workbook(path)
    sheet = book[fmt.ACTIONS_SHEET]
    rows = [
        dict(zip(fmt.COLUMNS, cells, strict=True))
        for cells in sheet.iter_rows(min_row=fmt.HEADER_ROW + 1, values_only=True)
    ]
    meta = {row[0]: row[1] for row in book[fmt.META_SHEET].iter_rows(values_only=True)}
    return rows, meta


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def personal_strings(db: Database) -> list[str]:
    with db.session_factory() as session:
        contacts = list(session.scalars(select(Contact)))
        return [c.name for c in contacts] + [c.email for c in contacts if c.email]


def held_meeting_id(db: Database) -> int:
    with db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        assert meeting is not None
        return meeting.id


# --- the plan ---------------------------------------------------------------------------------------


def test_the_plan_lists_every_organisation_with_open_actions_and_its_contacts(
    service: FollowupDispatchService, demo_db: Database
) -> None:
    expected = open_actions_by_org(demo_db)
    plans = service.plan(DispatchRequest())
    assert {p.organisation_id: p.action_count for p in plans} == {k: len(v) for k, v in expected.items()}
    assert [p.organisation.casefold() for p in plans] == sorted(p.organisation.casefold() for p in plans)
    for plan in plans:
        assert plan.contacts, plan.organisation
        assert all("@" in c.address for c in plan.contacts)


def test_the_plan_after_one_meeting_holds_only_that_meetings_open_actions(
    service: FollowupDispatchService, demo_db: Database
) -> None:
    meeting_id = held_meeting_id(demo_db)
    expected = open_actions_by_org(demo_db, meeting_id)
    assert expected  # the demo's last meeting left open actions
    plans = service.plan(DispatchRequest(meeting_id=meeting_id, only_meeting_actions=True))
    assert {p.organisation_id: p.action_count for p in plans} == {k: len(v) for k, v in expected.items()}


# --- drafts -------------------------------------------------------------------------------------------


def test_drafts_each_organisation_its_own_workbook_and_mail(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    expected = open_actions_by_org(demo_db)
    results = service.dispatch_all(DispatchRequest(), folder, write_partner_workbook)
    assert {r.organisation_id for r in results} == set(expected)
    dispatches = {d.organisation_id: d for d in service.dispatches()}
    for result in results:
        assert result.ok and result.recorded and result.mode is DispatchMode.DRAFT
        assert result.workbook is not None and result.workbook.is_file()
        rows, meta = read_workbook(result.workbook)
        assert {row[fmt.COL_REFERENCE] for row in rows} == expected[result.organisation_id]
        assert meta[fmt.META_TOKEN] == result.token == dispatches[result.organisation_id].token
        assert meta[fmt.META_ORGANISATION_ID] == result.organisation_id

        assert result.draft is not None and result.draft == result.workbook.with_suffix(".eml")
        message = parse(result.draft.read_bytes())
        assert message["X-Unsent"] == "1"
        assert len(message["To"].addresses) == result.recipients > 0
        assert "24 november 2026" in message.get_body().get_content()  # the next meeting
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == result.workbook.name
        assert attachment.get_content() == result.workbook.read_bytes()
        assert "concept-e-mail" in result.message

        record = dispatches[result.organisation_id]
        assert record.kind is DispatchKind.ACTIONS and record.sent_on == DEMO_TODAY
        assert record.action_count == len(rows) and record.file_name == result.workbook.name
        assert len(record.token) == 32 and record.imported_at is None
    assert len({d.token for d in dispatches.values()}) == len(dispatches)


def test_the_draft_goes_to_the_contacts_who_carry_out_the_actions(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    with demo_db.session_factory() as session:
        action = session.scalars(
            select(Action).where(
                Action.status.in_(OPEN_ACTION_STATUSES), Action.owner_contact_id.is_not(None)
            )
        ).first()
        assert action is not None
        organisation_id, carrier = action.owner_organisation_id, action.owner_contact
        assert carrier is not None
        owners = {
            a.owner_contact.email
            for a in session.scalars(
                select(Action).where(
                    Action.owner_organisation_id == organisation_id, Action.status.in_(OPEN_ACTION_STATUSES)
                )
            )
            if a.owner_contact is not None and a.owner_contact.email
        }
    result = service.dispatch(organisation_id, DispatchRequest(), folder, write_partner_workbook)
    assert result.draft is not None
    addresses = {a.addr_spec for a in parse(result.draft.read_bytes())["To"].addresses}
    assert addresses == owners


def test_the_audit_event_names_no_person(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    service.dispatch_all(DispatchRequest(), folder, write_partner_workbook)
    with demo_db.session_factory() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "organisation")))
    assert events and all(e.kind is AuditKind.EXPORT for e in events)
    people = personal_strings(demo_db)
    for event in events:
        assert "acties" in event.detail
        assert not any(person.lower() in event.detail.lower() for person in people)


def test_an_organisation_without_contact_address_still_gets_its_workbook(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    organisation_id = service.plan(DispatchRequest())[0].organisation_id
    with demo_db.session_factory.begin() as session:
        for contact in session.scalars(select(Contact).where(Contact.organisation_id == organisation_id)):
            contact.email = ""
    (plan,) = [p for p in service.plan(DispatchRequest()) if p.organisation_id == organisation_id]
    assert plan.contacts == ()
    result = service.dispatch(organisation_id, DispatchRequest(), folder, write_partner_workbook)
    assert result.ok and result.without_contact and result.recorded
    assert result.draft is None and result.workbook is not None and result.workbook.is_file()
    assert "geen contactpersoon met een e-mailadres" in result.message
    assert [d.organisation_id for d in service.dispatches()] == [organisation_id]


def test_a_second_dispatch_the_same_day_keeps_the_first_workbook(
    service: FollowupDispatchService, folder: Path
) -> None:
    organisation_id = service.plan(DispatchRequest())[0].organisation_id
    first = service.dispatch(organisation_id, DispatchRequest(), folder, write_partner_workbook)
    second = service.dispatch(organisation_id, DispatchRequest(), folder, write_partner_workbook)
    assert first.workbook is not None and second.workbook is not None
    assert first.workbook != second.workbook and first.workbook.is_file()
    assert read_workbook(first.workbook)[1][fmt.META_TOKEN] == first.token != second.token


def test_the_reminder_names_the_coming_meeting(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    with demo_db.session_factory() as session:
        coming = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()
        assert coming is not None
        coming_id, location = coming.id, coming.location
    request = DispatchRequest(kind=DispatchKind.REMINDER, meeting_id=coming_id)
    organisation_id = service.plan(request)[0].organisation_id
    result = service.dispatch(organisation_id, request, folder, write_partner_workbook)
    assert result.draft is not None and result.workbook is not None
    assert result.workbook.name.startswith("herinnering-acties-")
    message = parse(result.draft.read_bytes())
    assert message["Subject"] == "Uw acties voor het overleg van dinsdag 24 november 2026"
    body = message.get_body().get_content()
    assert "vóór het overleg" in body and location in body and "14:00" in body
    (record,) = service.dispatches()
    assert record.kind is DispatchKind.REMINDER and record.meeting_id == coming_id


def test_after_a_meeting_the_mail_names_that_meeting_and_the_next_one(
    service: FollowupDispatchService, demo_db: Database, folder: Path
) -> None:
    meeting_id = held_meeting_id(demo_db)
    request = DispatchRequest(meeting_id=meeting_id, only_meeting_actions=True)
    organisation_id = service.plan(request)[0].organisation_id
    result = service.dispatch(organisation_id, request, folder, write_partner_workbook)
    assert result.draft is not None
    message = parse(result.draft.read_bytes())
    assert message["Subject"].startswith(
        "Uw acties na Leefomgevingoverleg Wateringseveld van dinsdag 3 november"
    )
    assert "dinsdag 24 november 2026 om 14:00 uur" in message.get_body().get_content()
    assert service.dispatches()[0].meeting_id == meeting_id


# --- SMTP -------------------------------------------------------------------------------------------------


def test_sends_over_smtp_to_the_contacts_with_the_workbook_attached(
    service: FollowupDispatchService, demo_db: Database, folder: Path, smtp: SmtpServer
) -> None:
    plans = service.plan(DispatchRequest())
    seen: list[tuple[int, int, str]] = []
    results = service.dispatch_all(
        DispatchRequest(),
        folder,
        write_partner_workbook,
        DispatchMode.SEND,
        settings=smtp.settings(),
        progress=lambda done, total, name: seen.append((done, total, name)),
    )
    assert [s[0] for s in seen] == list(range(len(plans) + 1))
    assert len(smtp.recorder.envelopes) == len(plans)
    for result, plan, envelope in zip(results, plans, smtp.recorder.envelopes, strict=True):
        assert result.ok and result.recorded and result.draft is None
        assert sorted(envelope.rcpt_tos) == sorted(c.address for c in plan.contacts)
        message = parse(envelope.content)
        assert message["From"].addresses[0].addr_spec == "voorzitter@wiec.example.nl"
        assert "Marieke de Voorzitter" in message.get_body().get_content()
        (attachment,) = list(message.iter_attachments())
        assert result.workbook is not None
        assert attachment.get_content() == result.workbook.read_bytes()
        assert f"verstuurd aan {len(plan.contacts)}" in result.message
    with demo_db.session_factory() as session:
        events = list(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.kind == AuditKind.SEND, AuditEvent.entity_type == "organisation"
                )
            )
        )
    assert len(events) == len(plans) and all("verzonden aan" in e.detail for e in events)


def test_a_refused_mail_leaves_no_workbook_and_no_record(
    service: FollowupDispatchService, demo_db: Database, folder: Path, smtp: SmtpServer
) -> None:
    organisation_id = service.plan(DispatchRequest())[0].organisation_id
    with demo_db.session_factory.begin() as session:
        for contact in session.scalars(select(Contact).where(Contact.organisation_id == organisation_id)):
            contact.email = f"c{contact.id}{REFUSED_DOMAIN}"
    result = service.dispatch(
        organisation_id, DispatchRequest(), folder, write_partner_workbook, DispatchMode.SEND,
        settings=smtp.settings(),
    )  # fmt: skip
    assert not result.ok and not result.recorded and result.workbook is None
    assert "niet verstuurd" in result.message
    assert list(folder.iterdir()) == [] and service.dispatches() == []


def test_an_unreachable_server_is_one_failed_result_per_organisation(
    service: FollowupDispatchService, folder: Path
) -> None:
    settings = MailSettings(host="127.0.0.1", port=free_port(), security="none", sender_address="v@x.nl")
    results = service.dispatch_all(
        DispatchRequest(), folder, write_partner_workbook, DispatchMode.SEND, settings=settings
    )
    assert results and not any(r.ok for r in results)
    assert service.dispatches() == [] and list(folder.iterdir()) == []


def test_after_the_server_failed_the_others_are_not_tried(
    service: FollowupDispatchService, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each organisation used to connect again: with a server that times out, twelve partners
    meant twelve waits of the timeout."""
    import smtplib

    tries: list[str] = []
    real = smtplib.SMTP.__init__

    def counting(self, host: str = "", *args, **kwargs) -> None:
        tries.append(host)
        real(self, host, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "__init__", counting)
    settings = MailSettings(host="127.0.0.1", port=free_port(), security="none", sender_address="v@x.nl")
    results = service.dispatch_all(
        DispatchRequest(), folder, write_partner_workbook, DispatchMode.SEND, settings=settings
    )
    assert len(results) > 2 and len(tries) == 1
    first, *others = results
    assert "niet bereikbaar" in first.message and first.server_unusable
    for result in others:
        assert not result.ok and result.server_unusable
        assert f"niet geprobeerd: de mailserver werkte niet bij {first.organisation}" in result.message
    assert service.dispatches() == [] and list(folder.iterdir()) == []


def test_sending_needs_settings(service: FollowupDispatchService, folder: Path) -> None:
    with pytest.raises(ValueError):
        service.dispatch(1, DispatchRequest(), folder, write_partner_workbook, DispatchMode.SEND)


def test_unknown_organisation_is_not_found(service: FollowupDispatchService, folder: Path) -> None:
    from wiec_desktop.services.validation import NotFound

    with pytest.raises(NotFound):
        service.dispatch(9999, DispatchRequest(), folder, write_partner_workbook)


def test_inactive_contacts_receive_nothing(service: FollowupDispatchService, demo_db: Database) -> None:
    plan = service.plan(DispatchRequest())[0]
    with demo_db.session_factory.begin() as session:
        organisation = session.get(Organisation, plan.organisation_id)
        assert organisation is not None
        gone = organisation.contacts[0]
        gone.active = False
        gone_address = gone.email
    (after,) = [p for p in service.plan(DispatchRequest()) if p.organisation_id == plan.organisation_id]
    assert gone_address not in {c.address for c in after.contacts}
