"""What makes a window fit its screen: no widget wider than its window, no text cut off in a
label, a button or a table header, no horizontal scrolling in a form or a table (unless the table
says it is made to scroll sideways, as the matrix with a column per organisation does). Used by the
layout tests at 1280×720, 1366×768 and 1920×1080 at 150 %, and by ``gallery.py`` to save the
pictures to look at.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

SLACK = 2  # pixels of rounding between a text's advance and the room a style gives it
SHORT_VALUE = 220  # a column whose values are all narrower than this must show them whole
ROWS_LOOKED_AT = 40


@dataclass(frozen=True)
class Problem:
    """One thing that does not fit, in words a developer can find: the widget and what is cut."""

    widget: str
    text: str
    need: int
    have: int

    def __str__(self) -> str:
        return f"{self.widget}: {self.text!r} needs {self.need} px, has {self.have}"


def _name(widget: QWidget) -> str:
    parts = []
    while widget is not None and len(parts) < 3:
        parts.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(parts))


def _shown(text: str) -> str:
    """The text as drawn: mnemonics gone, "&&" one ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _visible(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0


def problems(window: QWidget) -> list[Problem]:
    """Everything in ``window`` (shown, laid out) that does not fit."""
    found: list[Problem] = []
    right = window.width()
    for widget in window.findChildren(QWidget):
        if not _visible(widget, window) or _inside_scrolled_table(widget):
            continue
        corner = widget.mapTo(window, QPoint(widget.width(), 0))
        if corner.x() > right + SLACK and not _inside_scroll_area(widget):
            found.append(Problem(_name(widget), "(rechterrand)", corner.x(), right))
        found += _text_problems(widget)
    for area in window.findChildren(QScrollArea):
        if _visible(area, window) and area.horizontalScrollBar().isVisible():
            found.append(Problem(_name(area), "(horizontaal scrollen)", area.widget().width(), area.width()))
    for view in window.findChildren(QTableView):
        if not _visible(view, window):
            continue
        bar = view.horizontalScrollBar()
        if bar.maximum() > 0 and not view.property("scrollsSideways"):
            width = bar.maximum() + view.viewport().width()
            found.append(Problem(_name(view), "(tabel scrolt opzij)", width, view.viewport().width()))
        found += _header_problems(view)
    return found


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _inside_scrolled_table(widget: QWidget) -> bool:
    """Editors and headers inside item views are the view's business (checked per column)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTableView | QHeaderView):
            return True
        parent = parent.parentWidget()
    return False


def _text_problems(widget: QWidget) -> list[Problem]:
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel):
        if widget.wordWrap() or widget.textFormat() == Qt.TextFormat.RichText or not widget.text():
            return []
        if widget.pixmap() is not None and not widget.pixmap().isNull():
            return []
        text = _shown(widget.text())
        if "<" in text and ">" in text:  # auto-detected rich text
            return []
        need = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
        room = widget.contentsRect().width()
        if need > room + SLACK:
            return [Problem(_name(widget), text, need, room)]
        return []
    if isinstance(widget, QPushButton | QToolButton | QCheckBox | QRadioButton):
        button: QAbstractButton = widget
        if not button.text():
            return []
        need, have = button.sizeHint().width(), button.width()
        if need > have + SLACK:
            return [Problem(_name(widget), _shown(button.text()), need, have)]
        return []
    if isinstance(widget, QGroupBox) and widget.title():
        need = metrics.horizontalAdvance(_shown(widget.title())) + 16
        if need > widget.width() + SLACK:
            return [Problem(_name(widget), widget.title(), need, widget.width())]
        return []
    if isinstance(widget, QComboBox) and widget.currentText():
        need = metrics.horizontalAdvance(widget.currentText()) + 28  # the arrow and the frame
        if need > widget.width() + SLACK:
            return [Problem(_name(widget), widget.currentText(), need, widget.width())]
        return []
    if isinstance(widget, QLineEdit) and widget.placeholderText() and not widget.text():
        need = metrics.horizontalAdvance(widget.placeholderText()) + 12
        if need > widget.width() + SLACK:
            return [Problem(_name(widget), widget.placeholderText(), need, widget.width())]
        return []
    if isinstance(widget, QTabWidget):
        bar = widget.tabBar()
        return [
            Problem(_name(widget), _shown(bar.tabText(i)), bar.tabSizeHint(i).width(), bar.tabRect(i).width())
            for i in range(bar.count())
            if bar.tabSizeHint(i).width() > bar.tabRect(i).width() + SLACK
        ]
    return []


def _header_problems(view: QTableView) -> list[Problem]:
    """A column narrower than its title (the title is cut to "Organis…")."""
    model = view.model()
    header = view.horizontalHeader()
    if model is None or header.isHidden():
        return []
    metrics = header.fontMetrics()
    upright = getattr(header, "is_upright", lambda _column: False)  # the matrix writes names upwards
    found = []
    for column in range(model.columnCount()):
        if view.isColumnHidden(column) or header.sectionSize(column) == 0:
            continue
        have = header.sectionSize(column)
        if upright(column):
            found += _cell_problems(view, column, have)
            continue
        title = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not isinstance(title, str) or not title.strip():
            continue
        need = metrics.horizontalAdvance(title) + 12
        if need > have + SLACK:
            found.append(Problem(f"{_name(view)}[kolom {column}]", title, need, have))
            continue
        if column != view.property("stretchColumn"):  # the column taking the rest may elide
            found += _cell_problems(view, column, have)
    return found


def _cell_problems(view: QTableView, column: int, have: int) -> list[Problem]:
    """Short values (a theme, a status, a date, a name) cut off in a column too narrow for them;
    long free text (titles, descriptions) may be elided, the tooltip and detail pane show it."""
    model = view.model()
    metrics = view.fontMetrics()
    widest, text = 0, ""
    for row in range(min(model.rowCount(), ROWS_LOOKED_AT)):
        value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        if not isinstance(value, str) or "\n" in value:
            continue
        width = metrics.horizontalAdvance(value)
        if width > widest:
            widest, text = width, value
    need = widest + 12
    if 0 < widest <= SHORT_VALUE and need > have + SLACK:
        return [Problem(f"{_name(view)}[kolom {column}]", text, need, have)]
    return []
