"""Search everywhere from the main window: the toolbar box (Ctrl+K), the results popup, opening a hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from wiec_desktop.ui.search.controller import WindowSearch


def install_search(window: QMainWindow) -> WindowSearch:
    """Add the search toolbar, its popup and Ga naar › Zoeken in alles… (Ctrl+K) to ``window``."""
    from wiec_desktop.ui.search.controller import WindowSearch

    return WindowSearch(window)
