"""Migration 0009 adds the list indexes (the same as the models declare) and takes them away again."""

from __future__ import annotations

from pathlib import Path

from wiec_desktop.domain.list_indexes import LIST_INDEXES
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import open_database


def _index_names(engine) -> set[str]:  # type: ignore[no-untyped-def]
    """Every index of the file, also those on an expression (which SQLAlchemy does not reflect)."""
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {name for (name,) in rows}


def test_0009_adds_the_list_indexes_and_its_downgrade_removes_them(tmp_path: Path) -> None:
    database = open_database(tmp_path / "lists.sqlite", create=True)
    wanted = {index.name for index in LIST_INDEXES}
    assert wanted <= _index_names(database.engine)
    migrate.migrate_engine(database.engine, "0008_search_index")
    assert not wanted & _index_names(database.engine)
    migrate.migrate_engine(database.engine, "head")
    assert wanted <= _index_names(database.engine)
    database.close()


def test_0011_adds_the_signal_text_index_and_its_downgrade_removes_it(tmp_path: Path) -> None:
    database = open_database(tmp_path / "signals.sqlite", create=True)
    assert "ix_signal_text_prefix" in _index_names(database.engine)
    migrate.migrate_engine(database.engine, "0010_followup")
    assert "ix_signal_text_prefix" not in _index_names(database.engine)
    assert "ix_signal_street" in _index_names(database.engine)  # 0009's stay
    migrate.migrate_engine(database.engine, "head")
    assert "ix_signal_text_prefix" in _index_names(database.engine)
    database.close()
