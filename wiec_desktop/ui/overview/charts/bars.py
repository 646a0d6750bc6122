"""Bar charts: plain or stacked, vertical or horizontal, one bar set per series."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from wiec_desktop.ui.overview.charts.card import (
    LABEL_CHARS,
    PERCENT_FORMAT,
    ChartCard,
    format_number,
    unique_labels,
)

LABEL_COLOUR = "#1f2328"


@dataclass(frozen=True)
class BarData:
    """One bar set: its legend name, one value per category, an optional colour (``#rrggbb``)."""

    name: str
    values: Sequence[float]
    color: str | None = None


def nice_maximum(value: float) -> float:
    """A round axis end at or above ``value``: 1, 2, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 < value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def tick_count(top: float) -> int:
    """Ticks from 0 to ``top`` at a round step (1, 2 or 5 times a power of ten)."""
    if top == int(top) and top <= 6:
        return int(top) + 1
    for ticks in (6, 5, 7, 4):
        step = top / (ticks - 1)
        power = 10 ** math.floor(math.log10(step))
        if any(math.isclose(step, factor * power) for factor in (1, 2, 5)):
            return ticks
    return 6


class BarChart(ChartCard):
    """Bars per category; ``stacked`` piles the sets, ``horizontal`` lays them on their side (for
    long category names, first category at the top)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        horizontal: bool = False,
        stacked: bool = False,
    ) -> None:
        super().__init__(title, parent)
        self.horizontal = horizontal
        self.stacked = stacked
        self.series: QAbstractBarSeries | None = None
        self.categories: list[str] = []
        self.details: list[str] = []

    def set_data(
        self,
        categories: Sequence[str],
        sets: Sequence[BarData],
        *,
        value_title: str = "",
        maximum: float | None = None,
        percent: bool = False,
        decimals: int = 0,
        value_labels: bool = True,
        details: Sequence[str] | None = None,
        label_chars: int = LABEL_CHARS,
    ) -> None:
        """Show ``sets`` over ``categories`` (full names; the axis abbreviates them to
        ``label_chars`` and the tooltip of a bar gives the full name, the value and ``details``)."""
        self.clear()
        self.series = None
        self.categories = list(categories)
        self.details = list(details) if details is not None else []
        empty = not self.categories or not any(any(s.values) for s in sets)
        self._set_empty(empty)
        if empty:
            return
        order = list(range(len(self.categories)))
        if self.horizontal:
            order.reverse()  # Qt draws the first category at the bottom
            self.set_rows(len(self.categories) * (1 if self.stacked else max(1, len(sets))))
        series = self._new_series()
        for data in sets:
            bar_set = QBarSet(data.name)
            if data.color:
                bar_set.setColor(QColor(data.color))
                bar_set.setBorderColor(QColor(data.color))
            bar_set.setLabelColor(QColor(LABEL_COLOUR))
            bar_set.append([round(float(data.values[i]), decimals) for i in order])
            bar_set.hovered.connect(
                lambda state, index, s=data, o=order: self._hovered(state, o[index], s, decimals, percent)
            )
            series.append(bar_set)
        show_labels = value_labels and not self.stacked
        series.setLabelsVisible(show_labels)
        if show_labels:
            series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
            series.setLabelsFormat("@value%" if percent else "@value")
            series.setLabelsPrecision(max(decimals + 2, 3))
        series.setBarWidth(0.7 if len(sets) == 1 or self.stacked else 0.8)
        self.chart.addSeries(series)
        self.series = series

        category_axis = QBarCategoryAxis()
        category_axis.append(unique_labels([self.categories[i] for i in order], label_chars))
        value_axis = QValueAxis()
        top = maximum
        if top is None:
            totals = (
                [sum(float(s.values[i]) for s in sets) for i in order]
                if self.stacked
                else [float(v) for s in sets for v in s.values]
            )
            top = nice_maximum(max(totals))
        # Room beyond the last tick for the value labels outside the longest bar.
        value_axis.setRange(0, top * (1.14 if show_labels else 1.0))
        value_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        value_axis.setTickAnchor(0)
        value_axis.setTickInterval(top / (tick_count(top) - 1))
        value_axis.setLabelFormat(PERCENT_FORMAT if percent else "%.0f")
        value_axis.setTitleText(value_title)
        font = value_axis.titleFont()
        font.setBold(False)
        value_axis.setTitleFont(font)
        if self.horizontal:
            self.chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
            self.chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            self.chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
            self.chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        self.chart.legend().setVisible(len(sets) > 1)

    def _new_series(self) -> QAbstractBarSeries:
        if self.horizontal:
            return QHorizontalStackedBarSeries() if self.stacked else QHorizontalBarSeries()
        return QStackedBarSeries() if self.stacked else QBarSeries()

    def _hovered(self, state: bool, index: int, data: BarData, decimals: int, percent: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        value = format_number(float(data.values[index]), decimals, percent=percent)
        text = f"{self.categories[index]}\n{data.name}: {value}"
        if index < len(self.details) and self.details[index]:
            text += f"\n{self.details[index]}"
        QToolTip.showText(QCursor.pos(), text, self.view)
