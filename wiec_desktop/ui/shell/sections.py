"""The sections of the main window, in sidebar order.

A section names its page class by module and class (``"wiec_desktop.ui.cases.page:CasesPage"``):
the page's module is imported only when the page is first built (the window's first visit), so the
shell shows at start without importing every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from wiec_desktop.translation import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from wiec_desktop.ui.common.context import AppContext
    from wiec_desktop.ui.common.section_page import SectionPage


@dataclass(frozen=True)
class Section:
    key: str
    source_title: str  # untranslated; shown through ``title``
    page_class: str  # "module:Class" of its SectionPage, imported on first use

    @property
    def title(self) -> str:
        return QCoreApplication.translate("Sections", self.source_title)

    @property
    def factory(self) -> Callable[[AppContext, QWidget | None], SectionPage]:
        """The page's class (its module imported now, if it was not yet)."""
        module, name = self.page_class.split(":")
        factory: Callable[[AppContext, QWidget | None], SectionPage] = getattr(import_module(module), name)
        return factory


def _page(name: str) -> str:
    return f"wiec_desktop.ui.{name}"


SECTIONS: tuple[Section, ...] = (
    Section("overview", QT_TRANSLATE_NOOP("Sections", "Overzicht"), _page("overview.page:OverviewPage")),
    Section("cases", QT_TRANSLATE_NOOP("Sections", "Casussen"), _page("cases.page:CasesPage")),
    Section("partners", QT_TRANSLATE_NOOP("Sections", "Partners"), _page("partners.page:PartnersPage")),
    Section("matrix", QT_TRANSLATE_NOOP("Sections", "Wie doet wat"), _page("matrix.page:MatrixPage")),
    Section("meetings", QT_TRANSLATE_NOOP("Sections", "Overleggen"), _page("meetings.page:MeetingsPage")),
    Section("actions", QT_TRANSLATE_NOOP("Sections", "Acties"), _page("actions.page:ActionsPage")),
    Section(
        "signals",
        QT_TRANSLATE_NOOP("Sections", "Signalen & inventarisatie"),
        _page("signals.page:SignalsPage"),
    ),
    Section("reports", QT_TRANSLATE_NOOP("Sections", "Rapportages"), _page("reports.page:ReportsPage")),
    Section("privacy", QT_TRANSLATE_NOOP("Sections", "Privacy"), _page("privacy.page:PrivacyPage")),
)


def section_number(key: str) -> int:
    """The sidebar row of the section ``key`` ("privacy" → 8)."""
    return next(number for number, section in enumerate(SECTIONS) if section.key == key)


__all__ = ["SECTIONS", "Section", "section_number"]
