"""The read-only table views of whole rows that dialogs and panels show beside their forms."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QTableView, QWidget


def read_only_table(
    parent: QWidget,
    model: QAbstractItemModel | None = None,
    *,
    word_wrap: bool = True,
    single_selection: bool = True,
) -> QTableView:
    """A keyboard-friendly, read-only table of whole rows (alternating colours, no row numbers,
    the last column stretched), showing ``model`` when given."""
    view = QTableView(parent)
    if model is not None:
        view.setModel(model)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    if single_selection:
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setWordWrap(word_wrap)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view
