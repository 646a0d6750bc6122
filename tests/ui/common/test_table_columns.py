"""The columns of a list: fitted to the window without scrolling sideways, the least important
giving way in a narrow window, and the chair's widths, columns and sort order kept for next time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.conftest import DEMO_TODAY
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.table_columns import SAVE_DELAY_MS
from wiec_desktop.ui.settings.preferences import Settings


def _cases_page(qtbot, database: Database, settings: Settings, width: int = 1000) -> ListPage:
    context = AppContext.create(database, settings=settings, today=lambda: DEMO_TODAY)
    page = ListPage(context, "cases", nouns=("casus", "casussen"))
    qtbot.addWidget(page)
    page.resize(width, 600)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    qtbot.wait(10)  # the first fitting runs from the event loop
    return page


def _column(page: ListPage, key: str) -> int:
    return page.model.column_of_key(key)


def _titles_shown(page: ListPage) -> list[str]:
    model = page.model
    return [
        model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(model.columnCount())
        if not page.view.isColumnHidden(c)
    ]


def test_a_list_fits_its_place_without_scrolling_sideways(qtbot, demo_db: Database, tmp_path: Path) -> None:
    page = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"), width=900)
    assert page.view.horizontalScrollBar().maximum() == 0
    header = page.view.horizontalHeader()
    theme = _column(page, "theme")
    widest_theme = max(
        page.view.fontMetrics().horizontalAdvance(str(page.model.index(r, theme).data()))
        for r in range(page.model.rowCount())
    )
    assert header.sectionSize(theme) >= widest_theme  # "the theme column of lists is cut off"
    assert "Thema" in _titles_shown(page)


def test_in_a_narrow_window_the_least_important_columns_give_way(
    qtbot, demo_db: Database, tmp_path: Path
) -> None:
    page = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"), width=1600)
    wide = _titles_shown(page)
    assert "Aangemeld" in wide and "Open acties" in wide
    page.resize(1030, 600)  # a 1280 screen less the section list
    qtbot.waitUntil(lambda: "Aangemeld" not in _titles_shown(page))
    narrow = _titles_shown(page)
    assert {"Nummer", "Titel", "Status", "Thema", "Achterstallig"} <= set(narrow)
    assert page.view.horizontalScrollBar().maximum() == 0
    page.resize(1600, 600)
    qtbot.waitUntil(lambda: _titles_shown(page) == wide)


def test_widths_columns_and_sort_order_are_kept_for_next_time(
    qtbot, demo_db: Database, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "s.ini")
    page = _cases_page(qtbot, demo_db, settings)
    header = page.view.horizontalHeader()
    theme, status = _column(page, "theme"), _column(page, "status")
    header.resizeSection(theme, 211)  # as the chair's drag does
    header.setSortIndicator(theme, Qt.SortOrder.DescendingOrder)  # a click on "Thema"
    page.columns.show_column(status, False)  # "Status" unticked in the header's menu
    qtbot.wait(SAVE_DELAY_MS + 200)
    first_theme = page.model.index(0, theme).data()

    again = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"))
    header = again.view.horizontalHeader()
    assert header.sectionSize(theme) == 211
    assert header.sortIndicatorSection() == theme
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.view.isColumnHidden(status)
    qtbot.waitUntil(lambda: again.model.index(0, theme).data() == first_theme)
    themes = [again.model.index(r, theme).data() or "" for r in range(again.model.rowCount())]
    assert themes == sorted(themes, key=str.casefold, reverse=True)

    again.columns.reset()  # "Standaardindeling"
    assert not again.view.isColumnHidden(status)
    assert settings.table_state("cases") is None


def test_hiding_a_column_in_code_is_not_taken_for_the_chairs_choice(
    qtbot, demo_db: Database, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "s.ini")
    context = AppContext.create(demo_db, settings=settings, today=lambda: DEMO_TODAY)
    contacts = ListPage(context, "contacts", nouns=("contactpersoon", "contactpersonen"))
    qtbot.addWidget(contacts)
    contacts.hide_columns("organisation")  # the partners page does this for its contact list
    contacts.resize(900, 500)
    contacts.show()
    contacts.reload()
    qtbot.wait(SAVE_DELAY_MS + 200)
    assert settings.table_state("contacts") is None  # nothing to remember: fitted again next time
    assert not contacts.columns.chosen


def test_the_header_menu_lists_the_columns(qtbot, demo_db: Database, tmp_path: Path) -> None:
    page = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"))
    menu = page.columns.header_menu()
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert "Thema" in texts and "Wijk/buurt" in texts
    assert "Titel" not in texts  # the column that takes the room is always there
    assert texts[-1] == "Standaardindeling"


def test_a_sort_alone_keeps_the_columns_fitted_to_the_window(
    qtbot, demo_db: Database, tmp_path: Path
) -> None:
    page = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"), width=1600)
    theme = _column(page, "theme")
    page.view.horizontalHeader().setSortIndicator(theme, Qt.SortOrder.AscendingOrder)
    qtbot.wait(SAVE_DELAY_MS + 200)

    again = _cases_page(qtbot, demo_db, Settings(tmp_path / "s.ini"), width=1030)
    assert again.view.horizontalHeader().sortIndicatorSection() == theme
    assert not again.columns.chosen
    qtbot.waitUntil(lambda: again.view.horizontalScrollBar().maximum() == 0)
