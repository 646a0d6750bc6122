"""A read-only database shows itself in the main window: "— alleen-lezen" in the title and a
status-bar message with the reason. Writes are not disabled one by one: the first one is refused
by the read-only engine with the known ``DatabaseReadOnly`` message (services translate it, and a
write outside a handler reaches the exception hook's plain warning, never the crash dialog)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from wiec_desktop.storage.database import Database
from wiec_desktop.translation import QT_TRANSLATE_NOOP

CONTEXT = "ReadOnlyState"
TITLE_SUFFIX = QT_TRANSLATE_NOOP(CONTEXT, " — alleen-lezen")
WITH_REASON = QT_TRANSLATE_NOOP(CONTEXT, "Alleen-lezen: {reason}. Wijzigingen worden niet bewaard.")
CHOSEN = QT_TRANSLATE_NOOP(
    CONTEXT, "Alleen-lezen geopend (elders geopend om in te werken). Wijzigingen worden niet bewaard."
)
LABEL_NAME = "readOnlyStatus"


def read_only_text(database: Database) -> str:
    """The status-bar message of a read-only database ('' for one that can be written)."""
    if not database.read_only:
        return ""
    if database.read_only_reason:
        return QCoreApplication.translate(CONTEXT, WITH_REASON).format(reason=database.read_only_reason)
    return QCoreApplication.translate(CONTEXT, CHOSEN)


def show_read_only_state(window: QMainWindow, database: Database) -> None:
    """Title suffix and status-bar label for ``database`` (both gone again for a writable one)."""
    label = window.statusBar().findChild(QLabel, LABEL_NAME)
    if label is None:
        label = QLabel(window)
        label.setObjectName(LABEL_NAME)
        label.setStyleSheet("color: #a30000; font-weight: bold;")
        window.statusBar().insertPermanentWidget(0, label)
    text = read_only_text(database)
    label.setText(text)
    label.setVisible(bool(text))
    suffix = QCoreApplication.translate(CONTEXT, TITLE_SUFFIX)
    title = window.windowTitle().removesuffix(suffix)
    window.setWindowTitle(title + suffix if database.read_only else title)
