"""A chart in a card: a ``QChartView`` with a save button and "Opslaan als PNG…" in its menu.

The chart draws its own Dutch title, so the saved picture (``view.grab()``) says what it shows.
The save button is a sibling laid over the top-right corner of the view, not a child of it, so it
is not in the picture. An empty chart shows a short message instead of bare axes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QLocale, QMargins, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QMenu,
    QMessageBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.ui.common.export_job import documents_folder, slug

PERCENT_FORMAT = "%.0f%"  # with localised numbers Qt copies "%%" literally
PNG_FILTER = "PNG-afbeelding (*.png)"
LABEL_CHARS = 18  # category labels longer than this are abbreviated (full text in the tooltip)
CHART_HEIGHT = 300
ROW_HEIGHT = 26  # per category of a horizontal bar chart
CARD_STYLE = "QFrame#chartCard { border: 1px solid palette(mid); border-radius: 6px; background: white; }"


def abbreviate(text: str, limit: int = LABEL_CHARS) -> str:
    """``Hollandscheveldplein`` → ``Hollandschevel…``: at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unique_labels(texts: list[str], limit: int = LABEL_CHARS) -> list[str]:
    """Abbreviated labels that stay distinct (a category axis drops duplicates)."""
    labels: list[str] = []
    for text in texts:
        label = abbreviate(text, limit) or "–"
        while label in labels:
            label += "\u200b"  # invisible, but makes the label distinct
        labels.append(label)
    return labels


def format_number(value: float, decimals: int = 0, *, percent: bool = False) -> str:
    """Dutch notation: ``6,3`` and ``56%``."""
    text = f"{value:.{decimals}f}".replace(".", ",")
    return f"{text}%" if percent else text


class ChartCard(QFrame):
    """A framed chart with a Dutch title; ``save_png()`` asks for a file and writes the picture."""

    saved = Signal(object)  # the Path written

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet(CARD_STYLE)
        self.title = title
        self.folder: Callable[[], Path | None] | None = None  # where the save dialog starts
        self.has_data = False

        self.chart = QChart()
        self.chart.setTitle(title)
        font = QFont(self.chart.titleFont())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 10.0))
        self.chart.setTitleFont(font)
        self.chart.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        self.chart.setLocalizeNumbers(True)  # 6,2 rather than 6.2
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setVisible(False)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(QColor("white"))  # no grey rim around the saved picture
        self.view.setMinimumHeight(CHART_HEIGHT)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.save_action = QAction(self.tr("Opslaan als PNG…"), self)
        self.save_action.triggered.connect(self.save_png)
        self.save_button = QToolButton(self)
        self.save_button.setAutoRaise(True)
        self.save_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_button.setToolTip(self.tr("Opslaan als PNG…"))
        self.save_button.setAccessibleName(self.tr("Opslaan als PNG"))
        self.save_button.clicked.connect(self.save_png)

        self.empty_label = QLabel(self.tr("Nog geen gegevens."), self.view)
        self.empty_label.setObjectName("cardCaption")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.view)
        self._set_empty(True)

    # --- data -------------------------------------------------------------------------------------

    def clear(self) -> None:
        """Remove every series and axis (before new data is set)."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
            axis.deleteLater()

    def _set_empty(self, empty: bool) -> None:
        self.has_data = not empty
        self.empty_label.setVisible(empty)
        self.save_action.setEnabled(not empty)
        self.save_button.setEnabled(not empty)

    def set_rows(self, rows: int) -> None:
        """Grow the chart's height for ``rows`` categories of horizontal bars."""
        self.view.setMinimumHeight(max(CHART_HEIGHT, 110 + rows * ROW_HEIGHT))

    # --- saving -----------------------------------------------------------------------------------

    def suggested_name(self) -> str:
        return f"{slug(self.title)}.png"

    def write_png(self, path: Path) -> bool:
        """Write the chart as it is shown (title, axes and legend included), all or nothing (a full
        disk leaves no partial picture, a read-only file is not replaced)."""
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        from wiec_desktop.atomic_file import write_atomically

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.view.grab().save(buffer, "PNG"):
            return False
        try:
            write_atomically(path, lambda stream: stream.write(bytes(data.data())))
        except OSError:
            return False
        return True

    def save_png(self) -> Path | None:
        """Ask for a file name and write the chart there; the written path, or None."""
        start = (self.folder() if self.folder else None) or documents_folder()
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Grafiek opslaan als PNG"), str(start / self.suggested_name()), PNG_FILTER
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        if not self.write_png(path):
            QMessageBox.warning(
                self,
                self.tr("Opslaan mislukt"),
                self.tr(
                    "De grafiek kon niet worden opgeslagen als {name}.\n\n"
                    "Kies een andere map of bestandsnaam."
                ).format(name=path.name),
            )
            return None
        self.saved.emit(path)
        return path

    # --- events -----------------------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.save_action)
        menu.exec(self.view.mapToGlobal(position))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.save_button.sizeHint()
        self.save_button.setGeometry(self.width() - hint.width() - 6, 6, hint.width(), hint.height())
        self.save_button.raise_()
        self.empty_label.setGeometry(0, 0, self.view.width(), self.view.height())
