"""The rows of the search popup: group headings, hits, recent searches and a message, in one list.

Headings and the message are not selectable; the arrow keys move over hits and recent searches
only (``next_row``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from wiec_desktop.services.search.model import SearchHit, SearchResults
from wiec_desktop.translation import QT_TRANSLATE_NOOP

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
CONTEXT = "SearchPopup"
RECENT_HEADING = QT_TRANSLATE_NOOP("SearchPopup", "Recente zoekopdrachten")
NOTHING_FOUND = QT_TRANSLATE_NOOP("SearchPopup", "Niets gevonden voor “{text}”")
GROUP_HEADING = QT_TRANSLATE_NOOP("SearchPopup", "{label} ({count})")
FORGET_RECENT = QT_TRANSLATE_NOOP("SearchPopup", "Lijst wissen")

AnyIndex = QModelIndex | QPersistentModelIndex


class RowKind(Enum):
    HEADING = "heading"
    HIT = "hit"
    RECENT = "recent"
    FORGET = "forget"  # "Lijst wissen" under the recent searches
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One line of the popup: ``text`` is what it says (a hit's title, a recent search's text)."""

    kind: RowKind
    text: str
    hit: SearchHit | None = None

    @property
    def selectable(self) -> bool:
        return self.kind in (RowKind.HIT, RowKind.RECENT, RowKind.FORGET)


def result_rows(results: SearchResults, text: str) -> list[ResultRow]:
    """The rows for ``results`` of the search for ``text``: per group a heading, then its hits."""
    rows: list[ResultRow] = []
    for group in results.groups:
        label = QCoreApplication.translate("SearchKind", group.kind.label)
        heading = QCoreApplication.translate(CONTEXT, GROUP_HEADING).format(label=label, count=group.total)
        rows.append(ResultRow(RowKind.HEADING, heading))
        rows += [ResultRow(RowKind.HIT, hit.title, hit) for hit in group.hits]
    if not rows:
        rows.append(
            ResultRow(RowKind.MESSAGE, QCoreApplication.translate(CONTEXT, NOTHING_FOUND).format(text=text))
        )
    return rows


def recent_rows(recent: list[str]) -> list[ResultRow]:
    """The rows for the recent searches, and "Lijst wissen" (none: no rows, the popup stays closed)."""
    if not recent:
        return []
    heading = ResultRow(RowKind.HEADING, QCoreApplication.translate(CONTEXT, RECENT_HEADING))
    forget = ResultRow(RowKind.FORGET, QCoreApplication.translate(CONTEXT, FORGET_RECENT))
    return [heading, *(ResultRow(RowKind.RECENT, text) for text in recent), forget]


class ResultsModel(QAbstractListModel):
    """The popup's rows; ``ROW_ROLE`` gives the ``ResultRow`` to the delegate and the controller."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ResultRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def first_row(self) -> int | None:
        """The first selectable row, or None."""
        return self.next_row(-1, 1)

    def next_row(self, row: int, step: int) -> int | None:
        """The next selectable row from ``row`` in direction ``step`` (±1); None past either end."""
        row += step
        while 0 <= row < len(self.rows):
            if self.rows[row].selectable:
                return row
            row += step
        return None

    # --- QAbstractListModel ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not row.selectable:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if row.hit is not None and row.hit.snippet.text and row.hit.snippet.text != row.text:
                return f"{row.text} — {row.hit.snippet.text}"
            return row.text
        return None
