"""The case editor, opened from a signal: prefilled from it, and saving links the signal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from wiec_desktop.services.signals.service import SignalTriage
from wiec_desktop.ui.cases.case_dialog import CaseDialog
from wiec_desktop.ui.cases.overlap_dialog import OverlapChoice, OverlapDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import select_value


class SignalCaseDialog(CaseDialog):
    """A new case made from signal ``signal_id``: its theme, area, street (as location) and text are
    filled in. Saving creates the case and links the signal in one transaction
    (``services.signals.create_case_from``); the dialog then stays open for the involvements, as
    the case editor does. When the overlap check finds the case already exists and the chair picks
    it, ``link_requested`` carries that case's id and the dialog closes."""

    link_requested = Signal(int)

    def __init__(self, context: AppContext, signal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, None, parent)
        self.signal_id = signal_id
        self.triage: SignalTriage | None = None
        self.setWindowTitle(self.tr("Nieuwe casus uit signaal"))
        draft = context.services.signals.case_draft(signal_id)
        self.title_edit.setText(draft.title)
        self.title_edit.selectAll()
        select_value(self.area, draft.area_id)
        self.location.setText(draft.location)
        select_value(self.theme, draft.theme_id)
        self.description.setPlainText(draft.description)
        self.title_edit.setFocus()

    def save(self) -> None:
        if self.case_id is not None:  # saved already: now an ordinary edit of the new case
            super().save()
            return
        values = self._values()
        if not values["title"]:
            self.form.show_errors({"title": self.tr("Titel is verplicht.")})
            return
        if not self._no_overlap(values):
            return
        signals = self.context.services.signals
        fields = {k: v for k, v in values.items() if k not in ("title", "outcome")}
        signal_id = self.signal_id
        triage = self.form.attempt(lambda: signals.create_case_from(signal_id, values["title"], **fields))
        if triage is None or triage.case_id is None:
            return
        self.triage = triage  # the inbox offers to undo it
        self.case_id = case_id = triage.case_id
        self.case_saved.emit(case_id)
        self._load()
        self.tabs.setCurrentIndex(1)
        self.close_button.setText(self.tr("Sluiten"))

    def _no_overlap(self, values: dict[str, Any]) -> bool:
        """As the case editor, but choosing an existing case links the signal to it instead."""
        if self.case_id is not None:
            return super()._no_overlap(values)
        similar = self.context.services.overlap.find_similar(
            values["title"],
            description=values["description"],
            location=values["location"],
            theme_id=values["theme_id"],
            area_id=values["area_id"],
        )
        if not similar:
            return True
        dialog = OverlapDialog(similar, self)
        dialog.open_button.setText(self.tr("Signaal aan deze casus koppelen"))
        dialog.exec()
        if dialog.choice == OverlapChoice.OPEN_EXISTING and dialog.chosen_case_id is not None:
            self.link_requested.emit(dialog.chosen_case_id)
            self.reject()
            return False
        return dialog.choice == OverlapChoice.SAVE_ANYWAY
