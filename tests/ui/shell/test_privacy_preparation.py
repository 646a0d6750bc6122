"""The privacy filter is prepared at start off the UI thread, its progress in the status bar."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from wiec_desktop.ui.shell.privacy_preparation import PrivacyPreparation


def _window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_build_shows_its_progress_and_then_that_it_is_ready(qtbot: QtBot) -> None:
    window = _window(qtbot)
    release = threading.Event()
    ui_thread = threading.get_ident()
    workers: list[int] = []

    def prepare(progress: Callable[[int, int], None] | None) -> None:
        workers.append(threading.get_ident())
        assert progress is not None
        progress(2, 5)
        release.wait(30)
        progress(5, 5)

    preparation = PrivacyPreparation(window.statusBar(), prepare)
    preparation.start(building=True)
    qtbot.waitUntil(lambda: preparation.label.text() == "Privacyfilter voorbereiden… 40%")
    assert preparation.label.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not preparation.label.isVisible())
    assert window.statusBar().currentMessage() == "De privacyfilter is klaar."
    assert workers and workers[0] != ui_thread


def test_loading_a_built_cache_is_quiet(qtbot: QtBot) -> None:
    window = _window(qtbot)
    done = threading.Event()

    def prepare(progress: Callable[[int, int], None] | None) -> None:
        assert progress is not None
        progress(1, 1)
        done.set()

    preparation = PrivacyPreparation(window.statusBar(), prepare)
    with qtbot.waitSignal(preparation.finished):
        preparation.start(building=False)
    assert done.is_set()
    assert not preparation.label.isVisible()
    assert window.statusBar().currentMessage() == ""


def test_a_failed_preparation_is_said_in_the_status_bar(qtbot: QtBot) -> None:
    window = _window(qtbot)

    def prepare(progress: Callable[[int, int], None] | None) -> None:
        raise OSError("disk full")

    preparation = PrivacyPreparation(window.statusBar(), prepare)
    with qtbot.waitSignal(preparation.failed):
        preparation.start(building=True)
    assert not preparation.label.isVisible()
    assert "kon niet worden voorbereid" in window.statusBar().currentMessage()
