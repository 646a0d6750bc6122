"""Sending the report: settings, keyring, composing, the draft .eml and SMTP against a real server.

The SMTP tests run aiosmtpd on 127.0.0.1 on a free port (plain, STARTTLS with a trustme certificate,
implicit TLS, with and without login) and parse what the server received.
"""

from __future__ import annotations

import os
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import keyring
import pytest
import trustme
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import PASSWORD, USER, BrokenKeyring, MemoryKeyring, Recorder, check_login, free_port
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.services.formatting import clock, long_date
from wiec_desktop.services.mail.message import fill_template, save_draft
from wiec_desktop.services.mail.service import NOT_HELD_MESSAGE, MailService
from wiec_desktop.services.mail.settings import (
    KEYRING_SERVICE,
    MailError,
    MailSettings,
    PasswordStoreError,
    forget_password,
    load_password,
    store_password,
)
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORD_BYTES = b"PK\x03\x04" + bytes(range(256)) * 8 + b"\r\n.\r\n\x00"  # SMTP dot and NUL included
EXCEL_BYTES = b"PK\x03\x04" + bytes(reversed(range(256))) * 5


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def mail(demo_db: Database) -> MailService:
    return Services(demo_db.session_factory, lambda: DEMO_TODAY).mail


@pytest.fixture
def held_meeting(demo_db: Database) -> Meeting:
    """The most recent held meeting (draft minutes, decisions and new actions)."""
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        assert meeting is not None
        session.expunge(meeting)
        return meeting


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "uit"
    folder.mkdir()
    word = folder / "Verslag leefomgevingoverleg 3 november 2026 – één.docx"
    excel = folder / "Actielijst.xlsx"
    word.write_bytes(WORD_BYTES)
    excel.write_bytes(EXCEL_BYTES)
    return [word, excel]


@dataclass
class SmtpServer:
    port: int
    recorder: Recorder


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def client_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """A factory for aiosmtpd servers on free ports; every server is stopped afterwards."""
    controllers: list[Controller] = []

    def start(**kwargs: Any) -> SmtpServer:
        recorder = Recorder()
        port = free_port()
        controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return SmtpServer(port, recorder)

    yield start
    for controller in controllers:
        controller.stop()


def settings_for(port: int, security: str = "none", username: str = "", timeout: float = 5) -> MailSettings:
    return MailSettings(
        host="127.0.0.1",
        port=port,
        security=security,
        username=username,
        sender_address="voorzitter@wiec.example.nl",
        sender_name="Marieke Verbeek",
        timeout=timeout,
    )


def send_events(demo_db: Database) -> list[AuditEvent]:
    with demo_db.session_factory() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.kind == AuditKind.SEND).order_by(AuditEvent.id)
            )
        )


def received(server: SmtpServer) -> EmailMessage:
    assert len(server.recorder.envelopes) == 1
    parsed = message_from_bytes(server.recorder.envelopes[0].content, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def assert_attachments(message: EmailMessage, files: list[Path]) -> None:
    parts = list(message.iter_attachments())
    assert [p.get_filename() for p in parts] == [f.name for f in files]
    assert [p.get_content_type() for p in parts] == [DOCX, XLSX]
    assert [p.get_content() for p in parts] == [WORD_BYTES, EXCEL_BYTES]


# --- settings and keyring ----------------------------------------------------------------------


def test_settings_validation_in_dutch() -> None:
    MailSettings(host="smtp.example.nl", sender_address="a@example.nl").validate()
    with pytest.raises(ValidationError) as error:
        MailSettings(port=0, security="tls", sender_address="geen-adres", timeout=0).validate()
    assert set(error.value.errors) == {"host", "port", "security", "sender_address", "timeout"}
    assert error.value.errors["host"] == "De mailserver is verplicht."
    assert "65535" in error.value.errors["port"]
    assert "geen geldig e-mailadres" in error.value.errors["sender_address"]
    # Saving half-filled settings is fine; a password over an unencrypted line is not.
    MailSettings().validate(for_sending=False)
    with pytest.raises(ValidationError) as error:
        MailSettings(
            host="smtp.example.nl", security="none", username="u", sender_address="a@b.nl"
        ).validate()
    assert "STARTTLS" in error.value.errors["security"]
    with pytest.raises(ValidationError) as error:
        MailSettings(host="smtp example", port=70000, sender_address="a@b.nl").validate()
    assert set(error.value.errors) == {"host", "port"}


def test_settings_round_trip_through_strings() -> None:
    settings = MailSettings("smtp.example.nl", 465, "ssl", "user", "a@example.nl", "Naam Één", 12.5)
    assert MailSettings.from_dict(settings.to_dict()) == settings
    assert MailSettings.from_dict({}) == MailSettings()
    broken = MailSettings.from_dict({"host": "smtp.example.nl", "port": "abc", "sender_address": "a@b.nl"})
    with pytest.raises(ValidationError) as error:
        broken.validate()
    assert set(error.value.errors) == {"port"}


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_password_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    settings = MailSettings(host="SMTP.Example.nl", username="voorzitter", sender_address="a@b.nl")
    assert load_password(settings) is None
    store_password(settings, "s3cret")
    assert memory_keyring.store == {(KEYRING_SERVICE, "voorzitter@smtp.example.nl"): "s3cret"}
    assert load_password(settings) == "s3cret"
    forget_password(settings)
    assert load_password(settings) is None
    forget_password(settings)  # nothing stored: no error
    with pytest.raises(ValidationError) as error:
        store_password(MailSettings(host="smtp.example.nl"), "x")
    assert "gebruikersnaam" in error.value.errors["username"].lower()


@pytest.mark.parametrize("backend", ["fail", "broken"])
def test_no_keyring_is_a_dutch_message(backend: str) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring() if backend == "fail" else BrokenKeyring())
    try:
        settings = MailSettings(host="smtp.example.nl", username="voorzitter")
        with pytest.raises(PasswordStoreError, match="wachtwoordkluis"):
            store_password(settings, "x")
        with pytest.raises(PasswordStoreError, match="wachtwoordkluis"):
            load_password(settings)
    finally:
        keyring.set_keyring(previous)


# --- composing ---------------------------------------------------------------------------------


def test_recipients_are_the_assignments_report_recipients(
    mail: MailService, held_meeting: Meeting, demo_db: Database
) -> None:
    from wiec_desktop.domain import Assignment

    with demo_db.session_factory() as session:
        assignment = session.get(Assignment, held_meeting.assignment_id)
        assert assignment is not None
        expected = sorted((c.name, c.email) for c in assignment.recipients if c.email and c.active)
    recipients = mail.recipients(held_meeting.id)
    assert sorted(recipients) == expected
    assert len(recipients) >= 2
    assert all("@" in address for _name, address in recipients)


def next_in_series(demo_db: Database, meeting: Meeting) -> Meeting:
    with demo_db.session_factory() as session:
        following = session.scalars(
            select(Meeting)
            .where(
                Meeting.kind == meeting.kind,
                Meeting.status == MeetingStatus.PLANNED,
                Meeting.date > meeting.date,
            )
            .order_by(Meeting.date)
        ).first()
        assert following is not None
        session.expunge(following)
        return following


def test_compose_report(
    mail: MailService, services: Services, held_meeting: Meeting, files: list[Path], demo_db: Database
) -> None:
    sender = settings_for(25)
    message = mail.compose_report(held_meeting.id, files, sender=sender)
    summary = services.meeting_run.closing_summary(held_meeting.id)
    # the meeting's own action list (as in its minutes), not the whole database (issue 15)
    overdue = sum(line.overdue for line in services.minutes_data.minutes(held_meeting.id).actions)
    assert summary.decisions and summary.new_actions and overdue  # the demo has all three

    day = long_date(held_meeting.date)
    assert message["Subject"] == f"Verslag {held_meeting.title} van {day}"
    assert message["From"].addresses[0].addr_spec == "voorzitter@wiec.example.nl"
    assert [a.addr_spec for a in message["To"].addresses] == [a for _n, a in mail.recipients(held_meeting.id)]
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Geachte heer/mevrouw,\n")
    assert f"het verslag van het {held_meeting.title} van {day}" in body
    assert f"In dit overleg zijn {len(summary.decisions)} besluiten genomen:" in body
    for number, decision in enumerate(summary.decisions, start=1):
        assert f"{number}. {decision.text}" in body
    assert f"Er zijn {len(summary.new_actions)} nieuwe acties afgesproken:" in body
    for action in summary.new_actions:
        assert f"- {action.reference} {action.description}" in body
        assert action.owner_organisation in body
    assert f"Er staan {overdue} acties over de deadline" in body
    following = next_in_series(demo_db, held_meeting)
    assert f"Volgend overleg: {long_date(following.date)} om {clock(following.start_time)} uur" in body
    assert "concept" in body
    assert body.rstrip().endswith("Met vriendelijke groet,\n\nMarieke Verbeek")
    assert_attachments(message, files)


def test_templates(mail: MailService, held_meeting: Meeting, files: list[Path]) -> None:
    message = mail.compose_report(
        held_meeting.id,
        [],
        recipients=[("Bakker, J. (gemeente)", "j.bakker@example.nl")],
        subject_template="{overleg} – {aantal_besluiten} besluiten, {aantal_over_deadline} over deadline",
        body_template="Beste collega's,\n\n{besluiten}\n\n{{niet ingevuld}} blijft staan\n",
    )
    assert message["Subject"].startswith(f"{held_meeting.title} – ")
    assert message["To"].addresses[0].display_name == "Bakker, J. (gemeente)"
    assert message["From"] is None  # a draft gets its sender from the mail program
    body = message.get_content()
    assert body.startswith("Beste collega's,\n\nIn dit overleg zijn")
    assert "{{niet ingevuld}} blijft staan" in body
    assert list(message.iter_attachments()) == []

    with pytest.raises(ValidationError) as error:
        mail.compose_report(held_meeting.id, files, body_template="{overleg.__class__} {onbekend}")
    assert "{onbekend}" in error.value.errors["body"]
    with pytest.raises(ValidationError) as error:
        mail.compose_report(
            held_meeting.id, [files[0].with_name("weg.docx")], recipients=[("X", "geen adres")]
        )
    assert set(error.value.errors) == {"attachments", "recipients"}
    assert fill_template("{a} {b} {", {"a": "1", "b": "{a}"}) == "1 {a} {"


# --- the draft ---------------------------------------------------------------------------------


def test_draft_eml(mail: MailService, held_meeting: Meeting, files: list[Path], tmp_path: Path) -> None:
    message = mail.compose_report(held_meeting.id, files)
    target = tmp_path / "concept" / "Verslag versturen.eml"
    target.parent.mkdir()
    target.write_bytes(b"oude inhoud")
    assert save_draft(message, target) == target
    raw = target.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    draft = message_from_bytes(raw, policy=policy.default)
    assert draft["X-Unsent"] == "1"
    assert draft["Subject"] == message["Subject"]
    assert draft["To"] == message["To"]
    assert "Geachte heer/mevrouw," in draft.get_body(("plain",)).get_content()
    assert_attachments(draft, files)
    assert message["X-Unsent"] is None  # the composed message is unchanged
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_draft_failure_keeps_the_old_file(
    mail: MailService, held_meeting: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = mail.compose_report(held_meeting.id, [])
    target = tmp_path / "Verslag.eml"
    target.write_bytes(b"oude inhoud")

    def refuse(*_args: Any) -> None:
        raise PermissionError("in gebruik")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        save_draft(message, target)
    assert target.read_bytes() == b"oude inhoud"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- sending -----------------------------------------------------------------------------------


def test_send_plain(
    mail: MailService, held_meeting: Meeting, files: list[Path], smtp_server: Any, demo_db: Database
) -> None:
    server = smtp_server()
    before = send_events(demo_db)
    message = mail.compose_report(held_meeting.id, files)
    result = mail.send(message, settings_for(server.port), None, meeting_id=held_meeting.id)

    recipients = [address for _name, address in mail.recipients(held_meeting.id)]
    assert result.accepted == tuple(recipients) and result.refused == ()
    envelope = server.recorder.envelopes[0]
    assert envelope.mail_from == "voorzitter@wiec.example.nl"
    assert envelope.rcpt_tos == recipients
    got = received(server)
    assert got["Subject"] == message["Subject"]
    assert got["From"] == "Marieke Verbeek <voorzitter@wiec.example.nl>"
    assert got["Message-ID"] == result.message_id and got["Date"] is not None
    assert got["X-Unsent"] is None
    body = got.get_body(("plain",)).get_content()
    assert "Besluiten" in body and "Nieuwe acties" in body and "over de deadline" in body
    assert_attachments(got, files)

    assert result.recorded
    events = send_events(demo_db)[len(before) :]
    assert len(events) == 1
    event = events[0]
    assert (event.entity_type, event.entity_id) == ("meeting", held_meeting.id)
    assert event.detail.startswith(
        f"verslag verzonden (Excel, Word) aan {len(recipients)} ontvangers: contact "
    )
    for name, address in mail.recipients(held_meeting.id):
        assert address not in event.detail and name not in event.detail


def test_send_starttls_with_login(
    mail: MailService,
    held_meeting: Meeting,
    files: list[Path],
    smtp_server: Any,
    server_tls: ssl.SSLContext,
    client_tls: ssl.SSLContext,
    demo_db: Database,
) -> None:
    server = smtp_server(
        tls_context=server_tls,
        require_starttls=True,
        authenticator=check_login,
        auth_required=True,
        auth_require_tls=True,
    )
    settings = settings_for(server.port, "starttls", USER)
    message = mail.compose_report(held_meeting.id, files, sender=settings)
    before = len(send_events(demo_db))

    with pytest.raises(MailError, match="Inloggen bij de mailserver is mislukt"):
        mail.send(message, settings, "fout", meeting_id=held_meeting.id, ssl_context=client_tls)
    assert server.recorder.envelopes == []
    assert len(send_events(demo_db)) == before  # refused: nothing recorded

    mail.send(message, settings, PASSWORD, meeting_id=held_meeting.id, ssl_context=client_tls)
    got = received(server)
    assert got["Subject"] == message["Subject"]
    assert_attachments(got, files)
    assert len(send_events(demo_db)) == before + 1


def test_send_implicit_tls(
    mail: MailService,
    held_meeting: Meeting,
    files: list[Path],
    smtp_server: Any,
    server_tls: ssl.SSLContext,
    client_tls: ssl.SSLContext,
) -> None:
    server = smtp_server(ssl_context=server_tls)
    message = mail.compose_report(held_meeting.id, files)
    mail.send(message, settings_for(server.port, "ssl"), None, ssl_context=client_tls)
    assert_attachments(received(server), files)


def test_untrusted_certificate(
    mail: MailService, held_meeting: Meeting, smtp_server: Any, server_tls: ssl.SSLContext, demo_db: Database
) -> None:
    server = smtp_server(tls_context=server_tls, require_starttls=True)
    message = mail.compose_report(held_meeting.id, [])
    before = len(send_events(demo_db))
    with pytest.raises(MailError, match=r"certificaat van de mailserver 127\.0\.0\.1 wordt niet vertrouwd"):
        mail.send(message, settings_for(server.port, "starttls"), None, meeting_id=held_meeting.id)
    assert server.recorder.envelopes == []
    assert len(send_events(demo_db)) == before


def test_starttls_not_offered_and_tls_required(
    mail: MailService, held_meeting: Meeting, smtp_server: Any, server_tls: ssl.SSLContext
) -> None:
    plain = smtp_server()
    message = mail.compose_report(held_meeting.id, [])
    with pytest.raises(MailError, match="biedt geen STARTTLS aan"):
        mail.send(message, settings_for(plain.port, "starttls"), None)
    strict = smtp_server(tls_context=server_tls, require_starttls=True)
    with pytest.raises(MailError, match="eist eerst een beveiligde verbinding"):
        mail.send(message, settings_for(strict.port, "none"), None)
    with pytest.raises(MailError, match="beveiligde verbinding \\(TLS\\)"):
        mail.send(message, settings_for(plain.port, "ssl"), None)
    assert plain.recorder.envelopes == [] and strict.recorder.envelopes == []


def test_recipients_refused(
    mail: MailService, held_meeting: Meeting, smtp_server: Any, demo_db: Database
) -> None:
    server = smtp_server()
    before = len(send_events(demo_db))
    all_refused = mail.compose_report(
        held_meeting.id, [], recipients=[("A", "a@geweigerd.example.nl"), ("B", "b@geweigerd.example.nl")]
    )
    with pytest.raises(MailError) as error:
        mail.send(all_refused, settings_for(server.port), None, meeting_id=held_meeting.id)
    assert str(error.value) == (
        "De mailserver weigert alle ontvangers: a@geweigerd.example.nl, b@geweigerd.example.nl. "
        "Controleer de e-mailadressen."
    )
    assert len(send_events(demo_db)) == before

    first = mail.recipients(held_meeting.id)[0]
    partly = mail.compose_report(held_meeting.id, [], recipients=[first, ("C", "c@geweigerd.example.nl")])
    result = mail.send(partly, settings_for(server.port), None, meeting_id=held_meeting.id)
    assert result.accepted == (first.address,) and result.refused == ("c@geweigerd.example.nl",)
    events = send_events(demo_db)
    assert len(events) == before + 1
    assert events[-1].detail.startswith("verslag verzonden aan 1 ontvanger: contact ")


def test_connection_refused(mail: MailService, held_meeting: Meeting, demo_db: Database) -> None:
    port = free_port()  # nothing listens there
    message = mail.compose_report(held_meeting.id, [])
    before = len(send_events(demo_db))
    with pytest.raises(MailError) as error:
        mail.send(message, settings_for(port), None, meeting_id=held_meeting.id)
    assert str(error.value).startswith(f"De mailserver 127.0.0.1:{port} is niet bereikbaar")
    assert len(send_events(demo_db)) == before


def test_unknown_host(mail: MailService, held_meeting: Meeting, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*_args: Any, **_kwargs: Any) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", no_such_host)
    settings = MailSettings(host="smtp.bestaat-niet.example", sender_address="a@example.nl", security="ssl")
    with pytest.raises(
        MailError, match=r"smtp\.bestaat-niet\.example is niet bereikbaar: de naam is onbekend"
    ):
        mail.send(mail.compose_report(held_meeting.id, []), settings, None)


@pytest.fixture
def raw_server() -> Iterator[Any]:
    """A listening socket that either never greets (timeout) or greets and hangs up."""
    sockets: list[socket.socket] = []
    threads: list[threading.Thread] = []

    def start(greet_and_close: bool) -> int:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        sockets.append(listener)
        if greet_and_close:

            def serve() -> None:
                with listener.accept()[0] as connection:
                    connection.sendall(b"220 test ESMTP\r\n")
                    connection.recv(1024)

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            threads.append(thread)
        return int(listener.getsockname()[1])

    yield start
    for thread in threads:
        thread.join(timeout=5)
    for listener in sockets:
        listener.close()


def test_timeout_and_disconnect(mail: MailService, held_meeting: Meeting, raw_server: Any) -> None:
    message = mail.compose_report(held_meeting.id, [])
    silent = raw_server(False)
    with pytest.raises(MailError, match="reageert niet \\(geen antwoord binnen 1 seconden\\)"):
        mail.send(message, settings_for(silent, timeout=1), None)
    hangs_up = raw_server(True)
    with pytest.raises(MailError, match="heeft de verbinding onverwacht verbroken"):
        mail.send(message, settings_for(hangs_up), None)


def test_send_refuses_before_connecting(mail: MailService, held_meeting: Meeting) -> None:
    message = mail.compose_report(held_meeting.id, [], recipients=[])
    with pytest.raises(MailError, match="geen ontvangers"):
        mail.send(message, settings_for(free_port()), None)
    with pytest.raises(MailError, match="wachtwoord"):
        mail.send(message, settings_for(free_port(), "starttls", USER), None)
    with pytest.raises(ValidationError):
        mail.send(message, MailSettings(), None)


def test_record_sent_references_only(mail: MailService, held_meeting: Meeting, demo_db: Database) -> None:
    recipients = mail.recipients(held_meeting.id)[:2]
    mail.record_sent(
        held_meeting.id,
        [*recipients, ("Iemand", "iemand@elders.example.nl"), recipients[0].address.upper()],
        ["Verslag.docx", "Actielijst.xlsx", "Uitnodiging.ics"],
    )
    event = send_events(demo_db)[-1]
    from wiec_desktop.domain import Contact

    with demo_db.session_factory() as session:
        ids = sorted(
            session.scalars(select(Contact.id).where(Contact.email.in_([r.address for r in recipients])))
        )
    assert event.detail == (
        "verslag verzonden (Excel, Word, agenda-uitnodiging) aan 3 ontvangers: "
        f"contact {ids[0]}, {ids[1]}; 1 ander adres"
    )


def test_only_a_held_meeting_has_a_report(mail: MailService, demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        planned = session.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED)).first()
    assert planned is not None
    with pytest.raises(ValidationError) as error:
        mail.compose_report(planned, [])
    assert error.value.errors == {"meeting": NOT_HELD_MESSAGE}


def test_sent_but_not_recorded(
    mail: MailService,
    held_meeting: Meeting,
    smtp_server: Any,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server accepted the mail but the database fails: the result says sent, not recorded."""
    from sqlalchemy.exc import OperationalError

    def locked(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    server = smtp_server()
    monkeypatch.setattr(mail, "record_sent", locked)
    result = mail.send(
        mail.compose_report(held_meeting.id, []), settings_for(server.port), None, meeting_id=held_meeting.id
    )
    assert len(server.recorder.envelopes) == 1
    assert result.accepted and not result.recorded


def test_blind_copies_keep_the_partners_addresses_apart(
    mail: MailService, held_meeting: Meeting, files: list[Path], smtp_server: Any, tmp_path: Path
) -> None:
    """With ``blind`` every recipient gets the report, but the message shows only the sender: no
    partner sees the other partners' addresses (in the draft the mail program shows them as BCC)."""
    server = smtp_server()
    settings = settings_for(server.port)
    recipients = [address for _name, address in mail.recipients(held_meeting.id)]
    assert len(recipients) >= 2
    message = mail.compose_report(held_meeting.id, files, sender=settings, blind=True)
    assert message["To"].addresses == () and str(message["To"]) == "undisclosed-recipients:;"
    assert [a.addr_spec for a in message["Bcc"].addresses] == recipients

    draft = save_draft(message, tmp_path / "concept.eml").read_bytes()
    assert all(address.encode() in draft for address in recipients)  # as BCC, for the mail program

    result = mail.send(message, settings, None, meeting_id=held_meeting.id)
    assert result.accepted == tuple(recipients)
    envelope = server.recorder.envelopes[0]
    assert envelope.rcpt_tos == recipients
    headers = envelope.content.split(b"\r\n\r\n", 1)[0]
    assert not any(address.encode() in headers for address in recipients)
    assert received(server)["Bcc"] is None
