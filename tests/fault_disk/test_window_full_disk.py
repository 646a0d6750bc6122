"""The window on a database whose disk fills up while the chair works: the Dutch message of the
vocabulary, what was typed stays (the editor stays open, meeting mode's autosave keeps its text)
and is saved once there is room again; the database stays whole."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.conftest import DEMO_TODAY
from tests.fault_disk.conftest import SmallDisk, integrity
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meeting_mode.autosave import Autosaver
from wiec_desktop.ui.settings.preferences import Settings

ANALYSIS = "Signalen van drie partners wijzen op vereenzaming en schulden. " * 120  # ~7.5 KB


@pytest.fixture
def database(small_disk: SmallDisk, demo_template: Path) -> Iterator[Database]:
    path = small_disk.mount / "wiec.sqlite"
    shutil.copyfile(demo_template, path)
    opened = open_database(path)
    yield opened
    opened.close()


def _query(path: Path, sql: str, *args: object) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, args).fetchone()[0]
    finally:
        connection.close()


def test_the_case_editor_stays_open_with_the_text_and_saves_once_there_is_room(
    qtbot, small_disk: SmallDisk, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk's Dutch message, the editor stays open with the text, "Opslaan als tekstbestand…"
    puts a copy on another disk, and the same save works once there is room."""
    services = Services(database.session_factory, today=lambda: DEMO_TODAY)
    context = AppContext(database, services, Settings())
    case_id = int(_query(small_disk.mount / "wiec.sqlite", 'SELECT min(id) FROM "case"'))
    copy = tmp_path / "kopie.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), "Tekstbestand (*.txt)"))
    shown: list[str] = []

    def answer_the_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        shown.append(box.text())
        offered = [b for b in box.buttons() if b.text() == "Opslaan als tekstbestand…"]
        qtbot.mouseClick(offered[0] if offered else box.buttons()[0], Qt.MouseButton.LeftButton)

    dialog = CaseDialog(context, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.analysis.clear()
    qtbot.keyClicks(dialog.analysis, ANALYSIS[:400])
    dialog.analysis.setPlainText(ANALYSIS)  # the rest at once: typing 7 KB key by key is slow
    small_disk.fill()
    QTimer.singleShot(0, answer_the_box)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "schijf" in shown[0], shown
    assert ANALYSIS.strip() in copy.read_text(encoding="utf-8")  # a copy in another place
    assert dialog.isVisible() and dialog.result() == 0  # not closed on a failed save
    assert dialog.analysis.toPlainText() == ANALYSIS  # what the chair typed is still there
    small_disk.make_room()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1 and len(shown) == 1
    assert services.cases.get_case(case_id).expert_analysis == ANALYSIS.strip()
    database.close()
    assert integrity(small_disk.mount / "wiec.sqlite") == "ok"


def test_meeting_modes_autosave_on_a_full_disk_keeps_the_text_and_saves_it_later(
    qtbot, small_disk: SmallDisk, database: Database
) -> None:
    """The GUI's autosave (meeting mode's minutes) on a real full disk: it showed 'Onbekende fout'
    (a raw OperationalError) instead of the disk's message."""
    path = small_disk.mount / "wiec.sqlite"
    item_id = int(
        _query(
            path,
            "SELECT a.id FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id "
            "WHERE m.status = 'planned' ORDER BY a.id",
        )
    )
    services = Services(database.session_factory, today=lambda: DEMO_TODAY)

    def write(item: int, minutes: str | None, elapsed: int | None) -> None:
        services.meeting_run.save_item(item, minutes=minutes, elapsed_seconds=elapsed)

    saver = Autosaver(write, debounce_ms=20, max_latency_ms=50, retry_ms=300)
    statuses: list[tuple[str, bool]] = []
    saver.status_changed.connect(lambda text, error: statuses.append((text, error)))
    try:
        small_disk.fill()
        saver.set_minutes(item_id, ANALYSIS)
        qtbot.waitUntil(lambda: any(error for _text, error in statuses), timeout=5000)
        message = next(text for text, error in statuses if error)
        assert "schijf" in message and "Onbekende fout" not in message, message
        assert saver.unsaved_minutes(item_id) == ANALYSIS
        small_disk.make_room()
        qtbot.waitUntil(lambda: not saver.has_pending(), timeout=5000)  # the retry stores it
        assert saver.flush()
    finally:
        saver.shutdown()
    assert _query(path, "SELECT minutes FROM agenda_item WHERE id = ?", item_id) == ANALYSIS
    database.close()
    assert integrity(path) == "ok"


def test_a_chart_saved_as_png_on_a_full_disk_leaves_no_partial_picture(qtbot, small_disk: SmallDisk) -> None:
    """Qt wrote the picture straight into the file: a full disk left a broken PNG."""
    from wiec_desktop.ui.overview.charts.card import ChartCard

    card = ChartCard("Signalen per thema")
    qtbot.addWidget(card)
    card.resize(900, 600)
    card.show()
    small_disk.fill()
    assert card.write_png(small_disk.mount / "grafiek.png") is False
    assert small_disk.files() == []
    small_disk.make_room()
    assert card.write_png(small_disk.mount / "grafiek.png") is True
    assert (small_disk.mount / "grafiek.png").read_bytes().startswith(b"\x89PNG")
