"""The columns of a table: wide enough for their titles and short values, one column (a title or a
description) taking what room is left so that the table fits its place without scrolling sideways,
and — once the chair drags a column, sorts, or picks columns — the widths, columns and sort order
kept for next time.

In a narrow window the columns that matter least give way (``give_way``: column → rank, the
highest hidden first) instead of the table scrolling sideways; the detail pane shows what they
held, and a right click on the header shows or hides any column ("Standaardindeling" forgets the
chair's choices).

``fit_columns(view, key, settings, stretch=…, give_way=…)`` sets this up for one table; ``key``
names the table in the settings (``"cases"``, ``"meeting_mode/attendance"``…).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from wiec_desktop.ui.common.labels import plain
from wiec_desktop.ui.settings.preferences import Settings

MAX_WIDTH = 260  # a column of short values is never made wider than this by the fitting
ROWS_MEASURED = 60  # values looked at to size a column (the first ones loaded)
PADDING = 14  # room beside the text in a cell
SAVE_DELAY_MS = 400


class ColumnFitter(QObject):
    """Keeps one table's columns fitted (see the module docstring). Lives as the view's child."""

    def __init__(
        self,
        view: QTableView,
        key: str,
        settings: Settings | None,
        stretch: int | None = None,
        give_way: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.key = key
        self.settings = settings
        self.stretch = stretch
        self.give_way = dict(give_way or {})
        self.chosen = False  # the chair has set widths or columns themselves: keep them
        self.given_way: set[int] = set()  # columns hidden for want of room (not by the chair)
        self._widths: dict[int, int] = {}  # what each column needs, from the last measuring
        self._hidden_by_program: set[int] = set()  # hidden before the chair saw the table
        self._fitting = False
        self._restored = False
        view.setProperty("stretchColumn", stretch)  # may elide its text (the layout check knows)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(lambda *_: self._save_timer.start())
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        view.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            model.modelReset.connect(self.refit)
            model.layoutChanged.connect(self.refit)
            model.rowsInserted.connect(self._rows_inserted)
        QTimer.singleShot(0, self, self.refit)  # cancelled with the view

    # --- fitting -----------------------------------------------------------------------------

    def refit(self) -> None:
        """Restore the chair's widths once, else size the columns to their contents and the room."""
        model = self.view.model()
        if model is None or model.columnCount() == 0:
            return
        if not self._restored:
            self._restored = True
            self._hidden_by_program = {c for c in range(model.columnCount()) if self.view.isColumnHidden(c)}
            if self._restore() and self.chosen:
                return
        if self.chosen:
            return
        self._fitting = True
        try:
            self._measure()
            for column, width in self._widths.items():
                if column != self.stretch:
                    self.view.horizontalHeader().resizeSection(column, width)
            self._fill_room()
        finally:
            self._fitting = False

    def _measure(self) -> None:
        """What each column needs for its title and its first values (at most ``MAX_WIDTH``)."""
        model = self.view.model()
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        arrow = _sort_arrow(header)
        rows = min(model.rowCount(), ROWS_MEASURED)
        read = getattr(model, "first_rows_read", None)  # a list read by pages: only the rows read
        if read is not None:
            rows = min(rows, read())
        self._widths = {}
        for column in range(model.columnCount()):
            if self.view.isColumnHidden(column) and column not in self.given_way:
                continue
            width = self._title_width(column) + arrow
            if column != self.stretch:
                for row in range(rows):
                    value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
                    if value is not None:
                        text = str(value).split("\n", 1)[0]
                        width = max(width, metrics.horizontalAdvance(text) + PADDING)
            self._widths[column] = min(width, MAX_WIDTH)

    def _title_width(self, column: int) -> int:
        title = self.view.model().headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        return self.view.horizontalHeader().fontMetrics().horizontalAdvance(str(title or "")) + PADDING

    def _fill_room(self) -> None:
        """Let the least important columns give way until the rest fits, then give the stretch
        column (or the last one) the room the others leave."""
        model = self.view.model()
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        for column in sorted(self.given_way):
            self.view.setColumnHidden(column, False)
        self.given_way = set()
        column = self.stretch if self.stretch is not None else model.columnCount() - 1
        shown = [c for c in range(model.columnCount()) if not self.view.isColumnHidden(c)]
        needed = sum(self._widths.get(c, header.sectionSize(c)) for c in shown)
        for candidate in sorted(self.give_way, key=lambda c: -self.give_way[c]):
            if needed <= room or room <= 0:
                break
            if candidate in shown and candidate != column:
                self.view.setColumnHidden(candidate, True)
                self.given_way.add(candidate)
                needed -= self._widths.get(candidate, 0)
        others = sum(
            header.sectionSize(c)
            for c in range(model.columnCount())
            if c != column and not self.view.isColumnHidden(c)
        )
        least = self._title_width(column) + _sort_arrow(header)
        header.resizeSection(column, max(least, room - others))  # its text elided, not scrolling sideways

    def _rows_inserted(self, _parent: object, first: int, _last: int) -> None:
        if first < ROWS_MEASURED:  # the first rows of a list that loads page by page
            self.refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.chosen and not self._fitting:
            self._fitting = True
            try:
                if not self._widths and self.view.model() is not None:
                    self._measure()
                self._fill_room()
            finally:
                self._fitting = False
        return False

    def _resized(self, _column: int, old: int, new: int) -> None:
        if self._fitting or old == 0 or new == 0:  # fitting, or a column hidden or shown by the program
            return
        self.chosen = True  # dragged by the chair
        self._save_timer.start()

    # --- the header's menu -------------------------------------------------------------------

    def header_menu(self) -> QMenu:
        """Every column to tick on or off, and "Standaardindeling"."""
        model = self.view.model()
        menu = QMenu(self.view)
        for column in range(model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if column == self.stretch or not str(title or "").strip():
                continue
            action = QAction(plain(str(title)), menu)
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("Standaardindeling"))
        reset.setToolTip(self.tr("De kolommen passend bij het venster, zoals bij de eerste keer"))
        reset.triggered.connect(self.reset)
        return menu

    def _header_menu(self, position: QPoint) -> None:
        header = self.view.horizontalHeader()
        self.header_menu().exec(header.mapToGlobal(position))

    def show_column(self, column: int, shown: bool) -> None:
        """The chair shows or hides a column: kept as chosen."""
        self.given_way.discard(column)
        self._fitting = True
        try:
            self.view.setColumnHidden(column, not shown)
            if shown and self.view.horizontalHeader().sectionSize(column) == 0:
                self.view.horizontalHeader().resizeSection(column, self._widths.get(column, 100))
        finally:
            self._fitting = False
        self.chosen = True
        self.save()

    def reset(self) -> None:
        """Forget the chair's widths and columns: fitted to the window again."""
        self._save_timer.stop()
        if self.settings is not None:
            self.settings.forget_table_state(self.key)
        for column in range(self.view.model().columnCount()):
            if column not in self._hidden_by_program:
                self.view.setColumnHidden(column, False)
        self.given_way = set()
        self.chosen = False
        self.refit()

    # --- remembering -------------------------------------------------------------------------

    def save(self) -> None:
        if self.settings is not None:
            state = self.view.horizontalHeader().saveState()
            self.settings.set_table_state(self.key, state, widths_chosen=self.chosen)

    def _restore(self) -> bool:
        state = self.settings.table_state(self.key) if self.settings is not None else None
        if state is None:
            return False
        header = self.view.horizontalHeader()
        self._fitting = True
        self.chosen = True  # restoring may sort, and a sorted list loads again: no fitting meanwhile
        try:
            if not header.restoreState(state) or header.count() != self.view.model().columnCount():
                self.chosen = False
                return False
        finally:
            self._fitting = False
        if self.view.isSortingEnabled():  # the model sorts as the restored indicator says
            self.view.model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if not self.settings.table_widths_chosen(self.key):  # only the sort order was the chair's
            self.chosen = False
            self._fitting = True
            try:
                for column in range(self.view.model().columnCount()):  # as the program has them
                    self.view.setColumnHidden(column, column in self._hidden_by_program)
            finally:
                self._fitting = False
        return True


def _sort_arrow(header: QHeaderView) -> int:
    view = header.parentWidget()
    sortable = isinstance(view, QAbstractItemView) and getattr(view, "isSortingEnabled", lambda: False)()
    return 16 if sortable else 0


def fit_columns(
    view: QTableView,
    key: str,
    settings: Settings | None,
    *,
    stretch: int | None = None,
    give_way: Mapping[int, int] | None = None,
) -> ColumnFitter:
    """Fit ``view``'s columns now and whenever its rows or size change; remember the chair's."""
    return ColumnFitter(view, key, settings, stretch, give_way)


__all__ = ["ColumnFitter", "fit_columns"]
