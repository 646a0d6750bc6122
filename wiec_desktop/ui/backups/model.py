"""The list of backups in Herstellen…: date, size and the counts of cases, meetings and actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from wiec_desktop.services.formatting import decimal, timestamp
from wiec_desktop.storage.backups import BackupInfo
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.rows_model import COLUMNS_CONTEXT, RowsModel

CONTEXT = "BackupsModel"
BEFORE_RESTORE = QT_TRANSLATE_NOOP(CONTEXT, "stand vóór herstel")
UNREADABLE = QT_TRANSLATE_NOOP(CONTEXT, "niet leesbaar")
UNREADABLE_TIP = QT_TRANSLATE_NOOP(
    CONTEXT, "Deze back-up kan niet worden gelezen: beschadigd of met een andere wachtwoordzin gemaakt."
)
IN_DEFAULT = QT_TRANSLATE_NOOP(CONTEXT, "in de standaardmap")
_NUMBERS = (2, 3, 4)


def file_size(size: int) -> str:
    """``1,4 MB``, ``820 kB``: the size as the chair reads it."""
    if size >= 1_000_000:
        return f"{decimal(size / 1_000_000)} MB"
    return f"{max(1, round(size / 1000))} kB"


class BackupsModel(RowsModel[BackupInfo]):
    """Newest first (the order ``list_backups`` gives); a backup outside ``main_folder`` (made in
    the default folder because the chosen one could not be used) says so."""

    COLUMNS = (
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Gemaakt"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Grootte"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Casussen"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Overleggen"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Acties"),
        QT_TRANSLATE_NOOP(COLUMNS_CONTEXT, "Bijzonderheden"),
    )

    main_folder: Path | None = None

    def backup(self, row: int) -> BackupInfo:
        return self.rows[row]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        info = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 5 and not info.readable:
                return QCoreApplication.translate(CONTEXT, UNREADABLE_TIP)
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, *_NUMBERS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, info: BackupInfo, column: int) -> str:
        if column == 0:
            return timestamp(info.made_at)
        if column == 1:
            return file_size(info.size)
        if column in _NUMBERS:
            value = (info.cases, info.meetings, info.actions)[column - 2]
            return "—" if value is None else str(value)
        notes = []
        if info.before_restore:
            notes.append(QCoreApplication.translate(CONTEXT, BEFORE_RESTORE))
        if not info.readable:
            notes.append(QCoreApplication.translate(CONTEXT, UNREADABLE))
        if self.main_folder is not None and info.path.parent != self.main_folder:
            notes.append(QCoreApplication.translate(CONTEXT, IN_DEFAULT))
        return ", ".join(notes)
