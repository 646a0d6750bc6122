"""Qt's own dialogs and buttons speak Dutch once the application is started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from wiec_desktop.resources import resource_path
from wiec_desktop.ui.shell.qt_translations import install_dutch_qt_texts


def test_message_box_buttons_and_file_dialog_are_dutch(qapp: QApplication, qtbot) -> None:
    translators = install_dutch_qt_texts(qapp)
    try:
        assert translators, "Qt's Dutch translations were not found"
        box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        texts = {
            box.button(b).text().replace("&", "")
            for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)
        }
        assert texts == {"Ja", "Nee"}
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close
        )
        assert {b.text().replace("&", "") for b in buttons.buttons()} == {"Annuleren", "Sluiten"}
        dialog = QFileDialog(None, "Opslaan")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
        assert {"Zoeken in:", "Bestandsnaam:", "Bestanden van type:"} <= labels, labels
        assert QLocale().language() == QLocale.Language.Dutch
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())


def test_the_extra_catalogue_is_compiled_from_its_source(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed next to this Python")
    source = resource_path("translations", "qt_extra_nl.ts")
    subprocess.run(
        [str(lrelease), str(source), "-qm", str(tmp_path / "x.qm")], check=True, capture_output=True
    )
    assert (tmp_path / "x.qm").read_bytes() == resource_path("translations", "qt_extra_nl.qm").read_bytes(), (
        "run python resources/translations/build_qm.py"
    )
