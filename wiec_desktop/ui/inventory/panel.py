"""Huisbezoeken per straat: round and streets (left), the street's addresses (middle), the visit form.

"Opslaan en volgende adres" (Ctrl+Enter) records the visit with its signals in one go and moves to
the next address of the street, keeping the date and the visitors. Under the form, the visits already
recorded at the address can be corrected in the same form or deleted (``visit_actions``; the page
shows "Ongedaan maken" for them).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import VisitOutcome
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.inventory.house_visits import StreetRow, VisitResult
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.inventory.address_visits import AddressVisits
from wiec_desktop.ui.inventory.models import AddressesModel, StreetsModel, state_label
from wiec_desktop.ui.inventory.round_dialog import RoundDialog
from wiec_desktop.ui.inventory.visit_actions import VisitActions
from wiec_desktop.ui.inventory.visit_form import OUTCOME_KEYS, VisitForm

ROUND_CHARS = 18


class InventoryPanel(QWidget):
    """The house-visit tab of "Signalen & inventarisatie". ``recorded`` is emitted after a visit is
    saved with "Opslaan en volgende adres"."""

    recorded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.house_visits
        self.visit_actions = VisitActions(context, self)
        self.visit_actions.changed.connect(self._visits_changed)
        self.street: str | None = None
        self.address_id: int | None = None
        self.last_result: VisitResult | None = None
        self.streets_model = StreetsModel(self)
        self.addresses_model = AddressesModel(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._left_column())
        splitter.addWidget(self._middle_column())
        splitter.addWidget(self._form_column())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 0)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([230, 240, 900])  # the doorstep form gets the rest
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        self._shortcuts()
        self._shown_before = False
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Fresh figures each time the tab comes back (addresses may have been imported meanwhile)."""
        super().showEvent(event)
        if self._shown_before and not event.spontaneous():
            self.reload()
        self._shown_before = True

    # --- building ----------------------------------------------------------------------------

    def _left_column(self) -> QWidget:
        column = QWidget(self)
        self.round_combo = QComboBox(column)
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.round_combo.setMinimumContentsLength(ROUND_CHARS)  # a long round name is cut, not the form
        self.round_combo.setToolTip(self.tr("Inventarisatieronde waarin de bezoeken vallen"))
        self.round_combo.currentIndexChanged.connect(lambda _i: self._round_changed())
        self.new_round_button = QPushButton(self.tr("Nieuwe ronde…"), column)
        self.edit_round_button = QPushButton(self.tr("Wijzigen…"), column)
        self.edit_round_button.setToolTip(self.tr("Naam, periode en aanbevelingen van de ronde"))
        self.new_round_button.clicked.connect(self.new_round)
        self.edit_round_button.clicked.connect(self.edit_round)
        round_label = QLabel(self.tr("&Ronde"), column)
        round_label.setBuddy(self.round_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_round_button)
        buttons.addWidget(self.edit_round_button)
        buttons.addStretch(1)
        self.streets_view = _table(column, self.streets_model)
        self.streets_columns = fit_columns(
            self.streets_view, "inventory/streets", self.context.settings, stretch=0
        )
        self.streets_view.setAccessibleName(self.tr("Straten"))
        self.streets_view.selectionModel().currentRowChanged.connect(self._street_changed)
        self.totals = QLabel(column)
        self.totals.setObjectName("countLabel")
        self.totals.setWordWrap(True)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(round_label)
        layout.addWidget(self.round_combo)
        layout.addLayout(buttons)
        layout.addWidget(_caption(self.tr("Straten"), column))
        layout.addWidget(self.streets_view, 1)
        layout.addWidget(self.totals)
        return column

    def _middle_column(self) -> QWidget:
        column = QWidget(self)
        self.addresses_caption = _caption(self.tr("Adressen"), column)
        self.addresses_view = _table(column, self.addresses_model)
        self.addresses_view.setAccessibleName(self.tr("Adressen"))
        self.addresses_columns = fit_columns(
            self.addresses_view, "inventory/addresses", self.context.settings, stretch=1
        )
        self.addresses_view.selectionModel().currentRowChanged.connect(self._address_changed)
        self.empty_hint = QLabel(column)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("pageSubtitle")
        layout = QVBoxLayout(column)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.addresses_caption)
        layout.addWidget(self.addresses_view, 1)
        layout.addWidget(self.empty_hint)
        return column

    def _form_column(self) -> QWidget:
        column = QWidget(self)
        themes = self.context.services.reference_data.themes()
        self.form = VisitForm(themes, self.service.today, column)
        self.form.visitors.setText(self.service.last_visitors())
        scroll = QScrollArea(column)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.save_button = QPushButton(self.tr("Opslaan en volgende adres"), column)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.save_button.setMinimumHeight(34)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_next)
        self.saved_label = QLabel(column)
        self.saved_label.setObjectName("countLabel")
        self.saved_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(self.save_button)
        self.address_visits = AddressVisits(column)
        self.address_visits.edit_requested.connect(self.visit_actions.edit)
        self.address_visits.delete_requested.connect(self.visit_actions.delete)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.address_visits)
        layout.addLayout(bottom)
        return column

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, outcome in OUTCOME_KEYS:
            shortcut = QShortcut(QKeySequence(key), self, context=context)
            shortcut.activated.connect(lambda o=outcome: self.choose_outcome(o))
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self, context=context)
            shortcut.activated.connect(self.save_and_next)

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Rounds, streets and addresses again (keeping the chosen round, street and address)."""
        chosen = self.round_combo.currentData()
        current = self.service.current_round()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for row in self.service.rounds():
            period = (
                f"{short_date(row.start_date)} – {short_date(row.end_date)}"
                if row.end_date
                else self.tr("vanaf %1").replace("%1", short_date(row.start_date))
            )
            self.round_combo.addItem(f"{row.name}  ({period})", row.id)
        wanted = chosen if chosen is not None else (current.id if current else None)
        index = self.round_combo.findData(wanted)
        self.round_combo.setCurrentIndex(max(index, 0))
        self.round_combo.blockSignals(False)
        self.edit_round_button.setEnabled(self.round_combo.count() > 0)
        self._round_changed()

    @property
    def round_id(self) -> int | None:
        return self.round_combo.currentData()

    def _round_changed(self) -> None:
        self._load_streets()

    def _load_streets(self) -> None:
        street = self.street
        rows = self.service.streets(round_id=self.round_id)
        self.streets_model.set_rows(rows)
        self._show_totals(rows)
        row = self.streets_model.row_of(street) if street else -1
        self.street = None  # set again by the selection below
        self._select(self.streets_view, max(row, 0) if rows else -1)
        if not rows:
            self._street_changed(QModelIndex(), QModelIndex())

    def _show_totals(self, rows: list[StreetRow]) -> None:
        addresses = sum(row.addresses for row in rows)
        visited = sum(row.visited for row in rows)
        spoken = sum(row.spoken for row in rows)
        self.totals.setText(
            self.tr("Totaal: %1 van %2 adressen bezocht, met %3 gesproken")
            .replace("%1", str(visited))
            .replace("%2", str(addresses))
            .replace("%3", str(spoken))
            if rows
            else ""
        )

    def _street_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.street = self.streets_model.rows[current.row()].street if current.isValid() else None
        self._load_addresses(keep=self.address_id)  # stays on the address after a reload

    def _load_addresses(self, keep: int | None = None) -> None:
        rows = self.service.addresses(self.street, self.round_id) if self.street else []
        self.addresses_model.set_rows(rows)
        self.addresses_caption.setText(
            self.tr("Adressen in %1").replace("%1", self.street) if self.street else self.tr("Adressen")
        )
        self.address_id = None
        row = self.addresses_model.row_of(keep) if keep is not None else -1
        if rows:
            self._select(self.addresses_view, max(row, 0))
        else:
            self._address_changed(QModelIndex(), QModelIndex())

    def _address_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.addresses_model.rows[current.row()] if current.isValid() else None
        self.address_id = row.address_id if row else None
        has_round = self.round_id is not None
        self.form.setEnabled(row is not None and has_round)
        self.save_button.setEnabled(row is not None and has_round)
        self.empty_hint.setText(self._hint(has_round))
        self.empty_hint.setVisible(bool(self.empty_hint.text()))
        self.address_visits.set_visits(self.service.visits_at(row.address_id, self.round_id) if row else [])
        if row is None:
            self.form.show_address(self.tr("Geen adres gekozen"), "")
            return
        state = state_label(row.state).lower()
        detail = self.tr("%1 · %2").replace("%1", row.postcode).replace("%2", state)
        if row.last_visit_on:
            detail += (
                self.tr(", laatst %1 (%2× in deze ronde)")
                .replace("%1", short_date(row.last_visit_on))
                .replace("%2", str(row.visits))
            )
        self.form.show_address(row.label, detail)
        # What was typed stays (nothing is lost by a stray click); errors belonged to the old address.
        self.form.left.clear_errors()
        self.form.right.clear_errors()

    def _hint(self, has_round: bool) -> str:
        if not has_round:
            return self.tr("Maak eerst een inventarisatieronde aan met ‘Nieuwe ronde…’.")
        if self.streets_model.rowCount() == 0:
            return self.tr("Er zijn nog geen adressen. Importeer eerst de adressen van de wijk.")
        return ""

    @staticmethod
    def _select(view: QTableView, row: int) -> None:
        if row < 0:
            view.clearSelection()
            return
        index = view.model().index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    # --- actions -----------------------------------------------------------------------------

    def choose_outcome(self, outcome: VisitOutcome) -> None:
        """Keys 1–4: the outcome; after "gesproken" the rating bar takes the next digit."""
        if self.form.isEnabled():
            self.form.choose_outcome(outcome)

    def save_and_next(self) -> VisitResult | None:
        """Record the visit (with its signals) and move to the next address of the street."""
        if self.address_id is None or self.round_id is None or not self.save_button.isEnabled():
            return None
        address_id, round_id = self.address_id, self.round_id
        values = self.form.values()

        def record() -> VisitResult:
            if values.outcome is None:
                raise ValidationError({"outcome": self.tr("Kies de uitkomst van het bezoek (toets 1–4).")})
            return self.service.record_visit(address_id, round_id=round_id, **values.as_kwargs())

        result = self.form.attempt(record)
        if result is None:
            return None
        self.last_result = result
        row = self.addresses_model.row_of(address_id)
        label = self.addresses_model.rows[row].label
        signals = len(result.signal_ids)
        self.saved_label.setText(
            self.tr("Opgeslagen: %1 (%2)").replace("%1", label).replace("%2", values.outcome.label.lower())
            + (self.tr(", 1 signaal aangemaakt") if signals == 1 else "")
            + (self.tr(", %1 signalen aangemaakt").replace("%1", str(signals)) if signals > 1 else "")
        )
        last = row + 1 >= self.addresses_model.rowCount()
        if last:
            self.saved_label.setText(self.saved_label.text() + self.tr(" — het laatste adres van de straat"))
        next_row = row if last else row + 1
        next_id = self.addresses_model.rows[next_row].address_id
        self._refresh_after_save(next_id)
        self.form.reset()
        self.form.outcome.setFocus(Qt.FocusReason.OtherFocusReason)
        self.recorded.emit()
        return result

    def _visits_changed(self) -> None:
        """A visit was edited, deleted or brought back: the figures and the address's visits again."""
        if self.address_id is None:
            self.reload()
        else:
            self._refresh_after_save(self.address_id)

    def _refresh_after_save(self, next_address_id: int) -> None:
        rows = self.service.streets(round_id=self.round_id)
        self.streets_view.selectionModel().blockSignals(True)
        self.streets_model.set_rows(rows)
        self._select(self.streets_view, self.streets_model.row_of(self.street or ""))
        self.streets_view.selectionModel().blockSignals(False)
        self._show_totals(rows)
        self._load_addresses(keep=next_address_id)

    def new_round(self) -> None:
        dialog = RoundDialog(self.service, None, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.round_combo.blockSignals(True)
            self.round_combo.clear()  # so reload() picks the new round
            self.round_combo.blockSignals(False)
            self.reload()
            self.round_combo.setCurrentIndex(self.round_combo.findData(dialog.saved_id))

    def edit_round(self) -> None:
        if self.round_id is None:
            return
        dialog = RoundDialog(self.service, self.round_id, self)
        if dialog.exec():
            self.reload()


def _table(parent: QWidget, model: StreetsModel | AddressesModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label
