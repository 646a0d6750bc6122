"""The two File-menu entries of the handover and what follows them: after making, where the
package and its summary are; after opening, the received settings applied when the chair agrees,
then the received database opened in the window (``MainWindow.switch_database``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

# The dialogs (and through them the handover services) are imported when the chair asks for
# them: the menu entries are made at start-up, before the first page.
if TYPE_CHECKING:
    from wiec_desktop.ui.common.background import Runner
    from wiec_desktop.ui.shell.main_window import MainWindow


class HandoverMenu(QObject):
    """Bestand › Overdracht maken… and Bestand › Overdracht openen… for one main window.
    ``runner`` (tests: a synchronous one) is handed to the dialogs."""

    def __init__(self, window: MainWindow, runner: Runner | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.dialog: QDialog | None = None
        self.make_action = QAction(self.tr("Overdracht &maken…"), window)
        self.make_action.triggered.connect(self.make)
        self.open_action = QAction(self.tr("Overdracht o&penen…"), window)
        self.open_action.triggered.connect(self.open)

    def make(self) -> None:
        """Make a package of the open database (a database server has none)."""
        window = self.window
        if window.context.database.location.path is None:
            QMessageBox.information(
                window,
                self.tr("Overdracht maken"),
                self.tr(
                    "Van een databaseserver wordt geen overdracht gemaakt; alleen van een databasebestand."
                ),
            )
            return
        from wiec_desktop.ui.handover.make_dialog import MakeHandoverDialog

        dialog = MakeHandoverDialog(window.context, window, self.runner)
        if not self._exec(dialog):
            return
        written = dialog.written
        from wiec_desktop.exports.docx.handover_package import WrittenHandover

        assert isinstance(written, WrittenHandover)
        QMessageBox.information(
            window,
            self.tr("Overdracht gemaakt"),
            self.tr(
                "De overdracht staat in {package}.\nDe samenvatting (zonder namen van bewoners) staat "
                "ernaast: {summary}.\n\nGeef de wachtwoordzin apart door aan uw opvolger."
            ).format(package=written.path, summary=written.summary.name),
        )

    def open(self) -> None:
        """Open a package into a folder, apply its settings on confirmation, show its database."""
        window = self.window
        from wiec_desktop.ui.handover.open_dialog import OpenHandoverDialog
        from wiec_desktop.ui.handover.settings_bridge import apply, describe

        dialog = OpenHandoverDialog(window, self.runner)
        if not self._exec(dialog) or dialog.received is None:
            return
        received = dialog.received
        changes = describe(received)
        if changes:
            answer = QMessageBox.question(
                window,
                self.tr("Instellingen overnemen"),
                self.tr(
                    "De overdracht bevat instellingen van de opdracht:\n\n{changes}\n\nWilt u deze "
                    "instellingen op deze computer overnemen? Het wachtwoord van de mailserver zit er "
                    "niet bij; dat vraagt het programma bij het eerste versturen."
                ).format(changes="\n".join(f"• {line}" for line in changes)),
            )
            if answer == QMessageBox.StandardButton.Yes:
                apply(window.context.settings, received)
        window.switch_database(str(received.database))

    def _exec(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None


def add_handover_actions(window: MainWindow, menu: QMenu) -> HandoverMenu:
    """Both entries at the end of ``menu`` (the window keeps the returned object)."""
    handover = HandoverMenu(window)
    menu.addAction(handover.make_action)
    menu.addAction(handover.open_action)
    return handover
