"""The main window: a sidebar of sections, a stack of pages, the File and Help menus.

The File menu opens and makes databases (a new one offers encryption first; an encrypted one asks
its passphrase unless it is kept in the keyring), and encrypts or decrypts the open database into
a NEW file or changes its passphrase; those copies run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from wiec_desktop import APP_NAME, __version__
from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database, needs_passphrase
from wiec_desktop.storage.encryption import check_passphrase
from wiec_desktop.storage.errors import DatabaseDamaged, DatabaseMissing, StorageError
from wiec_desktop.storage.passphrase_store import (
    PassphraseStoreError,
    remember_passphrase,
    remembered_passphrase,
)
from wiec_desktop.storage.paths import data_dir, log_dir
from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
from wiec_desktop.ui.assignments.taxonomy_dialog import TaxonomyDialog
from wiec_desktop.ui.backups.window_backups import WindowBackups
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import known_error_text
from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.common.style import STYLE_SHEET
from wiec_desktop.ui.shell.in_use import open_for_window
from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphrasePurpose, open_encrypted
from wiec_desktop.ui.shell.read_only_state import show_read_only_state
from wiec_desktop.ui.shell.sections import SECTIONS, SectionPage
from wiec_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog

FILE_FILTER = "WIEC-database (*.sqlite *.db)"
DEFAULT_SIZE = (1280, 800)


CLOSING_MESSAGE_MS = 15_000  # how long the status bar says what a closed meeting produced


class MainWindow(QMainWindow):
    """A thin shell: navigation, menus and the database switch; the pages do the work."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(APP_NAME)
        self.setStyleSheet(STYLE_SHEET)
        self.pages: list[SectionPage] = []
        self.meeting_windows: list[QWidget] = []

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        for number, section in enumerate(SECTIONS, start=1):
            self.sidebar.addItem(section.title)
            self.sidebar.item(number - 1).setToolTip(f"{section.title} (Ctrl+{number})")
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setFixedWidth(self._sidebar_width())

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.assignment_label = QLabel(self)
        self.assignment_label.setObjectName("assignmentStatus")
        self.assignment_label.setMinimumWidth(80)  # clipped rather than widening a narrow window
        self.assignment_label.setContentsMargins(0, 0, 16, 0)
        self.statusBar().addPermanentWidget(self.assignment_label)
        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label, 1)
        self.assignment_dialog: AssignmentDialog | None = None
        self.taxonomy_dialog: TaxonomyDialog | None = None
        self._pages_stale = False
        self.runner = Runner()  # no parent: outlives the window while a copy still runs
        self.runner.finished.connect(self._copy_finished)
        self.runner.failed.connect(self._copy_failed)
        self.progress: QProgressDialog | None = None
        self.passphrase_dialog: QDialog | None = None
        self._build_menus()
        self._build_pages()
        self.sidebar.setCurrentRow(0)
        self._database_opened()
        self._restore_window()

    def _sidebar_width(self) -> int:
        font = self.sidebar.font()
        font.setPointSizeF(11)
        metrics = QFontMetrics(font)
        return max(metrics.horizontalAdvance(section.title) for section in SECTIONS) + 48

    # --- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Bestand"))
        self.new_action = self._action(
            self.tr("&Nieuwe database…"),
            None,
            self.new_database,  # Ctrl+N: new record on the page
        )
        self.open_action = self._action(
            self.tr("Database &openen…"), QKeySequence.StandardKey.Open, self.open_database
        )
        self.new_record_action = self._action(
            self.tr("Nieuw &gegeven…"), QKeySequence.StandardKey.New, self._new_record
        )
        self.new_record_action.setToolTip(self.tr("Nieuwe casus, organisatie, … op de huidige pagina"))
        file_menu.addAction(self.new_record_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(self.tr("&Recente databases"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.encrypt_action = self._action(
            self.tr("&Versleutelen naar nieuw bestand…"), None, self.encrypt_database
        )
        self.decrypt_action = self._action(
            self.tr("Ont&sleutelen naar nieuw bestand…"), None, self.decrypt_database
        )
        self.change_passphrase_action = self._action(
            self.tr("&Wachtwoordzin wijzigen…"), None, self.change_passphrase
        )
        for action in (self.encrypt_action, self.decrypt_action, self.change_passphrase_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.import_addresses_action = self._action(
            self.tr("Adressen &importeren…"), None, self.import_addresses
        )
        file_menu.addAction(self.import_addresses_action)
        self.audit_log_action = self._action(self.tr("&Logboek…"), None, self.show_audit_log)
        file_menu.addAction(self.audit_log_action)
        self.backups = WindowBackups(self, file_menu)  # Back-up maken, Herstellen…; automatic backups
        from wiec_desktop.ui.handover import add_handover_actions

        self.handover = add_handover_actions(self, file_menu)  # Overdracht maken…, Overdracht openen…
        file_menu.addSeparator()
        self.settings_action = self._action(
            self.tr("&Instellingen…"), QKeySequence("Ctrl+,"), self.show_settings
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Afsluiten"), QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Ga naar"))
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS):
            keys = QKeySequence(f"Ctrl+{number + 1}")
            action = self._action(plain(section.title), keys, lambda n=number: self.show_section(n))
            go_menu.addAction(action)
            self.section_actions.append(action)
        go_menu.addSeparator()
        self.search_action = self._action(
            self.tr("&Zoeken"), QKeySequence.StandardKey.Find, self._focus_search
        )
        go_menu.addAction(self.search_action)

        self._build_assignment_menu()

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(
            self.tr("&Sneltoetsen…"), QKeySequence(Qt.Key.Key_F1), self.show_shortcuts
        )
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        self.about_action = self._action(self.tr("&Over WIEC Desktop"), None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def show_shortcuts(self) -> None:
        """Help › Sneltoetsen (F1): every key of the main window's menus and of meeting mode."""
        ShortcutsDialog(self.menuBar(), self).exec()

    def _build_assignment_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Opdracht"))
        self.assignments_action = self._action(self.tr("&Opdrachten beheren…"), None, self.show_assignments)
        self.taxonomy_action = self._action(self.tr("&Wijken en thema's…"), None, self.show_taxonomy)
        menu.addAction(self.assignments_action)
        menu.addAction(self.taxonomy_action)
        self.erase_resident_action = self._action(self.tr("Bewoner &wissen…"), None, self.erase_resident)
        menu.addSeparator()
        menu.addAction(self.erase_resident_action)

    def erase_resident(self) -> None:
        """Opdracht › Bewoner wissen…: the Privacy page with its erasure dialog (right to erasure)."""
        number = next(n for n, section in enumerate(SECTIONS) if section.key == "privacy")
        self.show_section(number)
        page = self.pages[number]
        page.erase_resident()  # type: ignore[attr-defined]

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.context.settings.recent_databases()
        for location in recent:
            action = self.recent_menu.addAction(plain(location))
            action.triggered.connect(
                lambda _checked=False, loc=location: self.switch_database(loc, create=False)
            )
        if not recent:
            self.recent_menu.addAction(self.tr("(geen)")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Lijst wissen"), self.context.settings.clear_recent_databases)

    # --- sections ----------------------------------------------------------------------------

    def _build_pages(self) -> None:
        for section in SECTIONS:
            page = section.factory(self.context, self.stack)
            page.setObjectName(f"page_{section.key}")
            self.pages.append(page)
            self.stack.addWidget(page)

    def _clear_pages(self) -> None:
        for page in self.pages:
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = []

    def refresh_pages(self) -> None:
        """Build the pages again (lists, filter choices, figures), staying on the same section."""
        section = self.stack.currentIndex()
        self._clear_pages()
        self._build_pages()
        self.show_section(section)
        self.stack.setCurrentIndex(section)
        self._pages_stale = False

    def show_section(self, number: int) -> None:
        self.sidebar.setCurrentRow(number)

    def current_page(self) -> SectionPage:
        return self.pages[self.stack.currentIndex()]

    def _new_record(self) -> None:
        """Ctrl+N: the current page's "new" (a new case on Casussen, a new organisation on Partners…)."""
        handler = getattr(self.current_page(), "new_record", None)
        if callable(handler):
            handler()

    def _focus_search(self) -> None:
        self.current_page().focus_search()

    # --- databases ---------------------------------------------------------------------------

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Nieuwe database"), str(data_dir() / "nieuw.sqlite"), self._file_filter()
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".sqlite")
        if needs_passphrase(target):  # an existing encrypted database was chosen: open it
            self.switch_database(str(target))
            return
        passphrase: str | None = None
        remember = False
        if not target.exists():  # a new file: encryption is offered first
            dialog = NewPassphraseDialog(PassphrasePurpose.NEW_DATABASE, self)
            if not self.exec_dialog(dialog):
                return
            passphrase, remember = dialog.chosen_passphrase(), dialog.remember.isChecked()
        if self.switch_database(str(target), create=True, passphrase=passphrase) and passphrase and remember:
            self._remember(target, passphrase)

    def open_database(self) -> None:
        start = self.context.database.location.path
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Database openen"), str(start.parent if start else data_dir()), self._file_filter()
        )
        if path:
            self.switch_database(path, create=False)

    def _file_filter(self) -> str:
        return self.tr("WIEC-database (*.sqlite *.db)")

    def switch_database(
        self, path_or_url: str, *, create: bool = False, passphrase: str | None = None
    ) -> bool:
        """Open another database and show it; on a known storage error keep the current one.
        An encrypted file without ``passphrase`` asks for it (Cancel: keep the current one)."""
        try:  # held by another instance: who, and read-only offered first (ui/shell/in_use.py)
            opened = open_for_window(
                path_or_url,
                self.exec_dialog,
                self,
                create=create,
                passphrase=passphrase,
                current=self.context.database,
            )
            if opened is None or opened is self.context.database:
                return opened is not None
            database = opened
        except DatabaseDamaged as exc:  # what is wrong; the newest good backup or another file
            from wiec_desktop.ui.shell.damaged_dialog import offer_damaged

            path = Path(str(path_or_url)).expanduser()
            known = passphrase or exc.passphrase  # typed in the passphrase dialog for an encrypted file
            restored = offer_damaged(path, exc, self.exec_dialog, self, passphrase=known)
            if restored is None:
                return False
            database = restored
        except StorageError as exc:
            QMessageBox.warning(self, self.tr("Database niet geopend"), exc.message)
            if isinstance(exc, DatabaseMissing):
                self.context.settings.remove_recent_database(str(path_or_url))
            return False
        self._show_database(database)
        return True

    def open_encrypted(self, path: Path) -> Database | None:
        """Open the encrypted ``path``: the kept passphrase, else the dialog; None when cancelled."""
        return open_encrypted(path, self.exec_dialog, self)

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Show a passphrase dialog modally; True when accepted (``passphrase_dialog`` meanwhile)."""
        self.passphrase_dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.passphrase_dialog = None

    def _show_database(self, database: Database) -> None:
        old = self.context
        section = self.stack.currentIndex()
        self.context = AppContext(
            database, Services(database.session_factory, old.services.today), old.settings
        )
        self._clear_pages()
        self._build_pages()
        self.show_section(section)
        self.stack.setCurrentIndex(section)
        old.database.close()
        self._database_opened()
        QTimer.singleShot(0, self.offer_resume)

    # --- encryption ------------------------------------------------------------------------------

    def encrypt_database(self) -> None:
        """Bestand › Versleutelen naar nieuw bestand…: an encrypted copy; this file is kept."""
        database = self.context.database
        source = database.location.path
        if source is None or database.encrypted:
            return
        target = self._new_file(self.tr("Versleutelen naar nieuw bestand"), source, "-versleuteld")
        if target is None:
            return
        dialog = NewPassphraseDialog(PassphrasePurpose.ENCRYPTED_COPY, self)
        if not self.exec_dialog(dialog):
            return
        passphrase = dialog.chosen_passphrase()
        assert passphrase is not None
        remember = dialog.remember.isChecked()
        self._start_copy(
            ("encrypt", target, passphrase, remember),
            lambda: database.encrypt_to(target, passphrase),
            self.tr("De versleutelde kopie wordt gemaakt…"),
        )

    def decrypt_database(self) -> None:
        """Bestand › Ontsleutelen naar nieuw bestand…: a plain copy; this file is kept."""
        database = self.context.database
        source = database.location.path
        if source is None or not database.encrypted:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Ontsleutelen naar nieuw bestand"),
            self.tr(
                "De kopie is niet versleuteld: iedereen die het bestand heeft, kan de persoonsgegevens "
                "erin lezen. Het versleutelde bestand blijft bestaan.\n\nWilt u doorgaan?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        target = self._new_file(self.tr("Ontsleutelen naar nieuw bestand"), source, "-onversleuteld")
        if target is None:
            return
        self._start_copy(
            ("decrypt", target, None, False),
            lambda: database.decrypt_to(target),
            self.tr("De onversleutelde kopie wordt gemaakt…"),
        )

    def change_passphrase(self) -> None:
        """Bestand › Wachtwoordzin wijzigen…: the current one is checked in the dialog first."""
        database = self.context.database
        path = database.location.path
        if path is None or not database.encrypted:
            return
        dialog = NewPassphraseDialog(
            PassphrasePurpose.CHANGE, self, check_current=lambda current: check_passphrase(path, current)
        )
        dialog.remember.setChecked(remembered_passphrase(path) is not None)
        if not self.exec_dialog(dialog):
            return
        old, new = dialog.current_passphrase(), dialog.chosen_passphrase()
        assert new is not None
        remember = dialog.remember.isChecked()
        self._start_copy(
            ("rekey", path, new, remember),
            lambda: database.change_passphrase(old, new),
            self.tr("De database wordt opnieuw versleuteld…"),
        )

    def _new_file(self, title: str, source: Path, suffix: str) -> Path | None:
        proposal = source.with_name(f"{source.stem}{suffix}{source.suffix or '.sqlite'}")
        path, _filter = QFileDialog.getSaveFileName(self, title, str(proposal), self._file_filter())
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".sqlite")
        if target.exists():  # the copy never replaces a file (the dialog may have asked already)
            QMessageBox.warning(
                self, title, self.tr("{name} bestaat al; kies een nieuw bestand.").format(name=target.name)
            )
            return None
        return target

    def _start_copy(self, tag: tuple[object, ...], work: Callable[[], object], text: str) -> None:
        """Run a slow copy (or re-encryption) off the UI thread behind a modal progress dialog."""
        progress = self.progress = QProgressDialog(text, "", 0, 0, self)
        progress.setWindowTitle(APP_NAME)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.runner.run(tag, work)

    def _end_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _copy_finished(self, tag: tuple[object, ...], _result: object) -> None:
        self._end_progress()
        kind, target, passphrase, remember = tag
        assert isinstance(target, Path)
        if kind == "rekey":
            assert isinstance(passphrase, str)
            if remember:
                self._remember(target, passphrase)
            else:
                from wiec_desktop.storage.passphrase_store import forget_passphrase

                forget_passphrase(target)
            self.statusBar().showMessage(self.tr("De wachtwoordzin is gewijzigd."), CLOSING_MESSAGE_MS)
            return
        if kind == "decrypt":
            QMessageBox.information(
                self,
                self.tr("Ontsleutelen naar nieuw bestand"),
                self.tr(
                    "De onversleutelde kopie staat in {path}.\n\nHet versleutelde bestand is niet gewijzigd. "
                    "Verwijder de kopie zodra u haar niet meer nodig hebt."
                ).format(path=target),
            )
            return
        assert isinstance(passphrase, str)
        if remember:
            self._remember(target, passphrase)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Versleutelen naar nieuw bestand"),
            self.tr(
                "De versleutelde kopie staat in {path}.\n\nHet oorspronkelijke bestand is niet gewijzigd: "
                "verwijder het zelf zodra u de kopie hebt geopend en gecontroleerd."
            ).format(path=target),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        open_button = box.addButton(self.tr("Kopie openen"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.switch_database(str(target), passphrase=passphrase)

    def _copy_failed(self, _tag: tuple[object, ...], error: BaseException) -> None:
        self._end_progress()
        text = known_error_text(error)
        if text is None and isinstance(error, OSError):
            text = self.tr("Het bestand kon niet worden geschreven: {reason}.").format(
                reason=error.strerror or type(error).__name__
            )
        if text is None:
            raise error
        QMessageBox.warning(self, self.tr("Niet gelukt"), text)

    def _remember(self, path: Path, passphrase: str) -> None:
        try:
            remember_passphrase(path, passphrase)
        except PassphraseStoreError as exc:
            QMessageBox.warning(self, self.tr("Wachtwoordzin niet onthouden"), exc.message)

    # --- assignment, areas and themes ------------------------------------------------------------

    def show_assignments(self) -> AssignmentDialog:
        """Opdrachten beheren (window-modal); pages are refreshed when it closes after a change."""
        dialog = self.assignment_dialog = AssignmentDialog(self.context, self)
        self._open_editor(dialog)
        return dialog

    def show_taxonomy(self) -> TaxonomyDialog:
        dialog = self.taxonomy_dialog = TaxonomyDialog(self.context, self)
        self._open_editor(dialog)
        return dialog

    def _open_editor(self, dialog: AssignmentDialog | TaxonomyDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.changed.connect(self._reference_data_changed)
        dialog.finished.connect(self._editor_closed)
        dialog.open()

    def _reference_data_changed(self) -> None:
        self._pages_stale = True
        self.show_current_assignment()

    def _editor_closed(self) -> None:
        self.assignment_dialog = self.taxonomy_dialog = None
        if self._pages_stale:
            self.refresh_pages()

    def show_current_assignment(self) -> None:
        """The status bar names the current assignment and how many of its days are left."""
        services = self.context.services
        current = services.assignments.current()
        if current is None:
            self.assignment_label.setText(self.tr("Geen huidige opdracht"))
            self.assignment_label.setToolTip(self.tr("Kies een opdracht via Opdracht › Opdrachten beheren…"))
            return
        progress = services.assignments.progress(current.id)
        title = current.title if len(current.title) <= 40 else current.title[:39].rstrip() + "…"
        self.assignment_label.setText(
            self.tr("Opdracht: {title} — {progress}").format(title=title, progress=progress.text())
        )
        self.assignment_label.setToolTip(
            self.tr("{title}\n{start} t/m {end}").format(
                title=current.title, start=short_date(current.start_date), end=short_date(current.end_date)
            )
        )

    def _database_opened(self) -> None:
        self.show_current_assignment()
        location = self.context.database.location.display()
        self.context.settings.remember_database(location)
        database = self.context.database
        if database.encrypted:
            self.database_label.setText(
                self.tr("Database: {location} (versleuteld)").format(location=location)
            )
        else:
            self.database_label.setText(self.tr("Database: {location}").format(location=location))
        is_file = database.location.path is not None
        self.encrypt_action.setEnabled(is_file and not database.encrypted)
        self.decrypt_action.setEnabled(database.encrypted)
        self.change_passphrase_action.setEnabled(database.encrypted)
        path = database.location.path
        self.setWindowTitle(f"{APP_NAME} — {path.name if path else location}")
        show_read_only_state(self, database)  # "— alleen-lezen" and the reason in the status bar
        self.backups.database_opened()

    # --- meetings left running ----------------------------------------------------------------

    def offer_resume(self) -> list[QWidget]:
        """Offer to resume each meeting left in progress (the program or the machine stopped during
        it); returns the meeting-mode windows opened."""
        opened: list[QWidget] = []
        if self.context.database.read_only:  # resuming writes: only where the meeting is written
            return opened
        for meeting in self.context.services.meeting_run.resumable_meetings():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Overleg hervatten"),
                self.tr(
                    "Het overleg ‘{title}’ van {date} is niet afgesloten.\n\n"
                    "Alles wat tijdens het overleg is getypt is bewaard. Wilt u verdergaan waar u "
                    "was gebleven?"
                ).format(title=meeting.title, date=long_date(meeting.date)),
                QMessageBox.StandardButton.NoButton,
                self,
            )
            resume = box.addButton(self.tr("Hervatten"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(resume)
            box.exec()
            if box.clickedButton() is resume:
                opened.append(self.open_meeting_mode(meeting.id))
        return opened

    def open_meeting_mode(self, meeting_id: int) -> QWidget:
        """Meeting mode for ``meeting_id`` (started or resumed), as its own window."""
        from wiec_desktop.ui.meeting_mode import open_meeting_mode

        window = open_meeting_mode(self.context, meeting_id, self)
        if window in self.meeting_windows:  # already open on this meeting: raised, not a second one
            return window
        self.meeting_windows.append(window)
        window.closed_meeting.connect(lambda _meeting_id: self.reload_lists())
        window.closing_result.connect(self._show_closing_result)
        window.destroyed.connect(lambda *_: self._forget_meeting_window(window))
        return window

    def _show_closing_result(self, _meeting_id: int, text: str) -> None:
        """What a closed meeting produced, in the status bar (meeting mode closes without a box)."""
        self.statusBar().showMessage(text, CLOSING_MESSAGE_MS)

    def _forget_meeting_window(self, window: QWidget) -> None:
        if window in self.meeting_windows:
            self.meeting_windows.remove(window)

    def reload_lists(self) -> None:
        """Read every list again, keeping filters and selection (after a meeting changed data)."""
        for page in self.pages:
            for list_page in page.lists:
                if list_page.model.loaded:
                    list_page.reload()

    def show_settings(self) -> QWidget:
        """Bestand › Instellingen… (e-mail, Word-sjabloon, map voor verslagen), window-modal."""
        from wiec_desktop.ui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def show_audit_log(self) -> QWidget:
        """Bestand › Logboek… (read-only, with the hash chain's state), window-modal."""
        from wiec_desktop.ui.audit.log_dialog import AuditLogDialog

        dialog = AuditLogDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def import_addresses(self) -> QWidget:
        """Bestand › Adressen importeren… (CSV or Excel, with a preview of rejected rows)."""
        from wiec_desktop.ui.inventory.address_import import AddressImportDialog

        dialog = AddressImportDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.imported.connect(lambda _count: self.reload_lists())
        dialog.open()
        return dialog

    # --- help and window state ---------------------------------------------------------------

    def show_about(self) -> None:
        text = self.tr(
            "<h3>{app} {version}</h3>"
            "<p>Casusregister, overleggen en verslagen voor de onafhankelijk voorzitter.</p>"
            "<p><b>Database:</b> {database}{encrypted}<br><b>Logbestanden:</b> {logs}</p>"
        ).format(
            app=APP_NAME,
            version=__version__,
            encrypted=self.tr(" (versleuteld)") if self.context.database.encrypted else "",
            database=escape(self.context.database.location.display()),
            logs=escape(str(log_dir())),
        )
        QMessageBox.about(self, self.tr("Over WIEC Desktop"), text)

    def _restore_window(self) -> None:
        geometry = self.context.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            width, height = DEFAULT_SIZE
            self.resize(min(width, available.width()), min(height, available.height()))
        state = self.context.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.backups.back_up_on_close()  # before the database closes; a failure is told, not in the way
        self.context.settings.save_window(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
