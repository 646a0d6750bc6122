"""``UprightHeader``: the matrix's horizontal header, writing the organisation names bottom to top
so that the organisation columns stay narrow."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from wiec_desktop.ui.matrix.model import FIRST_ORGANISATION

MAX_HEADER_HEIGHT = 140


class UprightHeader(QHeaderView):
    """A horizontal header that writes the organisation names bottom to top, so columns stay narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def is_upright(self, logical_index: int) -> bool:
        """Whether the section's title is written bottom to top (the organisations)."""
        return logical_index >= FIRST_ORGANISATION

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        model = self.model()
        if model is None:
            return hint
        names = [
            str(model.headerData(n, Qt.Orientation.Horizontal) or "")
            for n in range(FIRST_ORGANISATION, model.columnCount())
        ]
        hint.setHeight(max(hint.height(), self._needed_height(names)))
        return hint

    def _needed_height(self, names: list[str]) -> int:
        """The lowest header (up to ``MAX_HEADER_HEIGHT``) in which every name fits, wrapped to as
        many lines as the narrowest organisation column holds."""
        if not names:
            return 0
        metrics = self.fontMetrics()
        across = min((self.sectionSize(n) for n in range(FIRST_ORGANISATION, self.count())), default=60)
        across = max(across - 4, metrics.height())
        flags = int(Qt.TextFlag.TextWordWrap)
        for length in range(50, MAX_HEADER_HEIGHT - 11, 10):
            boxes = [metrics.boundingRect(QRect(0, 0, length, 10_000), flags, name) for name in names]
            if all(box.width() <= length and box.height() <= across for box in boxes):
                return length + 12
        return MAX_HEADER_HEIGHT

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if logical_index < FIRST_ORGANISATION or self.model() is None:
            super().paintSection(painter, rect, logical_index)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        painter.save()
        painter.setClipRect(rect)
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)  # x now runs upwards, y to the right
        box = QRect(6, 2, rect.height() - 12, rect.width() - 4)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, int(align) | int(Qt.TextFlag.TextWordWrap), text)
        painter.restore()
