"""Texts from the data stay as written on menus and buttons, and long tooltips wrap."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QToolTip, QWidget

from wiec_desktop.ui.common.labels import TOOLTIP_WIDTH, plain, tooltip

LONG = " ".join(["De groep jongeren verzamelt zich elke avond bij de ingang van het winkelcentrum."] * 12)


def test_an_ampersand_from_the_data_is_shown_as_written(qtbot) -> None:
    menu = QMenu()
    qtbot.addWidget(menu)
    action = menu.addAction(plain("Welzijn & Zorg"))
    assert action.text() == "Welzijn && Zorg"  # Qt shows "Welzijn & Zorg", without a mnemonic
    assert action.iconText() == "Welzijn & Zorg"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_long_tooltip_wraps_within_the_screen(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    QToolTip.showText(widget.mapToGlobal(QPoint(10, 10)), tooltip(LONG + "\n<b>&</b>"), widget)
    labels = [w for w in QApplication.topLevelWidgets() if isinstance(w, QLabel) and w.isVisible()]
    shown = next(label for label in labels if "winkelcentrum" in label.text())
    screen = widget.screen().availableGeometry()
    assert shown.width() <= TOOLTIP_WIDTH + 24  # a plain tooltip of this text is 480 pixels or more
    assert screen.width() > TOOLTIP_WIDTH
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in shown.text()  # data is never read as markup
    QToolTip.hideText()
    assert tooltip("") == ""
