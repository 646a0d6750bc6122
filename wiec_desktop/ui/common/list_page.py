"""A reusable list page: title, search, filters, a SQL-backed table, a count and a detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.validation import NotFound
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.detail_pane import DetailPane
from wiec_desktop.ui.common.list_model import HIGHLIGHT_COLOR, PAGE_SIZE, SqlListModel
from wiec_desktop.ui.common.table_columns import fit_columns

SEARCH_DELAY_MS = 250
SEARCH_FRAME = 48  # the frame and the clear button beside the hint text
DETAIL_WIDTH = 380
COMBO_CHARS = 16
COMBO_MIN_WIDTH = 90
STRETCH_KEYS = ("title", "description", "text", "detail", "name")  # the column that takes the rest


def filter_combo(parent: QWidget, name: str, options: Sequence[tuple[Any, str]], all_text: str) -> QComboBox:
    """A filter drop-down: first ``all_text`` (value None), then the options.

    Sized for up to COMBO_CHARS characters so that narrow windows still fit; the list opens wide.
    """
    combo = QComboBox(parent)
    combo.setObjectName(f"filter_{name}")
    combo.addItem(all_text, None)
    for value, text in options:
        combo.addItem(text, value)
    longest = max((len(text) for text in (all_text, *(t for _v, t in options))), default=8)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min(longest, COMBO_CHARS))
    combo.view().setMinimumWidth(combo.fontMetrics().averageCharWidth() * (longest + 4))
    combo.setMinimumWidth(COMBO_MIN_WIDTH)  # may shrink below its preferred size in narrow windows
    return combo


class SearchBox(QLineEdit):
    """A search field as wide as its hint text (at least 300 pixels, at most 380) that gives way
    down to 160 in a narrow window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Zoeken…"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(160)

    def setPlaceholderText(self, text: str) -> None:
        super().setPlaceholderText(text)
        self.updateGeometry()  # the hint text sets the width

    def sizeHint(self) -> QSize:
        hint = self.fontMetrics().horizontalAdvance(self.placeholderText()) + SEARCH_FRAME
        return QSize(max(300, min(hint, 380)), super().sizeHint().height())


class RowsView(QTableView):
    """The table of a list page: whole rows are selected, so Home and End (with or without Ctrl)
    go to the first and the last row, staying in the current column (Qt's table goes to the first
    or last column, which scrolls the table sideways)."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        ends = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)
        if cursorAction not in ends:
            return super().moveCursor(cursorAction, modifiers)
        target = super().moveCursor(cursorAction, modifiers | Qt.KeyboardModifier.ControlModifier)
        current = self.currentIndex()
        if not target.isValid() or not current.isValid():
            return target
        return target.siblingAtColumn(current.column())


class ListPage(QWidget):
    """One list of ``Services.list_source(list_name)`` with its filters and detail pane.

    Data is read when the page is first shown (or ``ensure_loaded()`` is called).
    ``current_changed`` carries the id of the selected record, or ``None``.
    """

    current_changed = Signal(object)

    def __init__(
        self,
        context: AppContext,
        list_name: str,
        *,
        title: str = "",
        nouns: tuple[str, str],
        highlight_tip: str = "",
        searchable: bool = True,
        page_size: int = PAGE_SIZE,
        table_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.list_name = list_name
        self.nouns = nouns
        self.model = SqlListModel(
            context.services.list_source(list_name),
            page_size=page_size,
            highlight_tip=highlight_tip,
            parent=self,
        )
        self._selected_id: int | None = None
        self._find_selected = False  # a reload after an edit: the selected record also far down the list
        self._quick: dict[str, QToolButton] = {}

        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("pageTitle")
        self.search = SearchBox(self)
        self.search.setVisible(searchable)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)

        # A list that starts below the window's edge loads on the next turn of the event loop (after
        # the window's first paint); a timer owned by the page, so it goes with the page.
        self._load_after_paint = QTimer(self)
        self._load_after_paint.setSingleShot(True)
        self._load_after_paint.setInterval(0)
        self._load_after_paint.timeout.connect(self.ensure_loaded)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        # What the coloured rows mean: a swatch in the row colour and the same text as their tooltip.
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # below the list: wraps in a narrow window instead of widening it
        if highlight_tip:
            colour = HIGHLIGHT_COLOR.name()
            swatch = f"<span style='background-color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
            self.legend.setText(f"{swatch}&nbsp;{escape(highlight_tip)}")
        self.legend.setVisible(bool(highlight_tip))
        self.filter_bar = QHBoxLayout()
        self.filter_bar.setSpacing(8)

        self.view = self._make_view()
        self.detail_pane = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([660, DETAIL_WIDTH])

        # Quick filters sit next to the title; without a title they lead the filter row.
        self.quick_bar = QHBoxLayout()
        self.quick_bar.setSpacing(6)
        bar = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if title:
            header = QHBoxLayout()
            header.addWidget(self.title_label)
            header.addSpacing(16)
            header.addLayout(self.quick_bar)
            header.addStretch(1)
            header.addWidget(self.search)
            layout.addLayout(header)
        else:  # the page around it carries the title and places ``self.search``
            self.title_label.hide()
            bar.addLayout(self.quick_bar)
        bar.addLayout(self.filter_bar)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.legend)

        self.model.refreshed.connect(self._after_refresh)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        give_way = {
            number: column.give_way for number, column in enumerate(self.model.columns) if column.give_way
        }
        self.columns = fit_columns(
            self.view,
            table_key or list_name,
            context.settings,
            stretch=self._stretch_column(),
            give_way=give_way,
        )

    def _stretch_column(self) -> int | None:
        """The column that takes the room left: the list's title, description, text or name."""
        keys = [column.key for column in self.model.columns]
        return next((keys.index(key) for key in STRETCH_KEYS if key in keys), None)

    def _make_view(self) -> QTableView:
        view = RowsView(self)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        column, order = self.model.sort_state()
        header.setSortIndicator(column, order)
        view.setSortingEnabled(True)
        return view

    # --- filters -----------------------------------------------------------------------------

    def add_combo_filter(
        self, name: str, label: str, options: Sequence[tuple[Any, str]], *, all_text: str
    ) -> QComboBox:
        """A drop-down for filter ``name``: first item ``all_text`` (no filter), then the options."""
        combo = filter_combo(self, name, options, all_text)
        combo.currentIndexChanged.connect(lambda _i: self.model.set_filter(name, combo.currentData()))
        caption = QLabel(label, self)
        caption.setBuddy(combo)
        self.filter_bar.addWidget(caption)
        self.filter_bar.addWidget(combo)
        return combo

    def add_quick_filter(
        self, name: str, text: str, *, checked: bool = False, tooltip: str = "", exclusive_with: str = ""
    ) -> QToolButton:
        """A toggle button for a yes/no filter of the list (``exclusive_with``: unchecks that one)."""
        button = QToolButton(self)
        button.setObjectName(f"quick_{name}")
        button.setText(text)
        button.setCheckable(True)
        button.setChecked(checked)
        button.setToolTip(tooltip)
        if checked:
            self.model.set_filter(name, True)
        button.toggled.connect(lambda on: self._quick_toggled(name, on))
        self._quick[name] = button
        if exclusive_with:
            button.setProperty("exclusive_with", exclusive_with)
            other = self._quick.get(exclusive_with)
            if other is not None:
                other.setProperty("exclusive_with", name)
        self.quick_bar.addWidget(button)
        return button

    def hide_columns(self, *keys: str) -> None:
        for key in keys:
            self.view.setColumnHidden(self.model.column_of_key(key), True)

    def quick_filter(self, name: str) -> QToolButton:
        return self._quick[name]

    def set_fixed_filter(self, name: str, value: Any) -> None:
        """A filter the page sets itself (no widget), e.g. the selected organisation."""
        self.model.set_filter(name, value)

    def _quick_toggled(self, name: str, on: bool) -> None:
        changes: dict[str, Any] = {name: on}
        partner = self._quick[name].property("exclusive_with")
        if on and partner and self._quick[partner].isChecked():
            other = self._quick[partner]
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
            changes[partner] = None
        self.model.set_filters(changes)

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reveal(self, record_id: int) -> bool:
        """Select ``record_id`` with its details (a search hit opened here), clearing the search box,
        drop-downs and quick filters first when they hide it. True when filters were cleared; raises
        ``NotFound`` when the record is not in the list at all (deleted meanwhile)."""
        self.ensure_loaded()
        if self.select_listed(record_id):
            return False
        self._search_timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        changes: dict[str, Any] = {}
        for combo in self.findChildren(QComboBox, options=Qt.FindChildOption.FindDirectChildrenOnly):
            name = combo.objectName().removeprefix("filter_")
            if combo.currentIndex() != 0 and name in self.model.source.spec.filters:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
                changes[name] = None
        for name, button in self._quick.items():
            if button.isChecked():
                button.blockSignals(True)
                button.setChecked(False)
                button.blockSignals(False)
                changes[name] = None
        self._selected_id = record_id
        self.model.query.search = ""
        self.model.set_filters(changes)
        if not changes:
            self.model.load()
        if not self.select_listed(record_id):
            raise NotFound(self.nouns[0], record_id)
        return True

    def select_listed(self, record_id: int) -> bool:
        """Select ``record_id`` and scroll to it if the list (as filtered) holds it; False when it
        does not. A record outside the pages in memory is found by its position in the list
        (``ListSource.position``), and only its page is read."""
        model = self.model
        row = model.row_of_id(record_id)
        if row is None:
            position = model.source.position(model.query, record_id)
            if position is None:
                return False
            item = model.row_at(position)  # reads that row's page, not the rows above it
            row = position if item is not None and item.id == record_id else model.row_of_id(record_id)
            if row is None:  # the list changed between the two reads
                return False
        self._scroll_to_row(row)  # first: selecting would scroll it to the edge of the table
        index = model.index(row, 0)
        if self.view.currentIndex() != index:
            self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _scroll_to_row(self, row: int) -> None:
        """Bring ``row`` into sight: left where it is when shown, else in the middle of the table,
        moved up or down just enough for the rows around it to be of its own page (read already),
        so that showing it reads no other page (but for a page's very last row, which shows the
        top of the next row below it)."""
        view, model = self.view, self.model
        height = view.viewport().height()
        top, bottom = view.rowAt(0), view.rowAt(height - 1)
        if top < 0 or not view.isVisible():
            view.scrollTo(model.index(row, 0))
            return
        if top <= row <= (bottom if bottom >= 0 else model.rowCount() - 1):
            return
        shown = max(1, -(-height // max(1, view.rowHeight(row))))  # the last one may show in part
        first = row - row % model.page_size
        last = min(first + model.page_size, model.rowCount()) - 1
        wanted = max(first, min(row - shown // 2, last - shown + 1))
        view.scrollTo(model.index(min(wanted, row), 0), QAbstractItemView.ScrollHint.PositionAtTop)

    # --- data --------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        self.model.ensure_loaded()

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the list (after an edit); ``select_id`` (else the record selected before) is
        selected again if it is listed, also far down the list, where it is found by its position."""
        if select_id is not None:
            self._selected_id = select_id
        self._find_selected = True
        try:
            self.model.load()
        finally:
            self._find_selected = False

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        item = self.model.row_at(index.row()) if index.isValid() else None
        return item.id if item is not None else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._below_the_window():  # e.g. the Overzicht's overdue actions: after its first paint
            self._load_after_paint.start()
        else:
            self.ensure_loaded()

    def _below_the_window(self) -> bool:
        """Whether the list starts below the window's lower edge (scrolled out of sight)."""
        window = self.window()
        return window is not self and self.mapTo(window, QPoint(0, 0)).y() >= window.height()

    def _after_refresh(self) -> None:
        total = self.model.total
        singular, plural = self.nouns
        self.count_label.setText(f"{total} {singular if total == 1 else plural}")
        if self.model.rowCount() > 0:  # the same record as before if it is still listed, else the first
            row = self.model.row_of_id(self._selected_id) if self._selected_id is not None else None
            look_further = row is None and self._find_selected and self._selected_id is not None
            if look_further and self.select_listed(self._selected_id):  # by its position in the list
                return
            self.view.setCurrentIndex(self.model.index(row or 0, 0))
        else:
            self.detail_pane.clear(self.tr("Geen {nouns} gevonden.").format(nouns=plural))
            self.current_changed.emit(None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.row_at(current.row()) if current.isValid() else None
        if item is None:  # none, or deleted since the list was counted (it counts again)
            return
        record_id = self._selected_id = item.id
        try:
            detail = self.context.services.details.get(self.list_name, record_id)
        except NotFound:
            self.detail_pane.clear(self.tr("Dit gegeven bestaat niet meer. Ververs de lijst."))
        else:
            self.detail_pane.show_detail(detail)
        self.current_changed.emit(record_id)
