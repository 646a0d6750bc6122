"""Issue 15 for the report e-mail: the count of actions over the deadline is that of the meeting's
own action list (as its minutes have it), not of the whole database; attachment names carry the
plain Content-Type ``name`` that older Outlook versions read beside the RFC 2231 ``filename*`` —
parsed back with the email package from a draft and from what a real aiosmtpd server received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import Recorder, free_port
from wiec_desktop.domain import Action, Meeting, Organisation
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.mail.message import add_attachment, draft_bytes, encoded_words, wire_bytes
from wiec_desktop.services.mail.settings import MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

NAMES = (
    "Verslag leefomgevingoverleg 3 november 2026 – één.docx",  # é, en dash, spaces
    "Actielijst met spaties.xlsx",  # plain ASCII with spaces
    "Verslag van het leefomgevingoverleg Wateringseveld – café De Dreef, één keer per maand, met "
    "bewoners, partners en gemeente (concept voor het overleg van november 2026).docx",  # long
    "Uitnodiging.ics",
)


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def held_id(demo_db: Database) -> int:
    """The most recent held meeting."""
    with demo_db.session_factory() as session:
        meeting_id = session.scalars(
            select(Meeting.id).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        assert meeting_id is not None
        return meeting_id


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "bijlagen"
    folder.mkdir()
    paths = [folder / name for name in NAMES]
    for number, path in enumerate(paths):
        path.write_bytes(b"PK\x03\x04" + bytes([number]) * 300)
    return paths


@pytest.fixture
def smtp_port() -> Iterator[tuple[int, Recorder]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, recorder
    controller.stop()


def overdue_in_body(message: EmailMessage) -> str:
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    return next(line for line in body.splitlines() if "over de deadline" in line)


# --- the overdue count ---------------------------------------------------------------------------


def test_the_overdue_count_is_the_meetings_action_list(services: Services, held_id: int) -> None:
    in_minutes = sum(line.overdue for line in services.minutes_data.minutes(held_id).actions)
    everywhere = len(services.actions.overdue())
    assert 0 < in_minutes < everywhere  # the demo has overdue actions of other series too
    values = services.mail.report_values(held_id)
    assert values["aantal_over_deadline"] == str(in_minutes)
    assert values["acties_over_deadline"].startswith(f"Er staan {in_minutes} acties over de deadline;")
    message = services.mail.compose_report(held_id, [])
    assert overdue_in_body(message).startswith(f"Er staan {in_minutes} acties over de deadline;")


def test_only_actions_in_the_meetings_scope_change_the_count(
    services: Services, held_id: int, demo_db: Database
) -> None:
    before = int(services.mail.report_values(held_id)["aantal_over_deadline"])
    with demo_db.session_factory() as session:
        organisation_id = session.scalars(select(Organisation.id)).first()
        meeting = session.get(Meeting, held_id)
        assert meeting is not None and organisation_id is not None
        other = session.scalars(
            select(Meeting.id).where(Meeting.status == MeetingStatus.HELD, Meeting.kind != meeting.kind)
        ).first()
    assert other is not None
    made, late = meeting.date + timedelta(days=1), meeting.date + timedelta(days=3)
    assert late < DEMO_TODAY

    def late_action(description: str, meeting_id: int | None) -> None:
        action = services.actions.create_action(description, organisation_id, meeting_id=meeting_id)
        with demo_db.session_factory.begin() as session:  # the deadline has passed since
            session.execute(
                update(Action).where(Action.id == action.id).values(created_on=made, due_date=late)
            )

    # made at a meeting of another series, and made outside any meeting after this meeting: not ours
    late_action("Elders afgesproken", other)
    late_action("Los van een overleg, later", None)
    assert int(services.mail.report_values(held_id)["aantal_over_deadline"]) == before
    # made at this meeting and over the deadline: counted
    late_action("Hier afgesproken", held_id)
    assert int(services.mail.report_values(held_id)["aantal_over_deadline"]) == before + 1
    in_minutes = sum(line.overdue for line in services.minutes_data.minutes(held_id).actions)
    assert in_minutes == before + 1  # the same definition as the minutes' action list


# --- attachment names ----------------------------------------------------------------------------


def raw_headers(part: Message, name: str) -> list[str]:
    """The header as it stands in the message (unfolded), before any decoding."""
    return [" ".join(value.split()) for key, value in part.raw_items() if key.lower() == name.lower()]


def assert_named_for_every_program(raw: bytes, names: tuple[str, ...]) -> None:
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    modern = message_from_bytes(raw, policy=policy.default)
    legacy = message_from_bytes(raw, policy=policy.compat32)
    parts = [p for p in modern.walk() if p.get_content_disposition() == "attachment"]
    old_parts = [p for p in legacy.walk() if p.get_content_disposition() == "attachment"]
    assert [p.get_filename() for p in parts] == list(names)
    assert [p.get_filename() for p in old_parts] == list(names)  # RFC 2231 read by the old API too
    for part, old, name in zip(parts, old_parts, names, strict=True):
        content_type = raw_headers(part, "Content-Type")[0]
        disposition = raw_headers(part, "Content-Disposition")[0]
        assert "name*" not in content_type  # the plain parameter, which older Outlook reads
        plain = old.get_param("name")
        assert isinstance(plain, str)
        assert str(make_header(decode_header(plain))) == name  # as an RFC 2047 reader decodes it
        assert part["Content-Type"].params["name"] == name
        if name.isascii():
            assert f'name="{name}"' in content_type and f'filename="{name}"' in disposition
        else:
            assert 'name="=?utf-8?b?' in content_type
            assert "filename*=utf-8''" in disposition or "filename*0*=utf-8''" in disposition
            assert "filename=" not in disposition  # the RFC 2231 form stays the only filename
        for line in old.as_string().splitlines():
            if "=?utf-8?b?" in line:
                assert len(line) <= 78  # each encoded word on its own short line


def test_attachment_names_in_the_draft(services: Services, held_id: int, files: list[Path]) -> None:
    message = services.mail.compose_report(held_id, files)
    assert_named_for_every_program(draft_bytes(message), NAMES)
    assert_named_for_every_program(wire_bytes(message), NAMES)


def test_attachment_names_as_received_over_smtp(
    services: Services, held_id: int, files: list[Path], smtp_port: tuple[int, Recorder]
) -> None:
    port, recorder = smtp_port
    settings = MailSettings(
        host="127.0.0.1",
        port=port,
        security="none",
        sender_address="voorzitter@wiec.example.nl",
        sender_name="Marieke Verbeek",
        timeout=5,
    )
    message = services.mail.compose_report(held_id, files, sender=settings)
    result = services.mail.send(message, settings, None, meeting_id=held_id)
    assert result.accepted and len(recorder.envelopes) == 1
    raw = recorder.envelopes[0].content
    assert_named_for_every_program(raw, NAMES)
    got = message_from_bytes(raw, policy=policy.default)
    contents = [part.get_payload(decode=True) for part in got.iter_attachments()]  # type: ignore[attr-defined]
    assert contents == [path.read_bytes() for path in files]


@pytest.mark.parametrize(
    "name",
    ["é.pdf", "a" * 44 + "é.pdf", "€" * 80 + ".pdf", "Zuid 🏠 – overleg.docx", "x" * 200 + "ü.xlsx"],
)
def test_encoded_words_split_on_whole_characters(name: str) -> None:
    words = encoded_words(name).split("\r\n ")
    assert all(len(word) <= 75 for word in words)
    assert str(make_header(decode_header(" ".join(words)))) == name
    message = EmailMessage()
    message.set_content("x")
    add_attachment(message, name, b"data")
    assert_named_for_every_program(wire_bytes(message), (name,))


def test_a_name_with_quotes_stays_whole(tmp_path: Any) -> None:
    message = EmailMessage()
    message.set_content("x")
    add_attachment(message, 'Verslag "concept".docx', b"data")
    add_attachment(message, 'Verslag "één".docx', b"data")
    parsed = message_from_bytes(wire_bytes(message), policy=policy.default)
    assert [p.get_filename() for p in parsed.iter_attachments()] == [  # type: ignore[attr-defined]
        'Verslag "concept".docx',
        'Verslag "één".docx',
    ]
