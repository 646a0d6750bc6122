"""A recorded house visit in the same doorstep form, filled in, to correct and save.

The outcome keys 1–4 and Ctrl+Enter (save) work as on the house-visit tab. Saving calls
``HouseVisitService.update_visit``; the token it returns (``change``) lets the page offer
"Ongedaan maken".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFrame, QScrollArea, QVBoxLayout, QWidget

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.inventory.visit_changes import VisitChange
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import save_cancel_buttons
from wiec_desktop.ui.inventory.visit_form import OUTCOME_KEYS, VisitForm

WIDTH, HEIGHT = 1060, 700  # the form's two columns side by side where the screen allows


class VisitDialog(QDialog):
    """Edit visit ``visit_id``; after Opslaan, ``change`` holds the undo token."""

    def __init__(self, context: AppContext, visit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = context.services.house_visits
        self.visit_id = visit_id
        self.change: VisitChange | None = None
        visit = self.service.visit(visit_id)
        self.setWindowTitle(self.tr("Huisbezoek bewerken"))
        self.form = VisitForm(context.services.reference_data.themes(), self.service.today, self)
        self.form.show_address(
            visit.address_label,
            self.tr("Bezoek van {date}").format(date=short_date(visit.visited_on)),
        )
        self.form.fill(visit, self.service.visit_resident(visit_id))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self._shortcuts()
        self._size()
        self.form.outcome.setFocus(Qt.FocusReason.OtherFocusReason)

    def _shortcuts(self) -> None:
        for key, outcome in OUTCOME_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda o=outcome: self.form.choose_outcome(o))
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self).activated.connect(self.save)

    def _size(self) -> None:
        width, height = WIDTH, HEIGHT
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width, height = min(width, screen.width() - 24), min(height, screen.height() - 40)
        self.resize(width, height)

    def save(self) -> None:
        values = self.form.values()

        def update() -> VisitChange:
            if values.outcome is None:
                raise ValidationError({"outcome": self.tr("Kies de uitkomst van het bezoek (toets 1–4).")})
            return self.service.update_visit(self.visit_id, **values.as_kwargs())

        change = self.form.attempt(update)
        if change is not None:
            self.change = change
            self.accept()
