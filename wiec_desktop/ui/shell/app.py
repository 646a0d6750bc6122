"""Starts the window: the QApplication, the context and the exception hook."""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from wiec_desktop import APP_NAME, __version__
from wiec_desktop.resources import resource_path
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common import background
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.shell.crash import ExceptionHook
from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.privacy_preparation import start_privacy_preparation
from wiec_desktop.ui.shell.qt_translations import install_dutch_qt_texts
from wiec_desktop.ui.shell.smoke import check_sections

_TRANSLATORS: list[QTranslator] = []  # alive as long as the application


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


def run_gui(database: Database, *, smoke: bool = False) -> int:
    """Show the main window on ``database`` until it is closed; returns the exit code.

    ``smoke``: visit every section, check each shows rows and details, close again (exit code 1
    and a message on stderr when a section is empty).
    """
    app = application()
    hook = ExceptionHook()
    hook.install()
    background.reopen()
    window = MainWindow(AppContext.create(database))
    try:
        window.show()
        if smoke:
            problems = check_sections(window)
            window.close()
            for problem in problems:
                print(f"wiec-desktop: {problem}", file=sys.stderr)
            return 1 if problems else 0
        QTimer.singleShot(0, window.offer_resume)
        start_privacy_preparation(window.statusBar())  # deduce's tables, off the UI thread
        return app.exec()
    finally:
        background.shutdown()  # work still running (the dashboard's figures) ends before the database
        hook.uninstall()
        window.context.database.close()
