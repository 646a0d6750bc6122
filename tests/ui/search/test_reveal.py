"""A list page reveals a record a search found: selected with its details, also far down the list
(without reading the rows page by page) and when its filters hid it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Signal
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import NotFound
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


def _page(qtbot, context: AppContext, name: str, page_size: int) -> ListPage:
    page = ListPage(context, name, nouns=("x", "xs"), page_size=page_size)
    qtbot.addWidget(page)
    page.show()
    return page


def test_position_follows_the_lists_order_and_filters(context: AppContext) -> None:
    source = context.services.list_source("cases")
    query = ListQuery()
    ids = [row.id for row in source.fetch(query, 0, 100)]
    assert [source.position(query, record_id) for record_id in ids] == list(range(len(ids)))
    open_only = ListQuery(filters={"open": True})
    assert source.position(open_only, 1) is None  # 2026-001 is closed
    assert source.position(query, 999_999) is None


def test_a_record_far_down_is_read_in_one_go(qtbot, context: AppContext) -> None:
    page = _page(qtbot, context, "signals", page_size=5)
    page.ensure_loaded()
    source = page.model.source
    last = source.fetch(ListQuery(), page.model.total - 1, 1)[0].id
    fetches: list[int] = []
    original = source.fetch
    source.fetch = lambda query, offset, limit: fetches.append(limit) or original(query, offset, limit)  # type: ignore[method-assign]
    assert page.reveal(last) is False
    assert page.current_id() == last
    assert len(fetches) == 1  # not one query per five rows
    with context.database.session_factory() as session:
        assert page.model.rowCount() <= session.scalar(select(func.count(Signal.id))) + 5


def test_filters_that_hide_the_record_are_cleared(qtbot, context: AppContext) -> None:
    page = _page(qtbot, context, "cases", page_size=200)
    page.add_quick_filter("open", "Alleen lopend", checked=True)
    combo = page.add_combo_filter("status", "Status:", [("in_progress", "In behandeling")], all_text="Alle")
    combo.setCurrentIndex(1)
    page.search.setText("trapveld")
    page.ensure_loaded()
    assert page.reveal(1) is True  # 2026-001, closed
    assert page.current_id() == 1
    assert combo.currentIndex() == 0 and not page.quick_filter("open").isChecked()
    assert page.search.text() == ""
    assert "Scooteroverlast" in page.detail_pane.title


def test_a_record_not_in_the_list_at_all_is_not_found(qtbot, context: AppContext) -> None:
    page = _page(qtbot, context, "cases", page_size=200)
    with pytest.raises(NotFound):
        page.reveal(999_999)
