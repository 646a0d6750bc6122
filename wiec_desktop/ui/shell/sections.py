"""The sections of the main window, in sidebar order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.actions.page import ActionsPage
from wiec_desktop.ui.cases.page import CasesPage
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.section_page import SectionPage
from wiec_desktop.ui.matrix.page import MatrixPage
from wiec_desktop.ui.meetings.page import MeetingsPage
from wiec_desktop.ui.overview.page import OverviewPage
from wiec_desktop.ui.partners.page import PartnersPage
from wiec_desktop.ui.privacy.page import PrivacyPage
from wiec_desktop.ui.reports.page import ReportsPage
from wiec_desktop.ui.signals.page import SignalsPage


@dataclass(frozen=True)
class Section:
    key: str
    source_title: str  # untranslated; shown through ``title``
    factory: Callable[[AppContext, QWidget | None], SectionPage]

    @property
    def title(self) -> str:
        return QCoreApplication.translate("Sections", self.source_title)


SECTIONS: tuple[Section, ...] = (
    Section("overview", QT_TRANSLATE_NOOP("Sections", "Overzicht"), OverviewPage),
    Section("cases", QT_TRANSLATE_NOOP("Sections", "Casussen"), CasesPage),
    Section("partners", QT_TRANSLATE_NOOP("Sections", "Partners"), PartnersPage),
    Section("matrix", QT_TRANSLATE_NOOP("Sections", "Wie doet wat"), MatrixPage),
    Section("meetings", QT_TRANSLATE_NOOP("Sections", "Overleggen"), MeetingsPage),
    Section("actions", QT_TRANSLATE_NOOP("Sections", "Acties"), ActionsPage),
    Section("signals", QT_TRANSLATE_NOOP("Sections", "Signalen & inventarisatie"), SignalsPage),
    Section("reports", QT_TRANSLATE_NOOP("Sections", "Rapportages"), ReportsPage),
    Section("privacy", QT_TRANSLATE_NOOP("Sections", "Privacy"), PrivacyPage),
)

__all__ = ["SECTIONS", "Section", "SectionPage"]
