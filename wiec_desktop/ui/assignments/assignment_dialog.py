"""Opdrachten beheren: the list of assignments (the current one marked) beside an editor.

The editor shows how much of the agreed period is left, recomputed as the dates are changed. Every
change is saved through the assignment service inside ``Form.attempt``, so mistakes show under their
field; ``changed`` tells the main window to refresh its pages and status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import ReportCadence
from wiec_desktop.domain.organisations import (
    DEFAULT_ESCALATE_AFTER_MOVES,
    DEFAULT_ESCALATE_AFTER_WEEKS,
    DEFAULT_RETENTION_MONTHS,
)
from wiec_desktop.services.assignments.service import TITLE_LIMIT, compute_progress
from wiec_desktop.services.assignments.views import AssignmentDetails
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.privacy.retention import checked_months
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.date_field import DateField
from wiec_desktop.ui.common.forms import (
    Form,
    combo_value,
    date_edit,
    date_value,
    enum_combo,
    fill_combo,
    select_value,
)
from wiec_desktop.ui.common.text_limit import limit_length

ID_ROLE = Qt.ItemDataRole.UserRole


def ask(parent: QWidget, title: str, text: str, buttons: Iterable[str], *, default: int = 0) -> int:
    """A question with Dutch buttons; returns the index of the chosen button (-1 when closed)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    added = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in buttons]
    box.setDefaultButton(added[default])
    box.exec()
    clicked = box.clickedButton()
    return added.index(clicked) if clicked in added else -1


def _a_year_from(day: date) -> date:
    """The last day of a one-year period starting on ``day``."""
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


class CheckList(QListView):
    """A small list of checkable options (value in ``ID_ROLE``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)

    def set_options(self, options: Iterable[tuple[int, str, str]], checked: Iterable[int]) -> None:
        """``options``: (value, text, tooltip)."""
        chosen = set(checked)
        self.model_.clear()
        for value, text, tip in options:
            item = QStandardItem(text)
            item.setData(value, ID_ROLE)
            item.setCheckable(True)
            item.setToolTip(tip)
            item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
            self.model_.appendRow(item)

    def checked_values(self) -> list[int]:
        return [
            self.model_.item(row).data(ID_ROLE)
            for row in range(self.model_.rowCount())
            if self.model_.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, value: int, on: bool = True) -> None:
        for row in range(self.model_.rowCount()):
            item = self.model_.item(row)
            if item.data(ID_ROLE) == value:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class AssignmentDialog(QDialog):
    """All assignments on the left; the selected one (or a new one) in the editor on the right."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.assignments
        self.assignment_id: int | None = None
        self._loaded: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Opdrachten"))
        self.resize(1040, 700)

        self.list_model = QStandardItemModel(self)
        self.list_view = QListView(self)
        self.list_view.setObjectName("assignmentList")
        self.list_view.setModel(self.list_model)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(2)
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.new_button = QPushButton(self.tr("Nieuwe opdracht"), self)
        self.delete_button = QPushButton(self.tr("Verwijderen"), self)
        self.new_button.clicked.connect(lambda _checked=False: self.new_assignment())
        self.delete_button.clicked.connect(self.delete_assignment)
        left = QVBoxLayout()
        list_title = QLabel(self.tr("Opdrachten"), self)
        list_title.setObjectName("sectionTitle")
        left.addWidget(list_title)
        left.addWidget(self.list_view, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.delete_button)
        left_buttons.addStretch(1)
        left.addLayout(left_buttons)

        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.current_label = QLabel(self)
        self.current_label.setObjectName("currentBadge")
        self.current_label.setStyleSheet(
            "QLabel#currentBadge { color: white; background: #2e7d32; border-radius: 4px; padding: 2px 8px; }"
        )
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.current_label, 0, Qt.AlignmentFlag.AlignTop)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setMinimumWidth(260)
        self.progress_note = QLabel(self)
        self.progress_note.setObjectName("pageSubtitle")
        progress_row = QHBoxLayout()
        progress_row.addWidget(QLabel(self.tr("Looptijd"), self))
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_note)

        self.form = Form(self)
        self._build_fields()
        self.current_button = QPushButton(self.tr("Huidige opdracht maken"), self)
        self.current_button.setToolTip(
            self.tr("Lijsten, nieuwe casussen en rapportages volgen de huidige opdracht.")
        )
        self.current_button.clicked.connect(self.make_current)
        self.save_button = QPushButton(self.tr("Opslaan"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        editor_buttons = QHBoxLayout()
        editor_buttons.addWidget(self.current_button)
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(self.save_button)

        right = QVBoxLayout()
        right.addLayout(heading_row)
        right.addLayout(progress_row)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        right.addWidget(line)
        right.addWidget(self.form, 1)
        right.addLayout(editor_buttons)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.title_edit = QLineEdit(self)
        limit_length(self.title_edit, TITLE_LIMIT, "Titel")
        self.title_edit.setPlaceholderText(self.tr("Bijvoorbeeld: Wijkaanpak Wateringseveld 2026"))
        self.client = QComboBox(self)
        self.start_date = date_edit(None, self, today=self.context.services.today)
        self.end_date = date_edit(None, self, today=self.context.services.today)
        self.start_date.dateChanged.connect(self._show_progress)
        self.end_date.dateChanged.connect(self._show_progress)
        dates = QWidget(self)
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        dates_row.addWidget(self.start_date)
        dates_row.addWidget(QLabel(self.tr("tot en met"), self))
        dates_row.addWidget(self.end_date)
        dates_row.addStretch(1)
        self.cadence = enum_combo(ReportCadence, self, current=ReportCadence.MONTHLY)
        self.retention_edit = QLineEdit(self)  # months: services/privacy/retention.py
        self.retention_edit.setObjectName("retention_months")
        self.retention_edit.setMaximumWidth(70)
        retention = QWidget(self)
        retention_row = QHBoxLayout(retention)
        retention_row.setContentsMargins(0, 0, 0, 0)
        retention_row.addWidget(self.retention_edit)
        retention_row.addWidget(QLabel(self.tr("maanden na het laatste contact met een bewoner"), self))
        retention_row.addStretch(1)
        escalation = self._build_escalation()
        self.areas = CheckList(self)
        self.areas.setObjectName("areaList")
        self.areas.setFixedHeight(104)
        self.recipients = CheckList(self)
        self.recipients.setObjectName("recipientList")
        self.recipients.setMinimumHeight(132)  # takes the room the dialog has to spare
        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText(self.tr("Afspraken met de opdrachtgever, budget, bijzonderheden"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(72)
        form = self.form
        form.add_row("title", self.tr("Titel"), self.title_edit)
        form.add_row("client_organisation_id", self.tr("Opdrachtgever"), self.client)
        form.add_row("period", self.tr("Periode"), dates)
        form.add_row("report_cadence", self.tr("Rapportage"), self.cadence)
        form.add_row("retention_months", self.tr("Bewaartermijn"), retention)
        form.fields["retention_months"] = self.retention_edit
        form.add_row("escalation", self.tr("Escalatie"), escalation)
        form.add_row("area_ids", self.tr("Wijken en buurten"), self.areas)
        form.add_row("recipient_ids", self.tr("Ontvangers rapportage"), self.recipients)
        form.add_row("notes", self.tr("Notities"), self.notes)
        # Start and end share the period row: their messages appear under it, focus goes to the date.
        for key, edit in (("start_date", self.start_date), ("end_date", self.end_date)):
            form.fields[key] = edit
            form.errors[key] = form.errors["period"]
        moves, weeks = ("escalate_after_moves", self.moves_edit), ("escalate_after_weeks", self.weeks_edit)
        for key, edit in (moves, weeks):
            form.fields[key] = edit
            form.errors[key] = form.errors["escalation"]

    def _build_escalation(self) -> QWidget:
        """When an open action needs management's attention (issue 15): two numbers in a sentence."""
        self.moves_edit = QLineEdit(self)
        self.moves_edit.setObjectName("escalate_after_moves")
        self.weeks_edit = QLineEdit(self)
        self.weeks_edit.setObjectName("escalate_after_weeks")
        row_widget = QWidget(self)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("na"), self))
        for edit, after in (
            (self.moves_edit, self.tr("keer deadline verschoven of")),
            (self.weeks_edit, self.tr("weken over de deadline")),
        ):
            edit.setMaximumWidth(50)
            row.addWidget(edit)
            row.addWidget(QLabel(after, self))
        row.addStretch(1)
        row_widget.setToolTip(
            self.tr(
                "Een open actie die zo vaak een nieuwe deadline kreeg, of zo lang over de deadline is, "
                "vraagt aandacht van het management: gemarkeerd in het overleg, de agendasuggesties, "
                "de actielijst en de voortgangsrapportage."
            )
        )
        self.moves_edit.setAccessibleName(self.tr("Escalatie na aantal keer deadline verschoven"))
        self.weeks_edit.setAccessibleName(self.tr("Escalatie na aantal weken over de deadline"))
        return row_widget

    # --- list --------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Re-read the assignments and select ``select_id`` (else the current one, else the first)."""
        assignments = self.service.list()
        self.list_model.blockSignals(True)
        self.list_model.clear()
        self.list_model.blockSignals(False)
        for assignment in assignments:
            self.list_model.appendRow(self._item(assignment))
        if not assignments:
            self.new_assignment(confirm=False)
            return
        wanted = select_id if select_id is not None else assignments[0].id
        row = next((n for n, a in enumerate(assignments) if a.id == wanted), 0)
        self._select_row(row)
        self._show(assignments[row].id)

    def _item(self, assignment: AssignmentDetails) -> QStandardItem:
        client = assignment.client.name if assignment.client else self.tr("geen opdrachtgever")
        first = assignment.title + (self.tr("  (huidig)") if assignment.is_current else "")
        period = f"{short_date(assignment.start_date)} – {short_date(assignment.end_date)}"
        item = QStandardItem(f"{first}\n{period} · {client}")
        item.setData(assignment.id, ID_ROLE)
        if assignment.is_current:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        return item

    def _select_row(self, row: int) -> None:
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(
            self.list_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        selection.blockSignals(False)

    def row_of(self, assignment_id: int) -> int | None:
        for row in range(self.list_model.rowCount()):
            if self.list_model.item(row).data(ID_ROLE) == assignment_id:
                return row
        return None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        target = current.data(ID_ROLE)
        if not self._may_leave():  # back to what is being edited
            row = self.row_of(self.assignment_id) if self.assignment_id is not None else None
            self._select_row(row if row is not None else -1)
            return
        row = self.row_of(target)  # the list may have been re-read by saving
        if row is not None:
            self._select_row(row)
            self._show(target)

    # --- editor ------------------------------------------------------------------------------

    def _show(self, assignment_id: int) -> None:
        assignment = self.service.get(assignment_id)
        self.assignment_id = assignment.id
        self.form.clear_errors()
        self.heading.setText(assignment.title)
        self.current_label.setText(self.tr("Huidige opdracht"))
        self.current_label.setVisible(assignment.is_current)
        self._fill_options(
            client_id=assignment.client_organisation_id,
            area_ids=[a.id for a in assignment.areas],
            recipient_ids=[c.id for c in assignment.recipients],
        )
        self.title_edit.setText(assignment.title)
        self._set_date(self.start_date, assignment.start_date)
        self._set_date(self.end_date, assignment.end_date)
        select_value(self.cadence, assignment.report_cadence)
        self.notes.setPlainText(assignment.notes)
        self.retention_edit.setText(str(self.context.services.retention.period(assignment.id)))
        self.moves_edit.setText(str(assignment.escalate_after_moves))
        self.weeks_edit.setText(str(assignment.escalate_after_weeks))
        self.current_button.setEnabled(not assignment.is_current)
        self.delete_button.setEnabled(True)
        self._show_progress()
        self._loaded = self.values()

    def new_assignment(self, *, confirm: bool = True) -> None:
        """An empty editor for a new assignment (a year from today; report recipients ticked)."""
        if confirm and not self._may_leave():
            return
        self.assignment_id = None
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.clearSelection()
        self.list_view.setCurrentIndex(QModelIndex())
        self.list_view.selectionModel().blockSignals(False)
        self.form.clear_errors()
        self.heading.setText(self.tr("Nieuwe opdracht"))
        self.current_label.setVisible(False)
        options = self.service.recipient_options()
        self._fill_options(
            client_id=None, area_ids=[], recipient_ids=[o.id for o in options if o.receives_reports]
        )
        today = self.context.services.today()
        self.title_edit.clear()
        self._set_date(self.start_date, today)
        self._set_date(self.end_date, _a_year_from(today))
        select_value(self.cadence, ReportCadence.MONTHLY)
        self.notes.clear()
        self.retention_edit.setText(str(DEFAULT_RETENTION_MONTHS))
        self.moves_edit.setText(str(DEFAULT_ESCALATE_AFTER_MOVES))
        self.weeks_edit.setText(str(DEFAULT_ESCALATE_AFTER_WEEKS))
        self.current_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self._show_progress()
        self._loaded = self.values()
        self.title_edit.setFocus()

    def _fill_options(self, *, client_id: int | None, area_ids: list[int], recipient_ids: list[int]) -> None:
        services = self.context.services
        fill_combo(
            self.client,
            services.reference_data.organisations(active_only=False),
            empty=self.tr("— geen —"),
            current=client_id,
        )
        areas = []
        for area in services.taxonomy.areas():
            indent = "" if area.parent_id is None else "      "
            areas.append((area.id, indent + area.name, f"{area.kind.label} · {area.usage.text()}"))
        self.areas.set_options(areas, area_ids)
        recipients = []
        for option in self.service.recipient_options(self.assignment_id):
            reports = (
                self.tr("ontvangt rapportages") if option.receives_reports else self.tr("geen rapportages")
            )
            tip = f"{option.function} · {reports}" if option.function else reports
            mark = "  ✉" if option.receives_reports else ""
            recipients.append((option.id, option.label + mark, tip))
        self.recipients.set_options(recipients, recipient_ids)

    @staticmethod
    def _set_date(edit: DateField, value: date) -> None:
        edit.setDate(value)

    def _show_progress(self) -> None:
        start, end = date_value(self.start_date), date_value(self.end_date)
        if start is None or end is None or end < start:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("einddatum ligt vóór de startdatum"))
            self.progress_note.setText("")
            return
        progress = compute_progress(start, end, self.context.services.today())
        self.progress.setRange(0, progress.days_total)
        self.progress.setValue(progress.days_left)
        self.progress.setFormat(progress.text())
        self.progress_note.setText(
            self.tr("{percent}% verstreken").format(percent=f"{progress.percent_elapsed:.0f}")
        )

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "client_organisation_id": combo_value(self.client),
            "start_date": date_value(self.start_date),
            "end_date": date_value(self.end_date),
            "report_cadence": combo_value(self.cadence),
            "notes": self.notes.toPlainText(),
            "area_ids": self.areas.checked_values(),
            "recipient_ids": self.recipients.checked_values(),
            "retention_months": self.retention_edit.text(),
            "escalate_after_moves": self.moves_edit.text(),
            "escalate_after_weeks": self.weeks_edit.text(),
        }

    def is_dirty(self) -> bool:
        return self.values() != self._loaded

    def _may_leave(self) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it."""
        if not self.is_dirty():
            return True
        choice = ask(
            self,
            self.tr("Wijzigingen opslaan?"),
            self.tr("De opdracht heeft wijzigingen die nog niet zijn opgeslagen."),
            [self.tr("Opslaan"), self.tr("Niet opslaan"), self.tr("Annuleren")],
        )
        if choice == 0:
            return self.save()
        return choice == 1

    # --- actions -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Create or update from the editor; errors appear under their fields."""
        values = self.values()
        months = values.pop("retention_months")
        if self.assignment_id is None:
            title, start, end = values.pop("title"), values.pop("start_date"), values.pop("end_date")
            result = self.form.attempt(
                lambda: self._with_period(months, lambda: self.service.create(title, start, end, **values))
            )
        else:
            assignment_id = self.assignment_id
            result = self.form.attempt(
                lambda: self._with_period(months, lambda: self.service.update(assignment_id, **values))
            )
        if result is None:
            return False
        self._loaded = self.values()
        self.reload(result.id)
        self.changed.emit()
        return True

    def _with_period(self, months: str, save: Callable[[], AssignmentDetails]) -> AssignmentDetails:
        """Check the retention period first (its message under its field), save, then store it."""
        checked_months(months)
        details = save()
        self.context.services.retention.set_period(details.id, months)
        return details

    def make_current(self) -> None:
        if self.assignment_id is None or (self.is_dirty() and not self.save()):
            return
        assignment_id = self.assignment_id
        if self.form.attempt(lambda: self.service.set_current(assignment_id)) is not None:
            self.reload(assignment_id)
            self.changed.emit()

    def delete_assignment(self) -> None:
        if self.assignment_id is None:
            return
        title = self.title_edit.text().strip() or self.heading.text()
        choice = ask(
            self,
            self.tr("Opdracht verwijderen"),
            self.tr("Opdracht ‘{title}’ verwijderen?").format(title=title),
            [self.tr("Verwijderen"), self.tr("Annuleren")],
            default=1,
        )
        if choice != 0:
            return
        assignment_id = self.assignment_id
        if (
            self.form.attempt(lambda: self.service.delete(assignment_id) or True, check_fields=False)
            is not None
        ):
            self._loaded = {}
            self.assignment_id = None
            self.reload()
            self.changed.emit()

    # --- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        if self._may_leave():
            super().reject()
