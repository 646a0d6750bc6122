"""How the popup draws its rows: group headings, and hits as a title over the snippet with the
matched words in bold on a highlight colour.

The text is drawn as text (never read as rich text): a resident's "<b>" shows as typed and an "&"
stays an ampersand. A snippet wider than the row is cut with "…" at the end, and at the start when
the first matched word would otherwise fall off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from wiec_desktop.ui.search.results_model import ROW_ROLE, ResultRow, RowKind

MARK_COLOR = QColor("#ffe27a")  # the matched words' background
SELECTED_COLOR = QColor("#d6e6fb")  # the current row: light, so the marks stay readable
HEADING_COLOR = QColor("#eceff3")
HEADING_TEXT = QColor("#3c4552")
SNIPPET_TEXT = QColor("#4a4f57")
PADDING = 6
INDENT = 14  # hits and recent searches sit under their heading
ELLIPSIS = "…"
_ONE_LINE = {ord(c): " " for c in "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"}  # same length: marks stay

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of one line: ``marked`` when it is a matched word."""

    text: str
    marked: bool = False


def runs_of(text: str, marks: tuple[tuple[int, int], ...] = ()) -> list[Run]:
    """``text`` cut at ``marks`` (offsets outside the text, overlapping or out of order are
    tolerated); line breaks become spaces so that a snippet stays one line."""
    text = text.translate(_ONE_LINE)
    result: list[Run] = []
    position = 0
    for start, end in sorted(marks):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            result.append(Run(text[position:start]))
        result.append(Run(text[start:end], True))
        position = end
    if position < len(text):
        result.append(Run(text[position:]))
    return result


def fit_runs(
    runs: list[Run], width: int, measure: Callable[[Run], int], elide: Callable[[Run, int], str]
) -> list[Run]:
    """The runs that fit in ``width`` pixels: text before the first mark shortened from the start
    when it would push the mark out of sight (to a third of the width), the end cut with "…"."""
    runs = list(runs)
    if runs and not runs[0].marked and any(run.marked for run in runs):
        lead = runs[0]
        allowed = width // 3
        if measure(lead) > allowed:
            words = lead.text.split(" ")
            while len(words) > 1 and measure(Run(ELLIPSIS + " ".join(words))) > allowed:
                words.pop(0)
            runs[0] = Run(ELLIPSIS + " ".join(words))
    fitted: list[Run] = []
    left = width
    for run in runs:
        size = measure(run)
        if size <= left:
            fitted.append(run)
            left -= size
            continue
        cut = elide(run, left)
        if cut:
            fitted.append(Run(cut, run.marked))
        break
    return fitted


class ResultsDelegate(QStyledItemDelegate):
    """Paints the rows of ``ResultsModel``."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        row: ResultRow | None = index.data(ROW_ROLE)
        line = QFontMetrics(option.font).height()
        small = QFontMetrics(self._snippet_font(option.font)).height()
        if row is None:
            return QSize(0, 0)
        if row.kind == RowKind.HIT and self._two_lines(row):
            return QSize(option.rect.width(), line + small + 3 * PADDING // 2 + 2)
        if row.kind == RowKind.MESSAGE:
            return QSize(option.rect.width(), line + 4 * PADDING)
        return QSize(option.rect.width(), line + 2 * PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        row: ResultRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        painter.save()
        rect = option.rect
        palette = option.palette
        if row.kind == RowKind.HEADING:
            painter.fillRect(rect, HEADING_COLOR)
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(HEADING_TEXT)
            inner = rect.adjusted(PADDING, 0, -PADDING, 0)
            text = QFontMetrics(font).elidedText(row.text, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            painter.restore()
            return
        if row.kind == RowKind.MESSAGE:
            font = QFont(option.font)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            inner = rect.adjusted(2 * PADDING, 0, -PADDING, 0)
            text = QFontMetrics(font).elidedText(row.text, Qt.TextElideMode.ElideMiddle, inner.width())
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            painter.restore()
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, SELECTED_COLOR)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, SELECTED_COLOR.lighter(108))
        text_color = palette.color(QPalette.ColorRole.Text)
        inner = rect.adjusted(INDENT, PADDING // 2, -PADDING, -PADDING // 2)
        line = QFontMetrics(option.font).height()
        if row.kind == RowKind.RECENT:
            self._draw_line(painter, option.font, inner, runs_of(row.text), text_color)
        elif row.kind == RowKind.FORGET:
            link = palette.color(QPalette.ColorRole.Link)
            self._draw_line(painter, self._snippet_font(option.font), inner, runs_of(row.text), link)
        elif row.hit is not None and self._two_lines(row):
            title_font = QFont(option.font)
            title_font.setBold(True)
            top = QRect(inner.left(), inner.top(), inner.width(), line)
            self._draw_line(painter, title_font, top, runs_of(row.text), text_color)
            small = self._snippet_font(option.font)
            below = QRect(inner.left(), top.bottom() + 1, inner.width(), QFontMetrics(small).height() + 2)
            snippet = row.hit.snippet
            self._draw_line(painter, small, below, runs_of(snippet.text, snippet.marks), SNIPPET_TEXT)
        elif row.hit is not None:  # the snippet is the title: one line, marked
            snippet = row.hit.snippet
            runs = runs_of(snippet.text, snippet.marks) if snippet.text == row.text else runs_of(row.text)
            self._draw_line(painter, option.font, inner, runs, text_color)
        painter.restore()

    @staticmethod
    def _two_lines(row: ResultRow) -> bool:
        return row.hit is not None and bool(row.hit.snippet.text) and row.hit.snippet.text != row.text

    @staticmethod
    def _snippet_font(font: QFont) -> QFont:
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(font.pointSizeF() - 0.5, 7.0))
        return small

    @staticmethod
    def _draw_line(painter: QPainter, font: QFont, rect: QRect, runs: list[Run], color: QColor) -> None:
        """Draw ``runs`` left to right in ``rect`` (one line, vertically centred), marks in bold on
        ``MARK_COLOR``."""
        bold = QFont(font)
        bold.setBold(True)
        metrics = {False: QFontMetrics(font), True: QFontMetrics(bold)}

        def measure(run: Run) -> int:
            return metrics[run.marked].horizontalAdvance(run.text)

        def elide(run: Run, width: int) -> str:
            text = metrics[run.marked].elidedText(run.text, Qt.TextElideMode.ElideRight, width)
            return (
                ""
                if text in ("", ELLIPSIS) and width < metrics[run.marked].horizontalAdvance(ELLIPSIS)
                else text
            )

        x = rect.left()
        height = metrics[False].height()
        y = rect.top() + max(0, (rect.height() - height) // 2)
        for run in fit_runs(runs, rect.width(), measure, elide):
            width = measure(run)
            box = QRect(x, y, width, height)
            if run.marked:
                painter.fillRect(box.adjusted(-1, 0, 1, 0), MARK_COLOR)
            painter.setFont(bold if run.marked else font)
            painter.setPen(QColor("#000000") if run.marked else color)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), run.text)
            x += width
