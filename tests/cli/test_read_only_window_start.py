"""Starting the window with ``--db`` on a database another instance writes to: the one line says who
has it and how to open it read-only; ``--read-only`` then hands the window a read-only database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wiec_desktop.cli.main import main
from wiec_desktop.storage.database import Database, open_database


@pytest.fixture
def window(demo_path: Path) -> Iterator[Database]:
    database = open_database(demo_path)
    yield database
    database.close()


def test_a_held_database_names_the_read_only_option(
    window: Database, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[Database | None] = []
    code = main(["--db", str(demo_path)], start_gui=lambda db, smoke: started.append(db) or 0)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not started
    assert len(err) == 1 and "--read-only" in err[0] and "al geopend door" in err[0]


def test_read_only_hands_the_window_a_read_only_database(window: Database, demo_path: Path) -> None:
    started: list[Database] = []

    def start_gui(database: Database | None, smoke: bool) -> int:
        assert database is not None
        started.append(database)
        database.close()
        return 0

    assert main(["--read-only", "--db", str(demo_path)], start_gui=start_gui) == 0
    assert started[0].read_only and window.holds_writer_lock


def test_read_only_needs_a_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--read-only"], start_gui=lambda db, smoke: 0) == 2
    assert "--read-only" in capsys.readouterr().err
