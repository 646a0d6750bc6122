"""The list model addresses rows by position: the whole list's row count at once, a row read with
its page when it is asked for, a bounded number of pages in memory, and a search hit or the End
key reading only the page they land on (issue 14: never the rows above it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from sqlalchemy import text

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Signal
from wiec_desktop.domain.enums import SignalSource
from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_model import SqlListModel
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.settings.preferences import Settings

ROWS = 2_500
PAGE = 50
LAST_PAGE = (ROWS - 1) // PAGE
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture(scope="module")
def signals_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with ``ROWS`` signals (over 400 days, so that many share a day), built once."""
    path = tmp_path_factory.mktemp("paging") / "signals.sqlite"
    database = open_database(path, create=True)
    with database.session_factory.begin() as session:
        session.add_all(
            Signal(
                received_on=DEMO_TODAY - timedelta(days=number % 400),
                source=SignalSource.OWN_OBSERVATION,
                street=f"Straat {number % 37}",
                text=f"Signaal {number:04d}",
            )
            for number in range(ROWS)
        )
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def database(signals_template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "signals.sqlite"
    shutil.copyfile(signals_template, target)
    opened = open_database(target)
    yield opened
    opened.close()


@pytest.fixture
def services(database: Database) -> Services:
    return Services(database.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def context(database: Database, services: Services) -> AppContext:
    return AppContext(database, services, Settings())


def _model(services: Services, **kwargs: Any) -> SqlListModel:
    model = SqlListModel(services.list_source("signals"), page_size=PAGE, **kwargs)
    model.load()
    return model


def _fetches(source: ListSource) -> list[tuple[int, int]]:
    """The (offset, limit) of every ``fetch`` the source makes from now on."""
    calls: list[tuple[int, int]] = []
    original = source.fetch

    def counted(query: ListQuery, offset: int, limit: int) -> Any:
        calls.append((offset, limit))
        return original(query, offset, limit)

    source.fetch = counted  # type: ignore[method-assign]
    return calls


def _ids_in_order(services: Services, query: ListQuery | None = None) -> list[int]:
    return [row.id for row in services.list_source("signals").fetch(query or ListQuery(), 0, ROWS + 1)]


def _page(qtbot: Any, context: AppContext) -> ListPage:
    page = ListPage(context, "signals", nouns=("signaal", "signalen"), page_size=PAGE)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.ensure_loaded()
    qtbot.waitExposed(page)
    qtbot.wait(10)  # the layout settled (the columns fitted, the scroll bar's range set)
    return page


def _visible_rows(page: ListPage) -> range:
    """The rows the view shows."""
    view = page.view
    top = max(0, view.rowAt(0))
    bottom = view.rowAt(view.viewport().height() - 1)
    return range(top, (page.model.rowCount() - 1 if bottom < 0 else bottom) + 1)


def _visible_pages(page: ListPage) -> set[int]:
    """The pages of the rows the view shows."""
    rows = _visible_rows(page)
    return set(range(rows[0] // PAGE, rows[-1] // PAGE + 1))


def test_the_row_count_is_the_lists_total_at_once(services: Services) -> None:
    model = SqlListModel(services.list_source("signals"), page_size=PAGE)
    calls = _fetches(model.source)
    model.load()
    assert model.total == model.rowCount() == ROWS
    assert model.pages_in_memory() == [0] and calls == []  # one first page (with its count), no more
    assert not model.canFetchMore()


def test_a_row_is_read_with_its_page_and_only_that(services: Services) -> None:
    model = _model(services)
    calls = _fetches(model.source)
    ids = _ids_in_order(services)
    text_column = model.column_of_key("text")
    shown = model.data(model.index(1234, text_column), DISPLAY)
    assert calls == [(1200, PAGE)]
    row = services.list_source("signals").fetch(ListQuery(), 1234, 1)[0]
    assert shown == row.values[text_column]
    assert model.record_id(1234) == ids[1234] and model.row(1249).id == ids[1249]
    assert [model.record_id(r) for r in range(1200, 1250)] == ids[1200:1250]
    assert calls == [(1200, PAGE)]  # the rest of that page came from memory
    assert model.pages_in_memory() == [0, 24]
    assert model.data(model.index(ROWS, 0), DISPLAY) is None  # beyond the list: nothing read
    assert model.row_at(-1) is None and calls == [(1200, PAGE)]


def test_row_of_id_looks_in_the_pages_in_memory_only(services: Services) -> None:
    model = _model(services)
    ids = _ids_in_order(services)
    calls = _fetches(model.source)
    assert model.row_of_id(ids[10]) == 10
    assert model.row_of_id(ids[1700]) is None and calls == []
    model.row(1700)
    assert model.row_of_id(ids[1700]) == 1700 and model.row_of_id(ids[1749]) == 1749


def test_pages_in_memory_stay_bounded_when_every_row_is_read(services: Services) -> None:
    model = _model(services, pages_kept=8)
    calls = _fetches(model.source)
    ids = _ids_in_order(services)
    seen = []
    for row in range(ROWS):
        seen.append(model.data(model.index(row, 0), Qt.ItemDataRole.UserRole + 1))  # ID_ROLE
        assert len(model.pages_in_memory()) <= 8
    assert seen == ids
    assert len(calls) == LAST_PAGE  # every page once, the first from the load
    assert model.pages_in_memory() == [0, *range(LAST_PAGE - 6, LAST_PAGE + 1)]  # the first, the last used
    model.record_id(5)  # the first page is never given up
    assert len(calls) == LAST_PAGE
    model.record_id(60)  # page 1 was: read again
    assert calls[-1] == (50, PAGE) and len(model.pages_in_memory()) == 8


def test_scrolling_the_view_to_the_end_reads_only_the_pages_shown(qtbot, context: AppContext) -> None:
    page = _page(qtbot, context)
    calls = _fetches(page.model.source)
    bar = page.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    page.view.viewport().repaint()
    bar.setValue(bar.maximum())
    page.view.viewport().repaint()
    read = {offset // PAGE for offset, _limit in calls}
    assert LAST_PAGE in read and len(read) <= 4  # the middle's and the end's pages, no rows between
    assert page.model.rowCount() == ROWS


def test_revealing_the_last_record_reads_one_page(qtbot, context: AppContext, services: Services) -> None:
    page = _page(qtbot, context)
    last = _ids_in_order(services)[-1]
    calls = _fetches(page.model.source)
    assert page.reveal(last) is False  # listed: no filter had to be cleared
    assert calls == [(LAST_PAGE * PAGE, PAGE)]
    assert page.current_id() == last and page.view.currentIndex().row() == ROWS - 1
    assert page.detail_pane.title  # with its details
    page.view.viewport().repaint()  # painted: the rows shown, from their pages only
    assert {offset // PAGE for offset, _limit in calls} <= _visible_pages(page) | {LAST_PAGE}
    assert page.model.pages_in_memory() == [0, *sorted(_visible_pages(page) - {0})]


def test_revealing_a_record_the_filters_hide_reads_one_page(
    qtbot, context: AppContext, services: Services
) -> None:
    page = _page(qtbot, context)
    page.search.setText("Signaal 0007")
    qtbot.waitUntil(lambda: page.model.total == 1)
    middle = _ids_in_order(services)[ROWS // 2]
    calls = _fetches(page.model.source)
    assert page.reveal(middle) is True  # the search was cleared
    assert page.search.text() == "" and page.current_id() == middle
    assert calls == [(ROWS // 2 // PAGE * PAGE, PAGE)]
    page.view.viewport().repaint()
    assert _visible_pages(page) == {ROWS // 2 // PAGE} and ROWS // 2 in _visible_rows(page)
    assert calls == [(ROWS // 2 // PAGE * PAGE, PAGE)]  # the rows around it are of its page


@pytest.mark.parametrize("position", [PAGE, PAGE + 10, 1_248, ROWS // 2, ROWS - 3])
def test_a_revealed_record_is_shown_with_rows_of_its_own_page(
    qtbot, context: AppContext, services: Services, position: int
) -> None:
    page = _page(qtbot, context)
    record_id = _ids_in_order(services)[position]
    calls = _fetches(page.model.source)
    page.reveal(record_id)
    page.view.viewport().repaint()
    assert position in _visible_rows(page) and page.current_id() == record_id
    assert calls == [(position // PAGE * PAGE, PAGE)]  # one page: the record's
    page.reveal(record_id)  # shown already: stays where it is, nothing read
    assert position in _visible_rows(page) and len(calls) == 1


def test_end_and_page_down_read_only_the_pages_they_land_on(
    qtbot, context: AppContext, services: Services
) -> None:
    page = _page(qtbot, context)
    ids = _ids_in_order(services)
    calls = _fetches(page.model.source)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.view.currentIndex().row() == ROWS - 1 and page.current_id() == ids[-1]
    page.view.viewport().repaint()
    read = {offset // PAGE for offset, _limit in calls}
    assert LAST_PAGE in read and read <= _visible_pages(page) | {LAST_PAGE}
    qtbot.keyClick(page.view, Qt.Key.Key_Home)
    assert page.view.currentIndex().row() == 0 and page.current_id() == ids[0]
    before = len(calls)
    for _ in range(3):
        qtbot.keyClick(page.view, Qt.Key.Key_PageDown)
    row = page.view.currentIndex().row()
    assert 3 <= row < 3 * 60 and page.current_id() == ids[row]
    page.view.viewport().repaint()
    assert {offset // PAGE for offset, _limit in calls[before:]} <= _visible_pages(page) | {row // PAGE}
    qtbot.keyClick(page.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the same
    assert page.current_id() == ids[-1] and page.view.currentIndex().column() == 0


def test_typing_in_the_table_looks_among_the_rows_read(qtbot, context: AppContext) -> None:
    page = _page(qtbot, context)
    calls = _fetches(page.model.source)
    page.view.setFocus()
    qtbot.keyClicks(page.view, "zzz")  # no row starts so: Qt's own search would read every page
    assert calls == []
    model = page.model
    texts = [model.data(model.index(row, 0), DISPLAY) for row in range(PAGE)]
    wanted = texts[20]
    found = model.match(model.index(3, 0), DISPLAY, wanted, hits=-1)
    assert [index.row() for index in found] == [row for row in range(3, PAGE) if texts[row] == wanted]
    page.view.keyboardSearch("")  # a new search, not "zzz" continued
    qtbot.keyClicks(page.view, wanted)  # typing a date shown: the first row of that date
    assert page.view.currentIndex().row() == texts.index(wanted)
    assert model.match(model.index(0, 0), DISPLAY, "nergens", hits=-1) == [] and calls == []


def test_rows_deleted_behind_the_models_back(qtbot, services: Services, database: Database) -> None:
    model = _model(services)
    ids = _ids_in_order(services)
    gone = ids[-120:]  # the oldest: the end of the list
    with database.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM signal WHERE id IN ({', '.join(map(str, gone))})"))
    with qtbot.waitSignal(model.refreshed, timeout=2000):
        assert model.data(model.index(ROWS - 1, 0), DISPLAY) is None  # its page came back short
        assert model.row_at(ROWS - 1) is None
        with pytest.raises(IndexError):
            model.record_id(ROWS - 1)
    assert model.total == model.rowCount() == ROWS - 120  # counted again, and reset
    assert model.pages_in_memory() == [0]
    assert model.record_id(ROWS - 121) == ids[-121]


def test_a_page_that_keeps_disagreeing_is_counted_again_once(qtbot, services: Services) -> None:
    model = _model(services)
    fetch = model.source.fetch
    model.source.fetch = lambda query, offset, limit: fetch(query, offset, limit)[1:]  # type: ignore[method-assign]
    with qtbot.waitSignal(model.refreshed, timeout=2000):
        assert model.row_at(PAGE + PAGE - 1) is None  # one row short
    assert model.total == ROWS
    with qtbot.assertNotEmitted(model.refreshed, wait=50):  # no reset after reset
        assert model.row_at(PAGE + PAGE - 1) is None and model.row(PAGE).id
    model.load()  # read again by the page (a filter, an edit): counted again when it disagrees
    with qtbot.waitSignal(model.refreshed, timeout=2000):
        model.row_at(3 * PAGE)


def test_a_page_deleted_under_the_list_page_is_counted_again(
    qtbot, context: AppContext, services: Services, database: Database
) -> None:
    page = _page(qtbot, context)
    ids = _ids_in_order(services)
    with database.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM signal WHERE id IN ({', '.join(map(str, ids[-75:]))})"))
    page.view.setFocus()
    with qtbot.waitSignal(page.model.refreshed, timeout=2000):
        qtbot.keyClick(page.view, Qt.Key.Key_End)
        page.view.viewport().repaint()
    assert page.model.total == ROWS - 75 and page.count_label.text() == f"{ROWS - 75} signalen"
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    assert page.current_id() == ids[-76]


def test_sorting_searching_and_filtering_drop_the_pages(services: Services) -> None:
    model = _model(services)
    for row in (300, 900, 2_400):
        model.row(row)
    assert model.pages_in_memory() == [0, 6, 18, 48]
    model.sort(model.column_of_key("text"), Qt.SortOrder.AscendingOrder)
    assert model.pages_in_memory() == [0] and model.rowCount() == ROWS
    assert model.row(0).values[model.column_of_key("text")] == "Signaal 0000"
    assert model.row(ROWS - 1).values[model.column_of_key("text")] == f"Signaal {ROWS - 1:04d}"
    model.set_search("Signaal 00")
    assert model.pages_in_memory() == [0] and model.rowCount() == model.total < ROWS
    model.set_search("")
    model.row(1_000)
    model.set_filter("status", "new")
    assert model.pages_in_memory() == [0] and model.rowCount() == ROWS


def test_the_columns_are_fitted_to_the_rows_read(qtbot, services: Services) -> None:
    model = SqlListModel(services.list_source("signals"), page_size=5)  # fewer than the rows measured
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    fit_columns(view, "signals", None)
    calls = _fetches(model.source)
    model.load()  # the fitting measures what was read
    assert calls == [] and model.pages_in_memory() == [0]


@pytest.mark.parametrize("explicit", [False, True])
def test_a_reload_after_an_edit_keeps_a_record_far_down_selected(
    qtbot, context: AppContext, services: Services, explicit: bool
) -> None:
    """Edited while found far down the list (beyond the pages the reload reads again): after the
    reload it is still the one selected and in sight, not the list's first row."""
    page = _page(qtbot, context)
    record_id = _ids_in_order(services)[ROWS - 3]
    page.reveal(record_id)
    assert page.current_id() == record_id
    page.reload(select_id=record_id if explicit else None)
    page.view.viewport().repaint()
    assert page.current_id() == record_id and page.view.currentIndex().row() == ROWS - 3
    assert ROWS - 3 in _visible_rows(page)


def test_a_new_search_does_not_look_for_the_record_selected_before(
    qtbot, context: AppContext, services: Services
) -> None:
    """Typing a search re-reads the list without looking up the old selection's position (a query per
    keystroke): the first hit is selected."""
    page = _page(qtbot, context)
    page.reveal(_ids_in_order(services)[ROWS - 3])
    positions: list[int] = []
    original = page.model.source.position
    page.model.source.position = lambda query, record_id: (
        positions.append(record_id) or original(query, record_id)
    )
    page.search.setText("Signaal 0007")
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert positions == [] and page.view.currentIndex().row() == 0
