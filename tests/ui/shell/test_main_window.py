"""The main window on the demo database: navigation, lists with details, menus, database switch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from tests.conftest import DEMO_TODAY
from wiec_desktop import __version__
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings, last_database
from wiec_desktop.ui.shell.main_window import FILE_FILTER, MainWindow
from wiec_desktop.ui.shell.sections import SECTIONS

# The offscreen platform warns on every top-level layout change; nothing to do with this program.


def _context(database: Database) -> AppContext:
    return AppContext(database, Services(database.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    main = MainWindow(_context(demo_db))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.context.database.close()


def _assert_list_shows_first_row(window: MainWindow, page) -> None:
    page.ensure_loaded()
    assert page.model.rowCount() > 0, page.list_name
    assert page.view.currentIndex().row() == 0
    expected = window.context.services.details.get(page.list_name, page.model.record_id(0))
    assert page.detail_pane.title == expected.title
    assert expected.title in page.detail_pane.browser.toPlainText()


def test_every_section_by_clicking_the_sidebar(qtbot, window: MainWindow) -> None:
    assert [window.sidebar.item(n).text() for n in range(window.sidebar.count())] == [
        "Overzicht",
        "Casussen",
        "Partners",
        "Wie doet wat",
        "Overleggen",
        "Acties",
        "Signalen & inventarisatie",
        "Rapportages",
        "Privacy",
    ]
    for number in reversed(range(len(SECTIONS))):
        rect = window.sidebar.visualItemRect(window.sidebar.item(number))
        qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.stack.currentIndex() == number
        page = window.current_page()
        assert page.isVisible()
        _assert_list_shows_first_row(window, page.primary)
        total = page.primary.model.total
        assert page.primary.count_label.text().startswith(f"{total} ")


def test_every_section_by_keyboard_shortcut(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number in range(len(SECTIONS)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == number
        assert window.sidebar.currentRow() == number
        assert window.current_page().primary.model.rowCount() > 0
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().primary.search.hasFocus()  # Rapportages: the search above the tabs


def test_second_lists_in_tabs_and_partner_contacts(qtbot, window: MainWindow) -> None:
    signals = window.page(6)
    window.show_section(6)
    visits = signals.list_page("house_visits")
    signals.show_list(visits)
    assert visits.isVisible()
    _assert_list_shows_first_row(window, visits)
    assert signals.tabs.searches.currentWidget() is visits.search

    partners = window.page(2)
    window.show_section(2)
    organisation = partners.organisations.detail_pane.title
    assert partners.contacts.title_label.text() == f"Contactpersonen van {organisation}"
    _assert_list_shows_first_row(window, partners.contacts)
    names = {partners.contacts.model.row(r).values[1] for r in range(partners.contacts.model.rowCount())}
    assert names == {organisation}
    partners.organisations.view.selectRow(1)
    assert partners.contacts.title_label.text().endswith(partners.organisations.detail_pane.title)


def test_logbook_tab_lists_audit_events(demo_db: Database, qtbot) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    services.cases.create_case("Kapotte lantaarnpalen Dreven")
    main = MainWindow(_context(demo_db))
    qtbot.addWidget(main)
    main.show()
    main.show_section(7)
    reports = main.current_page()
    audit = reports.list_page("audit")
    reports.show_list(audit)
    assert audit.isVisible() and reports.tabs.searches.currentWidget() is audit.search
    _assert_list_shows_first_row(main, audit)


def test_quick_filters_combos_and_search(qtbot, window: MainWindow) -> None:
    window.show_section(1)
    cases = window.page(1).primary
    summary = window.context.services.dashboard.summary()
    assert cases.model.total == summary.open_cases  # "Alleen lopend" is on by default
    qtbot.mouseClick(cases.quick_filter("without_lead"), Qt.MouseButton.LeftButton)
    assert cases.model.total == summary.cases_without_lead
    assert cases.count_label.text() == f"{summary.cases_without_lead} casussen"
    cases.quick_filter("without_lead").setChecked(False)
    cases.quick_filter("open").setChecked(False)
    status = cases.findChild(QComboBox, "filter_status")
    status.setCurrentIndex(status.findText("Afgesloten"))
    assert cases.model.total == dict(summary.cases_by_status)["Afgesloten"]
    status.setCurrentIndex(0)
    status_column = cases.model.column_of_key("status")
    lower = [r for r in range(cases.model.rowCount()) if cases.model.row(r).values[status_column] != "closed"]
    cases.view.selectRow(lower[-1])
    chosen = cases.current_id()
    cases.quick_filter("open").setChecked(True)  # still listed: stays selected
    row = cases.model.row_of_id(chosen)
    assert row is not None and row > 0 and cases.current_id() == chosen
    assert cases.detail_pane.title.startswith(cases.model.row(row).values[0])

    with qtbot.waitSignal(cases.model.refreshed, timeout=2000):
        qtbot.keyClicks(cases.search, "geen-zo-casus")
    assert cases.count_label.text() == "0 casussen"
    assert cases.detail_pane.title == ""
    assert "Geen casussen gevonden." in cases.detail_pane.browser.toPlainText()


def test_meeting_quick_filters_exclude_each_other(window: MainWindow) -> None:
    meetings = window.page(4).primary
    window.show_section(4)
    upcoming, held = meetings.quick_filter("upcoming"), meetings.quick_filter("held")
    upcoming.setChecked(True)
    planned = meetings.model.total
    held.setChecked(True)
    assert not upcoming.isChecked() and "upcoming" not in meetings.model.query.filters
    assert planned + meetings.model.total <= 8 and meetings.model.total > 0


def test_about_box_shows_version_and_database(monkeypatch, window: MainWindow, demo_path: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.about_action.trigger()
    assert __version__ in shown[0] and str(demo_path) in shown[0]


def _other_database(tmp_path: Path) -> Path:
    path = tmp_path / "tweede.sqlite"
    database = open_database(path, create=True)
    Services(database.session_factory).cases.create_case("Losliggende stoeptegels")
    database.close()
    return path


def test_open_another_database(monkeypatch, window: MainWindow, tmp_path: Path, demo_path: Path) -> None:
    other = _other_database(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), FILE_FILTER))
    window.show_section(1)
    window.open_action.trigger()
    assert window.context.database.location.path == other
    assert str(other) in window.database_label.text()
    assert window.stack.currentIndex() == 1
    cases = window.current_page().primary
    assert cases.model.total == 1 and cases.detail_pane.title.endswith("Losliggende stoeptegels")
    settings = window.context.settings
    assert settings.recent_databases()[:2] == [str(other), str(demo_path)]
    assert last_database() == str(other)

    window.recent_menu.aboutToShow.emit()  # as when the chair opens the menu
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries[:2] == [str(other), str(demo_path)]
    window.recent_menu.actions()[1].trigger()
    assert window.context.database.location.path == demo_path
    assert settings.recent_databases()[:2] == [str(demo_path), str(other)]


def test_a_file_that_is_not_a_database_is_refused(
    monkeypatch, window: MainWindow, tmp_path: Path, demo_path: Path
) -> None:
    junk = tmp_path / "verslag.db"
    junk.write_bytes(b"PK\x03\x04 not a database" * 20)
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), FILE_FILTER))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    before = window.built_pages()
    window.open_action.trigger()
    assert len(warnings) == 1 and "geen WIEC-database" in warnings[0]
    assert window.context.database.location.path == demo_path
    assert str(demo_path) in window.database_label.text() and window.built_pages() == before
    assert str(junk) not in window.context.settings.recent_databases()


def test_new_database_and_cancelled_dialogs(monkeypatch, window: MainWindow, tmp_path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.open_action.trigger()
    assert window.context.database.location.path != tmp_path / "nieuw.sqlite"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "nieuw"), FILE_FILTER)
    )
    # encryption is offered first (tests/ui/shell/test_passphrase_dialog.py); here: not encrypted
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: not dialog.encrypt.setChecked(False))
    window.new_action.trigger()
    assert window.context.database.location.path == tmp_path / "nieuw.sqlite"
    assert (tmp_path / "nieuw.sqlite").is_file()
    window.show_section(1)
    assert window.page(1).primary.model.total == 0
    assert window.page(1).primary.count_label.text() == "0 casussen"


def test_window_geometry_is_remembered(qtbot, monkeypatch, demo_db: Database) -> None:
    first = MainWindow(_context(demo_db))
    qtbot.addWidget(first)
    first.show()
    first.resize(1100, 700)
    qtbot.waitUntil(lambda: first.width() == 1100)
    saved = first.saveGeometry()
    first.close()
    assert Settings().window_geometry() == saved
    assert Settings().window_state() is not None
    restored: list[object] = []
    monkeypatch.setattr(MainWindow, "restoreGeometry", lambda _self, value: restored.append(value) or True)
    second = MainWindow(_context(demo_db))
    qtbot.addWidget(second)
    assert restored == [saved]


def test_every_section_renders(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.resize(1280, 800)
    for number, section in enumerate(SECTIONS):
        window.show_section(number)
        qtbot.wait(10)
        image = window.grab().toImage()
        assert (image.width(), image.height()) == (1280, 800)
        assert window.grab().save(str(tmp_path / f"{section.key}.png"))
    assert window.minimumSizeHint().width() <= 1024  # fits a small laptop screen


def test_help_lists_every_keyboard_shortcut(qtbot, window: MainWindow, monkeypatch) -> None:
    """Help › Sneltoetsen (F1) lists the keys of every menu, read from the menus, and meeting mode's."""
    from wiec_desktop.ui.meeting_mode.shortcuts import SHORTCUTS
    from wiec_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog, menu_shortcuts

    shown: list[str] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: shown.append(dialog.text.toPlainText()) or 0)
    window.shortcuts_action.trigger()
    text = shown[0]
    listed = {keys for _menu, rows in menu_shortcuts(window.menuBar()) for keys, _what in rows}
    assert {"Ctrl+1", "Ctrl+8", "Ctrl+O", "Ctrl+N", "Ctrl+F", "F1"} <= listed
    for keys in listed:
        assert keys in text
    assert "Signalen & inventarisatie" in text  # the section's name, not a mnemonic
    for _name, keys, _description, _short in SHORTCUTS:
        assert keys in text


def test_names_with_an_ampersand_are_not_mnemonics(qtbot, window: MainWindow) -> None:
    """'Signalen & inventarisatie' must not show as 'Signalen _inventarisatie' in the Ga naar menu."""
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Ga naar")
    texts = [action.text() for action in go.actions() if not action.isSeparator()]
    assert "Signalen && inventarisatie" in texts


def test_the_closing_result_of_meeting_mode_shows_in_the_status_bar(qtbot, window: MainWindow) -> None:
    from sqlalchemy import select

    from wiec_desktop.domain import Meeting
    from wiec_desktop.domain.enums import MeetingStatus

    with window.context.database.session_factory() as session:
        planned = session.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED)).first()
    meeting_window = window.open_meeting_mode(planned)
    meeting_window.closing_result.emit(planned, "Overleg gesloten; het verslag staat als concept klaar.")
    assert window.statusBar().currentMessage() == "Overleg gesloten; het verslag staat als concept klaar."
    meeting_window.close()
