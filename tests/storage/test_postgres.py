"""The same code on a real PostgreSQL server: migrations, demo data, every list and the dashboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from tests.postgres_server import postgres_bin_dir, running_postgres
from wiec_desktop.domain import Base
from wiec_desktop.services.demo_data import build_demo
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import DatabaseTooNew, NotADatabase
from wiec_desktop.storage.search_index import is_model_object

# On CI (.ci/run installs PostgreSQL) a missing server is a failure, not a skip.
pytestmark = pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)
TODAY = date(2026, 11, 10)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with running_postgres() as url:
        yield url


@pytest.fixture(scope="module")
def pg_db(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url, create=True)
    build_demo(database.session_factory, today=TODAY)
    yield database
    database.close()


def test_migrations_produce_the_models_schema_on_postgres(pg_db: Database) -> None:
    with pg_db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": is_model_object}
        )
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == migrate.SCHEMA_HEAD


def test_every_list_and_detail_works_on_postgres(pg_db: Database) -> None:
    services = Services(pg_db.session_factory, today=lambda: TODAY)
    for name in LIST_NAMES:
        source = services.list_source(name)
        total = source.count(ListQuery())
        for column in source.spec.columns:
            rows = source.fetch(ListQuery(sort_key=column.key, search="a"), 0, 20)
        rows = source.fetch(ListQuery(), 0, 20)
        assert len(rows) == min(total, 20)
        if rows:
            assert services.details.get(name, rows[0].id).title
    cases = services.list_source("cases").fetch(ListQuery(sort_key="reference"), 0, 1)
    assert cases[0].values[0] == f"{TODAY.year - 1}-001" or cases[0].values[0].endswith("-001")
    signals = services.list_source("signals").fetch(ListQuery(filters={"untriaged": True}), 0, 200)
    ages = [row.values[-1] for row in signals]
    assert all(isinstance(age, int) and age >= 0 for age in ages)
    assert services.dashboard.summary().overdue_actions > 0


def test_unknown_revision_on_postgres_is_refused(pg_url: str, pg_db: Database) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as con:
        con.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    try:
        with pytest.raises(DatabaseTooNew):
            open_database(pg_url)
    finally:
        with engine.begin() as con:
            con.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": migrate.SCHEMA_HEAD})
        engine.dispose()


def test_postgres_database_without_wiec_data_is_refused(pg_url: str) -> None:
    other = pg_url.rsplit("/", 1)[0] + "/postgres"
    with pytest.raises(NotADatabase):
        open_database(other)
