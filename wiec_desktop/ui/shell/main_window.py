"""The main window: a sidebar of sections, a stack of pages, the File and Help menus.

The File menu opens and makes databases (a new one offers encryption first; an encrypted one asks
its passphrase unless it is kept in the keyring), and encrypts or decrypts the open database into
a NEW file or changes its passphrase; those copies run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

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
from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.common.style import STYLE_SHEET
from wiec_desktop.ui.shell.sections import SECTIONS, section_number

if TYPE_CHECKING:  # the rest is imported when first used: the shell shows without them
    from wiec_desktop.storage.database import Database
    from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
    from wiec_desktop.ui.assignments.taxonomy_dialog import TaxonomyDialog
    from wiec_desktop.ui.backups.window_backups import WindowBackups
    from wiec_desktop.ui.common.background import Runner
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.common.section_page import SectionPage
    from wiec_desktop.ui.handover.menu import HandoverMenu
    from wiec_desktop.ui.settings.preferences import Settings

FILE_FILTER = "WIEC-database (*.sqlite *.db)"
DEFAULT_SIZE = (1280, 800)


DEEP_CHECK_DELAY_MS = 500  # after the first page: the integrity checks a large file opened without
CLOSING_MESSAGE_MS = 15_000  # how long the status bar says what a closed meeting produced


class _MenuSlot:  # the names of QMenu's methods, which it stands in for
    """A place inside a menu: entries added through it go before ``marker`` (so the backups' and
    the handover's entries, made when a database is open, sit where they belong in the menu)."""

    def __init__(self, menu: QMenu, marker: QAction) -> None:
        self.menu = menu
        self.marker = marker

    def addAction(self, action: QAction) -> None:
        self.menu.insertAction(self.marker, action)

    def addSeparator(self) -> None:
        self.menu.insertSeparator(self.marker)

    def setToolTipsVisible(self, visible: bool) -> None:
        self.menu.setToolTipsVisible(visible)


class MainWindow(QMainWindow):
    """A thin shell: navigation, menus and the database switch; the pages do the work.

    Without ``context`` it is the empty shell shown at start (menus, sidebar, status bar, an empty
    first page); ``open_context`` then puts the database in it. A page is built when its section is
    first shown (``page(n)``); the sidebar lists every section from the start.
    """

    def __init__(
        self,
        context: AppContext | None = None,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._context: AppContext | None = None
        if settings is None:
            from wiec_desktop.ui.settings.preferences import Settings

            settings = context.settings if context is not None else Settings()
        self.settings = settings
        self.setWindowTitle(APP_NAME)
        self.setStyleSheet(STYLE_SHEET)
        self._pages: dict[int, SectionPage] = {}
        self.meeting_windows: list[QWidget] = []

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        for number, section in enumerate(SECTIONS, start=1):
            self.sidebar.addItem(section.title)
            self.sidebar.item(number - 1).setToolTip(f"{section.title} (Ctrl+{number})")
            self.stack.addWidget(self._placeholder(number - 1))
        self.sidebar.currentRowChanged.connect(self._section_changed)
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
        self._runner: Runner | None = None  # made with the first copy (it outlives the window)
        self.deep_check_runner: Runner | None = None  # the checks of a large file, after the first page
        self.backups: WindowBackups | None = None  # made with the first database
        self.handover: HandoverMenu | None = None
        self.progress: QProgressDialog | None = None
        self.passphrase_dialog: QDialog | None = None
        self._build_menus()
        from wiec_desktop.ui.search import install_search  # the toolbar's search box, Ctrl+K

        self.window_search = install_search(self)
        self.sidebar.setCurrentRow(0)
        self._restore_window()
        if context is not None:
            self.open_context(context)

    @property
    def context(self) -> AppContext:
        """The open database, its services and the settings (only once ``open_context`` ran)."""
        if self._context is None:
            raise RuntimeError("no database is open in the window yet")
        return self._context

    @property
    def has_database(self) -> bool:
        return self._context is not None

    def open_context(self, context: AppContext, *, page_first: bool = False) -> None:
        """Put the first database in the shell: status bar, title and menus for it, then the current
        section's page built and shown (it reads its data as it is shown). ``page_first`` (the
        start, ui/shell/app.py): the status bar's assignment is left for after the page's first
        paint (``show_current_assignment``)."""
        self._context = context
        self._database_opened(assignment_later=page_first)
        self._show_current_page()

    @property
    def runner(self) -> Runner:
        """Runs the slow copies (encrypt, decrypt, re-key) off the UI thread."""
        if self._runner is None:
            from wiec_desktop.ui.common.background import Runner

            self._runner = Runner()  # no parent: outlives the window while a copy still runs
            self._runner.finished.connect(self._copy_finished)
            self._runner.failed.connect(self._copy_failed)
        return self._runner

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
        self.import_updates_action = self._action(
            self.tr("Voortgang van &partners inlezen…"), None, self.import_partner_updates
        )
        file_menu.addAction(self.import_updates_action)
        self.audit_log_action = self._action(self.tr("&Logboek…"), None, self.show_audit_log)
        file_menu.addAction(self.audit_log_action)
        # Back-up maken, Herstellen… and Overdracht maken…, openen… come here with the first database
        self._database_entries = _MenuSlot(file_menu, file_menu.addSeparator())
        self.settings_action = self._action(
            self.tr("&Instellingen…"), QKeySequence("Ctrl+,"), self.show_settings
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = self._action(
            self.tr("&Afsluiten"), QKeySequence.StandardKey.Quit, self.close, needs_database=False
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Ga naar"))
        self.section_actions: list[QAction] = []
        for number, section in enumerate(SECTIONS):
            keys = QKeySequence(f"Ctrl+{number + 1}")
            action = self._action(
                plain(section.title), keys, lambda n=number: self.show_section(n), needs_database=False
            )
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
            self.tr("&Sneltoetsen…"), QKeySequence(Qt.Key.Key_F1), self.show_shortcuts, needs_database=False
        )
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        self.about_action = self._action(self.tr("&Over WIEC Desktop"), None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def show_shortcuts(self) -> None:
        """Help › Sneltoetsen (F1): every key of the main window's menus and of meeting mode."""
        from wiec_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog

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
        self.show_section(section_number("privacy"))
        page = self.page("privacy")
        page.erase_resident()  # type: ignore[attr-defined]

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        *,
        needs_database: bool = True,
    ) -> QAction:
        """A window action; one that ``needs_database`` does nothing while the shell waits for it."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if needs_database:
            action.triggered.connect(lambda _checked=False: slot() if self.has_database else None)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        if not self.has_database:
            self.recent_menu.addAction(self.tr("(geen)")).setEnabled(False)
            return
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

    def page(self, section: int | str) -> SectionPage:
        """The page of ``section`` (its sidebar number or key), built now if it was not yet."""
        number = section_number(section) if isinstance(section, str) else section
        built = self._pages.get(number)
        if built is not None:
            return built
        info = SECTIONS[number]
        page = info.factory(self.context, self.stack)
        page.setObjectName(f"page_{info.key}")
        self._replace_in_stack(number, page)
        self._pages[number] = page
        return page

    def is_built(self, section: int | str) -> bool:
        """Whether the page of ``section`` exists (it is built on its first visit)."""
        number = section_number(section) if isinstance(section, str) else section
        return number in self._pages

    def built_pages(self) -> list[SectionPage]:
        """The pages built so far, in sidebar order."""
        return [self._pages[number] for number in sorted(self._pages)]

    def _placeholder(self, number: int) -> QWidget:
        """The empty page that stands in the stack until the section's page is built."""
        placeholder = QWidget(self.stack)
        placeholder.setObjectName(f"placeholder_{SECTIONS[number].key}")
        return placeholder

    def _replace_in_stack(self, number: int, widget: QWidget) -> None:
        current = self.stack.currentIndex()
        old = self.stack.widget(number)
        self.stack.insertWidget(number, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.stack.setCurrentIndex(current)

    def _section_changed(self, number: int) -> None:
        if number < 0:
            return
        if self.has_database:
            self.page(number)
        self.stack.setCurrentIndex(number)

    def _show_current_page(self) -> None:
        self._section_changed(max(self.sidebar.currentRow(), 0))

    def _clear_pages(self) -> None:
        """Every built page goes (placeholders again): each is built anew on its next visit."""
        for number, page in sorted(self._pages.items()):
            self._replace_in_stack(number, self._placeholder(number))
            del self._pages[number]
            page.deleteLater()

    def refresh_pages(self) -> None:
        """Build the pages again (lists, filter choices, figures), staying on the same section: the
        current one now, the others when next visited."""
        self._clear_pages()
        self._show_current_page()
        self._pages_stale = False

    def show_section(self, number: int) -> None:
        self.sidebar.setCurrentRow(number)

    def current_page(self) -> SectionPage:
        return self.page(self.stack.currentIndex())

    def _new_record(self) -> None:
        """Ctrl+N: the current page's "new" (a new case on Casussen, a new organisation on Partners…)."""
        handler = getattr(self.current_page(), "new_record", None)
        if callable(handler):
            handler()

    def _focus_search(self) -> None:
        self.current_page().focus_search()

    # --- databases ---------------------------------------------------------------------------

    def new_database(self) -> None:
        from wiec_desktop.storage.database import needs_passphrase
        from wiec_desktop.storage.paths import data_dir
        from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphrasePurpose

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
        from wiec_desktop.storage.paths import data_dir

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
        from wiec_desktop.storage.errors import DatabaseDamaged, DatabaseMissing, StorageError
        from wiec_desktop.ui.shell.in_use import open_for_window

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
        from wiec_desktop.ui.shell.passphrase_dialog import open_encrypted

        return open_encrypted(path, self.exec_dialog, self)

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Show a passphrase dialog modally; True when accepted (``passphrase_dialog`` meanwhile)."""
        self.passphrase_dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.passphrase_dialog = None

    def _show_database(self, database: Database) -> None:
        from wiec_desktop.services.registry import Services
        from wiec_desktop.ui.common.context import AppContext

        old = self.context
        self._context = AppContext(
            database, Services(database.session_factory, old.services.today), old.settings
        )
        self._clear_pages()
        self._show_current_page()  # the others are built on their next visit
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
        from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphrasePurpose

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
        from wiec_desktop.storage.encryption import check_passphrase
        from wiec_desktop.storage.passphrase_store import remembered_passphrase
        from wiec_desktop.ui.shell.passphrase_dialog import NewPassphraseDialog, PassphrasePurpose

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
        from wiec_desktop.ui.common.errors import known_error_text

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
        from wiec_desktop.storage.passphrase_store import PassphraseStoreError, remember_passphrase

        try:
            remember_passphrase(path, passphrase)
        except PassphraseStoreError as exc:
            QMessageBox.warning(self, self.tr("Wachtwoordzin niet onthouden"), exc.message)

    # --- assignment, areas and themes ------------------------------------------------------------

    def show_assignments(self) -> AssignmentDialog:
        """Opdrachten beheren (window-modal); pages are refreshed when it closes after a change."""
        from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog

        dialog = self.assignment_dialog = AssignmentDialog(self.context, self)
        self._open_editor(dialog)
        return dialog

    def show_taxonomy(self) -> TaxonomyDialog:
        from wiec_desktop.ui.assignments.taxonomy_dialog import TaxonomyDialog

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
        from wiec_desktop.services.formatting import short_date

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

    def _database_opened(self, *, assignment_later: bool = False) -> None:
        from wiec_desktop.ui.shell.read_only_state import show_read_only_state

        if self.backups is None:  # the File menu's entries that need a database, made with the first
            from wiec_desktop.ui.backups.window_backups import WindowBackups
            from wiec_desktop.ui.handover import add_handover_actions

            self.backups = WindowBackups(self, self._database_entries)  # type: ignore[arg-type]
            self.handover = add_handover_actions(self, self._database_entries)  # type: ignore[arg-type]
        if not assignment_later:  # else the start shows it once the first page is painted
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
        assert self.backups is not None
        self.backups.database_opened()
        if database.deep_checks_pending:  # a large file: its integrity checks after the first page
            QTimer.singleShot(DEEP_CHECK_DELAY_MS, lambda db=database: self._check_deeply(db))

    def _check_deeply(self, database: Database) -> None:
        """The integrity checks a large file was opened without (storage/integrity), off the UI
        thread; a damaged file is said at once, with the way back to the newest good backup."""
        from wiec_desktop.storage import integrity
        from wiec_desktop.ui.common.background import Runner

        path = database.location.path
        if path is None or database is not self.context.database:
            return
        if self.deep_check_runner is None:
            self.deep_check_runner = Runner()
            self.deep_check_runner.finished.connect(self._deep_check_done)
            self.deep_check_runner.failed.connect(lambda _tag, _error: None)  # the next open checks again
        passphrase = database.passphrase
        self.deep_check_runner.run(database, lambda: integrity.problems(path, passphrase))

    def _deep_check_done(self, database: object, found: object) -> None:
        if database is not self.context.database or not found:
            return
        assert isinstance(found, list)
        shown = "\n".join(f"• {escape(problem)}" for problem in found)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Database beschadigd"), "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            self.tr(
                "Bij de controle van het bestand na het openen bleek het beschadigd:<br>{problems}<br><br>"
                "Wat u nu wijzigt, kan verloren gaan. Zet de nieuwste goede back-up terug "
                "(Bestand › Herstellen…)."
            ).format(problems=shown.replace("\n", "<br>"))
        )
        restore = box.addButton(self.tr("&Herstellen…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Later"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is restore and self.backups is not None:
            self.backups.show_restore()

    # --- meetings left running ----------------------------------------------------------------

    def offer_resume(self) -> list[QWidget]:
        """Offer to resume each meeting left in progress (the program or the machine stopped during
        it); returns the meeting-mode windows opened."""
        from wiec_desktop.services.formatting import long_date

        opened: list[QWidget] = []
        if not self.has_database or self.context.database.read_only:  # resuming writes: only there
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
        for page in self.built_pages():
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

    def import_partner_updates(self) -> QWidget:
        """Bestand › Voortgang van partners inlezen… (returned action lists, preview per action)."""
        from wiec_desktop.ui.followup.updates_dialog import UpdatesDialog

        dialog = UpdatesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.imported.connect(lambda _count: self.reload_lists())
        dialog.open()
        return dialog

    # --- help and window state ---------------------------------------------------------------

    def show_about(self) -> None:
        from wiec_desktop.storage.paths import log_dir

        if not self.has_database:
            return
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
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            width, height = DEFAULT_SIZE
            self.resize(min(width, available.width()), min(height, available.height()))
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.backups is not None:  # before the database closes; a failure is told, not in the way
            self.backups.back_up_on_close()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
