"""The search box in the toolbar, driven by the keyboard as a chair would: Ctrl+K, typing, the
arrow keys, Enter and Escape; opening a hit in its page (filters that hid it cleared)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar

from tests.ui.search.fakes import HeldRunner
from wiec_desktop.services.search.model import SearchKind
from wiec_desktop.ui.search.controller import WindowSearch
from wiec_desktop.ui.search.results_model import ROW_ROLE, RowKind
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.shortcuts_dialog import menu_shortcuts


def _search(window: MainWindow) -> WindowSearch:
    return window.window_search


def _texts(search: WindowSearch) -> list[str]:
    return [row.text for row in search.popup.model.rows]


def _type(qtbot, search: WindowSearch, text: str) -> None:
    """Ctrl+K, then the text; wait for the popup to show the answer for it."""
    qtbot.keyClick(search.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search.box, text)
    qtbot.waitUntil(lambda: search.popup.isVisible() and search._shown_text == text.strip())


def _section_key(window: MainWindow) -> str:
    return window.current_page().objectName().removeprefix("page_")


def test_the_toolbar_holds_the_box_and_cannot_be_moved(window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "searchToolbar")
    assert toolbar is not None and not toolbar.isMovable()
    box = _search(window).box
    assert box.parent() is toolbar and box.isVisible()
    assert box.placeholderText() == "Zoeken in alles (Ctrl+K)"
    assert box.isClearButtonEnabled()
    assert box.mapTo(window, box.rect().topRight()).x() > window.width() * 0.7  # on the right


def test_ctrl_k_focuses_the_box_from_a_page_filter_and_selects_its_text(qtbot, window: MainWindow) -> None:
    search = _search(window)
    search.box.setText("bergingen")
    window.show_section(1)
    page_filter = window.current_page().primary.search
    page_filter.setFocus()
    qtbot.keyClicks(page_filter, "abc")
    qtbot.keyClick(page_filter, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # a line edit's key too
    assert search.box.hasFocus()
    assert search.box.selectedText() == "bergingen"
    assert page_filter.text() == "abc"  # not "deleted to the end of the line"


class _LinuxLineEdit(QLineEdit):
    """A line edit as on Linux and macOS, where Ctrl+K is "delete to the end of the line": it
    claims the key before the window's shortcuts (offscreen Qt has no such binding)."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_K
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return super().event(event)


def test_ctrl_k_wins_over_a_text_field_that_claims_it(qtbot, window: MainWindow) -> None:
    field = _LinuxLineEdit(window.current_page())
    field.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _search(window).box.hasFocus()


def test_ga_naar_lists_zoeken_in_alles_with_ctrl_k(window: MainWindow) -> None:
    shortcuts = dict(menu_shortcuts(window.menuBar()))
    go = dict((what, keys) for keys, what in shortcuts["Ga naar"])
    assert go["Zoeken in alles"] == "Ctrl+K"
    assert go["Zoeken"] == "Ctrl+F"  # the page's own filter stays


def test_ctrl_f_on_a_page_without_a_filter_comes_to_the_box(qtbot, window: MainWindow) -> None:
    window.show_section(0)  # Overzicht: no list to filter
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _search(window).box.hasFocus()
    window.show_section(1)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().primary.search.hasFocus()  # Casussen: its own filter


def test_typing_shows_the_case_under_casussen_and_down_enter_selects_it(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "trapveld")
    assert _texts(search)[:2] == ["Casussen (1)", "2026-010 Trapveldje voor oudere kinderen"]
    assert search.box.hasFocus()  # the popup never takes the focus
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    assert search.popup.current_row() == 1  # the heading is skipped
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert not search.popup.isVisible()
    assert _section_key(window) == "cases"
    page = window.current_page().primary
    assert page.current_id() == 10
    assert page.detail_pane.title.endswith("Trapveldje voor oudere kinderen")
    assert page.view.hasFocus()


def test_a_filter_that_hid_the_case_is_cleared(qtbot, window: MainWindow) -> None:
    window.show_section(1)
    page = window.current_page().primary
    page.search.setText("speeltuin")
    page._apply_search()
    assert page.quick_filter("open").isChecked()  # closed cases hidden, as the page starts
    search = _search(window)
    _type(qtbot, search, "scooter")  # 2026-001 is closed
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert page.current_id() == 1
    assert "Scooteroverlast" in page.detail_pane.title
    assert not page.quick_filter("open").isChecked()
    assert page.search.text() == ""
    assert "Filter gewist" in window.statusBar().currentMessage()


def test_a_minutes_hit_opens_the_meetings_agenda_on_its_item(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "openingstijden woensdagavond")
    rows = search.popup.model.rows
    assert rows[0].text.startswith("Verslagen (")
    hit = rows[1].hit
    assert hit is not None and hit.kind == SearchKind.MINUTES
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Enter)
    assert _section_key(window) == "meetings"
    meetings = window.current_page()
    assert meetings.primary.current_id() == hit.meeting_id
    dialog = meetings.agenda_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.editor.current_item_id() == hit.agenda_item_id
    dialog.close()


def test_enter_without_moving_opens_the_first_hit(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "trapveld")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert window.current_page().primary.current_id() == 10


def test_clicking_a_hit_opens_it(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "trapveld")
    view = search.popup.view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(view.model().index(1, 0)).center()
    )
    assert window.current_page().primary.current_id() == 10


def test_nothing_found_says_so(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "xyzzy")
    assert _texts(search) == ["Niets gevonden voor “xyzzy”"]
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    assert search.popup.current_row() is None
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert _section_key(window) == "overview"  # nothing opened


def test_escape_closes_then_clears_then_leaves(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "trapveld")
    qtbot.keyClick(search.box, Qt.Key.Key_Escape)
    assert not search.popup.isVisible() and search.box.text() == "trapveld"
    qtbot.keyClick(search.box, Qt.Key.Key_Escape)
    assert search.box.text() == "" and not search.popup.isVisible()
    qtbot.keyClick(search.box, Qt.Key.Key_Escape)
    assert not search.box.hasFocus()


def test_an_opened_search_is_remembered_and_offered_under_the_empty_box(qtbot, window: MainWindow) -> None:
    search = _search(window)
    _type(qtbot, search, "trapveld")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert search.backend().recent() == ["trapveld"]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search.box, Qt.Key.Key_Delete)  # the selected text goes: the box is empty
    assert search.popup.isVisible()
    assert _texts(search) == ["Recente zoekopdrachten", "trapveld", "Lijst wissen"]
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Return)  # runs it again
    assert search.box.text() == "trapveld"
    qtbot.waitUntil(lambda: search._shown_text == "trapveld")
    assert _texts(search)[0] == "Casussen (1)"


def test_only_the_newest_answer_is_shown(qtbot, window: MainWindow) -> None:
    search = _search(window)
    runner = HeldRunner()
    runner.finished.connect(search._answered)
    search.runner = runner
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search.box, "trap")
    search.search_now()
    qtbot.keyClicks(search.box, "veld")
    search.search_now()
    runner.deliver(1)  # "trapveld"
    runner.deliver(0)  # "trap" answers late: dropped
    assert search._shown_text == "trapveld"
    assert _texts(search)[1] == "2026-010 Trapveldje voor oudere kinderen"
    assert len(_texts(search)) == 2


def test_typing_waits_for_a_pause(qtbot, window: MainWindow) -> None:
    search = _search(window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search.box, "trapveld")
    assert search.backend().asked == []  # not one search per key
    qtbot.waitUntil(lambda: search.backend().asked == ["trapveld"])


def test_a_title_with_markup_shows_as_typed(qtbot, window: MainWindow) -> None:
    from wiec_desktop.services.search.model import SearchHit, Snippet

    search = _search(window)
    title = "<b>Jan</b> & Piet's <i>tuin</i>"
    search.backend().extra.append(SearchHit(SearchKind.CASE, 10, title, Snippet(title, ((16, 20),))))
    _type(qtbot, search, "tuin")
    row = next(row for row in search.popup.model.rows if row.kind == RowKind.HIT and row.text == title)
    index = search.popup.model.index(search.popup.model.rows.index(row), 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == title
    assert index.data(ROW_ROLE).hit.title == title
    search.popup.view.viewport().grab()  # drawn without complaint
    QApplication.processEvents()


def test_lijst_wissen_forgets_the_recent_searches(qtbot, window: MainWindow) -> None:
    search = _search(window)
    search.backend().remember("bergingen")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert _texts(search) == ["Recente zoekopdrachten", "bergingen", "Lijst wissen"]
    qtbot.keyClick(search.box, Qt.Key.Key_Up)  # from the end: the last row
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    assert search.backend().recent() == []
    assert not search.popup.isVisible()


def test_a_hit_deleted_since_the_search_is_said_so(qtbot, window: MainWindow) -> None:
    from wiec_desktop.services.search.model import SearchHit, Snippet

    _search(window).open(SearchHit(SearchKind.CASE, 999_999, "2026-999 Weg", Snippet("Weg")))
    assert window.statusBar().currentMessage() == "Dit gegeven bestaat niet meer; zoek opnieuw."


def test_the_third_escape_goes_back_to_the_pages_list(qtbot, window: MainWindow) -> None:
    window.show_section(1)
    search = _search(window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search.box, Qt.Key.Key_Escape)  # the recent searches (none) / nothing to close
    qtbot.keyClick(search.box, Qt.Key.Key_Escape)
    assert window.current_page().primary.view.hasFocus()


def test_the_popup_is_made_when_first_needed(qtbot, window: MainWindow) -> None:
    search = _search(window)
    assert search._popup is None  # nothing of it at the window's start
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert search._popup is None  # no recent searches: nothing to show
    _type(qtbot, search, "trapveld")
    assert search._popup is not None
