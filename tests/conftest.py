"""Shared fixtures: offscreen Qt, a private data folder and a fresh database for every test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

# Must be set before anything imports Qt: without a display pytest-qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# deduce's lookup tables (issue 12): one stable folder per machine for the whole suite, built once.
os.environ.setdefault("WIEC_PRIVACY_CACHE", os.path.expanduser("~/.cache/wiec-desktop-tests/privacy"))

import pytest

from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.paths import DATA_DIR_ENV

# The demo data is anchored on a fixed day in tests so that assertions about "overdue" hold.
DEMO_TODAY = date(2026, 11, 10)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of the SIGKILL fault harness (tests/fault/)."""
    parser.addoption("--kills", type=int, default=8, metavar="N", help="SIGKILLs per fault scenario")
    parser.addoption("--fault-seed", type=int, metavar="SEED", help="replay the kill moments of a run")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user-data folder (database, settings, logs)."""
    folder = tmp_path / "userdata"
    folder.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated, empty SQLite database file."""
    database = open_database(tmp_path / "test.sqlite", create=True)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run; tests get their own copy."""
    from wiec_desktop.services.demo_data import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path, create=True)
    build_demo(database.session_factory, today=DEMO_TODAY)
    with database.engine.connect() as con:
        con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database file."""
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, target)
    return target


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path)
    yield database
    database.close()
