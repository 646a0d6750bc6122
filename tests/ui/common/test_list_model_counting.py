"""The list model counts only when it must: a first page that is not full is the count."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.listing.source import ListQuery, ListSource
from wiec_desktop.services.registry import Services
from wiec_desktop.ui.common.list_model import SqlListModel


class CountingSource(ListSource):
    """A ``ListSource`` that remembers how often it counted (``count``, or ``first_page`` when the
    page is full: both take the counting statement from ``_count``)."""

    counts = 0

    def _count(self, query: ListQuery) -> Select[Any]:
        self.counts += 1
        return super()._count(query)


@pytest.fixture
def source(demo_db: Any) -> CountingSource:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    return CountingSource(services.session_factory, services.list_spec("cases"))


def test_a_short_first_page_is_the_count(source: CountingSource) -> None:
    everything = source.count(ListQuery())
    source.counts = 0
    model = SqlListModel(source, page_size=everything + 1)
    model.load()
    assert source.counts == 0 and model.total == model.rowCount() == everything
    model.set_search("ruinenlaan")  # a search with a few hits: one query, no count
    assert source.counts == 0 and model.total == model.rowCount() > 0


def test_a_full_first_page_is_counted_and_read_on(source: CountingSource) -> None:
    everything = source.count(ListQuery())
    source.counts = 0
    model = SqlListModel(source, page_size=5)
    model.load()
    assert source.counts == 1 and model.total == model.rowCount() == everything > 5
    assert model.pages_in_memory() == [0]
    assert len({model.record_id(row) for row in range(everything)}) == everything
    assert source.counts == 1  # the pages after the first are read without counting again
