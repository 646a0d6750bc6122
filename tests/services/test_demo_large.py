"""The large demo district at a scaled-down size: its exact counts, the schema's constraints and
the services' invariants, that the program's services read it, and that a seed gives one result."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.conftest import DEMO_TODAY
from wiec_desktop.cli.check import run_checks
from wiec_desktop.domain import Base
from wiec_desktop.services.demo import build_large_demo
from wiec_desktop.services.demo.large import LargeDemoSummary
from wiec_desktop.services.demo.large_text import load_large_vocabulary
from wiec_desktop.services.demo.large_world import LargeCounts
from wiec_desktop.services.demo_data import build_demo
from wiec_desktop.storage.database import Database, open_database

SCALE = 0.01
EXPECTED = {
    "case": 50,
    "meeting": 6,
    "agenda_item": 120,
    "action": 500,
    "signal": 1000,
    "address": 200,
    "house_visit": 300,
    "organisation": 28,
    "area": 9,
    "theme": 12,
    "assignment": 3,
    "inventory_round": 10,
}


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, LargeDemoSummary, list[str]]]:
    """The district at 1 % of its size, built once for this module."""
    database = open_database(tmp_path_factory.mktemp("large") / "large.sqlite", create=True)
    stages: list[str] = []
    summary = build_large_demo(
        database, DEMO_TODAY, scale=SCALE, progress=lambda label, count: stages.append(f"{label}: {count}")
    )
    yield database, summary, stages
    database.close()


def _scalar(database: Database, sql: str) -> Any:
    with database.engine.connect() as connection:
        return connection.execute(text(sql)).scalar()


def _rows(database: Database, sql: str) -> list[Any]:
    with database.engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_full_size_counts_are_those_of_the_issue() -> None:
    counts = LargeCounts()
    assert (counts.cases, counts.meetings, counts.agenda_items, counts.actions) == (5000, 600, 12000, 50000)
    assert (counts.signals, counts.addresses, counts.house_visits) == (100000, 20000, 30000)
    assert LargeCounts().scaled(SCALE) == LargeCounts(50, 6, 120, 500, 1000, 200, 300)


def test_exact_counts_at_a_scaled_down_size(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, summary, _stages = large
    for table, expected in EXPECTED.items():
        assert _scalar(database, f'SELECT count(*) FROM "{table}"') == expected, table
    vocabulary = load_large_vocabulary()
    contacts = sum(len(spec["contacts"]) for spec in vocabulary.raw["organisations"])
    assert _scalar(database, "SELECT count(*) FROM contact") == contacts
    # The summary tells what each table received, and it is what the tables hold.
    for table in Base.metadata.tables:
        held = _scalar(database, f'SELECT count(*) FROM "{table}"')
        assert summary.rows.get(table, 0) == held, table
    assert summary.cases == 50 and summary.actions == 500
    for table in (
        "case_status_change",
        "involvement",
        "action_update",
        "decision",
        "attendance",
        "audit_event",
    ):
        assert summary.rows[table] > 0, table


def test_progress_names_each_stage_with_its_count(
    large: tuple[Database, LargeDemoSummary, list[str]],
) -> None:
    _database, _summary, stages = large
    assert "casussen: 50" in stages and "acties: 500" in stages and "signalen: 1000" in stages
    assert "agendapunten en verslagen: 120" in stages and "huisbezoeken: 300" in stages


def test_check_passes_and_foreign_keys_hold(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, _summary, _stages = large
    results = run_checks(database)
    assert all(result.ok for result in results), [result.lines for result in results if not result.ok]
    assert _rows(database, "PRAGMA foreign_key_check") == []
    assert _scalar(database, "PRAGMA foreign_keys") == 1


def test_search_index_is_in_step(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    search_index = pytest.importorskip("wiec_desktop.storage.search_index")
    database, _summary, _stages = large
    with database.engine.connect() as connection:
        assert search_index.verify(connection) == []
        triggers = {
            row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        }
    assert set(search_index.trigger_names("sqlite")) <= triggers  # still kept up to date afterwards


def test_numbers_per_year_follow_the_order_made(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, _summary, _stages = large
    for table, day in (("case", "opened_on"), ("action", "created_on")):
        rows = _rows(database, f'SELECT year, number, {day} FROM "{table}" ORDER BY {day}, id')
        seen: dict[int, int] = {}
        for year, number, made in rows:
            assert date.fromisoformat(str(made)).year == year
            seen[year] = seen.get(year, 0) + 1
            assert number == seen[year], (table, year, number)


def test_meetings_minutes_and_agendas(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, _summary, _stages = large
    today = DEMO_TODAY.isoformat()
    assert _scalar(database, f"SELECT count(*) FROM meeting WHERE status = 'held' AND date >= '{today}'") == 0
    assert (
        _scalar(database, f"SELECT count(*) FROM meeting WHERE status = 'planned' AND date < '{today}'") == 0
    )
    # Approved minutes were approved at a later meeting of the same series, on its date.
    wrong = _scalar(
        database,
        """
        SELECT count(*) FROM meeting m JOIN meeting a ON a.id = m.minutes_approved_in_id
        WHERE m.minutes_status = 'approved' AND (a.title <> m.title OR a.date <= m.date
              OR a.date <> m.minutes_approved_on OR a.status <> 'held')""",
    )
    assert wrong == 0
    assert (
        _scalar(database, "SELECT count(*) FROM meeting WHERE status <> 'held' AND minutes_status <> 'none'")
        == 0
    )
    # Every meeting has the standard items in place, numbered from 0.
    for (meeting_id,) in _rows(database, "SELECT id FROM meeting"):
        kinds = [
            row[0]
            for row in _rows(
                database, f"SELECT kind FROM agenda_item WHERE meeting_id = {meeting_id} ORDER BY position"
            )
        ]
        positions = [
            row[0]
            for row in _rows(
                database,
                f"SELECT position FROM agenda_item WHERE meeting_id = {meeting_id} ORDER BY position",
            )
        ]
        assert positions == list(range(len(kinds)))
        assert kinds[:5] == ["opening", "announcements", "agenda", "previous_minutes", "action_review"]
        assert kinds[-2:] == ["any_other_business", "closing"]
    assert _scalar(database, "SELECT count(*) FROM assignment WHERE is_current") == 1


def test_statuses_and_dates_like_a_real_district(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, _summary, _stages = large
    year_ago = (DEMO_TODAY - timedelta(days=365)).isoformat()
    old = _scalar(database, f"SELECT count(*) FROM \"case\" WHERE opened_on < '{year_ago}'")
    old_closed = _scalar(
        database, f"SELECT count(*) FROM \"case\" WHERE opened_on < '{year_ago}' AND status = 'closed'"
    )
    assert old_closed >= 0.8 * old
    today = DEMO_TODAY.isoformat()
    future = _scalar(
        database,
        f"""SELECT count(*) FROM (SELECT opened_on d FROM "case" UNION ALL
        SELECT created_on FROM action UNION ALL SELECT received_on FROM signal UNION ALL
        SELECT visited_on FROM house_visit UNION ALL SELECT completed_on FROM action UNION ALL
        SELECT updated_on FROM action_update UNION ALL SELECT triaged_on FROM signal) WHERE d > '{today}'""",
    )
    assert future == 0
    open_actions = _scalar(database, "SELECT count(*) FROM action WHERE status IN ('open', 'in_progress')")
    recent = _scalar(
        database,
        f"SELECT count(*) FROM action WHERE status IN ('open', 'in_progress') AND created_on >= '{year_ago}'",
    )
    overdue = _scalar(
        database,
        f"SELECT count(*) FROM action WHERE status IN ('open', 'in_progress') AND due_date < '{today}'",
    )
    assert open_actions > 0 and recent >= 0.7 * open_actions and 0 < overdue < open_actions
    assert _scalar(database, "SELECT count(*) FROM action_update WHERE new_due_date IS NOT NULL") > 0
    # Actions of closed cases are finished.
    assert (
        _scalar(
            database,
            """SELECT count(*) FROM action a JOIN "case" c ON c.id = a.case_id
                               WHERE c.status = 'closed' AND a.status IN ('open', 'in_progress')""",
        )
        == 0
    )
    statuses = dict(_rows(database, "SELECT status, count(*) FROM signal GROUP BY status"))
    assert set(statuses) == {"new", "linked", "closed"} and statuses["new"] < 0.1 * sum(statuses.values())


def test_partners_make_an_interesting_matrix(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    database, _summary, _stages = large
    per_case = _rows(database, "SELECT count(*) FROM involvement GROUP BY case_id")
    assert len(per_case) == 50 and max(row[0] for row in per_case) >= 3
    organisations = _scalar(database, "SELECT count(DISTINCT organisation_id) FROM involvement")
    assert organisations >= 15


def test_the_programs_services_read_it(large: tuple[Database, LargeDemoSummary, list[str]]) -> None:
    from wiec_desktop.services.actions.action_list import ActionListScope
    from wiec_desktop.services.listing.source import ListQuery
    from wiec_desktop.services.registry import Services

    database, _summary, _stages = large
    services = Services(database.session_factory, lambda: DEMO_TODAY)
    for name, expected in (("cases", 50), ("actions", 500), ("signals", 1000), ("meetings", 6)):
        source = services.list_source(name)
        assert source.count(ListQuery()) == expected, name
        assert len(source.fetch(ListQuery(), 0, 20)) == min(20, expected), name
    matrix = services.matrix.build()
    open_cases = _scalar(database, "SELECT count(*) FROM \"case\" WHERE status <> 'closed'")
    assert len(matrix.rows) == open_cases and matrix.columns
    actions = services.action_list.action_list(ActionListScope.all_open())
    assert len(actions.rows) == _scalar(
        database, "SELECT count(*) FROM action WHERE status IN ('open', 'in_progress')"
    )
    assert 0 < actions.overdue_count < len(actions.rows)


def _dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.engine.connect() as connection:
        return {
            name: [
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for name, table in Base.metadata.tables.items()
        }


def test_the_same_seed_gives_the_same_database(tmp_path: Path) -> None:
    dumps = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        database = open_database(tmp_path / f"{name}.sqlite", create=True)
        try:
            build_large_demo(database.engine, DEMO_TODAY, scale=0.004, seed=seed)
            dumps.append(_dump(database))
        finally:
            database.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["signal"] != dumps[2]["signal"]


def test_refuses_a_database_that_holds_data(tmp_path: Path) -> None:
    database = open_database(tmp_path / "small.sqlite", create=True)
    try:
        build_demo(database.session_factory, today=DEMO_TODAY)
        with pytest.raises(ValueError):
            build_large_demo(database, DEMO_TODAY, scale=SCALE)
        with database.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(Base.metadata.tables["case"])) == 26
    finally:
        database.close()
