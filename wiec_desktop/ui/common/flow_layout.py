"""``FlowLayout``: widgets side by side as far as the width allows, then on the next line — for
rows of buttons or check boxes that must not push a narrow form sideways (the doorstep form beside
two lists on a 1280-pixel laptop).

With ``uniform=True`` every item gets the width of the widest, so that check boxes line up in
columns whose number follows the width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Lays its items out in lines that wrap at the available width (heightForWidth)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 6,
        line_spacing: int | None = None,
        uniform: bool = False,
        stretch: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = spacing if line_spacing is None else line_spacing
        self.uniform = uniform
        self.stretch = stretch  # widen the items of a line to fill it
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- QLayout -------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        items = self._shown()
        if not items:
            return QSize(0, 0)
        widths = [self._width(item) for item in items]
        height = max(item.sizeHint().height() for item in items)
        margins = self.contentsMargins()
        width = sum(widths) + self._spacing * (len(items) - 1)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest item: everything else may wrap."""
        items = self._shown()
        size = QSize(0, 0)
        for item in items:
            size = size.expandedTo(QSize(self._width(item), item.minimumSize().height()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # --- arranging -----------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _width(self, item: QLayoutItem) -> int:
        if self.uniform:
            return max(i.sizeHint().width() for i in self._shown())
        return item.sizeHint().width()

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            need = self._width(item)
            if lines[-1] and used + self._spacing + need > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + need
            lines[-1].append(item)
        lines = [line for line in lines if line]
        if self.uniform and len(lines) > 1:  # as even as the same number of lines allows: 2 + 2, not 3 + 1
            items = self._shown()
            per_line = -(-len(items) // len(lines))
            lines = [items[n : n + per_line] for n in range(0, len(items), per_line)]
        return lines

    def _widths(self, line: list[QLayoutItem], room: int, columns: int) -> list[int]:
        """The items' widths on one line: as they ask, or (``stretch``) sharing the line's room —
        uniform items in as many equal columns as the fullest line has."""
        widths = [self._width(item) for item in line]
        if not self.stretch:
            return widths
        if self.uniform:
            slot = (room - self._spacing * (columns - 1)) // columns
            return [max(width, slot) for width in widths]
        extra = max(0, room - sum(widths) - self._spacing * (len(line) - 1)) // len(line)
        return [width + extra for width in widths]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        lines = self._lines(area.width())
        columns = max((len(line) for line in lines), default=0)
        for line in lines:
            height = max(item.sizeHint().height() for item in line)
            x = area.x()
            for item, width in zip(line, self._widths(line, area.width(), columns), strict=True):
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self._spacing
            y += height + self._line_spacing
        if lines:
            y -= self._line_spacing
        return y - rect.y() + margins.bottom()


def flow_widget(parent: QWidget | None = None, **options: object) -> tuple[QWidget, FlowLayout]:
    """A widget holding a ``FlowLayout`` that tells its form row how tall it needs to be."""
    widget = QWidget(parent)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    return widget, FlowLayout(widget, **options)  # type: ignore[arg-type]


__all__ = ["FlowLayout", "flow_widget"]
