"""The case editor: the case itself, the organisations involved, and its timeline.

A new case is checked against similar open cases before it is created; after saving, the dialog
stays open on the "Betrokken organisaties" tab so the chair can add who does what straight away.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import CaseStatus, Priority
from wiec_desktop.services.cases.views import CaseDetails, InvolvementRow
from wiec_desktop.services.formatting import short_date
from wiec_desktop.ui.cases.involvement_dialog import InvolvementDialog
from wiec_desktop.ui.cases.overlap_dialog import OverlapChoice, OverlapDialog
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, combo_value, enum_combo, fill_combo, select_value
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.common.tables import read_only_table
from wiec_desktop.ui.common.text_limit import limit_length

OVERLAP_FIELDS = ("title", "description", "location", "theme_id", "area_id")


class CaseDialog(QDialog):
    """Create (``case_id`` None) or edit a case. ``open_case_requested`` carries an existing case's id."""

    open_case_requested = Signal(int)
    case_saved = Signal(int)

    def __init__(
        self, context: AppContext, case_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.case_id = case_id
        self.resize(720, 620)
        self.tabs = QTabWidget(self)
        self.form = Form(self)
        self._build_fields()
        self.tabs.addTab(self._wrap(self.form), self.tr("Casus"))
        self.tabs.addTab(self._involvement_tab(), self.tr("Betrokken organisaties"))
        self.timeline_model = QStandardItemModel(self)
        self.timeline = read_only_table(self, self.timeline_model)
        self.timeline.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline_columns = fit_columns(self.timeline, "case/timeline", context.settings, stretch=2)
        self.tabs.addTab(self.timeline, self.tr("Tijdlijn"))

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._load()

    # --- building ----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        reference = self.context.services.reference_data
        self.reference_label = QLabel(self)
        self.title_edit = QLineEdit(self)
        limit_length(self.title_edit, 200, "Titel")  # as services.cases checks it
        self.area = QComboBox(self)
        fill_combo(self.area, reference.areas(), empty=self.tr("— geen —"))
        self.location = QLineEdit(self)
        self.location.setPlaceholderText(self.tr("Straat of plek, bijvoorbeeld Leyweg ter hoogte van nr. 40"))
        self.theme = QComboBox(self)
        fill_combo(self.theme, reference.themes(), empty=self.tr("— geen —"))
        self.priority = enum_combo(Priority, self, current=Priority.NORMAL)
        self.status = enum_combo(CaseStatus, self, current=CaseStatus.REPORTED)
        self.status_history = QLabel(self)
        self.status_history.setWordWrap(True)
        self.status_history.setStyleSheet("color: #555;")
        self.description = self._text_box(self.tr("Wat speelt er, sinds wanneer, wie heeft er last van?"))
        self.analysis = self._text_box(self.tr("Deskundige analyse van het probleem"))
        self.outcome = self._text_box(self.tr("Wat is bereikt? (verplicht bij afsluiten)"))
        form = self.form
        form.add_row("reference", self.tr("Nummer"), self.reference_label)
        form.add_row("title", self.tr("Titel"), self.title_edit, required=self.tr("Titel is verplicht."))
        form.add_row("area_id", self.tr("Wijk/buurt"), self.area)
        form.add_row("location", self.tr("Locatie"), self.location)
        form.add_row("theme_id", self.tr("Thema"), self.theme)
        form.add_row("priority", self.tr("Prioriteit"), self.priority)
        form.add_row("status", self.tr("Status"), self.status)
        form.add_row("history", "", self.status_history)
        form.add_row("description", self.tr("Omschrijving"), self.description)
        form.add_row("expert_analysis", self.tr("Deskundige analyse"), self.analysis)
        form.add_row("outcome", self.tr("Resultaat"), self.outcome)

    def _text_box(self, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setFixedHeight(72)
        return box

    def _wrap(self, widget: QWidget) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(widget)
        layout.addStretch(1)
        return page

    def _involvement_tab(self) -> QWidget:
        page = QWidget(self)
        self.lead_warning = QLabel(page)
        self.lead_warning.setWordWrap(True)
        self.lead_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.involvements = QStandardItemModel(self)
        self.involvement_view = read_only_table(page)
        self.involvement_view.setModel(self.involvements)
        self.involvement_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.involvement_columns = fit_columns(
            self.involvement_view, "case/involvements", self.context.settings, stretch=3
        )
        self.involvement_view.doubleClicked.connect(lambda _index: self.edit_involvement())
        self.add_button = QPushButton(self.tr("Organisatie toevoegen…"), page)
        self.edit_button = QPushButton(self.tr("Wijzigen…"), page)
        self.remove_button = QPushButton(self.tr("Verwijderen"), page)
        self.add_button.clicked.connect(self.add_involvement)
        self.edit_button.clicked.connect(self.edit_involvement)
        self.remove_button.clicked.connect(self.remove_involvement)
        self.new_case_hint = QLabel(
            self.tr("Sla de casus eerst op; daarna kunt u organisaties betrekken."), page
        )
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.new_case_hint)
        layout.addWidget(self.lead_warning)
        layout.addWidget(self.involvement_view, 1)
        layout.addLayout(buttons)
        return page

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        is_new = self.case_id is None
        self.setWindowTitle(self.tr("Nieuwe casus") if is_new else self.tr("Casus bewerken"))
        self.status.setEnabled(not is_new)
        self.new_case_hint.setVisible(is_new)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setEnabled(not is_new)
        if is_new:
            self.reference_label.setText(self.tr("(krijgt een nummer bij opslaan)"))
            self.status_history.setText("")
            self._original: dict[str, Any] = {}
            return
        case = self.context.services.cases.get_case(self.case_id)
        self._show_case(case)
        self._fill_involvements(case)
        self._fill_timeline()

    def _show_case(self, case: CaseDetails) -> None:
        self.reference_label.setText(case.reference)
        self.title_edit.setText(case.title)
        fill_combo(self.area, self._options(self.area), empty=self.tr("— geen —"), current=case.area_id)
        self.location.setText(case.location)
        fill_combo(self.theme, self._options(self.theme), empty=self.tr("— geen —"), current=case.theme_id)
        select_value(self.priority, case.priority)
        select_value(self.status, case.status)
        self.status_history.setText(
            " → ".join(f"{c.to_status.label} ({short_date(c.changed_on)})" for c in case.status_changes)
        )
        self.description.setPlainText(case.description)
        self.analysis.setPlainText(case.expert_analysis)
        self.outcome.setPlainText(case.outcome)
        self._original = self._values()

    @staticmethod
    def _options(combo: QComboBox) -> list[tuple[Any, str]]:
        return [
            (combo.itemData(i), combo.itemText(i))
            for i in range(combo.count())
            if combo.itemData(i) is not None
        ]

    def _fill_involvements(self, case: CaseDetails) -> None:
        self.involvements.clear()
        self.involvements.setHorizontalHeaderLabels(
            [self.tr("Organisatie"), self.tr("Rol"), self.tr("Contactpersoon"), self.tr("Wat doet zij")]
        )
        for involvement in case.involvements:
            row = _row(
                involvement.organisation.name,
                involvement.role.label,
                involvement.contact.name if involvement.contact else "",
                involvement.activity,
            )
            row[0].setData(involvement, Qt.ItemDataRole.UserRole)
            self.involvements.appendRow(row)
        warning = self.context.services.cases.lead_warning(case.id)
        self.lead_warning.setText(warning)
        self.lead_warning.setVisible(bool(warning))

    def _fill_timeline(self) -> None:
        model = self.timeline_model
        model.clear()
        model.setHorizontalHeaderLabels([self.tr("Datum"), self.tr("Soort"), self.tr("Omschrijving")])
        for entry in reversed(self.context.services.timeline.for_case(self.case_id)):
            model.appendRow(_row(short_date(entry.on), entry.kind, entry.text))

    # --- saving ------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text().strip(),
            "area_id": combo_value(self.area),
            "location": self.location.text().strip(),
            "theme_id": combo_value(self.theme),
            "priority": combo_value(self.priority),
            "description": self.description.toPlainText().strip(),
            "expert_analysis": self.analysis.toPlainText().strip(),
            "outcome": self.outcome.toPlainText().strip(),
        }

    def save(self) -> None:
        values = self._values()
        if not self.form.check():  # no title, or one over its limit: before looking for overlap
            return
        if any(values[key] != self._original.get(key) for key in OVERLAP_FIELDS) and not self._no_overlap(
            values
        ):
            return
        cases = self.context.services.cases
        if self.case_id is None:
            fields = {k: v for k, v in values.items() if k not in ("title", "outcome")}
            case = self.form.attempt(lambda: cases.create_case(values["title"], **fields))
            if case is None:
                return
            self.case_id = case.id
            self.case_saved.emit(case.id)
            self._load()
            self.tabs.setCurrentIndex(1)
            self.close_button.setText(self.tr("Sluiten"))
            return
        changes = {k: v for k, v in values.items() if v != self._original.get(k)}
        status = combo_value(self.status)
        case_id = self.case_id
        if self.form.attempt(lambda: cases.update_case(case_id, status=status, **changes)) is None:
            self.tabs.setCurrentIndex(0)
            return
        self.case_saved.emit(case_id)
        self.accept()

    def _no_overlap(self, values: dict[str, Any]) -> bool:
        """True when nothing similar is open, or the chair chose to save anyway."""
        similar = self.context.services.overlap.find_similar(
            values["title"],
            description=values["description"],
            location=values["location"],
            theme_id=values["theme_id"],
            area_id=values["area_id"],
            exclude_case_id=self.case_id,
        )
        if not similar:
            return True
        dialog = OverlapDialog(similar, self)
        dialog.exec()
        if dialog.choice == OverlapChoice.OPEN_EXISTING and dialog.chosen_case_id is not None:
            self.open_case_requested.emit(dialog.chosen_case_id)
            self.reject()
            return False
        return dialog.choice == OverlapChoice.SAVE_ANYWAY

    # --- involvements ------------------------------------------------------------------------

    def _selected_involvement(self) -> InvolvementRow | None:
        index: QModelIndex = self.involvement_view.currentIndex()
        return index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def add_involvement(self) -> None:
        if self.case_id is not None and InvolvementDialog(self.context, self.case_id, None, self).exec():
            self._reload_involvements()

    def edit_involvement(self) -> None:
        involvement = self._selected_involvement()
        if (
            involvement is not None
            and InvolvementDialog(self.context, self.case_id, involvement, self).exec()
        ):
            self._reload_involvements()

    def remove_involvement(self) -> None:
        involvement = self._selected_involvement()
        if involvement is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Betrokkenheid verwijderen"),
            self.tr("{name} niet langer bij deze casus betrekken?").format(
                name=involvement.organisation.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.form.attempt(
                lambda: self.context.services.cases.remove_involvement(involvement.id), check_fields=False
            )
            self._reload_involvements()

    def _reload_involvements(self) -> None:
        assert self.case_id is not None
        self._fill_involvements(self.context.services.cases.get_case(self.case_id))
        self._fill_timeline()
        self.case_saved.emit(self.case_id)


def _row(*texts: str) -> list[QStandardItem]:
    items = []
    for text in texts:
        item = QStandardItem(text)
        item.setToolTip(text if len(text) > 40 else "")
        items.append(item)
    return items
