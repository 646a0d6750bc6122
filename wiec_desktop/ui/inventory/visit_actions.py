"""Editing and deleting a recorded house visit from any list of visits, with the offer to undo.

Used by the house-visit tab (the visits of the chosen address) and by the list of all visits. The
page that shows the "Ongedaan maken" bar connects ``undo_offered``; ``changed`` says the visits
(and perhaps their signals) changed, so that lists are read again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.inventory.visit_changes import VisitChange
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.inventory.visit_dialog import VisitDialog


class VisitActions(QObject):
    """Edit (the doorstep form, filled in) or delete (after confirmation) one visit."""

    changed = Signal()
    undo_offered = Signal(str, object)  # the message and the call that takes it back

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.house_visits
        self.host = parent

    def edit(self, visit_id: int) -> bool:
        """Open the visit in the doorstep form; True when it was saved."""
        dialog = VisitDialog(self.context, visit_id, self.host)
        try:
            if not dialog.exec() or dialog.change is None:
                return False
            change = dialog.change
        finally:
            dialog.deleteLater()
        self.changed.emit()
        self.undo_offered.emit(
            self.tr("Bezoek aan {address} gewijzigd.").format(address=change.address_label),
            lambda: self._undo(change),
        )
        return True

    def delete(self, visit_id: int) -> bool:
        """Delete the visit after confirmation; True when it was deleted."""
        title = self.tr("Huisbezoek verwijderen")
        try:
            visit = self.service.visit(visit_id)
        except Exception as error:  # gone meanwhile: a plain message; a bug propagates
            if not show_known_error(self.host, title, error):
                raise
            self.changed.emit()
            return False
        triaged = sum(1 for problem in visit.problem_notes if problem.triaged)
        untriaged = len(visit.problem_notes) - triaged
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            self.tr("Het bezoek aan {address} van {date} verwijderen?").format(
                address=visit.address_label, date=short_date(visit.visited_on)
            ),
            parent=self.host,
        )
        info = []
        if untriaged:
            info.append(
                self.tr("De {count} signalen uit dit bezoek die nog niet beoordeeld zijn gaan mee.").format(
                    count=untriaged
                )
                if untriaged > 1
                else self.tr("Het signaal uit dit bezoek dat nog niet beoordeeld is gaat mee.")
            )
        if triaged:
            info.append(self.tr("Beoordeelde signalen blijven bestaan, zonder bezoek."))
        info.append(self.tr("Direct daarna kunt u het verwijderen nog ongedaan maken."))
        box.setInformativeText(" ".join(info))
        delete = box.addButton(self.tr("Verwijderen"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        box.deleteLater()
        if box.clickedButton() is not delete:
            return False
        try:
            change = self.service.delete_visit(visit_id)
        except Exception as error:  # gone, locked, read-only: a plain message; a bug propagates
            if not show_known_error(self.host, title, error):
                raise
            self.changed.emit()
            return False
        self.changed.emit()
        self.undo_offered.emit(
            self.tr("Bezoek aan {address} van {date} verwijderd.").format(
                address=change.address_label, date=short_date(visit.visited_on)
            ),
            lambda: self._undo(change),
        )
        return True

    def _undo(self, change: VisitChange) -> str:
        self.service.undo(change)
        self.changed.emit()
        if change.deleted:
            return self.tr("Het bezoek aan {address} is teruggezet.").format(address=change.address_label)
        return self.tr("De wijziging van het bezoek aan {address} is teruggedraaid.").format(
            address=change.address_label
        )
