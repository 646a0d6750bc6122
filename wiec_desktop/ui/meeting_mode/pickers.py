"""Type-to-find pick lists: an editable combo box with a "contains" completer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


def search_combo(parent: QWidget | None = None) -> QComboBox:
    """An editable combo whose typed text is completed from any part of the names."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo


def fill_search_combo(combo: QComboBox, options: Iterable[tuple[Any, str]], current: Any = None) -> None:
    """Replace the options; select ``current`` or leave the text empty."""
    combo.blockSignals(True)
    combo.clear()
    for value, label in options:
        combo.addItem(label, value)
    index = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(index)
    if index < 0:
        combo.setEditText("")
    combo.blockSignals(False)


def chosen_value(combo: QComboBox) -> Any:
    """The value for the typed text: an exact name, else the only name containing it; else None."""
    text = combo.currentText().strip().casefold()
    if not text:
        return None
    labels = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
    exact = [value for value, label in labels if label.casefold() == text]
    if exact:
        return exact[0]
    partial = [value for value, label in labels if text in label.casefold()]
    return partial[0] if len(partial) == 1 else None
