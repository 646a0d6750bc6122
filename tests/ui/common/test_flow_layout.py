"""Rows of buttons and check boxes wrap in a narrow form instead of widening it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from wiec_desktop.ui.common.flow_layout import flow_widget


def _holder(
    qtbot, count: int, *, uniform: bool = True, stretch: bool = True
) -> tuple[QWidget, list[QWidget]]:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    holder, flow = flow_widget(window, uniform=uniform, stretch=stretch)
    buttons: list[QWidget] = []
    for number in range(count):
        button = QPushButton(f"{number + 1}  Uitkomst", holder)
        flow.addWidget(button)
        buttons.append(button)
    layout.addWidget(holder)
    layout.addStretch(1)
    return window, buttons


def _rows(widgets: list[QWidget]) -> list[int]:
    return sorted({w.y() for w in widgets})


def test_four_buttons_stand_in_one_row_when_there_is_room(qtbot) -> None:
    window, buttons = _holder(qtbot, 4)
    window.resize(900, 200)
    window.show()
    qtbot.waitExposed(window)
    assert len(_rows(buttons)) == 1
    assert buttons[-1].geometry().right() <= window.width()


def test_in_a_narrow_form_they_wrap_two_by_two_not_three_and_one(qtbot) -> None:
    window, buttons = _holder(qtbot, 4)
    needed = buttons[0].sizeHint().width()
    window.resize(needed * 3 + 40, 200)  # room for three, not four
    window.show()
    qtbot.waitExposed(window)
    top, bottom = _rows(buttons)
    assert [b.y() for b in buttons] == [top, top, bottom, bottom]
    assert all(b.geometry().right() <= window.width() for b in buttons)
    assert all(b.height() > 0 and b.y() + b.height() <= window.height() for b in buttons)


def test_check_boxes_line_up_in_columns(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    holder, flow = flow_widget(window, uniform=True)
    boxes = [
        QCheckBox(name, holder) for name in ("drugsoverlast", "groen en spelen", "verkeer", "woonoverlast")
    ]
    for box in boxes:
        flow.addWidget(box)
    layout.addWidget(holder)
    window.resize(boxes[1].sizeHint().width() * 2 + 50, 200)
    window.show()
    qtbot.waitExposed(window)
    assert boxes[0].x() == boxes[2].x() and boxes[1].x() == boxes[3].x()
