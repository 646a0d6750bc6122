"""An export and its logboek entry appear in one step (exports.documents.write_logged): a rename
that fails leaves no entry, a commit that fails (the database's disk full) takes the file back and
puts the earlier file under that name back; otherwise both are there, and the chain is intact."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.conftest import DEMO_TODAY
from wiec_desktop.atomic_file import StagedFile
from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.exports import documents
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.privacy.redaction import Audience
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.storage.errors import DiskFull

INTERN = {"audience": Audience.INTERNAL}


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "uitvoer"
    folder.mkdir()
    return folder


def _exports(demo_db: Database) -> int:
    with demo_db.session_factory() as session:
        return session.scalar(select(func.count()).where(AuditEvent.kind == AuditKind.EXPORT))


@pytest.fixture
def failing_commit(demo_db: Database) -> Iterator[None]:
    """Every commit fails as SQLite's does when the database's disk is full."""

    def fail(_session: object) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    event.listen(demo_db.session_factory, "before_commit", fail)
    yield
    event.remove(demo_db.session_factory, "before_commit", fail)


def test_an_export_and_its_entry_appear_together(services: Services, demo_db: Database, out: Path) -> None:
    before = _exports(demo_db)
    documents.write_action_list(services, ActionListScope.all_open(), out / "acties.xlsx", **INTERN)
    written = out / "acties-vertrouwelijk-intern.xlsx"
    assert [p.name for p in out.iterdir()] == [written.name]
    assert _exports(demo_db) == before + 1
    assert services.audit_log.verify_chain().ok


def test_a_failed_commit_takes_the_new_file_back_and_restores_the_earlier_one(
    services: Services, demo_db: Database, out: Path, failing_commit: None
) -> None:
    earlier = out / "acties-vertrouwelijk-intern.xlsx"
    earlier.write_bytes(b"the list the chair sent last week")
    before = _exports(demo_db)
    with pytest.raises(DiskFull):
        documents.write_action_list(services, ActionListScope.all_open(), out / "acties.xlsx", **INTERN)
    assert earlier.read_bytes() == b"the list the chair sent last week"
    assert [p.name for p in out.iterdir()] == [earlier.name]  # no temporary file either
    assert _exports(demo_db) == before


def test_a_failed_commit_of_a_new_file_leaves_no_file(
    services: Services, demo_db: Database, out: Path, failing_commit: None
) -> None:
    with pytest.raises(DiskFull):
        documents.write_minutes(services, 1, out / "verslag.docx", **INTERN)
    assert list(out.iterdir()) == []


def test_a_failed_rename_leaves_no_entry_and_no_file(
    services: Services, demo_db: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(_staged: StagedFile) -> Path:
        raise PermissionError(13, "het bestand is geopend in Excel")

    monkeypatch.setattr(StagedFile, "publish", locked)
    before = _exports(demo_db)
    with pytest.raises(PermissionError):
        documents.write_agenda(services, 1, out / "agenda.docx", **INTERN)
    assert list(out.iterdir()) == [] and _exports(demo_db) == before


def test_an_attachment_not_logged_is_still_whole(services: Services, demo_db: Database, out: Path) -> None:
    before = _exports(demo_db)
    documents.write_minutes(services, 1, out / "verslag.docx", record=False, **INTERN)
    assert [p.name for p in out.iterdir()] == ["verslag-vertrouwelijk-intern.docx"]
    assert _exports(demo_db) == before


def test_the_logboek_export_logs_itself_in_the_same_step(
    services: Services, demo_db: Database, out: Path
) -> None:
    before = _exports(demo_db)
    chain = services.audit_log.verify_chain()
    rows = documents.write_audit_log(services, services.audit_log.entries(), chain, out / "logboek.xlsx")
    assert rows > 0 and (out / "logboek.xlsx").exists()
    assert _exports(demo_db) == before + 1


def test_the_logboek_export_on_a_failed_commit_leaves_nothing(
    services: Services, demo_db: Database, out: Path, failing_commit: None
) -> None:
    chain = services.audit_log.verify_chain()
    with pytest.raises(DiskFull):
        documents.write_audit_log(services, services.audit_log.entries(), chain, out / "logboek.xlsx")
    assert list(out.iterdir()) == []
