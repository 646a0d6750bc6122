"""Item models of the Privacy page: what has expired (a check box per row), the passages found for
an erasure (a check box each), and the last erasures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from wiec_desktop.services.formatting import short_date, timestamp
from wiec_desktop.services.privacy.erasure import Passage
from wiec_desktop.services.privacy.overview import ErasureEntry
from wiec_desktop.services.privacy.retention import (
    ExpiredData,
    ExpiredResident,
    ExpiredSelection,
    ExpiredSignal,
    ExpiredVisit,
)
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.rows_model import RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
CONTEXT = "PrivacyModels"
KIND_LABELS = {
    "resident": QT_TRANSLATE_NOOP("PrivacyModels", "Bewoner"),
    "visit": QT_TRANSLATE_NOOP("PrivacyModels", "Huisbezoek"),
    "signal": QT_TRANSLATE_NOOP("PrivacyModels", "Signaal"),
}
PART_LABELS = {
    "ervaring": QT_TRANSLATE_NOOP("PrivacyModels", "ervaring"),
    "problemen": QT_TRANSLATE_NOOP("PrivacyModels", "problemen"),
    "ideeën": QT_TRANSLATE_NOOP("PrivacyModels", "ideeën"),
    "bewoner": QT_TRANSLATE_NOOP("PrivacyModels", "koppeling bewoner"),
    "tekst": QT_TRANSLATE_NOOP("PrivacyModels", "tekst"),
    "reden afsluiten": QT_TRANSLATE_NOOP("PrivacyModels", "reden afsluiten"),
    "adres": QT_TRANSLATE_NOOP("PrivacyModels", "koppeling adres"),
    "naam": QT_TRANSLATE_NOOP("PrivacyModels", "naam"),
    "toestemming": QT_TRANSLATE_NOOP("PrivacyModels", "toestemming"),
    "telefoonnummer": QT_TRANSLATE_NOOP("PrivacyModels", "telefoonnummer"),
}
NO_NAME = QT_TRANSLATE_NOOP("PrivacyModels", "(zonder naam)")
NO_STREET = QT_TRANSLATE_NOOP("PrivacyModels", "(geen straat)")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class CheckableRowsModel(RowsModel[Row], Generic[Row]):
    """Rows with a check box in the first column, all ticked when set."""

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = [True] * len(self.rows)
        self.endResetModel()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if hasattr(value, "value") else value
        self.checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def check_state(self, row: int) -> Qt.CheckState:
        return Qt.CheckState.Checked if self.checked[row] else Qt.CheckState.Unchecked

    def set_all(self, on: bool) -> None:
        if not self.rows:
            return
        self.checked = [on] * len(self.rows)
        self.dataChanged.emit(
            self.index(0, 0), self.index(len(self.rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
        )

    def chosen(self) -> list[Row]:
        return [row for row, on in zip(self.rows, self.checked, strict=True) if on]


@dataclass(frozen=True)
class ExpiredRow:
    """One expired record in the list, whatever its kind."""

    kind: str
    id: int
    description: str
    parts: str
    last_contact: Any
    expires_on: Any


def expired_rows(data: ExpiredData) -> list[ExpiredRow]:
    """The expired records as rows: residents, then visits, then signals."""
    rows: list[ExpiredRow] = []
    for resident in data.residents:
        rows.append(_resident_row(resident))
    for visit in data.visits:
        rows.append(_visit_row(visit))
    for signal in data.signals:
        rows.append(_signal_row(signal))
    return rows


def _resident_row(resident: ExpiredResident) -> ExpiredRow:
    name = resident.name or _tr(NO_NAME)
    keys = ["naam", "toestemming"] + (["telefoonnummer"] if resident.has_phone else [])
    parts = [_tr(PART_LABELS[key]) for key in keys]
    return ExpiredRow(
        "resident", resident.id, f"{name} — {resident.address}", ", ".join(parts),
        resident.last_contact, resident.expires_on,
    )  # fmt: skip


def _visit_row(visit: ExpiredVisit) -> ExpiredRow:
    parts = ", ".join(_tr(PART_LABELS[p]) for p in visit.parts)
    return ExpiredRow(
        "visit", visit.id, f"{visit.address}, {short_date(visit.visited_on)}", parts,
        visit.last_contact, visit.expires_on,
    )  # fmt: skip


def _signal_row(signal: ExpiredSignal) -> ExpiredRow:
    parts = ", ".join(_tr(PART_LABELS[p]) for p in signal.parts)
    where = signal.street or _tr(NO_STREET)
    return ExpiredRow(
        "signal", signal.id, f"{short_date(signal.received_on)}, {where}", parts,
        signal.last_contact, signal.expires_on,
    )  # fmt: skip


class ExpiredModel(CheckableRowsModel[ExpiredRow]):
    """What has expired: kind, which record, what goes, last contact, expiry date."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Soort"),
        QT_TRANSLATE_NOOP("Columns", "Gegevens"),
        QT_TRANSLATE_NOOP("Columns", "Wat verdwijnt"),
        QT_TRANSLATE_NOOP("Columns", "Laatste contact"),
        QT_TRANSLATE_NOOP("Columns", "Verlopen op"),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return self.check_state(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                _tr(KIND_LABELS[row.kind]),
                row.description,
                row.parts,
                short_date(row.last_contact),
                short_date(row.expires_on),
            )
            return values[column]
        return None

    def selection(self) -> ExpiredSelection:
        chosen = self.chosen()
        return ExpiredSelection(
            frozenset(r.id for r in chosen if r.kind == "resident"),
            frozenset(r.id for r in chosen if r.kind == "visit"),
            frozenset(r.id for r in chosen if r.kind == "signal"),
        )


class PassagesModel(CheckableRowsModel[Passage]):
    """The passages that name a resident: where, the passage in its context."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Waar"),
        QT_TRANSLATE_NOOP("Columns", "Passage"),
        QT_TRANSLATE_NOOP("Columns", "In de tekst"),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        passage, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return self.check_state(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (passage.where, passage.original, passage.context)[column]
        return None


class ErasuresModel(RowsModel[ErasureEntry]):
    """The last erasures: when, why, by whom, and how much."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Wanneer"),
        QT_TRANSLATE_NOOP("Columns", "Reden"),
        QT_TRANSLATE_NOOP("Columns", "Door"),
        QT_TRANSLATE_NOOP("Columns", "Bewoners"),
        QT_TRANSLATE_NOOP("Columns", "Huisbezoeken"),
        QT_TRANSLATE_NOOP("Columns", "Signalen"),
        QT_TRANSLATE_NOOP("Columns", "Passages"),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        entry = self.rows[index.row()]
        values = (
            timestamp(entry.occurred_at.replace(tzinfo=UTC).astimezone()),
            entry.kind.label,
            entry.actor,
            str(entry.residents),
            str(entry.visits),
            str(entry.signals),
            str(entry.passages),
        )
        return values[index.column()]
