"""The main window on the demo database with the search box, driven by the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import DEMO_TODAY
from tests.ui.search.fakes import FakeSearch
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow


def make_window(qtbot, database: Database, *, fake: bool) -> MainWindow:
    services = Services(database.session_factory, today=lambda: DEMO_TODAY)
    if fake:
        services.search = FakeSearch(database.session_factory)  # type: ignore[attr-defined]
    window = MainWindow(AppContext(database, services, Settings()))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    """The window with a stand-in search service (the window's behaviour, not the index's)."""
    main = make_window(qtbot, demo_db, fake=True)
    yield main
    main.window_search.runner.wait(5000)
    main.close()


@pytest.fixture
def real_window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    """The window with the real search service on the demo database."""
    main = make_window(qtbot, demo_db, fake=False)
    yield main
    main.window_search.runner.wait(5000)
    main.close()
