"""Qt's own texts in Dutch: file dialogs ("Zoeken in", "Bestandsnaam", "Opslaan", "Annuleren"),
message-box buttons ("Ja", "Nee", "Sluiten") and the calendar. The PySide6 wheel ships Qt's Dutch
translations; without a translator loaded every standard dialog is English.

Looked for where Qt itself says its translations are (``QLibraryInfo``), and, in a frozen build, also
beside the bundled PySide6 (PyInstaller keeps ``PySide6/Qt/translations`` under ``sys._MEIPASS``).
``resources/translations/qt_extra_nl.qm`` adds the few texts the shipped catalogue lacks (loaded last,
so it is asked first).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from wiec_desktop.resources import resource_path

log = logging.getLogger(__name__)

CATALOGUES = ("qtbase", "qt")  # qtbase: dialogs and buttons; qt: the rest of Qt's own texts
EXTRA = "qt_extra_nl.qm"  # what the shipped Dutch catalogue lacks
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def translation_folders() -> list[Path]:
    """Where Qt's .qm files may be, most likely first."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders += [Path(frozen) / "PySide6" / "Qt" / "translations", Path(frozen) / "translations"]
    return folders


def install_dutch_qt_texts(app: QCoreApplication) -> list[QTranslator]:
    """Make Dutch the locale (dates, month names) and load Qt's Dutch catalogues into ``app``.
    Returns the translators (kept by the caller for as long as the application runs)."""
    QLocale.setDefault(DUTCH)
    installed: list[QTranslator] = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if any(translator.load(DUTCH, name, "_", str(folder)) for folder in translation_folders()):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Qt translation %s_nl not found", name)
    extra = QTranslator(app)
    try:
        if extra.load(str(resource_path("translations", EXTRA))):
            app.installTranslator(extra)
            installed.append(extra)
    except FileNotFoundError:
        log.warning("%s not found", EXTRA)
    return installed
