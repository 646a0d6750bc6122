"""The list pages explain their coloured rows."""

from __future__ import annotations

from tests.conftest import DEMO_TODAY
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_model import HIGHLIGHT_ROLE
from wiec_desktop.ui.common.list_page import ListPage


def test_highlighted_rows_have_a_legend(qtbot, demo_db: Database) -> None:
    context = AppContext.create(demo_db, today=lambda: DEMO_TODAY)
    page = ListPage(
        context, "actions", nouns=("actie", "acties"), highlight_tip="Deze actie is over de deadline."
    )
    qtbot.addWidget(page)
    page.show()
    page.reload()
    rows = range(page.model.rowCount())
    assert any(page.model.index(r, 0).data(HIGHLIGHT_ROLE) for r in rows), "the demo has overdue actions"
    assert page.legend.isVisible()
    assert "Deze actie is over de deadline." in page.legend.text()

    plain = ListPage(context, "contacts", nouns=("contactpersoon", "contactpersonen"))
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.legend.isVisible()
