"""Overleggen › Exporteren on the demo database: the minutes only of a held meeting (a planned one
offers its agenda instead), the invitation only before the meeting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.meetings.page import MeetingsPage
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow

MEETINGS = 4  # sidebar position of Overleggen
QUESTION = "Dit overleg is nog niet gehouden. De agenda exporteren?"


@pytest.fixture
def page(qtbot, demo_db: Database) -> Iterator[MeetingsPage]:
    main = MainWindow(AppContext(demo_db, Services(demo_db.session_factory, lambda: DEMO_TODAY), Settings()))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    main.show_section(MEETINGS)
    widget = main.current_page()
    assert isinstance(widget, MeetingsPage)
    widget.primary.ensure_loaded()
    yield widget
    assert widget.job.runner.wait(20_000)


def _first(database: Database, status: MeetingStatus, *, latest: bool = False) -> int:
    order = Meeting.date.desc() if latest else Meeting.date
    with database.session_factory() as session:
        return session.scalars(select(Meeting.id).where(Meeting.status == status).order_by(order)).first()


def _select(page: MeetingsPage, meeting_id: int) -> None:
    page.primary.reload(select_id=meeting_id)
    assert page.primary.current_id() == meeting_id


def _save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    asked: list[str] = []

    def answer(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(target), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent, _title, text, *_a):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _exports(database: Database) -> list[str]:
    with database.session_factory() as session:
        return list(session.scalars(select(AuditEvent.detail).where(AuditEvent.kind == AuditKind.EXPORT)))


def _title(path: Path) -> str:
    return next(p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Title")


def test_minutes_of_a_planned_meeting_offer_its_agenda(
    qtbot, page: MeetingsPage, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(page, _first(demo_db, MeetingStatus.PLANNED))
    assert page.export_minutes_action.isEnabled()
    questions = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    asked = _save_as(monkeypatch, tmp_path / "stuk.docx")

    page.export_minutes_action.trigger()  # Exporteren › Verslag (Word)…
    assert questions == [QUESTION]
    assert Path(asked[0]).name.startswith("agenda-")  # the agenda's save dialog, not the minutes'
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    assert _title(tmp_path / "stuk.docx").startswith("Agenda ")
    assert _exports(demo_db)[-1] == "agenda (Word) stuk.docx (voor beleid)"


def test_no_to_the_question_exports_nothing(
    page: MeetingsPage, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(page, _first(demo_db, MeetingStatus.PLANNED))
    questions = _answer(monkeypatch, QMessageBox.StandardButton.No)
    asked = _save_as(monkeypatch, tmp_path / "stuk.docx")
    before = _exports(demo_db)
    assert page.export_minutes() is None
    assert questions == [QUESTION] and asked == [] and not page.job.busy
    assert not (tmp_path / "stuk.docx").exists() and _exports(demo_db) == before


def test_minutes_of_a_held_meeting_ask_nothing(
    qtbot, page: MeetingsPage, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(page, _first(demo_db, MeetingStatus.HELD, latest=True))
    questions = _answer(monkeypatch, QMessageBox.StandardButton.No)
    _save_as(monkeypatch, tmp_path / "verslag.docx")
    page.export_minutes_action.trigger()
    qtbot.waitUntil(lambda: not page.job.busy, timeout=20_000)
    assert questions == []
    assert _title(tmp_path / "verslag.docx").startswith("Verslag ")


def test_a_running_meeting_has_no_minutes_yet(
    page: MeetingsPage, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = _first(demo_db, MeetingStatus.PLANNED)
    with demo_db.engine.begin() as con:
        con.exec_driver_sql("UPDATE meeting SET status = 'in_progress' WHERE id = ?", (meeting_id,))
    _select(page, meeting_id)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: told.append(text))
    asked = _save_as(monkeypatch, tmp_path / "verslag.docx")
    assert page.export_minutes() is None
    assert told and told[0].startswith("Dit overleg is nog bezig.") and asked == []


def test_no_invitation_to_a_meeting_already_held(
    page: MeetingsPage, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(page, _first(demo_db, MeetingStatus.HELD, latest=True))
    assert not page.export_invitation_action.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: told.append(text))
    asked = _save_as(monkeypatch, tmp_path / "uitnodiging.ics")
    assert page.export_invitation() is None  # the key or a stale menu still cannot write it
    assert told == ["Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."]
    assert asked == [] and not (tmp_path / "uitnodiging.ics").exists()
    _select(page, _first(demo_db, MeetingStatus.PLANNED))
    assert page.export_invitation_action.isEnabled()
