"""The privacy preview as the chair uses it: the replacements listed, a false positive kept, a
missed term added (both remembered), the intern variant chosen with its warning, a password typed
twice; and the export flow that writes what was chosen (file name, mark, password)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.enums import MeetingStatus, TermDecision
from wiec_desktop.exports import documents
from wiec_desktop.exports.protection import decrypt, is_protected
from wiec_desktop.services.privacy.redaction import INTERNAL_FILE_SUFFIX, INTERNAL_MARK, Audience
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.background import SynchronousRunner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import ExportJob
from wiec_desktop.ui.meetings.export_requests import minutes_request
from wiec_desktop.ui.privacy_preview import dialog as preview_module
from wiec_desktop.ui.privacy_preview.choice import ExportChoice
from wiec_desktop.ui.privacy_preview.dialog import KEEP_COLUMN, PrivacyPreviewDialog
from wiec_desktop.ui.settings.preferences import Settings

MINUTES = "Buurvrouw Emine Sitaldin (06-27254302) meldt overlast bij de Kastanjelaan."


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, lambda: DEMO_TODAY), Settings())


@pytest.fixture
def held(demo_db: Database) -> int:
    with demo_db.session_factory.begin() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)).first()
        assert meeting is not None
        item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
        assert item is not None
        item.minutes = MINUTES
        return meeting.id


@pytest.fixture
def preview(qtbot, context: AppContext, held: int) -> Iterator[PrivacyPreviewDialog]:
    services = context.services
    dialog = PrivacyPreviewDialog(
        context,
        "Verslag opslaan",
        lambda: documents.replacements(services, services.minutes_data.minutes(held)),
        runner=SynchronousRunner(),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def _originals(dialog: PrivacyPreviewDialog) -> list[str]:
    return [dialog.model.item(row, 0).text() for row in range(dialog.model.rowCount())]


def test_the_preview_lists_each_replacement_with_its_kind_and_context(preview: PrivacyPreviewDialog) -> None:
    originals = _originals(preview)
    assert any("Emine Sitaldin" in o for o in originals)
    assert "06-27254302" in originals
    row = originals.index("06-27254302")
    assert preview.model.item(row, 1).text() == "[telefoonnummer]"
    assert preview.model.item(row, 2).text() == "telefoonnummer"
    assert "[06-27254302]" in preview.model.item(row, 3).text()
    assert preview.save_button.isEnabled()
    assert preview.choice() == ExportChoice(Audience.POLICYMAKERS, None)


def test_a_false_positive_kept_and_a_missed_term_marked_are_remembered(
    qtbot, preview: PrivacyPreviewDialog, context: AppContext, held: int
) -> None:
    qtbot.keyClicks(preview.missed_edit, "Kastanjelaan")
    qtbot.mouseClick(preview.missed_button, Qt.MouseButton.LeftButton)
    assert "Kastanjelaan" in _originals(preview)  # computed again with the marked term
    row = _originals(preview).index("06-27254302")
    preview.model.item(row, KEEP_COLUMN).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert preview.result() == PrivacyPreviewDialog.DialogCode.Accepted
    decisions = context.services.privacy_context.decisions()
    assert decisions["kastanjelaan"] is TermDecision.MARKED
    assert decisions["06-27254302"] is TermDecision.KEPT
    services = context.services
    again = documents.replacements(services, services.minutes_data.minutes(held))
    assert "06-27254302" not in {r.original for r in again}  # kept: stays in the next document


def test_the_intern_variant_is_an_explicit_choice_with_a_warning(
    qtbot, preview: PrivacyPreviewDialog
) -> None:
    assert not preview.internal_warning.isVisible()
    # at the indicator: a radio button reacts to its indicator and label, not its whole width
    qtbot.mouseClick(preview.internal_button, Qt.MouseButton.LeftButton, pos=QPoint(8, 9))
    assert preview.internal_warning.isVisible()
    assert preview.choice().audience is Audience.INTERNAL


def test_a_password_must_be_typed_twice_alike(qtbot, preview: PrivacyPreviewDialog) -> None:
    qtbot.mouseClick(preview.password_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(preview.password_edit, "zomer-2026-blauw")
    qtbot.keyClicks(preview.repeat_edit, "zomer-2026-groen")
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert preview.error.text() == "De twee wachtwoorden zijn niet gelijk."
    assert preview.result() != PrivacyPreviewDialog.DialogCode.Accepted
    preview.repeat_edit.clear()
    qtbot.keyClicks(preview.repeat_edit, "zomer-2026-blauw")
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert preview.result() == PrivacyPreviewDialog.DialogCode.Accepted
    assert preview.choice().password == "zomer-2026-blauw"


def test_a_preview_that_cannot_be_made_leaves_only_the_intern_variant(qtbot, context: AppContext) -> None:
    from wiec_desktop.services.privacy.lookup_cache import LookupNotReady

    def not_ready() -> list:
        raise LookupNotReady()

    dialog = PrivacyPreviewDialog(context, "Verslag opslaan", not_ready, runner=SynchronousRunner())
    qtbot.addWidget(dialog)
    assert "privacyfilter" in dialog.status.text().lower()
    assert not dialog.save_button.isEnabled()
    dialog.internal_button.setChecked(True)
    assert dialog.save_button.isEnabled()


def test_the_export_flow_writes_the_chosen_variant_with_its_password(
    qtbot, context: AppContext, held: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Intern with a password: the preview first, then the save dialog with the suffixed name, then
    the file — marked, protected, with the resident in it."""
    seen: list[str] = []

    def choose(_context, _parent, title, compute, *, protectable=True):
        seen.append(title)
        assert any("Sitaldin" in r.original for r in compute())
        return ExportChoice(Audience.INTERNAL, "zomer-2026-blauw")

    monkeypatch.setattr(preview_module, "ask_export_choice", choose)
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "verslag.docx"), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    job = ExportJob(context)
    qtbot.addWidget(job)
    target = job.export(minutes_request(context, held, DEMO_TODAY, "Leefomgevingoverleg"))
    assert seen == ["Verslag opslaan"]
    assert asked[0].endswith(f"-{INTERNAL_FILE_SUFFIX}.docx")
    assert target == tmp_path / f"verslag-{INTERNAL_FILE_SUFFIX}.docx"
    qtbot.waitUntil(lambda: not job.busy, timeout=30_000)
    assert job.last_target == target and is_protected(target)
    document = Document(io.BytesIO(decrypt(target, "zomer-2026-blauw")))
    assert INTERNAL_MARK in document.sections[0].header.paragraphs[0].text
    assert any("Emine Sitaldin" in p.text for p in document.paragraphs)


def test_the_default_export_flow_writes_the_policymakers_variant(
    qtbot, context: AppContext, held: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "verslag.docx"), ""))
    job = ExportJob(context)
    qtbot.addWidget(job)
    target = job.export(minutes_request(context, held, DEMO_TODAY, "Leefomgevingoverleg"))
    assert target == tmp_path / "verslag.docx"
    qtbot.waitUntil(lambda: not job.busy, timeout=30_000)
    with zipfile.ZipFile(target) as package:
        text = package.read("word/document.xml").decode()
    assert "Sitaldin" not in text and "27254302" not in text
    assert "bewoner 1" in text.casefold()


def test_the_report_email_the_chair_wrote_is_redacted_too(
    qtbot,
    context: AppContext,
    held: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    accept_privacy_preview,
) -> None:
    """A name the chair typed into the e-mail leaves as "bewoner 1"; the attachment is the
    policymakers' minutes; the preview was shown first, with the e-mail's own replacement in it."""
    from email import message_from_bytes, policy

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from wiec_desktop.ui.reports.send_report import SendReportDialog

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: QUrl(url).isValid())
    context.settings.set_reports_folder(tmp_path / "verslagen")
    dialog = SendReportDialog(context, held)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.attach_actions.setChecked(False)
    dialog.subject_edit.setText("Verslag – over Emine Sitaldin")
    dialog.body_edit.setPlainText("Beste allen,\n\nEmine Sitaldin (06-27254302) belde nog.\n")
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.last_draft is not None
    found = {r.original for r in accept_privacy_preview[-1]["compute"]()}
    assert "Emine Sitaldin" in found and "06-27254302" in found
    message = message_from_bytes(dialog.last_draft.read_bytes(), policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "Sitaldin" not in str(message["Subject"]) and "Sitaldin" not in body and "27254302" not in body
    assert "Bewoner 1" in body
    for part in message.iter_attachments():
        with zipfile.ZipFile(io.BytesIO(part.get_content())) as package:
            assert "Sitaldin" not in package.read("word/document.xml").decode()
