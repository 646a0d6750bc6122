"""Verslag versturen from the GUI: through a real local SMTP server (aiosmtpd, STARTTLS with a
trustme certificate, login with the password from an in-memory keyring), and as a draft .eml."""

from __future__ import annotations

import io
import ssl
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import docx
import keyring
import openpyxl
import pytest
import trustme
from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import MemoryKeyring, Recorder, free_port, login_check
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.services.mail.service import NOT_HELD_MESSAGE
from wiec_desktop.services.mail.settings import MailSettings, store_password
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import slug
from wiec_desktop.ui.reports.page import ReportsPage
from wiec_desktop.ui.reports.send_report import SendReportDialog
from wiec_desktop.ui.settings.preferences import Settings

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
USER, PASSWORD = "voorzitter", "geheim wachtwoord"
REFUSED = "iemand@geweigerd.example.nl"


# --- a real SMTP server and an in-memory keyring (as in test_mail.py) ------------------------------


@dataclass
class SmtpServer:
    port: int
    recorder: Recorder


@pytest.fixture
def smtp_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """STARTTLS required, login required; the client trusts the test CA through SSL_CERT_FILE, as
    the program's default SSL context reads it (no test hook in the code under test)."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context,
        require_starttls=True,
        authenticator=login_check(USER, PASSWORD),
    )
    controller.start()
    yield SmtpServer(port, recorder)
    controller.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


# --- the dialog -------------------------------------------------------------------------------------


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


def meeting_with(demo_db: Database, status: MeetingStatus) -> Meeting:
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == status).order_by(Meeting.date.desc())
        ).first()
        assert meeting is not None
        session.expunge(meeting)
        return meeting


@pytest.fixture
def held(demo_db: Database) -> Meeting:
    return meeting_with(demo_db, MeetingStatus.HELD)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toLocalFile()) or True)
    return urls


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder for this test: nothing may be written there."""
    folder = tmp_path / "systeem-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def open_dialog(qtbot, context: AppContext, meeting_id: int) -> SendReportDialog:
    dialog = SendReportDialog(context, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def finish(qtbot, dialog: SendReportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def send_events(demo_db: Database) -> list[AuditEvent]:
    with demo_db.session_factory() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.kind == AuditKind.SEND).order_by(AuditEvent.id)
            )
        )


def test_send_now_through_a_real_smtp_server(
    qtbot,
    context: AppContext,
    held: Meeting,
    smtp_server: SmtpServer,
    memory_keyring: MemoryKeyring,
    warnings: list[str],
    system_temp: Path,
    demo_db: Database,
    tmp_path: Path,
) -> None:
    settings = MailSettings(
        host="127.0.0.1",
        port=smtp_server.port,
        security="starttls",
        username=USER,
        sender_address="voorzitter@wiec.example.nl",
        sender_name="Marieke Verbeek",
        timeout=10,
    )
    context.settings.set_mail_settings(settings)
    store_password(settings, PASSWORD)
    recipients = context.services.mail.recipients(held.id)
    assert len(recipients) >= 3
    dialog = open_dialog(qtbot, context, held.id)

    # The list shows the assignment's report recipients, all ticked; one is left out, two added.
    model = dialog.recipients_model
    assert [model.item(r).text() for r in range(model.rowCount())] == [
        f"{name} <{address}>" for name, address in recipients
    ]
    model.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClicks(dialog.extra_edit, f"extra@wiec.example.nl; {REFUSED}")
    assert dialog.folder() == tmp_path / "Verslagen"  # next to the database file
    dialog.subject_edit.setText("Verslag {met accolades} en één accent")
    before = len(send_events(demo_db))

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.busy or dialog.last_result is not None
    finish(qtbot, dialog)
    assert warnings == [] and dialog.last_error == ""

    expected = [address for _name, address in recipients[1:]] + ["extra@wiec.example.nl"]
    assert dialog.last_result is not None and list(dialog.last_result.accepted) == expected
    assert dialog.status_label.text() == (
        f"Verzonden aan {len(expected)} ontvangers. Geweigerd door de mailserver: {REFUSED}."
    )
    assert not dialog.send_button.isEnabled()  # not twice by accident

    assert len(smtp_server.recorder.envelopes) == 1
    envelope = smtp_server.recorder.envelopes[0]
    assert envelope.mail_from == "voorzitter@wiec.example.nl" and envelope.rcpt_tos == expected
    got = message_from_bytes(envelope.content, policy=policy.default)
    assert isinstance(got, EmailMessage)
    assert got["Subject"] == "Verslag {met accolades} en één accent"
    assert "Besluiten" in got.get_body(("plain",)).get_content()
    parts = list(got.iter_attachments())
    word_name = f"verslag-{held.date.isoformat()}-{slug(held.title)}.docx"
    excel_name = f"actielijst-{DEMO_TODAY.isoformat()}.xlsx"
    assert [p.get_filename() for p in parts] == [word_name, excel_name]
    assert [p.get_content_type() for p in parts] == [DOCX, XLSX]
    minutes = docx.Document(io.BytesIO(parts[0].get_content()))
    assert any(p.style.name == "Title" and p.text.startswith("Verslag ") for p in minutes.paragraphs)
    assert openpyxl.load_workbook(io.BytesIO(parts[1].get_content())).sheetnames[0] == "Actielijst"

    # The attachments stay in the chosen folder; nothing went to the system's temporary folder.
    assert sorted(p.name for p in (tmp_path / "Verslagen").iterdir()) == sorted([word_name, excel_name])
    assert list(system_temp.iterdir()) == []
    events = send_events(demo_db)[before:]
    assert len(events) == 1 and events[0].entity_id == held.id
    assert events[0].detail.startswith(f"verslag verzonden (Excel, Word) aan {len(expected)} ontvangers")
    assert "extra@wiec.example.nl" not in events[0].detail


def test_draft_opens_in_the_mail_program(
    qtbot,
    context: AppContext,
    held: Meeting,
    opened: list[str],
    system_temp: Path,
    tmp_path: Path,
    demo_db: Database,
) -> None:
    folder = tmp_path / "gekozen map"
    context.settings.set_reports_folder(folder)
    dialog = open_dialog(qtbot, context, held.id)
    assert dialog.folder() == folder
    dialog.attach_actions.setChecked(False)
    dialog.body_edit.setPlainText("Beste allen,\n\nZie bijlage. {geen invulplek}\n")
    qtbot.mouseClick(dialog.to_button, Qt.MouseButton.LeftButton)  # everyone in To (BCC is the default)
    before = len(send_events(demo_db))

    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    draft = folder / f"verslag-{held.date.isoformat()}-{slug(held.title)}.eml"
    assert dialog.last_draft == draft and opened == [str(draft)]
    assert sorted(p.name for p in folder.iterdir()) == sorted([draft.name, draft.with_suffix(".docx").name])
    message = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert body == "Beste allen,\n\nZie bijlage. {geen invulplek}\n"
    recipients = context.services.mail.recipients(held.id)
    assert [a.addr_spec for a in message["To"].addresses] == [address for _n, address in recipients]
    assert [p.get_filename() for p in message.iter_attachments()] == [draft.with_suffix(".docx").name]
    assert list(system_temp.iterdir()) == []
    assert len(send_events(demo_db)) == before  # a draft is not a sent report


def test_send_failures_are_shown_plainly(
    qtbot, context: AppContext, held: Meeting, warnings: list[str], demo_db: Database, tmp_path: Path
) -> None:
    before = len(send_events(demo_db))
    dialog = open_dialog(qtbot, context, held.id)
    dialog.send_now()  # no mail server set up yet
    assert "nog geen mailserver ingesteld" in warnings[-1] and not dialog.busy

    port = free_port()  # nothing listens there
    context.settings.set_mail_settings(
        MailSettings(host="127.0.0.1", port=port, security="none", sender_address="a@wiec.example.nl")
    )
    dialog.send_now()
    finish(qtbot, dialog)
    assert warnings[-1].startswith(f"De mailserver 127.0.0.1:{port} is niet bereikbaar")
    assert dialog.status_label.text() == "Niet verstuurd." and dialog.send_button.isEnabled()
    assert len(send_events(demo_db)) == before

    dialog.extra_edit.setText("geen-adres")
    dialog.send_now()
    finish(qtbot, dialog)
    assert "geen-adres" in dialog.recipients_error.text() and dialog.recipients_error.isVisible()


def test_password_is_asked_when_the_keyring_has_none(
    qtbot,
    context: AppContext,
    held: Meeting,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context.settings.set_mail_settings(
        MailSettings(host="127.0.0.1", port=2525, security="starttls", username=USER, sender_address="a@b.nl")
    )
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda _p, _t, label, *a: (asked.append(label), ("", False))[1]
    )
    dialog = open_dialog(qtbot, context, held.id)
    dialog.send_now()
    assert asked == [f"Wachtwoord van {USER} bij 127.0.0.1:"] and not dialog.busy


def test_only_a_held_meeting_is_sent(qtbot, context: AppContext, demo_db: Database) -> None:
    planned = meeting_with(demo_db, MeetingStatus.PLANNED)
    dialog = open_dialog(qtbot, context, planned.id)
    assert dialog.not_held.text() == NOT_HELD_MESSAGE and dialog.not_held.isVisible()
    assert not dialog.send_button.isEnabled() and not dialog.draft_button.isEnabled()
    dialog.send_now()
    assert not dialog.busy


def test_the_reports_page_opens_the_dialog(qtbot, context: AppContext, held: Meeting) -> None:
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.primary.ensure_loaded()
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    dialogs = page.findChildren(SendReportDialog)
    assert len(dialogs) == 1 and dialogs[0].meeting_id == held.id and dialogs[0].isVisible()
    dialogs[0].reject()


def test_recipients_go_bcc_unless_the_chair_chooses_to_per_assignment(
    qtbot, context: AppContext, held: Meeting, opened: list[str], tmp_path: Path
) -> None:
    """By default no partner sees the others' addresses; the choice is remembered per assignment."""
    context.settings.set_reports_folder(tmp_path)
    dialog = open_dialog(qtbot, context, held.id)
    assert dialog.bcc_button.isChecked() and not dialog.to_button.isChecked()
    dialog.attach_actions.setChecked(False)
    dialog.attach_minutes.setChecked(False)
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    assert dialog.last_draft is not None
    message = message_from_bytes(dialog.last_draft.read_bytes(), policy=policy.default)
    recipients = [address for _n, address in context.services.mail.recipients(held.id)]
    assert message["To"].addresses == () and [a.addr_spec for a in message["Bcc"].addresses] == recipients

    qtbot.mouseClick(dialog.to_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    again = open_dialog(qtbot, context, held.id)
    assert again.to_button.isChecked()  # remembered for this assignment
    assert context.settings.recipients_hidden(None)  # another (no) assignment keeps the default
