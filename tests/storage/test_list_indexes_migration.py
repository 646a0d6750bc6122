"""Migration 0009 adds the list indexes (the same as the models declare) and takes them away again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from wiec_desktop.domain.list_indexes import LIST_INDEXES
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import open_database


def _index_names(engine) -> set[str]:  # type: ignore[no-untyped-def]
    inspector = inspect(engine)
    return {index["name"] for table in inspector.get_table_names() for index in inspector.get_indexes(table)}


def test_0009_adds_the_list_indexes_and_its_downgrade_removes_them(tmp_path: Path) -> None:
    database = open_database(tmp_path / "lists.sqlite", create=True)
    wanted = {index.name for index in LIST_INDEXES}
    assert wanted <= _index_names(database.engine)
    migrate.migrate_engine(database.engine, "0008_search_index")
    assert not wanted & _index_names(database.engine)
    migrate.migrate_engine(database.engine, "head")
    assert wanted <= _index_names(database.engine)
    database.close()
