"""The benchmarks' hand-written baselines do the same work as the program (no timing here).

A ratio against a baseline only means something when the baseline returns the same rows: these
tests run every list page (default view, every sortable column both ways) and the matrix through
the program and by hand on the demo database and on a small database of the benchmark's builder
(cases without a trekker, actions without contact or meeting: the NULLs), and check the check.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from baselines import HAND_LISTS, HandPage, page_sql
from list_pages import BaselineMismatch, page_cases, verify_page
from lists_benchmark import TODAY, build
from matrix_bench import MatrixMismatch, bare_matrix, busiest_buurt, check_matrix
from search_bench import match_expression
from timing import Figure, markdown_table, timed_pair

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import LIST_NAMES, Services
from wiec_desktop.storage.database import open_database


@pytest.fixture
def builder_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "bench.sqlite"
    database = open_database(path, create=True)
    build(database, cases=300, organisations=30)
    database.close()
    yield path


def _every_page_equal(path: Path, today: object) -> int:
    database = open_database(path)
    connection = sqlite3.connect(path)
    try:
        services = Services(database.session_factory, today=lambda: today)
        cases = list(page_cases(services))
        for case in cases:
            verify_page(case, services, connection, today)  # raises BaselineMismatch
        check_matrix(services, connection, None)
        buurt = busiest_buurt(connection)
        assert buurt is not None
        check_matrix(services, connection, buurt[0])
        return len(cases)
    finally:
        connection.close()
        database.close()


def test_every_hand_written_page_equals_the_program_on_the_demo(demo_path: Path) -> None:
    measured = _every_page_equal(demo_path, DEMO_TODAY)
    assert measured > 2 * len(LIST_NAMES)  # default views and the sorts, not just one page per list


def test_every_hand_written_page_equals_the_program_on_the_builder(builder_path: Path) -> None:
    _every_page_equal(builder_path, TODAY)


def test_every_list_and_sortable_column_has_a_hand_written_query(demo_path: Path) -> None:
    database = open_database(demo_path)
    try:
        services = Services(database.session_factory)
        assert set(HAND_LISTS) == set(LIST_NAMES)
        for name in LIST_NAMES:
            sortable = {c.key for c in services.list_spec(name).columns if c.sortable}
            assert sortable <= set(HAND_LISTS[name].order), name
    finally:
        database.close()


def test_a_baseline_that_sorts_differently_is_refused(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = replace(HAND_LISTS["cases"], order={**HAND_LISTS["cases"].order, "title": ("c.id",)})
    monkeypatch.setitem(HAND_LISTS, "cases", wrong)
    database = open_database(demo_path)
    connection = sqlite3.connect(demo_path)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        case = next(c for c in page_cases(services, ("cases",)) if c.sort_key == "title")
        with pytest.raises(BaselineMismatch, match="by title"):
            verify_page(case, services, connection, DEMO_TODAY)
    finally:
        connection.close()
        database.close()


def test_a_baseline_with_other_columns_is_refused(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old benchmark's baseline, ``SELECT id, title … LIMIT 200``, is not the same page."""
    wrong = replace(HAND_LISTS["organisations"], select="o.name", highlight_py=None)
    monkeypatch.setitem(HAND_LISTS, "organisations", wrong)
    database = open_database(demo_path)
    connection = sqlite3.connect(demo_path)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        case = next(iter(page_cases(services, ("organisations",))))
        with pytest.raises(BaselineMismatch, match="columns"):
            verify_page(case, services, connection, DEMO_TODAY)
    finally:
        connection.close()
        database.close()


def test_a_matrix_baseline_missing_cells_is_refused(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matrix_bench

    monkeypatch.setattr(
        matrix_bench, "BARE_JOIN", matrix_bench.BARE_JOIN.replace("'closed'", "'closed' AND i.role = 'lead'")
    )
    database = open_database(demo_path)
    connection = sqlite3.connect(demo_path)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        assert bare_matrix(connection, None)[1]
        with pytest.raises(MatrixMismatch):
            check_matrix(services, connection, None)
    finally:
        connection.close()
        database.close()


def test_page_sql_orders_like_the_program_nulls_last_then_id() -> None:
    sql = page_sql(HAND_LISTS["actions"], ("open",), "case", True, 200)
    assert "ORDER BY c.year DESC NULLS LAST, c.number DESC NULLS LAST, x.id DESC LIMIT 200" in sql
    assert "WHERE x.status IN ('open', 'in_progress')" in sql
    reports = page_sql(HAND_LISTS["reports"], (), None, False, 200)
    assert "WHERE m.status = 'held'" in reports and "m.date DESC" in reports


def test_match_expression_of_a_chairs_query() -> None:
    assert match_expression("jonger") == '"jonger"*'
    assert match_expression('"hangjongeren bij" -scooter cafe') == '"hangjongeren bij" "cafe"* NOT "scooter"'


def test_the_table_marks_a_missed_target_and_says_what_was_not_measured() -> None:
    fast = Figure("fast", 10, 12, "by hand", 5, limit=100, max_ratio=3)
    slow = Figure("slow", 10, 12, "by hand", 2, limit=100, max_ratio=3)
    missing = Figure("search", note="not measured: services/search/service.py missing", limit=30)
    assert (fast.ok, slow.ok, missing.ok) == (True, False, None)
    table = markdown_table([fast, slow, missing]).splitlines()
    assert table[2].endswith("| 2.0× | < 100 ms, ≤ 3× | ok |")
    assert table[3].endswith("| 5.0× | < 100 ms, ≤ 3× | ! |")
    assert "not measured: services/search/service.py missing" in table[4]


def test_a_baseline_that_leaves_a_date_as_text_is_refused(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-written page converts what the program converts: text where the program shows a
    date would be less work, and a ratio against it flattering."""
    hand = HAND_LISTS["cases"]
    wrong = replace(hand, convert={k: v for k, v in hand.convert.items() if k != "opened_on"})
    monkeypatch.setitem(HAND_LISTS, "cases", wrong)
    database = open_database(demo_path)
    connection = sqlite3.connect(demo_path)
    try:
        services = Services(database.session_factory, today=lambda: DEMO_TODAY)
        case = next(iter(page_cases(services, ("cases",))))
        with pytest.raises(BaselineMismatch, match=r"date against str \(opened_on\)"):
            verify_page(case, services, connection, DEMO_TODAY)
    finally:
        connection.close()
        database.close()


def test_the_hand_written_page_and_its_count_are_one_transaction(demo_path: Path) -> None:
    connection = sqlite3.connect(demo_path)
    statements: list[str] = []
    connection.set_trace_callback(lambda statement: statements.append(statement.split()[0]))
    try:
        page = HandPage(connection, HAND_LISTS["audit"], (), None, False, DEMO_TODAY, 5)
        total, rows = page()
        assert len(rows) == 5 and total > 5
        assert statements == ["BEGIN", "SELECT", "SELECT", "ROLLBACK"]
        assert not connection.in_transaction
    finally:
        connection.close()


def test_short_work_is_timed_more_often_and_slow_work_repeat_times() -> None:
    runs: list[str] = []
    ours, theirs = timed_pair(lambda: runs.append("ours"), lambda: runs.append("hand"), 5)
    assert len(ours) == len(theirs) == 5 and len(runs) == 12  # one warm-up of each first
    ours, theirs = timed_pair(lambda: None, lambda: None, 5, min_seconds=60, max_repeat=40)
    assert len(ours) == len(theirs) == 40  # a minute is never filled by no work: the cap
