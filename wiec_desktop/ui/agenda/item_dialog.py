"""Adding or changing one agenda item: kind, title, optional case, presenter and timebox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from wiec_desktop.domain.enums import AgendaItemKind
from wiec_desktop.services.meetings.views import AgendaRow
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, combo_value, enum_combo, save_cancel_buttons, select_value
from wiec_desktop.ui.common.text_limit import limit_length

MAX_TIMEBOX = 480
# The service may name a field after the column or after the argument; the form row wins.
FIELD_ALIASES = {"case_id": "case", "timebox_minutes": "timebox", "item": "title"}


class AgendaItemDialog(QDialog):
    """New item (``row`` None) at ``position``, or edit ``row``. ``item_id`` is set after saving."""

    def __init__(
        self,
        context: AppContext,
        meeting_id: int,
        row: AgendaRow | None = None,
        *,
        position: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.row = row
        self.position = position
        self.item_id: int | None = row.id if row else None
        self.setWindowTitle(self.tr("Agendapunt wijzigen") if row else self.tr("Agendapunt toevoegen"))
        self.setMinimumWidth(520)

        self.form = Form(self)
        self.kind = enum_combo(AgendaItemKind, self, current=row.kind if row else AgendaItemKind.CASE)
        self.title_edit = QLineEdit(self)
        limit_length(self.title_edit, 200, "Titel")  # as services.meetings.agenda checks it
        self.case = QComboBox(self)
        self.case.setEditable(True)
        self.case.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case.addItem(self.tr("— geen casus —"), None)
        for case in context.services.cases.search_cases(open_only=True, limit=1000):
            self.case.addItem(f"{case.reference} {case.title}", case.id)
        if row is not None and row.case_id is not None and self.case.findData(row.case_id) < 0:
            self.case.addItem(f"{row.case_reference or ''} {row.title}".strip(), row.case_id)  # closed since
        completer = QCompleter(self.case.model(), self.case)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.case.setCompleter(completer)
        self.case.lineEdit().setPlaceholderText(self.tr("Typ een nummer of een deel van de titel"))
        self.presenter = QLineEdit(self)
        self.presenter.setPlaceholderText(self.tr("Wie brengt het in (naam of organisatie)"))
        names = sorted({name for _id, name in context.services.reference_data.contacts()})
        people = QCompleter(names, self.presenter)
        people.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        people.setFilterMode(Qt.MatchFlag.MatchContains)
        self.presenter.setCompleter(people)
        self.timebox = QSpinBox(self)
        self.timebox.setRange(0, MAX_TIMEBOX)
        self.timebox.setSuffix(self.tr(" minuten"))
        self.timebox.setValue(row.timebox_minutes if row else 10)

        self.form.add_row("kind", self.tr("&Soort"), self.kind)
        self.form.add_row("case", self.tr("&Casus"), self.case)
        self.form.add_row("title", self.tr("&Titel"), self.title_edit)
        self.form.add_row("presenter", self.tr("&Inbrenger"), self.presenter)
        self.form.add_row("timebox", self.tr("&Tijd"), self.timebox)
        if row is not None:
            self.title_edit.setText(row.title)
            self.presenter.setText(row.presenter)
            select_value(self.case, row.case_id)
        self._case_text = self.case.currentText().strip() if self.case.currentData() is not None else ""
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.case.currentIndexChanged.connect(lambda _i: self._case_changed())
        self._kind_changed()

        buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        (
            self.case if self.kind_value() == AgendaItemKind.CASE and row is None else self.title_edit
        ).setFocus()

    def kind_value(self) -> AgendaItemKind:
        return combo_value(self.kind)

    def case_id(self) -> int | None:
        """The chosen case; typed text that matches exactly one case counts as choosing it."""
        text = self.case.currentText().strip()
        index = self.case.currentIndex()
        if index >= 0 and self.case.itemText(index) == text:
            return self.case.itemData(index)
        if not text:
            return None
        matches = [
            i for i in range(1, self.case.count()) if text.casefold() in self.case.itemText(i).casefold()
        ]
        return self.case.itemData(matches[0]) if len(matches) == 1 else None

    def _kind_changed(self) -> None:
        is_case = self.kind_value() == AgendaItemKind.CASE
        self.title_edit.setPlaceholderText(
            self.tr("Leeg: nummer en titel van de casus")
            if is_case
            else self.tr("Leeg: {kind}").format(kind=self.kind_value().label)
        )

    def _case_changed(self) -> None:
        """Choosing a case for an item of a general kind makes it a case item; a title that was
        the previous case's own gives way to the new case's."""
        if self.case.currentData() is not None and self.kind_value() in (AgendaItemKind.OTHER,):
            select_value(self.kind, AgendaItemKind.CASE)
        if self._case_text and self.title_edit.text().strip() == self._case_text:
            self.title_edit.clear()
        self._case_text = self.case.currentText().strip() if self.case.currentData() is not None else ""

    def _values(self) -> dict[str, Any]:
        return {
            "kind": self.kind_value(),
            "title": self.title_edit.text().strip(),
            "case_id": self.case_id(),
            "presenter": self.presenter.text().strip(),
            "timebox_minutes": self.timebox.value(),
        }

    def save(self) -> None:
        values = self._values()
        typed = self.case.currentText().strip()
        if typed and typed != self.case.itemText(0) and values["case_id"] is None:
            self.form.show_errors({"case": self.tr("Kies een casus uit de lijst.")})
            return
        agenda = self.context.services.agenda
        if self.row is None:
            kind = values.pop("kind")
            title = values.pop("title")
            result = self.form.attempt(
                _aliased(
                    lambda: agenda.add_item(self.meeting_id, kind, title, position=self.position, **values)
                )
            )
            if result is None:
                return
            self.item_id = int(result)
            self.accept()
            return
        row = self.row
        original = {
            "kind": row.kind,
            "title": row.title,
            "case_id": row.case_id,
            "presenter": row.presenter,
            "timebox_minutes": row.timebox_minutes,
        }
        changes = {key: value for key, value in values.items() if value != original[key]}
        if (
            changes
            and self.form.attempt(_aliased(lambda: agenda.update_item(row.id, **changes) or True)) is None
        ):
            return
        self.accept()


def _aliased(action: Callable[[], Any]) -> Callable[[], Any]:
    """``action`` with its ValidationError field names mapped onto this dialog's rows."""

    def run() -> Any:
        try:
            return action()
        except ValidationError as error:
            raise ValidationError({FIELD_ALIASES.get(k, k): v for k, v in error.errors.items()}) from None

    return run
