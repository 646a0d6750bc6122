"""Overzicht on the demo database: cards, charts with data series, the round filter, reading off the
UI thread, and "Opslaan als PNG…"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.registry import Services
from wiec_desktop.services.reports.figures import FiguresService
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.overview import page as overview_module
from wiec_desktop.ui.overview.charts import BarChart, LineChart, abbreviate, unique_labels
from wiec_desktop.ui.overview.charts.card import LABEL_CHARS, PNG_FILTER
from wiec_desktop.ui.overview.page import OverviewPage
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    main.show_section(0)
    yield main


def _figures(database: Database) -> FiguresService:
    return FiguresService(database.session_factory, lambda: DEMO_TODAY)


def _values(chart: BarChart, set_index: int = 0) -> list[float]:
    """The bar values in category order (horizontal charts hold them bottom-up)."""
    bar_set = chart.series.barSets()[set_index]
    values = [bar_set.at(i) for i in range(bar_set.count())]
    return values[::-1] if chart.horizontal else values


def test_every_chart_shows_the_demo_figures(window: MainWindow, demo_db: Database) -> None:
    page: OverviewPage = window.page(0)
    assert page.isVisible() and not page.loading
    assert all(chart.has_data for chart in page.charts.values()), [
        key for key, chart in page.charts.items() if not chart.has_data
    ]
    figures = _figures(demo_db)
    coverage = figures.coverage_per_street()
    chart = page.charts["coverage"]
    assert chart.categories == [row.street for row in coverage]
    assert _values(chart) == [round(row.percent_visited) for row in coverage]
    assert len(chart.series.barSets()) == 1

    ratings = figures.ratings_per_street()
    assert _values(page.charts["street_ratings"]) == [round(g.average, 1) for g in ratings]
    trend = figures.rating_trend()
    line = page.charts["trend"].lines[0]
    assert [point.y() for point in line.points()] == [round(r.average, 1) for r in trend]

    themes = page.charts["themes"]
    assert themes.stacked and len(themes.series.barSets()) == 8  # one set per demo theme
    shown = sum(bar_set.sum() for bar_set in themes.series.barSets())
    months = page.figures.months
    assert shown == sum(r.count for r in figures.signals_per_theme_month(months[0], DEMO_TODAY))
    assert len(themes.categories) == len(months)

    cases = page.charts["cases"]
    assert _values(cases) == [count for _label, count in figures.cases_by_status()]
    actions = page.charts["actions"]
    per_organisation = figures.actions_per_organisation()
    assert _values(actions, 1) == [row.overdue for row in per_organisation]
    assert [a + b for a, b in zip(_values(actions, 0), _values(actions, 1), strict=True)] == [
        row.open for row in per_organisation
    ]
    used = page.charts["used"].lines[0]
    assert 1 <= used.count() <= 12 and all(0 <= p.y() <= 100 for p in used.points())

    summary = window.context.services.dashboard.summary()
    assert page.cards["cases"].value.text() == str(summary.open_cases)  # the existing cards stay
    assert page.cards["stale"].value.text() == str(summary.stale_signals) == "6"
    assert page.cards["stale"].note.property("warning") is True
    share = figures.signals_used(page.figures.start, DEMO_TODAY).share
    assert page.cards["used"].value.text() == f"{round(100 * share)}%"
    assert page.primary.model.rowCount() == summary.overdue_actions  # the overdue list is still there


def test_readable_at_1366_by_768(window: MainWindow) -> None:
    page: OverviewPage = window.page(0)
    QApplication.processEvents()
    assert page.scroll.horizontalScrollBar().maximum() == 0  # nothing wider than the window
    assert page.scroll.verticalScrollBar().maximum() > 0  # the rest is reached by scrolling
    for chart in page.charts.values():
        assert chart.view.width() >= 400 and chart.view.height() >= 280
        axis = chart.chart.axes()[0] if chart.has_data else None
        labels = axis.categories() if axis is not None and hasattr(axis, "categories") else []
        assert all(len(label.rstrip("\u200b")) <= 30 for label in labels)
    streets = page.charts["coverage"].chart.axes()[0].categories()
    assert any(label.endswith("…") for label in streets)  # Hollandscheveldplein is abbreviated


def test_abbreviations_stay_distinct_and_the_tooltip_has_the_full_name(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []  # the offscreen platform cannot raise a real tooltip
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_args: shown.append(text))
    monkeypatch.setattr(QToolTip, "hideText", lambda: shown.append(""))
    assert abbreviate("Hollandscheveldplein") == "Hollandscheveldpl…"
    assert len(abbreviate("Hollandscheveldplein")) == LABEL_CHARS
    assert abbreviate("Ruinenlaan") == "Ruinenlaan"
    labels = unique_labels(["Wateringseveld-Noord-West", "Wateringseveld-Noord-Oost"])
    assert len(set(labels)) == 2 and all(len(label.rstrip("\u200b")) == LABEL_CHARS for label in labels)

    chart = window.page(0).charts["coverage"]
    index = chart.categories.index("Hollandscheveldplein")
    bar_set = chart.series.barSets()[0]
    bar_set.hovered.emit(True, len(chart.categories) - 1 - index)  # drawn bottom-up
    assert shown[0].startswith("Hollandscheveldplein\nBezocht: 60%\n15 van 25 adressen; gesproken 6")
    bar_set.hovered.emit(False, 0)
    assert shown[-1] == ""
    line = window.page(0).charts["trend"]
    line.lines[0].hovered.emit(line.lines[0].at(1), True)
    assert shown[-1] == "Najaar 2026\nGemiddeld cijfer: 6,2"


def test_the_round_filter_shows_one_round(qtbot, window: MainWindow, demo_db: Database) -> None:
    page: OverviewPage = window.page(0)
    combo = page.round_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Alle rondes",
        "Voorjaar 2026",
        "Najaar 2026",
    ]
    combo.setCurrentIndex(2)
    round_id = combo.currentData()
    figures = _figures(demo_db)
    assert page.figures.round_id == round_id
    coverage = figures.coverage_per_street(round_id=round_id)
    assert _values(page.charts["coverage"]) == [round(row.percent_visited) for row in coverage]
    assert coverage != figures.coverage_per_street()
    page.refresh()  # showing the page again keeps the chosen round
    assert combo.currentIndex() == 2 and page.figures.round_id == round_id


def test_large_data_is_read_off_the_ui_thread(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page: OverviewPage = window.page(0)
    monkeypatch.setattr(overview_module, "SYNC_VOLUME", 0)
    before = page.figures
    page.refresh()
    assert page.loading and page.status_label.text() == "Grafieken worden bijgewerkt…"
    assert page.cards["cases"].value.text() != "–"  # the cards are there at once
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.figures is not before and page.status_label.text() == ""
    assert all(chart.has_data for chart in page.charts.values())


@pytest.mark.parametrize("key", ["coverage", "trend", "themes"])
def test_save_as_png(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    asked: list[str] = []

    def answer(parent, caption, start, file_filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        assert file_filter == PNG_FILTER
        return str(tmp_path / f"grafiek-{key}"), file_filter  # no suffix: .png is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    chart = window.page(0).charts[key]
    assert chart.save_button.isEnabled()
    qtbot.mouseClick(chart.save_button, Qt.MouseButton.LeftButton)
    target = tmp_path / f"grafiek-{key}.png"
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 100 and image.height() > 100
    assert asked[0].endswith(".png")
    assert window.context.settings.last_export_folder() == tmp_path  # the next save starts here

    target.unlink()
    chart.save_action.trigger()  # the same from the context menu
    assert not QImage(str(target)).isNull()
    assert asked[1].startswith(str(tmp_path))


def test_an_empty_database_shows_no_bars(qtbot, db: Database) -> None:
    context = AppContext.create(db, today=lambda: date(2026, 11, 10))
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert not any(chart.has_data for chart in page.charts.values())
    for chart in page.charts.values():
        assert chart.empty_label.isVisible() and not chart.save_button.isEnabled()
    assert isinstance(page.charts["trend"], LineChart)
    assert page.cards["used"].value.text() == "–"
    assert page.cards["stale"].value.text() == "0" and page.cards["stale"].note.property("warning") is False
