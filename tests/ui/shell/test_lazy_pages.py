"""The main window builds a page when its section is first visited; the sidebar lists them all."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.sections import SECTIONS, section_number
from wiec_desktop.ui.shell.smoke import check_sections

CASES = section_number("cases")
PARTNERS = section_number("partners")


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


def _built(window: MainWindow) -> set[str]:
    return {SECTIONS[number].key for number in range(len(SECTIONS)) if window.is_built(number)}


def test_a_page_not_visited_is_not_built(window: MainWindow) -> None:
    assert window.sidebar.count() == len(SECTIONS)  # every section is listed at once
    assert _built(window) == {"overview"}
    assert window.findChild(QWidget, "page_cases") is None
    assert window.stack.widget(CASES).objectName() == "placeholder_cases"
    assert window.stack.count() == len(SECTIONS)


def test_visiting_a_section_builds_its_page_once(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Ga naar › Casussen
    assert _built(window) == {"overview", "cases"}
    cases = window.current_page()
    assert cases.objectName() == "page_cases" and window.stack.currentWidget() is cases
    assert cases.primary.model.rowCount() > 0  # it read its list as it was shown
    window.show_section(0)
    window.show_section(CASES)
    assert window.page("cases") is cases and window.page(CASES) is cases
    assert window.stack.indexOf(cases) == CASES and window.stack.count() == len(SECTIONS)
    assert _built(window) == {"overview", "cases"}


def test_page_builds_on_demand_without_showing_it(window: MainWindow) -> None:
    partners = window.page("partners")
    assert window.is_built(PARTNERS) and window.stack.currentIndex() == 0
    assert window.stack.widget(PARTNERS) is partners and not partners.isVisible()


def test_refresh_rebuilds_only_the_current_page(window: MainWindow) -> None:
    window.show_section(PARTNERS)
    window.show_section(CASES)
    old_cases = window.page(CASES)
    window.refresh_pages()
    assert _built(window) == {"cases"}
    assert window.page(CASES) is not old_cases and window.stack.currentIndex() == CASES
    window.show_section(PARTNERS)  # built again on its next visit
    assert _built(window) == {"cases", "partners"}


def test_switching_database_builds_only_the_current_page(
    window: MainWindow, demo_template: Path, tmp_path: Path
) -> None:
    window.show_section(PARTNERS)
    window.show_section(CASES)
    other = tmp_path / "ander.sqlite"
    shutil.copyfile(demo_template, other)
    assert window.switch_database(str(other))
    assert window.context.database.location.path == other
    assert _built(window) == {"cases"} and window.stack.currentIndex() == CASES
    assert window.current_page().context is window.context


def test_the_shell_without_a_database(qtbot) -> None:
    shell = MainWindow()
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    assert not shell.has_database and _built(shell) == set()
    assert shell.sidebar.count() == len(SECTIONS) and shell.menuBar().actions()
    shell.new_record_action.trigger()  # waits for the database: nothing happens
    shell.audit_log_action.trigger()
    shell.section_actions[PARTNERS].trigger()  # Ga naar › Partners (Ctrl+3)
    assert shell.stack.currentIndex() == PARTNERS and _built(shell) == set()
    with pytest.raises(RuntimeError):
        _ = shell.context


def test_the_shell_gets_its_database(qtbot, demo_db: Database) -> None:
    shell = MainWindow()
    qtbot.addWidget(shell)
    shell.show()
    shell.show_section(CASES)  # chosen while the database was opened
    shell.open_context(_context(demo_db))
    assert _built(shell) == {"cases"} and shell.current_page().isVisible()
    assert "demo.sqlite" in shell.database_label.text()
    assert shell.backups is not None and shell.handover is not None
    file_menu = shell.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions() if not action.isSeparator()]
    audit = texts.index(shell.audit_log_action.text())
    assert texts[audit + 1 : audit + 5] == [  # where they were in the menu before
        shell.backups.make_action.text(),
        shell.backups.restore_action.text(),
        shell.handover.make_action.text(),
        shell.handover.open_action.text(),
    ]
    assert texts[audit + 5] == shell.settings_action.text()


def test_smoke_visits_and_builds_every_section(window: MainWindow) -> None:
    assert check_sections(window) == []
    assert _built(window) == {section.key for section in SECTIONS}
