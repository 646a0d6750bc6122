"""What every section page of the main window offers the shell, the smoke check and the tests."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage


class SectionPage(QWidget):
    """A page in the main window's stack; ``primary`` is its main list."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(8)
        self.lists: list[ListPage] = []

    def add_title(self, text: str, right: QWidget | None = None) -> QLabel:
        """The page's own title (for pages whose lists sit in tabs), with ``right`` beside it."""
        label = QLabel(text, self)
        label.setObjectName("pageTitle")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addStretch(1)
        if right is not None:
            row.addWidget(right)
        self.layout_.addLayout(row)
        return label

    @property
    def primary(self) -> ListPage:
        return self.lists[0]

    def list_page(self, list_name: str) -> ListPage:
        for page in self.lists:
            if page.list_name == list_name:
                return page
        raise KeyError(list_name)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the list now visible."""
        for page in self.lists:
            if page.isVisible():
                page.focus_search()
                return

    def show_list(self, page: ListPage) -> None:
        """Bring ``page`` to the front (its tab, if the page has tabs)."""
        for tab in self.findChildren(QTabWidget):
            index = tab.indexOf(page)
            if index >= 0:
                tab.setCurrentIndex(index)


class ListTabs(QTabWidget):
    """Tabs of title-less list pages; ``searches`` shows the search box of the current tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.searches = QStackedWidget(parent)
        self.searches.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # the widest hint
        self.currentChanged.connect(self._tab_changed)

    def add_list(self, page: ListPage, label: str) -> None:
        page.layout().setContentsMargins(0, 8, 0, 0)
        self.searches.addWidget(page.search)
        self.addTab(page, label)

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < self.searches.count():
            self.searches.setCurrentIndex(index)


def enum_options(enum: type[Enum]) -> Sequence[tuple[Any, str]]:
    """Combo-box options (value, Dutch label) of a labelled enum."""
    return [(member.value, member.label) for member in enum]  # type: ignore[attr-defined]
