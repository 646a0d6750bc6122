"""Reports out from the GUI: Word minutes and agenda, the Excel action list and the .ics invitation,
written off the UI thread from the Rapportages and Acties pages, and what the chair sees when the
file cannot be written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.services.actions.action_list import ActionListScope, ActionListService
from wiec_desktop.services.mail.settings import MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.actions.page import ActionsPage
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.export_job import dated_name, slug
from wiec_desktop.ui.reports.page import ReportsPage
from wiec_desktop.ui.settings.preferences import Settings

SHEETS = ["Actielijst", "Per organisatie"]


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def page(qtbot, context: AppContext) -> Iterator[ReportsPage]:
    widget = ReportsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.primary.ensure_loaded()
    yield widget
    assert widget.job.runner.wait(20_000)  # no job left running on the test's database


@pytest.fixture
def last_held(demo_db: Database) -> Meeting:
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        assert meeting is not None
        session.expunge(meeting)
        return meeting


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QDesktopServices.openUrl records the file instead of opening it."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toLocalFile()) or True)
    return urls


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


def save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """The save dialog answers ``target``; returns the suggested paths it was shown."""
    asked: list[str] = []

    def answer(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(target), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def exports(demo_db: Database) -> list[AuditEvent]:
    with demo_db.session_factory() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.kind == AuditKind.EXPORT).order_by(AuditEvent.id)
            )
        )


def test_file_names() -> None:
    assert slug("Leefomgevingoverleg Wateringseveld") == "leefomgevingoverleg-wateringseveld"
    assert slug("Casuïstiekoverleg ’t Zuiden / één") == "casuistiekoverleg-t-zuiden-een"
    assert slug("!!!") == "overleg"
    assert dated_name("verslag", DEMO_TODAY, "Leefomgevingoverleg", ".docx") == (
        "verslag-2026-11-10-leefomgevingoverleg.docx"
    )


def test_minutes_of_the_last_held_meeting(
    qtbot,
    page: ReportsPage,
    last_held: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[str],
    demo_db: Database,
) -> None:
    assert page.meeting_id() == last_held.id  # newest first, selected
    assert page.minutes_button.isEnabled() and page.send_button.isEnabled()
    target = tmp_path / "uit" / "verslag"
    target.parent.mkdir()
    asked = save_as(monkeypatch, target)

    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    written = target.with_name("verslag.docx")  # the extension is added
    assert Path(asked[0]).name == f"verslag-{last_held.date.isoformat()}-{slug(last_held.title)}.docx"
    assert page.job.busy or written.exists()
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    assert page.job.progress.isHidden()
    assert page.job.label.text() == "Opgeslagen als verslag.docx"

    document = docx.Document(str(written))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles and titles[0].startswith("Verslag Leefomgevingoverleg")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Opening" and "Actielijst" in headings

    assert page.job.open_button.isVisible() and page.job.folder_button.isVisible()
    qtbot.mouseClick(page.job.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.job.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(written), str(written.parent)]
    logged = exports(demo_db)
    assert logged[-1].entity_id == last_held.id
    assert logged[-1].detail == "verslag (Word) verslag.docx (voor beleid)"
    # The next save dialog starts in the folder used last.
    asked.clear()
    page.export_agenda()
    assert Path(asked[0]).parent == written.parent
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)


def test_agenda_and_no_invitation_to_a_meeting_already_held(
    qtbot, page: ReportsPage, last_held: Meeting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_as(monkeypatch, tmp_path / "agenda.docx")
    page.export_agenda()
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    document = docx.Document(str(tmp_path / "agenda.docx"))
    assert any(p.style.name == "Title" and p.text for p in document.paragraphs)

    # The meetings here are held: an invitation to one is refused before any save dialog.
    page.context.settings.set_mail_settings(
        MailSettings(host="smtp.example.nl", sender_address="voorzitter@wiec.example.nl", sender_name="M V")
    )
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: told.append(text))
    asked = save_as(monkeypatch, tmp_path / "uitnodiging.ics")
    qtbot.mouseClick(page.ics_button, Qt.MouseButton.LeftButton)
    assert told == ["Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."]
    assert asked == [] and not page.job.busy
    assert not (tmp_path / "uitnodiging.ics").exists()


def test_action_lists_from_the_reports_page(
    qtbot,
    page: ReportsPage,
    last_held: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_db: Database,
    context: AppContext,
) -> None:
    service = ActionListService(demo_db.session_factory, lambda: DEMO_TODAY)
    cases = [
        (page.meeting_actions, ActionListScope.for_meeting(last_held.id), "meeting"),
        (page.open_actions, ActionListScope.all_open(), "open"),
    ]
    for action, scope, name in cases:
        target = tmp_path / f"{name}.xlsx"
        save_as(monkeypatch, target)
        action.trigger()
        qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
        workbook = openpyxl.load_workbook(target)
        assert workbook.sheetnames == SHEETS
        expected = service.action_list(scope)
        assert workbook["Actielijst"].max_row >= len(expected.rows) + 1 > 1
    page.organisation_menu.aboutToShow.emit()  # the submenu lists the organisations when it opens
    names = [a.text() for a in page.organisation_menu.actions()]
    assert names == [name for _id, name in context.services.reference_data.organisations()]
    target = tmp_path / "organisatie.xlsx"
    save_as(monkeypatch, target)
    page.organisation_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert any("actielijst (Excel) organisatie.xlsx" in e.detail for e in exports(demo_db))


def test_action_list_from_the_actions_page(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Database
) -> None:
    page = ActionsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    service = ActionListService(demo_db.session_factory, lambda: DEMO_TODAY)

    asked = save_as(monkeypatch, tmp_path / "alle.xlsx")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == f"actielijst-{DEMO_TODAY.isoformat()}.xlsx"
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    workbook = openpyxl.load_workbook(tmp_path / "alle.xlsx")
    assert workbook.sheetnames == SHEETS
    overdue = service.action_list(ActionListScope.all_open()).overdue_count
    assert overdue == 24

    combo = page.organisation_combo
    combo.setCurrentIndex(combo.findText("Stadsdeel Escamp"))
    asked = save_as(monkeypatch, tmp_path / "escamp.xlsx")
    page.export_to_excel()
    assert Path(asked[0]).name == f"actielijst-stadsdeel-escamp-{DEMO_TODAY.isoformat()}.xlsx"
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    sheet = openpyxl.load_workbook(tmp_path / "escamp.xlsx")["Actielijst"]
    expected = service.action_list(ActionListScope.for_organisation(int(combo.currentData()), open_only=True))
    references = {row.reference for row in expected.rows}
    found = {cell.value for cell in sheet["A"] if cell.value in references}
    assert found == references and references


def test_a_file_that_cannot_be_written(
    qtbot,
    page: ReportsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
    demo_db: Database,
) -> None:
    folder = tmp_path / "uit"
    folder.mkdir()
    occupied = folder / "verslag.docx"
    occupied.mkdir()  # a folder where the file should go
    before = len(exports(demo_db))
    save_as(monkeypatch, occupied)
    page.export_minutes()
    qtbot.waitUntil(lambda: not page.job.busy and bool(warnings), timeout=20_000)
    assert "Het bestand kon niet worden opgeslagen" in warnings[0]
    assert "Kies een andere map" in warnings[0]
    assert page.job.label.text() == "Opslaan mislukt." and not page.job.open_button.isVisible()
    assert [p.name for p in folder.iterdir()] == ["verslag.docx"] and occupied.is_dir()
    assert not any(occupied.iterdir())
    assert len(exports(demo_db)) == before  # nothing logged

    warnings.clear()
    save_as(monkeypatch, tmp_path / "bestaat-niet" / "acties.xlsx")
    page.export_open_actions()
    qtbot.waitUntil(lambda: not page.job.busy and bool(warnings), timeout=20_000)
    assert "kon niet worden opgeslagen" in warnings[0]
    assert not (tmp_path / "bestaat-niet").exists()


def test_a_word_template_that_cannot_be_used(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    template = tmp_path / "huisstijl.dotx"
    template.write_bytes(b"not really")
    page.context.settings.set_word_template(template)
    save_as(monkeypatch, tmp_path / "verslag.docx")
    page.export_minutes()
    qtbot.waitUntil(lambda: not page.job.busy and bool(warnings), timeout=20_000)
    assert warnings == [
        "'huisstijl.dotx' is een Word-sjabloon (.dotx). Open het in Word en sla het op als "
        "Word-document (.docx); kies dat bestand als sjabloon."
    ]
    assert not (tmp_path / "verslag.docx").exists()


def test_cancelled_and_no_meeting(page: ReportsPage, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert page.export_minutes() is None
    assert not page.job.busy and page.job.label.text() == ""
    page.tabs.setCurrentWidget(page.audit)
    assert not page.minutes_button.isEnabled() and not page.send_button.isEnabled()
    page.tabs.setCurrentWidget(page.reports)
    page.reports.search.setText("bestaat niet")
    qtbot.waitUntil(lambda: page.reports.model.rowCount() == 0)
    assert page.meeting_id() is None and not page.minutes_button.isEnabled()
    assert page.export_minutes() is None and page.send_report() is None


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_minutes_of_a_meeting_that_is_not_held_offer_the_agenda(
    qtbot,
    page: ReportsPage,
    last_held: Meeting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_db: Database,
    answer: QMessageBox.StandardButton,
) -> None:
    """The list is older than the database (another chair on a shared server changed the meeting):
    the page asks before any save dialog, and exports the agenda on Yes, nothing on No."""
    with demo_db.engine.begin() as con:
        con.exec_driver_sql("UPDATE meeting SET status = 'planned' WHERE id = ?", (last_held.id,))
    asked_questions: list[str] = []

    def question(_parent, _title, text, *_a):
        asked_questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    asked = save_as(monkeypatch, tmp_path / "document.docx")
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    assert asked_questions == ["Dit overleg is nog niet gehouden. De agenda exporteren?"]
    if answer == QMessageBox.StandardButton.No:
        assert asked == [] and not (tmp_path / "document.docx").exists()
        return
    assert Path(asked[0]).name.startswith("agenda-")
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    titles = [
        p.text for p in docx.Document(str(tmp_path / "document.docx")).paragraphs if p.style.name == "Title"
    ]
    assert titles and titles[0].startswith("Agenda ")
    assert exports(demo_db)[-1].detail == "agenda (Word) document.docx (voor beleid)"


def test_inventory_and_progress_reports_from_the_reports_menu(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_db: Database
) -> None:
    from docx import Document

    from wiec_desktop.exports.docx.inventory import HEADINGS as INVENTORY_HEADINGS
    from wiec_desktop.exports.docx.progress import ATTENTION_HEADING
    from wiec_desktop.exports.docx.progress import HEADINGS as PROGRESS_HEADINGS

    page.inventory_menu.aboutToShow.emit()
    rounds = [a for a in page.inventory_menu.actions() if a.text()]
    assert rounds, "the demo has inventory rounds"
    save_as(monkeypatch, tmp_path / "inventarisatie.docx")
    rounds[0].trigger()
    qtbot.waitUntil(lambda: not page.job.busy, timeout=30_000)
    headings = [
        p.text
        for p in Document(str(tmp_path / "inventarisatie.docx")).paragraphs
        if p.style.name == "Heading 1"
    ]
    # The demo's chair wrote no recommendations, so that section is left out (issue 15).
    assert headings == [h for h in INVENTORY_HEADINGS if h != "Aanbevelingen"]

    save_as(monkeypatch, tmp_path / "voortgang.docx")
    page.export_progress((date(2026, 6, 1), DEMO_TODAY))
    qtbot.waitUntil(lambda: not page.job.busy, timeout=30_000)
    document = Document(str(tmp_path / "voortgang.docx"))
    progress_headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert ATTENTION_HEADING in progress_headings  # issue 15: the demo has actions long overdue
    assert [h for h in progress_headings if h != ATTENTION_HEADING] == list(PROGRESS_HEADINGS)
    assert len(document.inline_shapes) >= 1  # charts embedded
    details = [e.detail for e in exports(demo_db)]
    assert any("inventarisatierapport" in d for d in details) and any(
        "voortgangsrapportage" in d for d in details
    )


def test_the_period_dialog_refuses_a_reversed_period(qtbot, context: AppContext) -> None:
    from wiec_desktop.ui.reports.export_requests import PeriodDialog

    dialog = PeriodDialog(context)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dialog.end.date().addDays(1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != 1 and "einddatum" in dialog.error.text()
