"""Wijken en thema's: the editable lists of areas (wijken with their buurten) and themes.

Each tab lists its records with where they are used. Something in use cannot be deleted: the refusal
names the uses and offers to merge it into another record instead. New, rename and merge open small
forms (``ui/forms.py``) whose service errors appear under the field; they open window-modal with
``open()``, so tests reach them through ``TaxonomyTab.editor``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import AreaKind
from wiec_desktop.services.assignments.taxonomy import NAME_LIMIT, AreaInfo, ThemeInfo
from wiec_desktop.services.validation import InUse, ValidationError
from wiec_desktop.ui.assignments.assignment_dialog import ask
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import GENERAL, Form, combo_value, enum_combo, fill_combo
from wiec_desktop.ui.common.text_limit import limit_length

ID_ROLE = Qt.ItemDataRole.UserRole
INFO_ROLE = Qt.ItemDataRole.UserRole + 1
MUTED = QColor("#6b6b6b")


class FormDialog(QDialog):
    """A small window-modal form: ``save`` runs inside ``Form.attempt``; success closes it."""

    saved = Signal(object)

    def __init__(self, title: str, save: Callable[[FormDialog], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._save = save
        self.form = Form(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def submit(self) -> None:
        result = self.form.attempt(lambda: self._save(self))
        if result is not None:
            self.saved.emit(result)
            self.accept()


class TaxonomyTab(QWidget):
    """A list with usage counts and the buttons Nieuw, Hernoemen, Samenvoegen met…, Verwijderen."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.taxonomy = context.services.taxonomy
        self.editor: FormDialog | None = None  # the small form now open, if any
        self.messages = Form(self)  # no fields: its general line shows what went wrong
        self.model = QStandardItemModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.doubleClicked.connect(lambda _index: self.rename())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.buttons_row = QHBoxLayout()
        self.new_button = self._button(self.tr("Nieuw…"), self.new)
        self.rename_button = self._button(self.tr("Hernoemen…"), self.rename)
        self.merge_button = self._button(self.tr("Samenvoegen met…"), self.merge)
        self.delete_button = self._button(self.tr("Verwijderen"), self.delete)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.buttons_row.addStretch(1)
        self.buttons_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons_row)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons_row.addWidget(button)
        return button

    # --- list --------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.model.clear()
        columns = self.column_titles()
        self.model.setHorizontalHeaderLabels(columns)
        self.fill()
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.expandAll()
        index = self.index_of(keep) if keep is not None else None
        if index is None and self.model.rowCount():
            index = self.model.index(0, 0)
        if index is not None:
            self.view.setCurrentIndex(index)
        self._update_buttons()

    def column_titles(self) -> list[str]:
        raise NotImplementedError

    def chosen_phrase(self) -> str:
        """``de gekozen wijk of buurt`` / ``het gekozen thema``: where a merge sends everything."""
        raise NotImplementedError

    def fill(self) -> None:
        raise NotImplementedError

    def _row(self, info: AreaInfo | ThemeInfo, cells: list[str]) -> list[QStandardItem]:
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setData(info.id, ID_ROLE)
            item.setData(info, INFO_ROLE)
        if not info.usage.in_use:
            items[-1].setForeground(QBrush(MUTED))
        return items

    def _all_items(self) -> list[QStandardItem]:
        found: list[QStandardItem] = []

        def walk(parent: QStandardItem) -> None:
            for row in range(parent.rowCount()):
                child = parent.child(row, 0)
                found.append(child)
                walk(child)

        walk(self.model.invisibleRootItem())
        return found

    def index_of(self, record_id: int) -> QModelIndex | None:
        for item in self._all_items():
            if item.data(ID_ROLE) == record_id:
                return item.index()
        return None

    def select(self, record_id: int) -> None:
        index = self.index_of(record_id)
        if index is not None:
            self.view.setCurrentIndex(index)

    def current(self) -> Any:
        index = self.view.currentIndex()
        return index.data(INFO_ROLE) if index.isValid() else None

    def current_id(self) -> int | None:
        info = self.current()
        return info.id if info is not None else None

    def infos(self) -> list[Any]:
        return [item.data(INFO_ROLE) for item in self._all_items()]

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        for button in (self.rename_button, self.merge_button, self.delete_button):
            button.setEnabled(chosen)
        self.merge_button.setEnabled(chosen and len(self.infos()) > 1)

    # --- actions -----------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> FormDialog:
        self.messages.clear_errors()
        self.editor = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: setattr(self, "editor", None))
        dialog.open()
        return dialog

    def _saved(self, record: Any) -> None:
        record_id = getattr(record, "id", None)
        self.reload(record_id)
        self.changed.emit()

    def new(self) -> None:
        raise NotImplementedError

    def rename(self) -> None:
        raise NotImplementedError

    def merge(self) -> None:
        source = self.current()
        if source is None:
            return
        options = [(info.id, self.option_label(info)) for info in self.infos() if info.id != source.id]
        dialog = FormDialog(
            self.tr("‘{name}’ samenvoegen").format(name=source.name),
            lambda d: self.merge_into(source.id, value_of(d, "target")),
            self,
        )
        dialog.set_intro(
            self.tr(
                "Alles wat naar ‘{name}’ verwijst ({usage}) gaat over naar {chosen}; "
                "daarna wordt ‘{name}’ verwijderd."
            ).format(name=source.name, usage=source.usage.text(), chosen=self.chosen_phrase())
        )
        target = QComboBox(dialog)
        fill_combo(target, options, empty=self.tr("— kies —"))
        dialog.form.add_row("target", self.tr("Samenvoegen met"), target)
        dialog.ok_button.setText(self.tr("Samenvoegen"))
        self._open(dialog)

    def merge_into(self, source_id: int, target_id: int | None) -> Any:
        raise NotImplementedError

    def option_label(self, info: Any) -> str:
        return info.name

    def delete(self) -> None:
        info = self.current()
        if info is None:
            return
        choice = ask(
            self,
            self.tr("Verwijderen"),
            self.tr("‘{name}’ verwijderen?").format(name=info.name),
            [self.tr("Verwijderen"), self.tr("Annuleren")],
            default=1,
        )
        if choice != 0:
            return
        refusals: list[InUse] = []

        def run() -> bool | None:
            try:
                self.delete_record(info.id)
            except InUse as error:  # not a failure to report plainly: offer the way out
                refusals.append(error)
                return None
            return True

        if self.messages.attempt(run):
            self.reload()
            self.changed.emit()
        elif refusals:
            error = refusals[0]
            self.messages.general_error.show_message(str(error))
            lines = "\n".join(f"• {use}" for use in error.uses)
            choice = ask(
                self,
                self.tr("Kan niet verwijderen"),
                f"{error}\n\n{lines}",
                [self.tr("Samenvoegen met…"), self.tr("Annuleren")],
            )
            if choice == 0:
                self.merge()

    def delete_record(self, record_id: int) -> None:
        raise NotImplementedError


class AreasTab(TaxonomyTab):
    def column_titles(self) -> list[str]:
        return [self.tr("Naam"), self.tr("Soort"), self.tr("In gebruik")]

    def chosen_phrase(self) -> str:
        return self.tr("de gekozen wijk of buurt")

    def fill(self) -> None:
        areas = self.taxonomy.areas()
        rows: dict[int, QStandardItem] = {}
        root = self.model.invisibleRootItem()
        for info in areas:
            items = self._row(info, [info.name, info.kind.label, info.usage.text()])
            parent = rows.get(info.parent_id) if info.parent_id is not None else None
            (parent or root).appendRow(items)
            rows[info.id] = items[0]
        districts = sum(1 for a in areas if a.kind == AreaKind.DISTRICT)
        neighbourhoods = len(areas) - districts
        self.count_label.setText(
            (self.tr("1 wijk") if districts == 1 else self.tr("{n} wijken").format(n=districts))
            + ", "
            + (self.tr("1 buurt") if neighbourhoods == 1 else self.tr("{n} buurten").format(n=neighbourhoods))
        )

    def option_label(self, info: Any) -> str:
        return info.label

    def _area_form(self, title: str, info: AreaInfo | None) -> FormDialog:
        def save(dialog: FormDialog) -> Any:
            name, kind, parent_id = (
                text_of(dialog, "name"),
                value_of(dialog, "kind"),
                value_of(dialog, "parent_id"),
            )
            if info is None:
                return self.taxonomy.create_area(name, kind, parent_id)
            return self.taxonomy.update_area(info.id, name=name, kind=kind, parent_id=parent_id)

        dialog = FormDialog(title, save, self)
        name = QLineEdit(info.name if info else "", dialog)
        limit_length(name, NAME_LIMIT, "Naam")
        current = self.current()
        default_kind = info.kind if info else (AreaKind.NEIGHBOURHOOD if current else AreaKind.DISTRICT)
        kind = enum_combo(AreaKind, dialog, current=default_kind)
        parent = QComboBox(dialog)
        districts = [
            (a.id, a.name)
            for a in self.infos()
            if a.kind == AreaKind.DISTRICT and (info is None or a.id != info.id)
        ]
        if info is not None:
            parent_default = info.parent_id
        elif current is not None:  # a new buurt goes into the wijk that is selected (or its wijk)
            parent_default = current.id if current.kind == AreaKind.DISTRICT else current.parent_id
        else:
            parent_default = None
        fill_combo(parent, districts, empty=self.tr("— geen —"), current=parent_default)
        dialog.form.add_row("name", self.tr("Naam"), name)
        dialog.form.add_row("kind", self.tr("Soort"), kind)
        dialog.form.add_row("parent_id", self.tr("Ligt in wijk"), parent)

        def kind_changed() -> None:
            is_buurt = combo_value(kind) == AreaKind.NEIGHBOURHOOD
            parent.setEnabled(is_buurt)
            if not is_buurt:
                parent.setCurrentIndex(0)

        kind.currentIndexChanged.connect(kind_changed)
        kind_changed()
        return dialog

    def new(self) -> None:
        self._open(self._area_form(self.tr("Nieuwe wijk of buurt"), None))

    def rename(self) -> None:
        info = self.current()
        if info is not None:
            self._open(self._area_form(self.tr("Wijk of buurt wijzigen"), info))

    def merge_into(self, source_id: int, target_id: int | None) -> Any:
        if target_id is None:
            return _missing_target(self.tr("Kies de wijk of buurt waarmee u wilt samenvoegen."))
        return self.taxonomy.merge_areas(source_id, target_id)

    def delete_record(self, record_id: int) -> None:
        self.taxonomy.delete_area(record_id)


class ThemesTab(TaxonomyTab):
    def column_titles(self) -> list[str]:
        return [self.tr("Naam"), self.tr("Status"), self.tr("In gebruik")]

    def chosen_phrase(self) -> str:
        return self.tr("het gekozen thema")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.active_button = QPushButton(self.tr("Niet actief maken"), self)
        self.active_button.setToolTip(
            self.tr(
                "Een thema dat niet actief is, blijft op bestaande casussen staan "
                "maar wordt niet meer aangeboden."
            )
        )
        self.active_button.clicked.connect(lambda _checked=False: self.toggle_active())
        self.buttons_row.insertWidget(3, self.active_button)

    def fill(self) -> None:
        themes = self.taxonomy.themes()
        root = self.model.invisibleRootItem()
        for info in themes:
            status = self.tr("actief") if info.active else self.tr("niet actief")
            items = self._row(info, [info.name, status, info.usage.text()])
            if not info.active:
                items[0].setForeground(QBrush(MUTED))
                items[1].setForeground(QBrush(MUTED))
            root.appendRow(items)
        active = sum(1 for t in themes if t.active)
        total = self.tr("1 thema") if len(themes) == 1 else self.tr("{n} thema's").format(n=len(themes))
        self.count_label.setText(self.tr("{total}, {a} actief").format(total=total, a=active))
        self.view.setRootIsDecorated(False)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        info = self.current()
        self.active_button.setEnabled(info is not None)
        self.active_button.setText(
            self.tr("Actief maken") if info is not None and not info.active else self.tr("Niet actief maken")
        )

    def _name_form(self, title: str, info: ThemeInfo | None) -> FormDialog:
        def save(dialog: FormDialog) -> Any:
            name = text_of(dialog, "name")
            if info is None:
                return self.taxonomy.create_theme(name)
            return self.taxonomy.rename_theme(info.id, name)

        dialog = FormDialog(title, save, self)
        name = QLineEdit(info.name if info else "", dialog)
        limit_length(name, NAME_LIMIT, "Naam")
        dialog.form.add_row("name", self.tr("Naam"), name)
        if info is not None and info.usage.in_use:
            dialog.set_intro(
                self.tr("De nieuwe naam geldt ook voor {usage}.").format(usage=info.usage.text())
            )
        return dialog

    def new(self) -> None:
        self._open(self._name_form(self.tr("Nieuw thema"), None))

    def rename(self) -> None:
        info = self.current()
        if info is not None:
            self._open(self._name_form(self.tr("Thema hernoemen"), info))

    def toggle_active(self) -> None:
        info = self.current()
        if info is None:
            return
        theme = self.messages.attempt(lambda: self.taxonomy.set_theme_active(info.id, not info.active))
        if theme is not None:
            self._saved(theme)

    def merge_into(self, source_id: int, target_id: int | None) -> Any:
        if target_id is None:
            return _missing_target(self.tr("Kies het thema waarmee u wilt samenvoegen."))
        return self.taxonomy.merge_themes(source_id, target_id)

    def delete_record(self, record_id: int) -> None:
        self.taxonomy.delete_theme(record_id)


def _missing_target(message: str) -> Any:
    raise ValidationError({"target": message})


def text_of(dialog: FormDialog, key: str) -> str:
    widget = dialog.form.fields[key]
    assert isinstance(widget, QLineEdit)
    return widget.text()


def value_of(dialog: FormDialog, key: str) -> Any:
    widget = dialog.form.fields[key]
    assert isinstance(widget, QComboBox)
    return combo_value(widget)


class TaxonomyDialog(QDialog):
    """Two tabs, Wijken en buurten and Thema's; ``changed`` after anything was saved."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Wijken en thema's"))
        self.resize(760, 540)
        self.tabs = QTabWidget(self)
        self.areas = AreasTab(context, self)
        self.themes = ThemesTab(context, self)
        self.tabs.addTab(self.areas, self.tr("Wijken en buurten"))
        self.tabs.addTab(self.themes, self.tr("Thema's"))
        for tab in (self.areas, self.themes):
            tab.changed.connect(self.changed)
            tab.reload()
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def message(self, tab: TaxonomyTab) -> str:
        """The refusal or error now shown above ``tab``'s list ('' when none)."""
        return tab.messages.error_text(GENERAL)
