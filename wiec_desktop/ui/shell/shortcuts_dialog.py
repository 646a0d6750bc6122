"""Help › Sneltoetsen: the keys of the main window, read from its menus (so the list cannot go out of
date), and the keys of meeting mode."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMenuBar, QTextBrowser, QVBoxLayout, QWidget

from wiec_desktop.ui.meeting_mode.shortcuts import help_html


def menu_shortcuts(menu_bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, what)]) for every menu of ``menu_bar`` that has actions with a key."""
    result = []
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [(keys, _text(action)) for action in _actions(menu) if (keys := _keys(action))]
        if rows:
            result.append((_text(top), rows))
    return result


def _actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += _actions(sub)
        elif not action.isSeparator():
            found.append(action)
    return found


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _text(action: QAction) -> str:
    """The action's text as shown: mnemonics gone, "&&" back to "&", no trailing "…"."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    """A read-only list of the program's keyboard shortcuts."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sneltoetsen"))
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setHtml(self.html(menu_bar))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 620)

    def html(self, menu_bar: QMenuBar) -> str:
        parts = [f"<h3>{escape(self.tr('Hoofdvenster'))}</h3>"]
        for title, rows in menu_shortcuts(menu_bar):
            parts.append(f"<p><b>{escape(title)}</b></p><table>")
            parts += [
                f"<tr><td style='padding:1px 16px 1px 0'>{escape(keys)}</td><td>{escape(text)}</td></tr>"
                for keys, text in rows
            ]
            parts.append("</table>")
        parts.append(f"<h3>{escape(self.tr('Vergadermodus (F5 op een overleg)'))}</h3>")
        parts.append(help_html())
        return "".join(parts)
