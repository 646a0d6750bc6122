"""Overzicht: the figures that need the chair's attention, the overdue actions, cases per status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.dashboard import DashboardSummary
from wiec_desktop.services.formatting import short_date
from wiec_desktop.ui.context import AppContext
from wiec_desktop.ui.list_page import ListPage
from wiec_desktop.ui.pages.base import SectionPage


class Card(QFrame):
    """A figure with a caption and a one-line note below it; the note turns red as a warning."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        self.value = QLabel("–", self)
        self.value.setObjectName("cardValue")
        self.note = QLabel("", self)
        self.note.setObjectName("cardNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set(self, value: str, note: str = "", *, warning: bool = False) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setProperty("warning", warning)
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)


class OverviewPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: DashboardSummary | None = None
        title = QLabel(self.tr("Overzicht"), self)
        title.setObjectName("pageTitle")
        self.assignment = QLabel(self)
        self.assignment.setObjectName("pageSubtitle")
        self.assignment.setWordWrap(True)

        self.cards = {
            "cases": Card(self.tr("Lopende casussen"), self),
            "actions": Card(self.tr("Open acties"), self),
            "signals": Card(self.tr("Niet beoordeelde signalen"), self),
            "meeting": Card(self.tr("Volgend overleg"), self),
            "visits": Card(self.tr("Huisbezoeken"), self),
            "assignment": Card(self.tr("Opdracht"), self),
        }
        grid = QGridLayout()
        grid.setSpacing(10)
        for number, card in enumerate(self.cards.values()):
            grid.addWidget(card, number // 3, number % 3)

        self.status_box = QGroupBox(self.tr("Casussen per status"), self)
        self.status_form = QFormLayout(self.status_box)
        self.status_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.status_box.setMinimumWidth(240)

        top = QHBoxLayout()
        top.addLayout(grid, 3)
        top.addWidget(self.status_box, 1)

        self.overdue = ListPage(
            context,
            "actions",
            title=self.tr("Achterstallige acties"),
            nouns=(self.tr("achterstallige actie"), self.tr("achterstallige acties")),
            searchable=False,
            parent=self,
        )
        self.overdue.title_label.setObjectName("sectionTitle")
        self.overdue.set_fixed_filter("overdue", True)
        self.lists.append(self.overdue)

        self.layout_.addWidget(title)
        self.layout_.addWidget(self.assignment)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.overdue, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the summary again and fill the cards."""
        s = self.summary = self.context.services.dashboard.summary()
        tr = self.tr
        if s.assignment_title:
            days = s.assignment_days_left or 0
            self.assignment.setText(
                tr("{title} — nog {days} dagen").format(title=s.assignment_title, days=days)
            )
        else:
            self.assignment.setText(tr("Nog geen opdracht vastgelegd."))
        self.cards["cases"].set(
            str(s.open_cases),
            tr("{n} zonder trekker").format(n=s.cases_without_lead)
            if s.cases_without_lead
            else tr("alle met trekker"),
            warning=s.cases_without_lead > 0,
        )
        self.cards["actions"].set(
            str(s.open_actions),
            tr("{n} achterstallig").format(n=s.overdue_actions)
            if s.overdue_actions
            else tr("niets achterstallig"),
            warning=s.overdue_actions > 0,
        )
        self.cards["signals"].set(
            str(s.untriaged_signals),
            tr("{n} langer dan twee weken").format(n=s.stale_signals)
            if s.stale_signals
            else tr("alles op tijd"),
            warning=s.stale_signals > 0,
        )
        if s.next_meeting:
            day, meeting_title = s.next_meeting
            self.cards["meeting"].set(short_date(day), meeting_title)
        else:
            self.cards["meeting"].set("–", tr("geen overleg gepland"), warning=True)
        rating = (
            tr("gemiddeld cijfer {r}").format(r=f"{s.average_rating:.1f}".replace(".", ","))
            if s.average_rating is not None
            else tr("nog geen cijfers")
        )
        self.cards["visits"].set(str(s.visits), rating)
        if s.assignment_days_left is not None:
            self.cards["assignment"].set(
                tr("{n} dagen").format(n=s.assignment_days_left), tr("tot het einde van de opdracht")
            )
        else:
            self.cards["assignment"].set("–", tr("geen opdracht"))
        self._fill_statuses(s.cases_by_status)

    def _fill_statuses(self, rows: list[tuple[str, int]]) -> None:
        while self.status_form.rowCount():
            self.status_form.removeRow(0)
        highest = max((count for _label, count in rows), default=0) or 1
        for label, count in rows:
            bar = QProgressBar(self.status_box)
            bar.setRange(0, highest)
            bar.setValue(count)
            bar.setFormat(str(count))
            bar.setTextVisible(True)
            bar.setMaximumHeight(18)
            self.status_form.addRow(label, bar)
