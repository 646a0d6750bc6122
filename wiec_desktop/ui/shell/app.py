"""Starts the window: the QApplication, the shell painted first, then the database and its first page.

``run_gui`` shows the empty shell (menus, sidebar, status bar, an empty first page) and only then,
on the next turn of the event loop, opens the database (or asks which one: the passphrase, the
database in use, the damaged file, the first start's encryption — over the shell) and builds the
first page, which reads its data as it is shown. The entry point may show the shell even before
the command line opened the database it was given (``show_shell``); ``run_gui`` then takes it over.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from wiec_desktop import APP_NAME, __version__, gc_pause
from wiec_desktop.resources import resource_path
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.qt_translations import install_dutch_qt_texts
from wiec_desktop.ui.shell.startup_probe import DATABASE_OPEN, FIRST_PAGE_SHOWN, WINDOW_PAINTED, StartupProbe

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

_TRANSLATORS: list[QTranslator] = []  # alive as long as the application
_SHELL: list[tuple[MainWindow, StartupProbe]] = []  # shown by ``show_shell``, waiting for ``run_gui``
PAINT_WAIT_S = 1.0  # at most this long for the shell's first paint before the database is opened
PRIVACY_PREPARATION_DELAY_MS = 1_000  # deduce's tables load after the first page, not during it
AFTER_FIRST_PAGE_LATEST_MS = 3_000  # the resume question even when the first page is not painted

ChooseDatabase = Callable[[QWidget], "Database | None"]
"""Opens the database for the window (its dialogs over the given shell); None: the chair cancelled."""


def application() -> QApplication:
    """The running QApplication, created (with name and icon) if there is none yet."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("WIEC")
    app.setApplicationVersion(__version__)
    if not app.property("dutch_qt_texts"):  # once per application
        app.setProperty("dutch_qt_texts", True)
        _TRANSLATORS.extend(install_dutch_qt_texts(app))
    with contextlib.suppress(FileNotFoundError):
        app.setWindowIcon(QIcon(str(resource_path("icons", "wiec.svg"))))
    return app


def show_shell() -> MainWindow:
    """The main window without a database, shown and painted (``run_gui`` puts the database in)."""
    from wiec_desktop.storage.open_policy import defer_deep_checks_of_large_files

    defer_deep_checks_of_large_files()  # a large file's integrity checks run after the first page
    gc_pause.pause()  # the imports and the first page make many objects and no garbage (if not yet)
    app = application()
    probe = StartupProbe.from_environment()
    window = MainWindow()
    probe.window = window
    probe.mark_on_paint(window, WINDOW_PAINTED)
    window.show()
    deadline = time.monotonic() + PAINT_WAIT_S
    while WINDOW_PAINTED not in probe.marks and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    _SHELL.append((window, probe))
    return window


def _take_shell() -> tuple[MainWindow, StartupProbe]:
    if not _SHELL:
        show_shell()
    return _SHELL.pop()


def run_gui(
    database: Database | None, *, smoke: bool = False, choose_database: ChooseDatabase | None = None
) -> int:
    """Show the main window on ``database`` (None: the one ``choose_database`` opens) until it is
    closed; returns the exit code (0 when the chair cancelled the choice: nothing was opened).

    ``smoke``: visit every section, check each shows rows and details, close again (exit code 1
    and a message on stderr when a section is empty).
    """
    from wiec_desktop.ui.common import background
    from wiec_desktop.ui.shell.crash import ExceptionHook

    app = application()
    hook = ExceptionHook()
    hook.install()
    background.reopen()
    window, probe = _take_shell()  # painted before anything below is imported or opened
    after_done: list[bool] = []

    def open_database(then: Callable[[], object] | None = None) -> bool:
        from wiec_desktop.ui.common.context import AppContext

        chosen = database if database is not None else choose_database(window) if choose_database else None
        if chosen is None:
            return False
        probe.mark(DATABASE_OPEN)
        if not smoke:  # nothing competes with the first page's paint: jobs and the status bar after it
            background.hold()
        window.open_context(AppContext.create(chosen, window.settings), page_first=not smoke)
        # the first page read its data as it was shown: its first paint shows them
        probe.mark_on_paint(window.current_page(), FIRST_PAGE_SHOWN, then)
        return True

    def after_first_page() -> None:
        if after_done:
            return
        after_done.append(True)
        gc_pause.resume()
        if window.has_database:
            window.show_current_assignment()
        background.release()
        window.offer_resume()
        QTimer.singleShot(PRIVACY_PREPARATION_DELAY_MS, lambda: _prepare_privacy(window))

    def open_and_continue() -> None:
        try:
            opened = open_database(then=after_first_page)
            QTimer.singleShot(AFTER_FIRST_PAGE_LATEST_MS, after_first_page)  # a minimized window paints later
        except BaseException:
            app.exit(1)
            raise  # shown by the exception hook; the window closes
        if not opened:  # the chair cancelled: nothing opened, nothing created
            app.exit(0)

    try:
        if smoke:
            opened = open_database()
            gc_pause.resume()
            if not opened:
                return 0
            from wiec_desktop.ui.shell.smoke import check_sections

            problems = check_sections(window)
            window.close()
            for problem in problems:
                print(f"wiec-desktop: {problem}", file=sys.stderr)
            return 1 if problems else 0
        QTimer.singleShot(0, open_and_continue)
        return app.exec()
    finally:
        gc_pause.resume()
        background.shutdown()  # work still running (the dashboard's figures) ends before the database
        hook.uninstall()
        if window.has_database:
            window.context.database.close()
        elif database is not None:
            database.close()


def _prepare_privacy(window: MainWindow) -> None:
    """deduce's tables, off the UI thread (started once the first page is there)."""
    from wiec_desktop.ui.shell.privacy_preparation import start_privacy_preparation

    if window.isVisible():
        start_privacy_preparation(window.statusBar())


def discard_shell() -> None:
    """Close the shell ``show_shell`` showed when no ``run_gui`` took it (the command line failed)."""
    gc_pause.resume()
    while _SHELL:
        window, _probe = _SHELL.pop()
        window.close()
        window.deleteLater()
