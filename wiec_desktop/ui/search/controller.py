"""Search in the window: the toolbar box, its popup, the keys, and opening what was found.

Typing searches after a short pause (``DEBOUNCE_MS``) off the UI thread; only the answer to the
newest query is shown. With the box focused and empty the popup lists the recent searches. Ctrl+K
(Ga naar › Zoeken in alles…) focuses the box from anywhere in the window, also from a text field
that would otherwise take Ctrl+K itself; Ctrl+F stays the page's own filter and comes here on
pages that have none.

Only the toolbar and the box are made with the window: the popup, its model and delegate, and the
search contract are imported when first needed, so that they cost the window's start nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QMenu, QSizePolicy, QToolBar, QWidget

from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.search.box import GlobalSearchBox

if TYPE_CHECKING:
    from wiec_desktop.services.search.model import SearchHit, SearchResults
    from wiec_desktop.ui.search.popup import ResultsPopup
    from wiec_desktop.ui.search.results_model import ResultRow

DEBOUNCE_MS = 150
MESSAGE_MS = 6000  # how long the status bar keeps "filters cleared"


class SearchBackend(Protocol):
    """What the window needs of ``services.search``."""

    def search(self, text: str, *, limit_per_kind: int = ...) -> SearchResults: ...

    def remember(self, text: str) -> None: ...

    def recent(self) -> list[str]: ...

    def forget_recent(self) -> None: ...


class WindowSearch(QObject):
    """The search of one main window (``install_search`` makes it)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.toolbar = QToolBar(self.tr("Zoeken"), window)
        self.toolbar.setObjectName("searchToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.toggleViewAction().setVisible(False)  # not hidden by a right click by accident
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.box = GlobalSearchBox(self.toolbar)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.box)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self._popup: ResultsPopup | None = None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.runner = Runner()  # no parent: a search still running when the window goes is dropped
        self.runner.finished.connect(self._answered)
        self.runner.failed.connect(self._failed)
        self._asked = 0  # the number of the newest search; older answers are dropped
        self._shown_text: str | None = None  # the text whose results the popup holds
        self._open_first = False  # Enter came before the answer: open its first hit
        self._quiet = False  # clearing by Escape: no recent searches popping up

        self.box.textChanged.connect(self._text_changed)
        self.box.step.connect(self._step)
        self.box.accepted.connect(self._accept)
        self.box.escaped.connect(self._escape)
        self.box.focused.connect(self._focused)
        self.box.left.connect(self._hide)
        self.action = self._add_menu_action()
        self._ctrl_k = _CtrlKFirst(window)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._ctrl_k)
        find = getattr(window, "search_action", None)
        if isinstance(find, QAction):  # after the page's Ctrl+F: here when the page has no filter box
            find.triggered.connect(self._after_page_find)

    @property
    def popup(self) -> ResultsPopup:
        """The results popup, made the first time it is needed."""
        if self._popup is None:
            from wiec_desktop.ui.search.popup import ResultsPopup

            self._popup = ResultsPopup(self.box, self.window)
            self._popup.chosen.connect(self.open_row)
        return self._popup

    def _popup_open(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def _hide(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    # --- the service ----------------------------------------------------------------------------

    def backend(self) -> SearchBackend | None:
        """The open database's search service (the window's context changes with the database);
        None while the window has no database yet."""
        context = self._context()
        return None if context is None else getattr(context.services, "search", None)

    def _context(self) -> Any:
        if not getattr(self.window, "has_database", True):  # the empty shell shown at start
            return None
        return self.window.context  # type: ignore[attr-defined]

    # --- the menu and the keys ------------------------------------------------------------------

    def _add_menu_action(self) -> QAction:
        """Ga naar › Zoeken in alles… (Ctrl+K), after Ga naar › Zoeken (so Help › Sneltoetsen lists it)."""
        action = QAction(self.tr("Zoeken in &alles…"), self.window)
        action.setShortcut(QKeySequence("Ctrl+K"))
        action.triggered.connect(lambda _checked=False: self.focus_box())
        self.window.addAction(action)  # works while the menu bar is hidden
        find = getattr(self.window, "search_action", None)
        for top in self.window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu) and find in menu.actions():
                following = menu.actions()[menu.actions().index(find) + 1 :]
                if following:
                    menu.insertAction(following[0], action)
                else:
                    menu.addAction(action)
                break
        return action

    def focus_box(self) -> None:
        """Ctrl+K: the box focused with its text selected (the last results, or the recent searches)."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self._focused()

    def _after_page_find(self) -> None:
        focus = QApplication.focusWidget()
        if not isinstance(focus, QLineEdit) or focus.window() is not self.window:
            self.focus_box()

    # --- typing ---------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self._open_first = False
        if text.strip():
            self.timer.start()
            return
        self.timer.stop()
        self._asked += 1  # an answer still on its way is for a text no longer there
        self._shown_text = None
        if self._quiet or not self.box.hasFocus():
            self._hide()
        else:
            self.show_recent()

    def search_now(self) -> None:
        """Run the search for the box's text now (the pause after typing ends here)."""
        from wiec_desktop.services.search.model import DEFAULT_LIMIT_PER_KIND

        self.timer.stop()
        text = self.box.text().strip()
        backend = self.backend()
        if not text or backend is None:
            return
        self._asked += 1
        self.runner.run(
            (self._asked, self._context(), text),
            lambda: backend.search(text, limit_per_kind=DEFAULT_LIMIT_PER_KIND),
        )

    def _current(self, tag: tuple[int, object, str]) -> bool:
        number, context, text = tag
        return number == self._asked and context is self._context() and text == self.box.text().strip()

    def _answered(self, tag: tuple[int, object, str], results: SearchResults) -> None:
        from wiec_desktop.ui.search.results_model import result_rows

        if not self._current(tag):
            return
        text = tag[2]
        if results.query.is_empty:  # only exclusions: nothing to look for yet
            self._shown_text = None
            self.popup.model.set_rows([])
            self._hide()
            return
        self._show_rows(result_rows(results, text), text)
        if self._open_first:
            self._open_first = False
            first = self.popup.model.first_row()
            if first is not None:
                self.open_row(first)

    def _failed(self, tag: tuple[int, object, str], error: BaseException) -> None:
        from wiec_desktop.ui.common.errors import known_error_text
        from wiec_desktop.ui.search.results_model import ResultRow, RowKind

        if not self._current(tag):
            return
        text = known_error_text(error)
        if text is None:
            raise error
        self._show_rows([ResultRow(RowKind.MESSAGE, text)], None)

    def _show_rows(self, rows: list[ResultRow], text: str | None) -> None:
        self._shown_text = text
        popup = self.popup
        popup.model.set_rows(rows)
        popup.set_current_row(None)
        if self.box.hasFocus():  # an answer after the chair went elsewhere stays out of the way
            popup.open()

    def show_recent(self) -> None:
        """The recent searches under the empty box (none: no popup)."""
        from wiec_desktop.ui.search.results_model import recent_rows

        backend = self.backend()
        rows = recent_rows(list(backend.recent())) if backend is not None else []
        if not rows and self._popup is None:
            return
        self._show_rows(rows, None)
        if not rows:
            self._hide()

    def _focused(self) -> None:
        if self._quiet:
            return
        text = self.box.text().strip()
        if not text:
            self.show_recent()
        elif text == self._shown_text and self.popup.model.rows:
            self.popup.open()
        else:
            self.search_now()

    # --- keys in the box ------------------------------------------------------------------------

    def _step(self, step: int) -> None:
        if not self._popup_open():
            self._focused()
            return
        self.popup.step(step)

    def _accept(self) -> None:
        """Enter: the current row; without one the first hit (once the answer is in)."""
        row = self.popup.current_row() if self._popup_open() else None
        if row is not None:
            self.open_row(row)
            return
        text = self.box.text().strip()
        if not text:
            return
        if text == self._shown_text and not self.timer.isActive():
            first = self.popup.model.first_row()
            if first is not None:
                self.open_row(first)
            else:
                self.popup.open()
            return
        self._open_first = True
        self.search_now()

    def _escape(self) -> None:
        """Escape closes the results; the next clears the box; the next goes back to the page."""
        if self._popup_open():
            self._hide()
            return
        if self.box.text():
            self._quiet = True
            try:
                self.box.clear()
            finally:
                self._quiet = False
            return
        page = self.window.current_page()  # type: ignore[attr-defined]
        lists = [view for view in (p.view for p in getattr(page, "lists", [])) if view.isVisible()]
        if lists:
            lists[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            page.focusNextChild()

    # --- opening --------------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        """Open a hit (in its page), run a recent search, or forget the recent searches."""
        from wiec_desktop.ui.search.results_model import RowKind

        item = self.popup.model.row_at(row)
        if item is None:
            return
        if item.kind == RowKind.RECENT:
            self.box.setText(item.text)
            self.box.setFocus(Qt.FocusReason.OtherFocusReason)
            self.search_now()
        elif item.kind == RowKind.FORGET:
            self._forget_recent()
        elif item.hit is not None:
            self.open(item.hit)

    def open(self, hit: SearchHit) -> None:
        """Show ``hit`` in its page; the search is remembered among the recent ones."""
        from wiec_desktop.services.validation import NotFound
        from wiec_desktop.ui.search.opening import open_hit

        self._hide()
        self._remember(self.box.text().strip())
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a hit far down a long list takes a moment
        try:
            cleared = open_hit(self.window, hit)  # type: ignore[arg-type]
        except NotFound:  # deleted since the search
            self.window.statusBar().showMessage(
                self.tr("Dit gegeven bestaat niet meer; zoek opnieuw."), MESSAGE_MS
            )
            return
        finally:
            QApplication.restoreOverrideCursor()
        if cleared:
            self.window.statusBar().showMessage(
                self.tr("Filter gewist: de filters van de lijst verborgen wat u zocht."), MESSAGE_MS
            )

    def _forget_recent(self) -> None:
        """ "Lijst wissen" under the recent searches: the database forgets them."""
        self._hide()
        self._write(lambda backend: backend.forget_recent())

    def _remember(self, text: str) -> None:
        if text:
            self._write(lambda backend: backend.remember(text))

    def _write(self, change: Any) -> None:
        """Remember or forget recent searches; not on a read-only database, and a storage refusal
        is told in the status bar rather than standing in the way."""
        from wiec_desktop.ui.common.errors import known_error_text

        backend = self.backend()
        if backend is None or getattr(self._context().database, "read_only", False):
            return
        try:
            change(backend)
        except Exception as error:
            text = known_error_text(error)
            if text is None:
                raise
            self.window.statusBar().showMessage(text, MESSAGE_MS)


class _CtrlKFirst(QObject):
    """Lets Ctrl+K reach the window's shortcut from a text field too (a line edit would take it as
    'delete to the end of the line' on Linux and macOS)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_K
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            event.ignore()  # not overridden: the shortcut fires
            return True
        return False
