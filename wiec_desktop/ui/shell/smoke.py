"""``--smoke``: visit every section (each page is built on this first visit) and check that its list
and detail pane show something."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from wiec_desktop.ui.shell.main_window import MainWindow
from wiec_desktop.ui.shell.sections import SECTIONS


def check_sections(window: MainWindow) -> list[str]:
    """Problems found (in Dutch), one per empty section; an empty list means all is well."""
    problems: list[str] = []
    for number, section in enumerate(SECTIONS):
        window.show_section(number)
        QApplication.processEvents()
        page = window.page(number).primary
        page.ensure_loaded()
        QApplication.processEvents()
        if page.model.rowCount() == 0:
            problems.append(f"onderdeel {section.title} is leeg")
        elif not page.detail_pane.title:
            problems.append(f"onderdeel {section.title}: de details van de eerste regel ontbreken")
    window.show_section(0)
    return problems
