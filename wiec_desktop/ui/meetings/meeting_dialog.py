"""Planning or changing a meeting: kind, assignment, date and times, place, invitees, agenda start.

A new meeting is planned in one go (``services.agenda.plan_meeting``): the meeting, its invitees
and its agenda (standard order, a template, a copy of the previous meeting of the series, or
empty), plus the items parked or not reached last time. Editing changes the meeting
and its invitees in one transaction (``services.agenda.update_meeting``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTime, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import MeetingKind
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import (
    Form,
    combo_value,
    date_edit,
    date_value,
    enum_combo,
    fill_combo,
    save_cancel_buttons,
    select_value,
)
from wiec_desktop.ui.common.text_limit import limit_length

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_START = {
    MeetingKind.CASE_MEETING: time(9, 30),
    MeetingKind.ENVIRONMENT_MEETING: time(14, 0),
    MeetingKind.RESIDENTS_EVENING: time(19, 30),
}
DEFAULT_MINUTES = 120


class InviteePicker(QWidget):
    """Contacts grouped under their organisation, each with a check box; a filter on both names."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([self.tr("Organisatie / contactpersoon")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)  # an organisation that matches shows all its people
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter op organisatie of naam…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.none_button = QPushButton(self.tr("Niemand"), self)
        self.none_button.setToolTip(self.tr("Alle vinkjes weghalen"))
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(lambda: self.set_checked_ids(()))
        self.previous_button = QPushButton(self.tr("Zelfde als vorige keer"), self)
        self.previous_button.setToolTip(self.tr("De genodigden van het laatste overleg van deze soort"))
        self.previous_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._fill(context)
        self._syncing = False
        self.model.itemChanged.connect(self._item_changed)
        self._update_count()

    def _fill(self, context: AppContext) -> None:
        reference = context.services.reference_data
        self.organisations: dict[str, QStandardItem] = {}
        for organisation_id, name in reference.organisations():
            people = reference.contacts(organisation_id)
            if people:
                parent = self._organisation(name)
                for contact_id, contact_name in people:
                    parent.appendRow(self._contact(contact_id, contact_name))
        self.view.expandAll()

    def _organisation(self, name: str) -> QStandardItem:
        if name not in self.organisations:
            item = QStandardItem(name)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            self.model.appendRow(item)
            self.organisations[name] = item
        return self.organisations[name]

    @staticmethod
    def _contact(contact_id: int, name: str) -> QStandardItem:
        item = QStandardItem(name)
        item.setData(contact_id, ID_ROLE)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _contacts(self) -> list[QStandardItem]:
        return [
            parent.child(row) for parent in self.organisations.values() for row in range(parent.rowCount())
        ]

    def ensure_listed(self, contact_id: int, name: str, organisation: str) -> None:
        """An invitee who is no longer active still appears (checked by ``set_checked_ids``)."""
        if all(item.data(ID_ROLE) != contact_id for item in self._contacts()):
            self._organisation(organisation).appendRow(self._contact(contact_id, name))
            self.view.expandAll()

    def checked_ids(self) -> list[int]:
        return [
            int(item.data(ID_ROLE)) for item in self._contacts() if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked_ids(self, contact_ids: Any) -> None:
        wanted = set(contact_ids)
        self._syncing = True
        try:
            for item in self._contacts():
                state = Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    item.setCheckState(state)
            for organisation in self.organisations.values():
                self._sync_organisation(organisation)
        finally:
            self._syncing = False
        self._update_count()

    def _item_changed(self, item: QStandardItem) -> None:
        """Checking an organisation checks its people; the organisation shows how many are checked."""
        if self._syncing:
            return
        self._syncing = True
        try:
            if item.parent() is None:
                state = item.checkState()
                if state != Qt.CheckState.PartiallyChecked:
                    for row in range(item.rowCount()):
                        item.child(row).setCheckState(state)
            else:
                self._sync_organisation(item.parent())
        finally:
            self._syncing = False
        self._update_count()

    @staticmethod
    def _sync_organisation(organisation: QStandardItem) -> None:
        states = {organisation.child(row).checkState() for row in range(organisation.rowCount())}
        if states == {Qt.CheckState.Checked}:
            state = Qt.CheckState.Checked
        elif Qt.CheckState.Checked in states:
            state = Qt.CheckState.PartiallyChecked
        else:
            state = Qt.CheckState.Unchecked
        if organisation.checkState() != state:
            organisation.setCheckState(state)

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.view.expandAll()
        if self.proxy.rowCount() > 0:
            first = self.proxy.index(0, 0)
            self.view.setCurrentIndex(
                self.proxy.index(0, 0, first) if self.proxy.hasChildren(first) else first
            )

    def _update_count(self) -> None:
        count = len(self.checked_ids())
        self.count_label.setText(
            self.tr("1 genodigde") if count == 1 else self.tr("{count} genodigden").format(count=count)
        )
        self.changed.emit()


class MeetingDialog(QDialog):
    """Plan a new meeting (``meeting_id`` None) or change one. ``meeting_id`` is set after saving."""

    def __init__(
        self, context: AppContext, meeting_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.is_new = meeting_id is None
        self.setWindowTitle(self.tr("Nieuw overleg") if self.is_new else self.tr("Overleg bewerken"))
        self._auto: dict[QLineEdit, str] = {}  # values filled in for the chair, not typed
        self._meetings = context.services.meetings.list_meetings()

        self.form = Form(self)
        self._build_fields()
        self.invitees = InviteePicker(context, self)
        self.invitees.previous_button.clicked.connect(self.invite_as_last_time)
        invitee_title = QLabel(self.tr("&Genodigden"), self)
        invitee_title.setObjectName("sectionTitle")
        invitee_title.setBuddy(self.invitees.filter)

        buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(invitee_title)
        right.addWidget(self.invitees, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.resize(940, 560)
        self._load()
        self.title_edit.setFocus()

    # --- building ------------------------------------------------------------------------------

    def _build_fields(self) -> None:
        services = self.context.services
        self.kind = enum_combo(MeetingKind, self, current=MeetingKind.CASE_MEETING)
        self.title_edit = QLineEdit(self)
        limit_length(self.title_edit, 200, "Titel")
        self.assignment = QComboBox(self)
        fill_combo(
            self.assignment,
            services.reference_data.assignments(),
            empty=self.tr("— geen —"),
            current=services.reference_data.current_assignment_id(),
        )
        self.date = date_edit(services.today() + timedelta(days=7), self, today=services.today)
        self.date.setMinimumWidth(140)
        self.date.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.start = self._time_edit()
        self.end = self._time_edit()
        self.duration = QLabel(self)
        self.duration.setObjectName("countLabel")
        end_row = QWidget(self)
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        end_layout.addWidget(self.end)
        end_layout.addWidget(self.duration, 1)
        self.location = QLineEdit(self)
        self.location.setPlaceholderText(self.tr("Bijvoorbeeld Buurthuis De Dreef, zaal 2"))
        self.chair = QLineEdit(self)
        self.minute_taker = QLineEdit(self)
        self.start_from = QComboBox(self)
        self.start_hint = QLabel(
            self.tr("Punten die vorige keer geparkeerd zijn of niet aan bod kwamen, komen vanzelf terug."),
            self,
        )
        self.start_hint.setWordWrap(True)
        self.start_hint.setObjectName("pageSubtitle")

        form = self.form
        form.add_row("kind", self.tr("&Soort"), self.kind)
        form.add_row("title", self.tr("&Titel"), self.title_edit)
        form.add_row("assignment", self.tr("&Opdracht"), self.assignment)
        form.add_row("date", self.tr("&Datum"), self.date)
        form.add_row("start_time", self.tr("&Aanvang"), self.start)
        form.add_row("planned_end_time", self.tr("&Einde (gepland)"), end_row)
        form.fields["planned_end_time"] = self.end  # errors focus the time itself
        form.add_row("location", self.tr("&Locatie"), self.location)
        form.add_row("chair", self.tr("&Voorzitter"), self.chair)
        form.add_row("minute_taker", self.tr("&Notulist"), self.minute_taker)
        if self.is_new:
            form.add_row("start_from", self.tr("Agenda &beginnen met"), self.start_from)
            form.add_row("start_hint", "", self.start_hint)
        else:
            self.start_from.hide()
            self.start_hint.hide()
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.start.timeChanged.connect(lambda _t: self._update_duration())
        self.end.timeChanged.connect(lambda _t: self._update_duration())

    def _time_edit(self) -> QTimeEdit:
        edit = QTimeEdit(self)
        edit.setDisplayFormat("HH:mm")
        edit.setMinimumWidth(90)
        edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        return edit

    # --- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        agenda = self.context.services.agenda
        if self.is_new:
            options: list[tuple[Any, str]] = []
            for template in agenda.templates():
                if template.id is None:
                    options.append(("standard", template.name))
                else:
                    options.append((template.id, self.tr("Sjabloon: {name}").format(name=template.name)))
            options.append(("previous", self.tr("Kopie van het vorige overleg van deze soort")))
            options.append(("empty", self.tr("Lege agenda")))
            fill_combo(self.start_from, options, current="standard")
            self._kind_changed()
            self._original: dict[str, Any] = {}
            return
        meeting = self.context.services.meetings.get_meeting(self.meeting_id)
        select_value(self.kind, meeting.kind)
        self.title_edit.setText(meeting.title)
        select_value(self.assignment, meeting.assignment_id)
        self.date.setDate(meeting.date)
        self.start.setTime(QTime(meeting.start_time.hour, meeting.start_time.minute))
        self.end.setTime(QTime(meeting.planned_end_time.hour, meeting.planned_end_time.minute))
        self.location.setText(meeting.location)
        self.chair.setText(meeting.chair)
        self.minute_taker.setText(meeting.minute_taker)
        invited = agenda.invitees(self.meeting_id)
        for row in invited:
            self.invitees.ensure_listed(row.contact_id, row.name, row.organisation)
        self.invitees.set_checked_ids(row.contact_id for row in invited)
        self._original = self._values()
        self._original_invitees = sorted(self.invitees.checked_ids())
        self._update_duration()

    def _last_of_kind(self, kind: MeetingKind) -> Any:
        """The latest meeting of this kind and assignment up to the chosen date (not this one),
        to copy habits and invitees from; failing that the latest of the kind at all."""
        same = [m for m in self._meetings if m.kind == kind and m.id != self.meeting_id]
        assignment, on = combo_value(self.assignment), date_value(self.date)
        series = [m for m in same if m.assignment_id == assignment and (on is None or m.date <= on)]
        chosen = series or same
        return chosen[-1] if chosen else None

    def _kind_changed(self) -> None:
        """A new meeting takes title, place, times and chair from the last one of its kind
        (what the chair typed is kept)."""
        if not self.is_new:
            return
        kind = combo_value(self.kind)
        last = self._last_of_kind(kind)
        defaults = {
            self.title_edit: last.title if last is not None else kind.label,
            self.location: last.location if last is not None else "",
            self.chair: last.chair if last is not None else "",
        }
        for edit, value in defaults.items():
            if edit.text().strip() in ("", self._auto.get(edit, "")):
                edit.setText(value)
                self._auto[edit] = value
        start = last.start_time if last is not None else DEFAULT_START[kind]
        end = last.planned_end_time if last is not None else _plus(start, DEFAULT_MINUTES)
        self.start.setTime(QTime(start.hour, start.minute))
        self.end.setTime(QTime(end.hour, end.minute))
        self._update_duration()

    def _update_duration(self) -> None:
        minutes = self.start.time().secsTo(self.end.time()) // 60
        self.duration.setText(self.tr("{minutes} minuten").format(minutes=minutes) if minutes > 0 else "")

    def invite_as_last_time(self) -> None:
        last = self._last_of_kind(combo_value(self.kind))
        if last is not None:
            self.invitees.set_checked_ids(
                row.contact_id for row in self.context.services.agenda.invitees(last.id)
            )

    # --- saving --------------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        return {
            "kind": combo_value(self.kind),
            "title": self.title_edit.text().strip(),
            "assignment_id": combo_value(self.assignment),  # errors come on "assignment"
            "date": date_value(self.date),
            "start_time": self.start.time().toPython(),
            "planned_end_time": self.end.time().toPython(),
            "location": self.location.text().strip(),
            "chair": self.chair.text().strip(),
            "minute_taker": self.minute_taker.text().strip(),
        }

    def save(self) -> None:
        values = self._values()
        invitees = self.invitees.checked_ids()
        agenda = self.context.services.agenda
        if self.is_new:
            start_from = combo_value(self.start_from)
            new_id = self.form.attempt(
                lambda: agenda.plan_meeting(
                    values["kind"],
                    values["title"],
                    values["date"],
                    values["start_time"],
                    values["planned_end_time"],
                    location=values["location"],
                    chair=values["chair"],
                    minute_taker=values["minute_taker"],
                    assignment_id=values["assignment_id"],
                    invitee_ids=invitees,
                    start_from=start_from,
                )
            )
            if new_id is None:
                return
            self.meeting_id = int(new_id)
            self.accept()
            return
        meeting_id = self.meeting_id
        changes = {key: value for key, value in values.items() if value != self._original.get(key)}
        invitees_changed = sorted(invitees) != self._original_invitees
        if changes or invitees_changed:
            saved = self.form.attempt(
                lambda: agenda.update_meeting(
                    meeting_id, invitee_ids=invitees if invitees_changed else None, **changes
                )
                or True
            )
            if saved is None:
                return
        self.accept()


def _plus(start: time, minutes: int) -> time:
    """``start`` plus ``minutes``, at most 23:59 (a meeting does not run past midnight)."""
    moment = date(2000, 1, 1)
    later = datetime.combine(moment, start) + timedelta(minutes=minutes)
    return later.time() if later.date() == moment else time(23, 59)
