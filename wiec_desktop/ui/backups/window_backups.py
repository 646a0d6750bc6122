"""The main window's backups: automatic ones (on close, and once a day while the window is open),
Bestand › Back-up maken (Ctrl+Shift+B) and Bestand › Herstellen….

Every backup goes to the folder chosen in Instellingen, or to the default folder when none was
chosen — or when the chosen one cannot be written (an external disk not plugged in): then the status
bar says so. Each is verified and followed by the rotation (``storage.backups.back_up_and_rotate``),
off the UI thread with a busy indicator in the status bar; only the backup on close runs on the UI
thread, because the database is closed right after it (a failure is told; the window still closes).
A database server has no file backups: both entries are disabled with a tooltip saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QMessageBox, QProgressBar, QWidget

from wiec_desktop.storage import encryption
from wiec_desktop.storage.backups import (
    BackupMade,
    back_up_and_rotate,
    folder_problem,
    integrity_problem,
    make_backup,
    restore,
)
from wiec_desktop.storage.database import Database, open_database
from wiec_desktop.storage.errors import StorageError
from wiec_desktop.storage.paths import default_backup_dir
from wiec_desktop.storage.writer_lock import WriterLock
from wiec_desktop.ui.common import background
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.errors import known_error_text

if TYPE_CHECKING:
    from wiec_desktop.ui.backups.restore_dialog import RestoreDialog  # made when asked for
    from wiec_desktop.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 2 * 60_000  # the first daily backup at most two minutes after the window opens
CHECK_INTERVAL_MS = 15 * 60_000  # then: is there one of today? (so one a day, also past midnight)
DONE_MESSAGE_MS = 8_000
WHERE_MESSAGE_MS = 20_000
WAIT_AT_CLOSE_MS = 60_000
MANUAL, DAILY = "manual", "daily"


class BackupIndicator(QWidget):
    """In the status bar while a backup is made ("Back-up maken…" and a busy bar), and after an
    automatic one failed ("Back-up mislukt", the reason in its tooltip) until the next succeeds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupIndicator")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(72)
        self.bar.setMaximumHeight(12)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 12, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        self.hide()

    def show_busy(self) -> None:
        self.label.setText(self.tr("Back-up maken…"))
        self.label.setStyleSheet("")
        self.setToolTip("")
        self.bar.show()
        self.show()

    def show_problem(self, reason: str) -> None:
        self.label.setText(self.tr("Back-up mislukt"))
        self.label.setStyleSheet("color: #b42318; font-weight: bold;")
        self.setToolTip(reason)
        self.bar.hide()
        self.show()

    def clear(self) -> None:
        self.hide()


class WindowBackups(QObject):
    """Owns the two menu entries, the daily timer, the status-bar indicator and the restore flow."""

    def __init__(self, window: MainWindow, menu: QMenu, clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock  # tests move it on to see the rotation
        self.busy = False
        self.restore_dialog: RestoreDialog | None = None
        self.runner = Runner()  # no parent: a backup still running outlives the window
        self._connect(self.runner)

        self.make_action = QAction(self.tr("&Back-up maken"), window)
        self.make_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.make_action.triggered.connect(lambda _checked=False: self.back_up_now())
        self.restore_action = QAction(self.tr("&Herstellen…"), window)
        self.restore_action.triggered.connect(lambda _checked=False: self.show_restore())
        for action in (self.make_action, self.restore_action):
            window.addAction(action)  # the key works while the menu bar is hidden too
        menu.addSeparator()
        menu.addAction(self.make_action)
        menu.addAction(self.restore_action)
        menu.setToolTipsVisible(True)  # the reason a disabled entry gives

        self.indicator = BackupIndicator(window.statusBar())
        window.statusBar().addPermanentWidget(self.indicator)
        self.first_check = QTimer(self)
        self.first_check.setSingleShot(True)
        self.first_check.setInterval(FIRST_CHECK_MS)
        self.first_check.timeout.connect(self.daily_check)
        self.daily = QTimer(self)
        self.daily.setInterval(CHECK_INTERVAL_MS)
        self.daily.timeout.connect(self.daily_check)

    def use_runner(self, runner: Runner) -> None:
        """Run the backups on ``runner`` (tests: ``SynchronousRunner``)."""
        self.runner = runner
        self._connect(runner)

    def _connect(self, runner: Runner) -> None:
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)

    # --- the open database ---------------------------------------------------------------------

    @property
    def database(self) -> Database:
        return self.window.context.database

    def folders(self) -> tuple[Path | None, Path]:
        """The chosen backup folder (None: none chosen) and the default one."""
        return self.window.context.settings.backup_folder(), default_backup_dir()

    def database_opened(self) -> None:
        """After a database was opened in the window: the entries' state and the daily timer."""
        database = self.database
        is_file = database.location.path is not None
        read_only = bool(getattr(database, "read_only", False))
        self.make_action.setEnabled(is_file)
        self.restore_action.setEnabled(is_file and not read_only)
        if not is_file:
            tip = self.tr(
                "Een databaseserver wordt op de server zelf geback-upt; WIEC Desktop maakt alleen "
                "back-ups van een databasebestand."
            )
            self.make_action.setToolTip(tip)
            self.restore_action.setToolTip(tip)
        else:
            self.make_action.setToolTip(self.tr("Nu een gecontroleerde back-up maken in de back-upmap"))
            self.restore_action.setToolTip(
                self.tr("De database is alleen-lezen geopend en kan niet worden teruggezet.")
                if read_only
                else self.tr("Een back-up terugzetten; de huidige stand wordt eerst bewaard")
            )
        self.first_check.stop()
        self.daily.stop()
        if is_file and not read_only:  # a read-only copy does not change: nothing new to back up
            self.first_check.start()
            self.daily.start()

    # --- making backups ------------------------------------------------------------------------

    def back_up_now(self) -> None:
        """Bestand › Back-up maken: one now; the status bar says where it is."""
        if self.database.location.path is None:
            return
        if self.busy:
            self.window.statusBar().showMessage(self.tr("Er wordt al een back-up gemaakt…"), DONE_MESSAGE_MS)
            return
        self._start(MANUAL)

    def daily_check(self) -> None:
        """The timer's: a backup unless the folder has one of today already."""
        if not self.busy and self.database.location.path is not None:
            self._start(DAILY)

    def _start(self, kind: str) -> None:
        database = self.database
        chosen, default = self.folders()
        now = self.clock()
        self.busy = True
        self.indicator.show_busy()
        self.runner.run(
            (kind, id(database)),
            lambda: back_up_and_rotate(database, chosen, default, now, unless_made_today=kind == DAILY),
        )

    def _finished(self, tag: object, made: object) -> None:
        if not (isinstance(tag, tuple) and tag[0] in (MANUAL, DAILY)):
            return  # the restore dialog's list
        self.busy = False
        self.indicator.clear()
        assert isinstance(made, BackupMade)
        status = self.window.statusBar()
        if made.path is None:
            return
        if made.fallback:
            status.showMessage(
                self.tr(
                    "De gekozen back-upmap is niet bruikbaar ({problem}); de back-up staat in de "
                    "standaardmap: {path}"
                ).format(problem=made.fallback, path=made.path),
                WHERE_MESSAGE_MS,
            )
        elif tag[0] == MANUAL:
            status.showMessage(
                self.tr("Back-up gemaakt en gecontroleerd: {path}").format(path=made.path), WHERE_MESSAGE_MS
            )
        else:
            status.showMessage(
                self.tr("Automatische back-up gemaakt: {path}").format(path=made.path), DONE_MESSAGE_MS
            )

    def _failed(self, tag: object, error: BaseException) -> None:
        if not (isinstance(tag, tuple) and tag[0] in (MANUAL, DAILY)):
            return
        self.busy = False
        text = self._failure_text(error)
        log.warning("Back-up niet gemaakt: %s", type(error).__name__)
        if tag[0] == MANUAL:
            self.indicator.clear()
            QMessageBox.warning(self.window, self.tr("Back-up niet gemaakt"), text)
            return
        self.indicator.show_problem(text)
        self.window.statusBar().showMessage(
            self.tr("De automatische back-up is niet gelukt: {reason}").format(reason=text), WHERE_MESSAGE_MS
        )

    def _failure_text(self, error: BaseException) -> str:
        text = known_error_text(error)
        if text is not None:
            return text
        if isinstance(error, OSError):
            return self.tr("De back-up kon niet worden geschreven: {reason}.").format(
                reason=error.strerror or type(error).__name__
            )
        return self.tr("De back-up kon niet worden gemaakt ({kind}).").format(kind=type(error).__name__)

    def back_up_on_close(self) -> BackupMade | None:
        """The closeEvent's: a backup before the database closes (on the UI thread, after any
        backup still running); a failure is told in a box, and the window closes all the same."""
        self.first_check.stop()
        self.daily.stop()
        database = self.database
        if database.location.path is None or getattr(database, "read_only", False):
            return None
        if database.encrypted and database.passphrase is None:
            return None  # closed already (the passphrase goes at close): nothing to copy from
        if self.busy:
            self.runner.wait(WAIT_AT_CLOSE_MS)
        chosen, default = self.folders()
        self.indicator.show_busy()
        self.window.statusBar().repaint()
        try:
            return back_up_and_rotate(database, chosen, default, self.clock())
        except Exception as error:  # told, never in the way of closing
            log.warning("Back-up bij afsluiten niet gemaakt: %s", type(error).__name__)
            QMessageBox.warning(
                self.window,
                self.tr("Back-up niet gemaakt"),
                self.tr(
                    "De back-up bij het afsluiten is niet gelukt: {reason}\n\n"
                    "Het programma wordt toch gesloten."
                ).format(reason=self._failure_text(error)),
            )
            return None
        finally:
            self.indicator.clear()

    # --- restoring -----------------------------------------------------------------------------

    def show_restore(self) -> RestoreDialog | None:
        """Bestand › Herstellen…: the list of backups (window-modal, read off the UI thread)."""
        database = self.database
        path = database.location.path
        if path is None:
            return None
        chosen, default = self.folders()
        folders = [chosen, default] if chosen is not None and chosen.is_dir() else [default]
        from wiec_desktop.ui.backups.restore_dialog import RestoreDialog

        dialog = RestoreDialog(
            folders, path, database.passphrase, self.runner, self.window.context.settings, self.window
        )
        self.restore_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.restore_chosen.connect(self.restore_from)
        dialog.finished.connect(lambda _result: self._restore_dialog_closed(dialog))
        dialog.open()
        dialog.load()
        return dialog

    def _restore_dialog_closed(self, dialog: RestoreDialog) -> None:
        if self.restore_dialog is dialog:
            self.restore_dialog = None

    def restore_from(self, backup: Path) -> bool:
        """Put ``backup`` back after a confirmation: checked first (a damaged one is refused with
        its reason and nothing changes), the current state kept as a backup ('stand vóór herstel'),
        the database closed, the file replaced under the writer lock, and opened again."""
        window = self.window
        database = self.database
        path = database.location.path
        parent: QWidget = self.restore_dialog or window
        title = self.tr("Herstellen")
        if path is None:
            return False
        if window.meeting_windows:
            QMessageBox.warning(
                parent, title, self.tr("Sluit eerst de vergadermodus; daarna kunt u een back-up terugzetten.")
            )
            return False
        previous_passphrase = database.passphrase
        passphrase = previous_passphrase if encryption.is_encrypted_file(backup) else None
        problem = integrity_problem(backup, passphrase)
        if problem:
            QMessageBox.warning(
                parent,
                self.tr("Niet hersteld"),
                self.tr("Deze back-up is niet in orde ({problem}); de database is niet gewijzigd.").format(
                    problem=problem
                ),
            )
            return False
        answer = QMessageBox.question(
            parent,
            title,
            self.tr(
                "De database {name} wordt teruggezet naar de back-up {backup}. Wat sindsdien is "
                "gewijzigd, staat daarna niet meer in de database.\n\nDe huidige stand wordt eerst zelf "
                "als back-up bewaard (‘stand vóór herstel’).\n\nWilt u doorgaan?"
            ).format(name=path.name, backup=backup.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        chosen, default = self.folders()
        folder = chosen if chosen is not None and folder_problem(chosen) is None else default
        try:
            safety = make_backup(database, folder, self.clock(), aside=True)
        except Exception as error:
            QMessageBox.warning(
                parent,
                self.tr("Niet hersteld"),
                self.tr(
                    "De huidige stand kon niet eerst worden bewaard: {reason}\n\n"
                    "De database is niet gewijzigd."
                ).format(reason=self._failure_text(error)),
            )
            return False
        if self.restore_dialog is not None:
            self.restore_dialog.accept()
        self._stop_work()
        database.close()
        failure: str | None = None
        try:
            lock = WriterLock(path)
            try:
                restore(backup, path, folder, passphrase, make_safety_copy=lambda: safety)
            finally:
                lock.release()
        except StorageError as error:
            failure = error.message
        reopened = self._reopen(path, previous_passphrase if failure else passphrase)
        if failure is not None:
            QMessageBox.warning(window, self.tr("Niet hersteld"), failure)
            return False
        if reopened:
            QMessageBox.information(
                window,
                title,
                self.tr(
                    "De database is teruggezet naar de back-up {backup}.\n\nDe stand van vóór het herstel "
                    "is bewaard als {safety}."
                ).format(backup=backup.name, safety=safety),
            )
        return reopened

    def _reopen(self, path: Path, passphrase: str | None) -> bool:
        """Open ``path`` again in the window (the window's own switch would see the same location
        and keep the closed database)."""
        try:
            database = open_database(path, passphrase=passphrase)
        except StorageError as error:
            QMessageBox.warning(self.window, self.tr("Database niet geopend"), error.message)
            return False
        self.window._show_database(database)
        return True

    def _stop_work(self) -> None:
        """Before the database closes: no timer, no backup and no page's work still running."""
        self.first_check.stop()
        self.daily.stop()
        if self.busy:
            self.runner.wait(WAIT_AT_CLOSE_MS)
        background.shutdown()
