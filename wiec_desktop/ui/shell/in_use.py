"""Opening a database in the window when another instance already writes to it: the chair is told
who has it open (computer, user, since when) and may open it read-only, or cancel.

``open_for_window`` is the one way the window opens a database (at start and from the File menu):
an existing file another instance holds gets ``InUseDialog`` first; an encrypted file then asks its
passphrase (unless kept) as usual.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from wiec_desktop.storage.database import Database, needs_passphrase, open_database, writer_elsewhere
from wiec_desktop.storage.engine import DatabaseLocation
from wiec_desktop.storage.writer_lock import DatabaseInUse
from wiec_desktop.ui.shell.passphrase_dialog import DialogRunner, open_encrypted


class InUseDialog(QDialog):
    """Who has the database open for writing, with "Alleen-lezen openen" (accept) or cancel."""

    def __init__(self, name: str, error: DatabaseInUse, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database al geopend"))
        holder = error.holder
        if holder is not None:
            who = self.tr("{user} op de computer {computer}, sinds {since}").format(
                user=holder.user, computer=holder.computer, since=f"{holder.since:%d-%m-%Y %H:%M}"
            )
        else:
            who = self.tr("een ander venster of programma")
        self.text = QLabel(
            self.tr(
                "De database ‘{name}’ is al geopend door {who}.\n\n"
                "Twee vensters die tegelijk schrijven zouden elkaars werk overschrijven. U kunt haar "
                "alleen-lezen openen: u ziet alles, maar kunt niets wijzigen. Wilt u erin werken, "
                "sluit haar dan eerst daar."
            ).format(name=name, who=who),
            self,
        )
        self.text.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.read_only_button = self.buttons.addButton(
            self.tr("Alleen-lezen openen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.read_only_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)


def open_for_window(
    path_or_url: str | Path,
    exec_dialog: DialogRunner,
    parent: QWidget | None = None,
    *,
    create: bool = False,
    passphrase: str | None = None,
    current: Database | None = None,
) -> Database | None:
    """Open ``path_or_url`` for the window; None when the chair cancels (the in-use question or the
    passphrase dialog); ``current`` itself when that is the database asked for (it is open already).
    Known problems raise their ``StorageError`` as ``open_database`` does."""
    if current is not None and current.location == DatabaseLocation.parse(path_or_url):
        return current
    read_only = False
    busy = writer_elsewhere(path_or_url)
    if busy is not None:
        name = Path(str(path_or_url)).name
        if not exec_dialog(InUseDialog(name, busy, parent)):
            return None
        read_only = True
    if passphrase is None and needs_passphrase(path_or_url):
        return open_encrypted(Path(path_or_url), exec_dialog, parent, read_only=read_only)
    try:
        return open_database(path_or_url, create=create, passphrase=passphrase, read_only=read_only)
    except DatabaseInUse as error:  # taken between the question and now: ask again
        if not exec_dialog(InUseDialog(Path(str(path_or_url)).name, error, parent)):
            return None
        return open_database(path_or_url, passphrase=passphrase, read_only=True)
