"""Issue 14: nothing competes with the first page's paint. Until it is painted Python's cycle
collector is off, jobs for the thread pool wait (the Overzicht's chart figures) and the status bar's
assignment is not read yet; a list below the window's lower edge is read after that paint."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from tests.conftest import DEMO_TODAY
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common import background
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.shell import app as shell_app
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.startup_probe import PROBE_ENV

SAFETY_MS = 30_000


@pytest.fixture(autouse=True)
def no_resume_question(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "offer_resume", lambda self: [])


def test_until_the_first_page_is_painted_nothing_competes_with_it(
    qapp, monkeypatch: pytest.MonkeyPatch, demo_db: Database
) -> None:
    monkeypatch.delenv(PROBE_ENV, raising=False)
    seen: dict[str, object] = {}
    jobs: list[str] = []
    original = MainWindow.open_context

    def later(window: MainWindow) -> None:
        seen["status bar later"] = window.assignment_label.text()
        seen["jobs later"] = list(jobs)
        seen["collector later"] = gc.isenabled()
        window.close()

    def open_context(window: MainWindow, context: AppContext, **options: bool) -> None:
        seen["collector while opening"] = gc.isenabled()
        original(window, context, **options)
        seen["status bar after opening"] = window.assignment_label.text()
        background.Runner().run("probe", lambda: jobs.append(threading.current_thread().name))
        QThreadPool.globalInstance().waitForDone(200)
        seen["jobs before the paint"] = list(jobs)
        QTimer.singleShot(1_500, lambda: later(window))

    monkeypatch.setattr(MainWindow, "open_context", open_context)
    QTimer.singleShot(SAFETY_MS, QApplication.quit)
    assert shell_app.run_gui(None, choose_database=lambda _window: demo_db) == 0
    assert seen["collector while opening"] is False
    assert seen["status bar after opening"] == ""  # read once the page was painted
    assert seen["jobs before the paint"] == []  # held until then
    assert str(seen["status bar later"]).startswith("Opdracht: ")
    assert len(seen["jobs later"]) == 1  # type: ignore[arg-type]
    assert seen["collector later"] is True and gc.isenabled()


def test_held_jobs_start_in_order_when_released(qapp) -> None:
    done: list[int] = []
    runner = background.Runner()
    background.hold()
    try:
        for number in range(3):
            runner.run(number, lambda n=number: done.append(n))
        runner.wait(200)
        assert done == []
    finally:
        background.release()
    runner.wait(5_000)
    assert sorted(done) == [0, 1, 2]
    runner.run("after", lambda: done.append(3))  # no longer held
    runner.wait(5_000)
    assert 3 in done


def test_a_list_below_the_windows_edge_is_read_after_the_paint(qtbot, demo_db: Database) -> None:
    context = AppContext.create(demo_db, today=lambda: DEMO_TODAY)
    window = QScrollArea()
    window.resize(800, 400)
    window.setWidgetResizable(True)
    content = QWidget()
    layout = QVBoxLayout(content)
    spacer = QWidget(content)
    spacer.setMinimumHeight(1_200)  # the list starts far below the window
    layout.addWidget(spacer)
    below = ListPage(context, "cases", title="Casussen", nouns=("casus", "casussen"), parent=content)
    layout.addWidget(below)
    window.setWidget(content)
    qtbot.addWidget(window)
    window.show()
    assert not below.model.loaded  # before: read as it was shown, before the window's first paint
    qtbot.waitUntil(lambda: below.model.loaded, timeout=5_000)
    assert below.model.rowCount() > 0
