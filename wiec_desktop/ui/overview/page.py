"""Overzicht: the figures that need the chair's attention, charts on the real data, overdue actions.

The cards come from ``DashboardService.summary()`` (a few counts, read at once). The charts come
from ``FiguresService.overview()``: read at once on a small database, on a worker thread (``Runner``)
above ``SYNC_VOLUME`` rows so the page stays usable meanwhile. Everything sits in one scroll area so
it stays readable on a 1366×768 screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.reports.dashboard import DashboardSummary
from wiec_desktop.services.reports.figures import OverviewFigures, ThemeMonth
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.list_page import ListPage
from wiec_desktop.ui.common.section_page import SectionPage
from wiec_desktop.ui.followup.periodic_banner import PeriodicReportBanner
from wiec_desktop.ui.overview.charts import BarChart, BarData, ChartCard, LineChart, LineData, format_number

SYNC_VOLUME = 20_000  # rows (addresses, visits, signals, actions, cases) read on the UI thread
MONTHS = 12  # months of signals shown
MAX_THEMES = 8  # themes with their own colour in the stacked chart; the rest is "Overig"
OVERDUE_LIST_HEIGHT = 340

BLUE, RED, GREEN, GREY = "#2f6db5", "#c0392b", "#3a8d5c", "#8a8f98"
THEME_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
)  # fmt: skip
MONTH_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


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


def month_label(first: Any) -> str:
    """``nov 26``."""
    return f"{MONTH_NAMES[first.month - 1]} {first.year % 100:02d}"


class OverviewPage(SectionPage):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: DashboardSummary | None = None
        self.figures: OverviewFigures | None = None
        self.loading = False
        self._generation = 0  # the latest read asked for; older results are dropped
        self.runner = Runner()  # no parent: outlives the page while a job still runs
        self.runner.finished.connect(self._figures_read)
        self.runner.failed.connect(self._figures_failed)

        title = QLabel(self.tr("Overzicht"), self)
        title.setObjectName("pageTitle")
        self.round_combo = QComboBox(self)
        self.round_combo.setObjectName("filter_round")
        self.round_combo.addItem(self.tr("Alle rondes"), None)
        self.round_combo.setToolTip(self.tr("Bezoekdekking en cijfers van één inventarisatieronde"))
        self.round_combo.currentIndexChanged.connect(lambda _index: self.load_figures())
        self.status_label = QLabel(self)
        self.status_label.setObjectName("countLabel")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.status_label)
        round_label = QLabel(self.tr("Ronde:"), self)
        round_label.setBuddy(self.round_combo)
        header.addWidget(round_label)
        header.addWidget(self.round_combo)

        self.assignment = QLabel(self)
        self.assignment.setObjectName("pageSubtitle")
        self.assignment.setWordWrap(True)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.scroll)
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 6, 0)
        body.setSpacing(12)
        self.scroll.setWidget(content)

        self.cards = {
            "cases": Card(self.tr("Lopende casussen"), content),
            "actions": Card(self.tr("Open acties"), content),
            "signals": Card(self.tr("Niet beoordeelde signalen"), content),
            "meeting": Card(self.tr("Volgend overleg"), content),
            "visits": Card(self.tr("Huisbezoeken"), content),
            "assignment": Card(self.tr("Opdracht"), content),
            "stale": Card(self.tr("Signalen ouder dan 14 dagen"), content),
            "used": Card(self.tr("Signalen benut"), content),
        }
        self.cards["stale"].setToolTip(
            self.tr("Signalen die langer dan 14 dagen niet beoordeeld zijn (Signalen & inventarisatie)")
        )
        self.cards["used"].setToolTip(
            self.tr("Aandeel van de signalen dat tot een casus of een gemotiveerde afsluiting leidde")
        )
        grid = QGridLayout()
        grid.setSpacing(10)
        for number, card in enumerate(self.cards.values()):
            grid.addWidget(card, number // 4, number % 4)
        body.addLayout(grid)

        tr = self.tr
        self.charts: dict[str, ChartCard] = {
            "coverage": BarChart(
                tr("Bezoekdekking per straat (% adressen bezocht)"), content, horizontal=True
            ),
            "street_ratings": BarChart(tr("Gemiddeld cijfer per straat"), content, horizontal=True),
            "area_ratings": BarChart(tr("Gemiddeld cijfer per buurt"), content, horizontal=True),
            "trend": LineChart(tr("Gemiddeld cijfer per ronde"), content),
            "themes": BarChart(tr("Signalen per thema en maand"), content, stacked=True),
            "used": LineChart(tr("Signalen benut per maand (%)"), content),
            "actions": BarChart(tr("Open acties per organisatie"), content, horizontal=True, stacked=True),
            "cases": BarChart(tr("Casussen per status"), content, horizontal=True),
        }
        for chart in self.charts.values():
            chart.folder = self.context.settings.last_export_folder
            chart.saved.connect(self._chart_saved)
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(10)
        places = {
            "coverage": (0, 0, 1),
            "street_ratings": (0, 1, 1),
            "area_ratings": (1, 0, 1),
            "trend": (1, 1, 1),
            "themes": (2, 0, 2),
            "used": (3, 0, 2),
            "cases": (4, 0, 1),
            "actions": (4, 1, 1),
        }
        for key, (row, column, span) in places.items():
            self.chart_grid.addWidget(self.charts[key], row, column, 1, span)
        self.chart_grid.setColumnStretch(0, 1)
        self.chart_grid.setColumnStretch(1, 1)
        body.addLayout(self.chart_grid)

        self.overdue = ListPage(
            context,
            "actions",
            title=self.tr("Achterstallige acties"),
            nouns=(self.tr("achterstallige actie"), self.tr("achterstallige acties")),
            searchable=False,
            table_key="overview/actions",  # its columns apart from the Acties page's
            parent=content,
        )
        self.overdue.title_label.setObjectName("sectionTitle")
        self.overdue.set_fixed_filter("overdue", True)
        self.overdue.setMinimumHeight(OVERDUE_LIST_HEIGHT)
        self.lists.append(self.overdue)
        body.addWidget(self.overdue)

        # The periodic report to policymakers when one is due (issue 15); it goes once sent.
        self.periodic_banner = PeriodicReportBanner(context, self)
        self.periodic_banner.sent.connect(self.refresh)

        self.layout_.addLayout(header)
        self.layout_.addWidget(self.assignment)
        self.layout_.addWidget(self.periodic_banner)
        self.layout_.addWidget(self.scroll, 1)

    # --- reading ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the summary again, fill the cards and read the charts again."""
        self._fill_cards(self.context.services.dashboard.summary())
        self.periodic_banner.refresh()
        self.load_figures()

    def load_figures(self) -> None:
        """Read the chart figures: at once on a small database, else on a worker thread."""
        figures = self.context.services.figures
        round_id = self.round_combo.currentData()
        self._generation += 1
        if figures.volume() <= SYNC_VOLUME:
            self.loading = False
            self.status_label.setText("")
            self.show_figures(figures.overview(round_id=round_id, months=MONTHS))
            return
        self.loading = True
        self.status_label.setText(self.tr("Grafieken worden bijgewerkt…"))
        self.runner.run(
            ("figures", self._generation), lambda: figures.overview(round_id=round_id, months=MONTHS)
        )

    def _figures_read(self, tag: tuple[str, int], result: OverviewFigures) -> None:
        if tag[1] != self._generation:
            return  # a newer read is on its way
        self.loading = False
        self.status_label.setText("")
        self.show_figures(result)

    def _figures_failed(self, tag: tuple[str, int], error: BaseException) -> None:
        if tag[1] == self._generation:
            self.loading = False
            self.status_label.setText(self.tr("De grafieken konden niet worden gelezen."))
        raise error  # storage errors become a plain message, anything else the crash dialog

    def _chart_saved(self, path: Path) -> None:
        self.context.settings.set_last_export_folder(path.parent)

    # --- cards ------------------------------------------------------------------------------------

    def _fill_cards(self, s: DashboardSummary) -> None:
        self.summary = s
        tr = self.tr
        if s.assignment_title:
            days = s.assignment_days_left or 0
            left = tr("nog 1 dag") if days == 1 else tr("nog {days} dagen").format(days=days)
            self.assignment.setText(tr("{title} — {left}").format(title=s.assignment_title, left=left))
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
            tr("gemiddeld cijfer {r}").format(r=format_number(s.average_rating, 1))
            if s.average_rating is not None
            else tr("nog geen cijfers")
        )
        self.cards["visits"].set(str(s.visits), rating)
        if s.assignment_days_left is not None:
            days = s.assignment_days_left
            self.cards["assignment"].set(
                tr("1 dag") if days == 1 else tr("{n} dagen").format(n=days),
                tr("tot het einde van de opdracht"),
            )
        else:
            self.cards["assignment"].set("–", tr("geen opdracht"))
        self.cards["stale"].set(
            str(s.stale_signals),
            tr("wachten op beoordeling") if s.stale_signals else tr("niets blijft liggen"),
            warning=s.stale_signals > 0,
        )

    # --- charts -----------------------------------------------------------------------------------

    def show_figures(self, f: OverviewFigures) -> None:
        """Fill the round filter, the "benut" card and every chart from ``f``."""
        self.figures = f
        tr = self.tr
        self._fill_rounds(f)
        used = f.signals_used
        if used.share is None:
            self.cards["used"].set("–", tr("nog geen signalen"))
        else:
            self.cards["used"].set(
                format_number(100 * used.share, percent=True),
                tr("{n} van {total} signalen sinds {month}").format(
                    n=used.linked + used.closed_with_reason,
                    total=used.received,
                    month=month_label(f.start),
                ),
            )
        self._coverage(f)
        self._ratings(f)
        self._signals(f)
        actions = f.actions
        self.charts["actions"].set_data(
            [row.organisation for row in actions],
            [
                BarData(tr("Binnen de termijn"), [row.open - row.overdue for row in actions], BLUE),
                BarData(tr("Achterstallig"), [row.overdue for row in actions], RED),
            ],
            value_title=tr("Aantal open acties"),
            label_chars=24,
            details=[
                tr("{open} open, waarvan {overdue} achterstallig").format(open=row.open, overdue=row.overdue)
                for row in actions
            ],
        )
        self.charts["cases"].set_data(
            [label for label, _count in f.cases_by_status],
            [BarData(tr("Casussen"), [count for _label, count in f.cases_by_status], BLUE)],
            value_title=tr("Aantal casussen"),
        )

    def _fill_rounds(self, f: OverviewFigures) -> None:
        rounds = [(r.round_id, r.name) for r in f.rating_trend]
        combo = self.round_combo
        shown = [(combo.itemData(i), combo.itemText(i)) for i in range(1, combo.count())]
        if rounds == shown:
            return
        current = self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        while self.round_combo.count() > 1:
            self.round_combo.removeItem(1)
        for round_id, name in rounds:
            self.round_combo.addItem(name, round_id)
        index = self.round_combo.findData(current)
        self.round_combo.setCurrentIndex(max(index, 0))
        self.round_combo.blockSignals(False)

    def _coverage(self, f: OverviewFigures) -> None:
        tr = self.tr
        rows = f.coverage
        self.charts["coverage"].set_data(
            [row.street for row in rows],
            [BarData(tr("Bezocht"), [row.percent_visited for row in rows], BLUE)],
            value_title=tr("% van de adressen bezocht"),
            maximum=100,
            percent=True,
            details=[
                tr("{visited} van {addresses} adressen; gesproken {spoken}, niet thuis {not_home}, "
                   "geweigerd {refused}, terugkomen {come_back}").format(**row.__dict__)
                for row in rows
            ],
        )  # fmt: skip

    def _ratings(self, f: OverviewFigures) -> None:
        tr = self.tr
        for key, groups in (("street_ratings", f.ratings_per_street), ("area_ratings", f.ratings_per_area)):
            rated = [group for group in groups if group.average is not None]
            self.charts[key].set_data(
                [group.name for group in rated],
                [BarData(tr("Gemiddeld cijfer"), [group.average or 0 for group in rated], GREEN)],
                value_title=tr("Gemiddeld cijfer (1–10)"),
                maximum=10,
                decimals=1,
                details=[tr("{n} cijfers").format(n=group.rated) for group in rated],
            )
        trend = f.rating_trend
        self.charts["trend"].set_data(
            [r.name for r in trend],
            [LineData(tr("Gemiddeld cijfer"), [r.average for r in trend], GREEN)],
            minimum=0,
            maximum=10,
            value_title=tr("Gemiddeld cijfer (1–10)"),
        )

    def _signals(self, f: OverviewFigures) -> None:
        tr = self.tr
        months = f.months
        labels = [month_label(month) for month in months]
        self.charts["themes"].set_data(
            labels,
            theme_sets(f.signals_per_theme_month, months, tr("Overig")),
            value_title=tr("Aantal signalen"),
        )
        shares = [used.share for _month, used in f.signals_used_per_month]
        self.charts["used"].set_data(
            labels,
            [LineData(tr("Benut"), [None if s is None else 100 * s for s in shares], BLUE)],
            maximum=100,
            percent=True,
            decimals=0,
            value_title=tr("% benut"),
        )


def theme_sets(rows: list[ThemeMonth], months: list[Any], other: str) -> list[BarData]:
    """One bar set per theme (the MAX_THEMES most frequent; the rest summed as ``other``)."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.theme] = totals.get(row.theme, 0) + row.count
    ranked = sorted(totals, key=lambda theme: (-totals[theme], theme))
    kept = ranked if len(ranked) <= MAX_THEMES + 1 else ranked[:MAX_THEMES]
    position = {month: index for index, month in enumerate(months)}
    values: dict[str, list[float]] = {theme: [0.0] * len(months) for theme in [*kept, other]}
    for row in rows:
        if row.month in position:
            theme = row.theme if row.theme in kept else other
            values[theme][position[row.month]] += row.count
    names = sorted(kept) + ([other] if any(values[other]) else [])
    return [
        BarData(name, values[name], THEME_COLOURS[number % len(THEME_COLOURS)])
        for number, name in enumerate(names)
    ]
