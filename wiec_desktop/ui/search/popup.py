"""The results popup: a frame over the window under the search box, holding the list of rows.

It is a child of the main window (not a separate window), so it never takes the focus from the
box, never lands off-screen and is part of the window when the window is drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QVBoxLayout, QWidget

from wiec_desktop.ui.search.delegate import ResultsDelegate
from wiec_desktop.ui.search.results_model import ResultsModel

MIN_WIDTH = 560  # a title and a snippet side by side read well from here
MAX_WIDTH = 760
MARGIN = 8  # from the window's edges


class ResultsPopup(QFrame):
    """The list of results or recent searches; ``chosen(row)`` when a row is clicked."""

    chosen = Signal(int)

    def __init__(self, anchor: QWidget, window: QWidget) -> None:
        super().__init__(window)
        self.anchor = anchor
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#searchPopup { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 4px; }"
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model = ResultsModel(self)
        self.view = QListView(self)
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ResultsDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.view)
        self.hide()
        window.installEventFilter(self)  # follow the window's size

    # --- rows ----------------------------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def set_current_row(self, row: int | None) -> None:
        if row is None:
            self.view.setCurrentIndex(QModelIndex())
            self.view.clearSelection()
            return
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def step(self, step: int) -> None:
        """Down (+1) or Up (-1) to the next hit or recent search, skipping headings; stops at the ends."""
        current = self.current_row()
        start = -1 if current is None and step > 0 else (len(self.model.rows) if current is None else current)
        row = self.model.next_row(start, step)
        if row is not None:
            self.set_current_row(row)

    def _clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None and row.selectable:
            self.chosen.emit(index.row())

    # --- showing -------------------------------------------------------------------------------

    def open(self) -> None:
        """Show (or re-place) the popup under the anchor, sized to its rows."""
        if not self.model.rows:
            self.hide()
            return
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        window = self.parentWidget()
        assert window is not None
        anchor_bottom_right = self.anchor.mapTo(window, QPoint(self.anchor.width(), self.anchor.height()))
        room = window.width() - 2 * MARGIN
        width = min(max(MIN_WIDTH, self.anchor.width()), MAX_WIDTH, room)
        left = max(MARGIN, min(anchor_bottom_right.x() - width, window.width() - MARGIN - width))
        top = anchor_bottom_right.y() + 2
        rows_height = sum(self.view.sizeHintForRow(row) for row in range(self.model.rowCount()))
        most = max(80, int((window.height() - top - MARGIN) * 0.85))
        height = min(rows_height + 2 * self.view.frameWidth() + 4, most)
        self.setGeometry(left, top, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return False
