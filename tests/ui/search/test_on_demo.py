"""The search box with the real search service on the demo database: what a chair types finds
the record, and the arrow keys and Enter open it in its page — for every kind of record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from wiec_desktop.services.search.model import SearchHit, SearchKind
from wiec_desktop.ui.search.controller import WindowSearch
from wiec_desktop.ui.shell.main_window import MainWindow


def _type(qtbot, search: WindowSearch, text: str) -> None:
    qtbot.keyClick(search.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search.box, text)
    qtbot.waitUntil(lambda: search.popup.isVisible() and search._shown_text == text)


def _texts(search: WindowSearch) -> list[str]:
    return [row.text for row in search.popup.model.rows]


def _key(window: MainWindow) -> str:
    return window.current_page().objectName().removeprefix("page_")


def test_a_word_from_a_case_title_finds_it_and_down_enter_opens_it(qtbot, real_window: MainWindow) -> None:
    search = real_window.window_search
    _type(qtbot, search, "bergingen")
    texts = _texts(search)
    assert texts[0] == "Casussen (1)"
    assert texts[1] == "2026-025 Inbraken in bergingen Hollandscheveldplein"
    assert "Acties (2)" in texts
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    page = real_window.current_page().primary
    assert _key(real_window) == "cases" and page.current_id() == 25
    assert "Inbraken in bergingen" in page.detail_pane.browser.toPlainText()


def test_a_closed_case_is_shown_with_the_filter_cleared(qtbot, real_window: MainWindow) -> None:
    search = real_window.window_search
    _type(qtbot, search, "scooteroverlast")
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    page = real_window.current_page().primary
    assert page.current_id() == 1  # 2026-001, afgesloten: hidden by "Alleen lopend"
    assert not page.quick_filter("open").isChecked()
    assert "Filter gewist" in real_window.statusBar().currentMessage()


def test_minutes_open_the_meeting_with_the_item_selected(qtbot, real_window: MainWindow) -> None:
    search = real_window.window_search
    _type(qtbot, search, "openingstijden")
    assert _texts(search)[0] == "Verslagen (2)"
    hit = search.popup.model.rows[1].hit
    assert hit is not None and hit.kind == SearchKind.MINUTES
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    meetings = real_window.current_page()
    assert _key(real_window) == "meetings" and meetings.primary.current_id() == hit.meeting_id
    assert meetings.agenda_dialog is not None
    assert meetings.agenda_dialog.editor.current_item_id() == hit.agenda_item_id
    meetings.agenda_dialog.close()


def test_the_recent_searches_come_from_the_database(qtbot, real_window: MainWindow) -> None:
    search = real_window.window_search
    _type(qtbot, search, "bergingen")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)  # the first hit opens; the search is kept
    assert real_window.context.services.search.recent() == ["bergingen"]
    qtbot.keyClick(real_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search.box, Qt.Key.Key_Backspace)
    assert _texts(search) == ["Recente zoekopdrachten", "bergingen", "Lijst wissen"]


def _shown(window: MainWindow, hit: SearchHit) -> bool:
    page = window.current_page()
    if hit.kind in (SearchKind.MINUTES, SearchKind.DECISION):
        dialog = page.agenda_dialog
        shown = (
            page.primary.current_id() == hit.meeting_id
            and dialog.editor.current_item_id() == hit.agenda_item_id
        )
        dialog.close()
        return shown
    if hit.kind == SearchKind.CONTACT:
        return page.contacts.current_id() == hit.record_id
    if hit.kind == SearchKind.HOUSE_VISIT:
        return page.tabs.currentWidget() is page.visits and page.visits.current_id() == hit.record_id
    if hit.kind == SearchKind.SIGNAL:
        signals = page.list_page("signals")
        return page.tabs.currentWidget() is signals and signals.current_id() == hit.record_id
    return page.primary.current_id() == hit.record_id


@pytest.mark.parametrize("kind", list(SearchKind))
def test_every_kind_opens_in_its_page(qtbot, real_window: MainWindow, kind: SearchKind) -> None:
    search = real_window.window_search
    results = real_window.context.services.search.search("de")
    hit = next(group.hits[-1] for group in results.groups if group.kind == kind)
    search.open(hit)
    expected = {"case": "cases", "meeting": "meetings", "minutes": "meetings", "decision": "meetings",
                "action": "actions", "signal": "signals", "house_visit": "signals",
                "organisation": "partners", "contact": "partners"}  # fmt: skip
    assert _key(real_window) == expected[kind.value]
    assert _shown(real_window, hit)
