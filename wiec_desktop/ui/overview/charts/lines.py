"""Line charts over categories (rounds, months): one line per series, points marked and labelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import QBarCategoryAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from wiec_desktop.ui.overview.charts.card import PERCENT_FORMAT, ChartCard, format_number, unique_labels

MARKER_SIZE = 5.0


@dataclass(frozen=True)
class LineData:
    """One line: legend name and a value per category (``None``: no point there)."""

    name: str
    values: Sequence[float | None]
    color: str | None = None


class LineChart(ChartCard):
    """Values per category joined by a line; a category without a value gets no point."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.categories: list[str] = []
        self.lines: list[QLineSeries] = []

    def set_data(
        self,
        categories: Sequence[str],
        lines: Sequence[LineData],
        *,
        minimum: float = 0.0,
        maximum: float = 10.0,
        value_title: str = "",
        percent: bool = False,
        decimals: int = 1,
        tick_count: int = 6,
        label_chars: int = 14,
    ) -> None:
        self.clear()
        self.lines = []
        self.categories = list(categories)
        empty = not any(value is not None for line in lines for value in line.values)
        self._set_empty(empty)
        if empty:
            return
        category_axis = QBarCategoryAxis()
        category_axis.append(unique_labels(self.categories, label_chars))
        value_axis = QValueAxis()
        # Room above the last tick for the labels of the highest points.
        value_axis.setRange(minimum, maximum + (maximum - minimum) * 0.1)
        value_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        value_axis.setTickAnchor(minimum)
        value_axis.setTickInterval((maximum - minimum) / (tick_count - 1))
        value_axis.setLabelFormat(PERCENT_FORMAT if percent else "%.0f")
        value_axis.setTitleText(value_title)
        font = value_axis.titleFont()
        font.setBold(False)
        value_axis.setTitleFont(font)
        self.chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        for data in lines:
            series = QLineSeries()
            series.setName(data.name)
            for index, value in enumerate(data.values):
                if value is not None:
                    series.append(float(index), round(float(value), decimals))
            if data.color:
                pen = QPen(QColor(data.color))
                pen.setWidthF(2.5)
                series.setPen(pen)
            series.setPointsVisible(True)
            series.setMarkerSize(MARKER_SIZE)
            series.setPointLabelsVisible(True)
            series.setPointLabelsClipping(False)
            series.setPointLabelsFormat("@yPoint%" if percent else "@yPoint")
            series.hovered.connect(
                lambda point, state, d=data: self._hovered(point, state, d, decimals, percent)
            )
            self.chart.addSeries(series)
            series.attachAxis(category_axis)
            series.attachAxis(value_axis)
            self.lines.append(series)
        self.chart.legend().setVisible(len(lines) > 1)

    def _hovered(self, point: QPointF, state: bool, data: LineData, decimals: int, percent: bool) -> None:
        index = round(point.x())
        if not state or not 0 <= index < len(self.categories):
            QToolTip.hideText()
            return
        value = data.values[index]
        if value is None:
            return
        text = format_number(float(value), decimals, percent=percent)
        QToolTip.showText(QCursor.pos(), f"{self.categories[index]}\n{data.name}: {text}", self.view)
