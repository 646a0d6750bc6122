"""The question before expired data is removed: how much of each kind, what goes and what stays."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from wiec_desktop.services.privacy.retention import ExpiredSelection


class RemovalConfirmation(QMessageBox):
    """ "Verwijderen" or "Annuleren" (the default); ``exec`` then ``confirmed``."""

    def __init__(self, selection: ExpiredSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Verlopen gegevens verwijderen"))
        self.setText(
            self.tr(
                "De aangevinkte verlopen gegevens verwijderen?\n\nBewoners: {residents}\n"
                "Huisbezoeken: {visits}\nSignalen: {signals}\n\nDit kan niet ongedaan worden gemaakt."
            ).format(
                residents=len(selection.resident_ids),
                visits=len(selection.visit_ids),
                signals=len(selection.signal_ids),
            )
        )
        self.setInformativeText(
            self.tr(
                "Verdwijnt: van bewoners de naam, het telefoonnummer en de toestemming; van "
                "huisbezoeken de vrije tekst (ervaring, problemen, ideeën) en de koppeling met de "
                "bewoner; van signalen de tekst en de koppeling met het adres.\n\n"
                "Blijft: adressen en straten, datums, rondes, uitkomsten, rapportcijfers, thema's en "
                "aantallen, zodat het overzicht en de rapportages blijven kloppen.\n\n"
                "Namen in verslagen en acties blijven staan; wis die met ‘Bewoner wissen…’."
            )
        )
        self.remove_button = self.addButton(self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)

    @property
    def confirmed(self) -> bool:
        return self.clickedButton() is self.remove_button
