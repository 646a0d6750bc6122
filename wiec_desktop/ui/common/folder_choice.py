"""The "Map: [……] Kiezen…" field of the dialogs that write files into a folder (the report e-mail,
the periodic report, the workbooks per partner): what the field says, and choosing another."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget


def folder_in(edit: QLineEdit, default: Path) -> Path:
    """The folder typed or chosen in ``edit`` (``~`` expanded), else ``default``."""
    text = edit.text().strip()
    return Path(text).expanduser() if text else default


def choose_folder_into(parent: QWidget, edit: QLineEdit, title: str, default: Path) -> None:
    """Ask for a folder, starting at the one in ``edit`` (or its parent while it does not exist yet),
    and put the choice in ``edit``; a cancelled question changes nothing."""
    start = folder_in(edit, default)
    path = QFileDialog.getExistingDirectory(parent, title, str(start if start.is_dir() else start.parent))
    if path:
        edit.setText(path)
