"""Chart widgets (QtCharts) in cards with Dutch titles, tooltips and "Opslaan als PNG…"."""

from wiec_desktop.ui.overview.charts.bars import BarChart, BarData, nice_maximum
from wiec_desktop.ui.overview.charts.card import ChartCard, abbreviate, format_number, unique_labels
from wiec_desktop.ui.overview.charts.lines import LineChart, LineData

__all__ = [
    "BarChart",
    "BarData",
    "ChartCard",
    "LineChart",
    "LineData",
    "abbreviate",
    "format_number",
    "nice_maximum",
    "unique_labels",
]
