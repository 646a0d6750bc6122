"""The log viewer: filters by kind, record and period, cannot edit, shows a broken chain in red, and
exports what it shows to Excel (reopened with openpyxl)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.audit.log_dialog import AuditLogDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_model import HIGHLIGHT_ROLE
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def db_with_log(db: Database) -> Database:
    with db.session_factory.begin() as session:
        for number in range(1, 4):
            audit.record(session, AuditKind.CREATE, "case", number, f"casus {number}", actor="voorzitter")
        audit.record(session, AuditKind.UPDATE, "case", 2, "status", actor="voorzitter")
        audit.record(session, AuditKind.EXPORT, "meeting", 7, "verslag (Word)", actor="voorzitter")
        session.add(
            AuditEvent(
                occurred_at=datetime(2026, 1, 15, 9, 30),
                actor="voorzitter",
                kind=AuditKind.SEND,
                entity_type="meeting",
                entity_id=7,
                detail="verslag aan 5 ontvangers",
            )
        )
    return db


@pytest.fixture
def dialog(qtbot, db_with_log: Database) -> Iterator[AuditLogDialog]:
    context = AppContext(db_with_log, Services(db_with_log.session_factory, lambda: DEMO_TODAY), Settings())
    widget = AuditLogDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _column(dialog: AuditLogDialog, key: str) -> list[str]:
    column = dialog.model.column_of_key(key)
    return [dialog.model.index(row, column).data() for row in range(dialog.model.rowCount())]


def test_it_shows_the_log_newest_first_and_the_chain_intact(dialog: AuditLogDialog) -> None:
    assert _column(dialog, "sequence") == ["6", "5", "4", "3", "2", "1"]
    assert dialog.banner.isHidden()
    assert "Keten intact: 6 regels" in dialog.chain_label.text()
    assert dialog.count_label.text() == "6 regels"


def test_nothing_can_be_edited_or_removed(qtbot, dialog: AuditLogDialog) -> None:
    model = dialog.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            flags = model.flags(model.index(row, column))
            assert not flags & Qt.ItemFlag.ItemIsEditable
            assert not flags & (Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    assert not model.setData(model.index(0, 6), "anders")
    assert not model.removeRows(0, 1)
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    qtbot.keyClicks(dialog.table, "weg")
    assert dialog.service.count() == 6 and dialog.service.verify_chain().ok
    texts = [button.text() for button in dialog.findChildren(QPushButton)]
    assert not [text for text in texts if "erwijder" in text or "ewerk" in text or "ijzig" in text]


def test_filters_by_kind_record_and_period(qtbot, dialog: AuditLogDialog) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(AuditKind.CREATE.value))
    assert _column(dialog, "sequence") == ["3", "2", "1"]
    dialog.entity_type.setCurrentIndex(dialog.entity_type.findText("Casus"))
    qtbot.keyClicks(dialog.entity_id, "2")
    assert _column(dialog, "sequence") == ["2"]
    dialog.clear_filters()
    assert dialog.model.rowCount() == 6
    qtbot.keyClicks(dialog.since, "01-01-2026")
    qtbot.keyClicks(dialog.until, "31-01-2026")
    assert _column(dialog, "sequence") == ["6"]
    assert _column(dialog, "kind") == ["Verstuurd"]
    assert dialog.count_label.text() == "1 regels"


def test_a_broken_chain_is_shown_in_red_with_where(qtbot, db_with_log: Database) -> None:
    path = db_with_log.location.path
    assert path is not None
    with sqlite3.connect(path) as con:
        con.execute("UPDATE audit_event SET entity_id = 99 WHERE sequence = 2")
    context = AppContext(db_with_log, Services(db_with_log.session_factory, lambda: DEMO_TODAY), Settings())
    widget = AuditLogDialog(context)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.banner.isVisible()
    assert "gebroken bij regel 2 (gewijzigd)" in widget.banner.text()
    assert "1 regels daarvoor" in widget.chain_label.text()
    marked = {
        widget.model.row(row).values[0]: widget.model.index(row, 0).data(HIGHLIGHT_ROLE)
        for row in range(widget.model.rowCount())
    }
    assert marked == {6: True, 5: True, 4: True, 3: True, 2: True, 1: False}


def test_export_to_excel_writes_what_is_shown(
    qtbot, dialog: AuditLogDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "logboek"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    dialog.kind.setCurrentIndex(dialog.kind.findData(AuditKind.CREATE.value))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "logboek.xlsx"
    assert dialog.last_export == written and written.exists()
    workbook = openpyxl.load_workbook(written)
    assert workbook.sheetnames == ["Logboek", "Toelichting"]
    rows = list(workbook["Logboek"].iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Nr.",
        "Tijdstip (UTC)",
        "Gebruiker",
        "Handeling",
        "Soort gegeven",
        "Id",
        "Omschrijving",
    )
    assert [row[0] for row in rows[1:]] == [3, 2, 1]
    assert rows[1][3:7] == ("Aangemaakt", "Casus", 3, "casus 3")
    notes = dict(workbook["Toelichting"].iter_rows(values_only=True))
    assert notes["Handeling"] == "Aangemaakt" and notes["Regels in dit bestand"] == "3"
    assert notes["Keten"].startswith("intact")
    assert list(tmp_path.glob(".logboek*")) == []  # no temporary file left behind
    # the export itself is in the log, and the chain still holds
    last = dialog.service.page(None, 0, 1)[0]
    assert (last.kind, last.entity_type) == (AuditKind.EXPORT, "audit_event")
    assert "3 regels" in last.detail and dialog.service.verify_chain().ok


def test_the_file_menu_opens_the_log(qtbot, demo_db: Database) -> None:
    from wiec_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(
        AppContext(demo_db, Services(demo_db.session_factory, lambda: DEMO_TODAY), Settings())
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.audit_log_action in file_menu.actions()
    assert window.audit_log_action.text() == "&Logboek…"
    window.audit_log_action.trigger()
    dialogs = window.findChildren(AuditLogDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].model.rowCount() == dialogs[0].service.count() > 0
    assert dialogs[0].banner.isHidden()
    dialogs[0].close()
