"""The SQL-backed table model: Qt's model checks, paging, sorting, search, filters and roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import SignalSource
from wiec_desktop.services.registry import Services
from wiec_desktop.ui.common.list_model import HIGHLIGHT_ROLE, ID_ROLE, SORT_ROLE, SqlListModel

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def services(demo_db) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


def _model(services: Services, name: str, **kwargs) -> SqlListModel:
    model = SqlListModel(services.list_source(name), **kwargs)
    model.load()
    return model


def _column(model: SqlListModel, row: int, key: str, role: int = DISPLAY):
    return model.data(model.index(row, model.column_of_key(key)), role)


@pytest.mark.parametrize("name", ["cases", "actions", "signals", "organisations", "meetings"])
def test_models_pass_qt_model_tester(qtmodeltester, services: Services, name: str) -> None:
    model = _model(services, name, page_size=20)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=False)


def test_nothing_is_read_until_load(services: Services) -> None:
    model = SqlListModel(services.list_source("cases"))
    calls: list[str] = []
    model.source.fetch = lambda *a: calls.append("fetch") or []  # type: ignore[method-assign]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    model.set_search("jongeren")
    model.set_filter("open", True)
    assert model.rowCount() == 0 and not model.canFetchMore() and calls == []


def test_paging_with_a_small_page(qtmodeltester, services: Services) -> None:
    model = _model(services, "actions", page_size=30)
    assert model.total == 80 and model.rowCount() == 80 and not model.canFetchMore()  # all, by position
    assert model.pages_in_memory() == [0]
    assert model.record_id(65) and model.pages_in_memory() == [0, 2]  # row 65: read with its page
    assert len({model.record_id(row) for row in range(80)}) == 80
    assert model.pages_in_memory() == [0, 1, 2]
    model.load()  # back to the first page
    assert model.rowCount() == 80 and model.pages_in_memory() == [0]
    qtmodeltester.check(model, force_py=False)


def test_default_page_of_200_then_the_next_page(db) -> None:
    services = Services(db.session_factory, today=lambda: DEMO_TODAY)
    for number in range(230):
        services.signals.create_signal(
            f"Signaal {number:03d}",
            SignalSource.OWN_OBSERVATION,
            received_on=DEMO_TODAY - timedelta(days=number % 30),
        )
    model = _model(services, "signals")
    assert (model.total, model.rowCount(), model.pages_in_memory()) == (230, 230, [0])
    assert model.row_of_id(model.record_id(229)) == 229
    assert model.pages_in_memory() == [0, 1]


def test_sorting_runs_in_sql_and_changes_the_first_row(services: Services) -> None:
    model = _model(services, "actions", page_size=10)
    column = model.column_of_key("reference")
    model.sort(column, Qt.SortOrder.AscendingOrder)
    first = _column(model, 0, "reference")
    model.sort(column, Qt.SortOrder.DescendingOrder)
    last = _column(model, 0, "reference")
    assert first == "A-2026-001" and last == "A-2026-080"
    assert model.pages_in_memory() == [0]  # still one page read: the whole list was sorted by the database
    model.sort(model.column_of_key("due_date"), Qt.SortOrder.DescendingOrder)
    latest = _column(model, 0, "due_date", SORT_ROLE)
    everything = services.list_source("actions").fetch(model.query, 0, 1000)
    due = [row.values[model.column_of_key("due_date")] for row in everything]
    assert latest == max(d for d in due if d is not None)
    assert model.sort_state() == (model.column_of_key("due_date"), Qt.SortOrder.DescendingOrder)


def test_search_and_filters(services: Services, qtbot) -> None:
    model = _model(services, "cases")
    everything = model.total
    with qtbot.waitSignal(model.refreshed):
        model.set_search("  SPEELTUIN ")
    assert 0 < model.total < everything
    assert all("speeltuin" in _column(model, row, "title").lower() for row in range(model.rowCount()))
    model.set_search("")
    model.set_filter("without_lead", True)
    model.set_filter("open", True)
    summary = services.dashboard.summary()
    assert model.total == summary.cases_without_lead
    assert all(_column(model, row, "lead") == "" for row in range(model.rowCount()))
    model.set_filters({"without_lead": None, "open": False})
    assert model.total == everything
    with pytest.raises(KeyError):
        model.set_filter("no_such_filter", True)


def test_unchanged_filter_does_not_query_again(services: Services, qtbot) -> None:
    model = _model(services, "cases")
    model.set_filter("open", True)
    with qtbot.assertNotEmitted(model.refreshed):
        model.set_filter("open", True)
        model.set_search("")


def test_overdue_rows_are_highlighted_with_a_tooltip(services: Services) -> None:
    tip = "Deze actie is over de deadline."
    model = _model(services, "actions", highlight_tip=tip)
    model.set_filter("overdue", True)
    assert model.total == services.dashboard.summary().overdue_actions > 0
    index = model.index(0, 1)
    assert model.data(index, HIGHLIGHT_ROLE) is True
    assert isinstance(model.data(index, Qt.ItemDataRole.BackgroundRole), QBrush)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == tip
    model.set_filter("overdue", None)
    model.set_filter("status", "done")
    assert model.total > 0
    calm = model.index(0, 1)
    assert model.data(calm, HIGHLIGHT_ROLE) is False
    assert model.data(calm, Qt.ItemDataRole.BackgroundRole) is None


def test_roles_headers_and_alignment(services: Services) -> None:
    model = _model(services, "cases")
    spec = model.source.spec
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        column.header for column in spec.columns
    ]
    assert model.data(model.index(0, 0), ID_ROLE) == model.record_id(0)
    opened = _column(model, 0, "opened_on", SORT_ROLE)
    assert isinstance(opened, date)
    assert _column(model, 0, "opened_on") == opened.strftime("%d-%m-%Y")
    status = _column(model, 0, "status")
    assert status in {"Aangemeld", "In analyse", "In behandeling", "Monitoren", "Afgesloten"}
    right = _column(model, 0, "open_actions", Qt.ItemDataRole.TextAlignmentRole)
    left = _column(model, 0, "title", Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight and left & Qt.AlignmentFlag.AlignLeft
    assert model.headerData(0, Qt.Orientation.Vertical) is None
