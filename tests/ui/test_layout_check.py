"""The layout check finds what a chair would see cut off (so that the screens-fit test can fail)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QTableView, QVBoxLayout, QWidget

from tests.ui.layout_check import problems


def _window(qtbot, width: int = 300) -> tuple[QWidget, QVBoxLayout]:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    window.resize(width, 300)
    return window, layout


def _shown(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)


def test_a_fitting_window_has_no_problems(qtbot) -> None:
    window, layout = _window(qtbot)
    layout.addWidget(QLabel("Rapportcijfer", window))
    layout.addWidget(QPushButton("Opslaan", window))
    _shown(qtbot, window)
    assert problems(window) == []


def test_a_label_cut_off_is_found(qtbot) -> None:
    window, layout = _window(qtbot)
    label = QLabel("Bewonersvereniging Wateringseveld Leeft", window)
    label.setFixedWidth(60)
    layout.addWidget(label)
    _shown(qtbot, window)
    assert [p.text for p in problems(window)] == ["Bewonersvereniging Wateringseveld Leeft"]


def test_a_form_that_scrolls_sideways_is_found(qtbot) -> None:
    window, layout = _window(qtbot)
    area = QScrollArea(window)
    inner = QWidget()
    inner.setMinimumWidth(900)
    area.setWidget(inner)
    layout.addWidget(area)
    _shown(qtbot, window)
    assert "(horizontaal scrollen)" in [p.text for p in problems(window)]


def test_a_column_narrower_than_its_title_or_its_short_values_is_found(qtbot) -> None:
    window, layout = _window(qtbot, width=600)
    model = QStandardItemModel(1, 2, window)
    model.setHorizontalHeaderLabels(["Organisatie", "Thema"])
    model.setItem(0, 0, QStandardItem("Politie"))
    model.setItem(0, 1, QStandardItem("jeugdoverlast"))
    view = QTableView(window)
    view.setModel(model)
    view.horizontalHeader().resizeSection(0, 40)
    view.horizontalHeader().resizeSection(1, 60)
    layout.addWidget(view)
    _shown(qtbot, window)
    assert sorted(p.text for p in problems(window)) == ["Organisatie", "jeugdoverlast"]


def test_a_table_that_scrolls_sideways_is_found_unless_made_for_it(qtbot) -> None:
    window, layout = _window(qtbot, width=300)
    model = QStandardItemModel(1, 6, window)
    view = QTableView(window)
    view.setModel(model)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    for column in range(6):
        view.horizontalHeader().resizeSection(column, 120)
    layout.addWidget(view)
    _shown(qtbot, window)
    assert "(tabel scrolt opzij)" in [p.text for p in problems(window)]
    view.setProperty("scrollsSideways", True)  # the matrix: a column per organisation
    assert problems(window) == []
