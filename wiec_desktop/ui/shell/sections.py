"""The sections of the main window, in sidebar order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from wiec_desktop.ui.actions.page import ActionsPage
from wiec_desktop.ui.cases.page import CasesPage
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.section_page import SectionPage
from wiec_desktop.ui.matrix.page import MatrixPage
from wiec_desktop.ui.meetings.page import MeetingsPage
from wiec_desktop.ui.overview.page import OverviewPage
from wiec_desktop.ui.partners.page import PartnersPage
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


def _t(text: str) -> str:
    """Marks a string for translation without translating it yet (like QT_TR_NOOP)."""
    return text


SECTIONS: tuple[Section, ...] = (
    Section("overview", _t("Overzicht"), OverviewPage),
    Section("cases", _t("Casussen"), CasesPage),
    Section("partners", _t("Partners"), PartnersPage),
    Section("matrix", _t("Wie doet wat"), MatrixPage),
    Section("meetings", _t("Overleggen"), MeetingsPage),
    Section("actions", _t("Acties"), ActionsPage),
    Section("signals", _t("Signalen & inventarisatie"), SignalsPage),
    Section("reports", _t("Rapportages"), ReportsPage),
)

__all__ = ["SECTIONS", "Section", "SectionPage"]
