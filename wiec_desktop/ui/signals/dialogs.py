"""The inbox's small dialogs: a new signal, closing one with a reason, and picking a case."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import SignalSource
from wiec_desktop.services.signals.service import MANUAL_SOURCES, STREET_CHARS
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import (
    Form,
    combo_value,
    date_edit,
    date_value,
    fill_combo,
    save_cancel_buttons,
)
from wiec_desktop.ui.common.text_limit import limit_length


def _text_box(parent: QWidget, placeholder: str, height: int = 96) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _completer(parent: QWidget, texts: Sequence[str]) -> QCompleter:
    """A case-insensitive completer that matches anywhere in the text."""
    completer = QCompleter(QStringListModel(list(texts), parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


class NewSignalDialog(QDialog):
    """Record a signal that came in by phone, e-mail, at the door of the office, from a partner,
    or that the chair saw; ``signal_id`` is set after saving."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.signal_id: int | None = None
        self.setWindowTitle(self.tr("Nieuw signaal"))
        self.resize(560, 480)
        signals = context.services.signals
        reference = context.services.reference_data
        self.form = Form(self)
        self.received = date_edit(context.services.today(), self, today=context.services.today)
        self.source = QComboBox(self)
        fill_combo(
            self.source, ((s.value, s.label) for s in MANUAL_SOURCES), current=SignalSource.RESIDENT_PHONE
        )
        self.source.enum_type = SignalSource  # read back as a member by ``combo_value``
        self.organisation = QComboBox(self)
        fill_combo(self.organisation, reference.organisations(), empty=self.tr("— kies de partner —"))
        self.theme = QComboBox(self)
        fill_combo(self.theme, reference.themes(), empty=self.tr("— geen —"))
        self.street = QLineEdit(self)
        limit_length(self.street, STREET_CHARS, "De straat")
        self.street.setPlaceholderText(self.tr("Bijvoorbeeld Leyweg"))
        self.street.setCompleter(_completer(self.street, signals.streets()))
        self.address = QComboBox(self)
        self.address.setToolTip(self.tr("Het huisnummer, als het signaal over één adres gaat"))
        self.text = _text_box(self, self.tr("Wat is er gemeld of gezien? Geen namen van bewoners."))
        form = self.form
        form.add_row("received_on", self.tr("&Datum"), self.received)
        form.add_row("source", self.tr("&Bron"), self.source)
        form.add_row("organisation_id", self.tr("&Partner"), self.organisation)
        form.add_row("theme_id", self.tr("&Thema"), self.theme)
        form.add_row("street", self.tr("&Straat"), self.street)
        form.add_row("address_id", self.tr("&Adres"), self.address)
        form.add_row("text", self.tr("Si&gnaal"), self.text)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.street.editingFinished.connect(self._street_changed)
        self.street.completer().activated.connect(lambda _text: self._street_changed())
        self._source_changed()
        self._street_changed()
        self.text.setFocus()

    def _source_changed(self) -> None:
        partner = combo_value(self.source) == SignalSource.PARTNER
        self.organisation.setEnabled(partner)
        if not partner:
            self.organisation.setCurrentIndex(0)

    def _street_changed(self) -> None:
        street = self.street.text().strip()
        options = self.context.services.signals.addresses(street) if street else []
        current = combo_value(self.address) if self.address.count() else None
        fill_combo(self.address, options, empty=self.tr("— hele straat —"), current=current)
        self.address.setEnabled(bool(options))

    def save(self) -> None:
        signals = self.context.services.signals
        signal_id = self.form.attempt(
            lambda: signals.new_signal(
                date_value(self.received),
                combo_value(self.source),
                self.text.toPlainText(),
                theme_id=combo_value(self.theme),
                address_id=combo_value(self.address),
                street=self.street.text(),
                organisation_id=combo_value(self.organisation),
            )
        )
        if signal_id is not None:
            self.signal_id = signal_id
            self.accept()


class CloseSignalDialog(QDialog):
    """Ask why a signal is closed without a case; earlier reasons can be picked."""

    def __init__(self, context: AppContext, signal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.signal_id = signal_id
        self.setWindowTitle(self.tr("Signaal afsluiten"))
        self.resize(520, 300)
        self.form = Form(self)
        self.reasons = QComboBox(self)
        earlier = context.services.signals.close_reasons()
        fill_combo(self.reasons, ((r, r) for r in earlier), empty=self.tr("— kies een eerdere reden —"))
        self.reasons.setEnabled(bool(earlier))
        self.reasons.currentIndexChanged.connect(self._reason_picked)
        self.reason = _text_box(self, self.tr("Waarom is er geen casus nodig? Bijvoorbeeld: doorgezet naar…"))
        intro = QLabel(self.tr("Sluit het signaal af zonder casus. De reden is verplicht."), self)
        intro.setWordWrap(True)
        self.form.add_row("earlier", self.tr("&Eerdere reden"), self.reasons)
        self.form.add_row("reason", self.tr("&Reden"), self.reason)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setText(self.tr("Afsluiten"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _reason_picked(self) -> None:
        value = combo_value(self.reasons)
        if value:
            self.reason.setPlainText(value)

    def save(self) -> None:
        signals = self.context.services.signals
        reason = self.reason.toPlainText()
        self.triage = self.form.attempt(lambda: signals.close(self.signal_id, reason))
        if self.triage is not None:  # the inbox offers to undo it
            self.accept()


class CasePickerDialog(QDialog):
    """Choose an open case by typing part of its number or title (with completion)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koppelen aan casus"))
        self.resize(560, 180)
        self.case_id: int | None = None
        self._choices = context.services.signals.case_choices()
        self._by_label = {label: case_id for case_id, label in self._choices}
        self.form = Form(self)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            self.tr("Typ een nummer of een woord uit de titel, bijvoorbeeld 2026-014")
        )
        self.edit.setCompleter(_completer(self.edit, [label for _id, label in self._choices]))
        self.edit.setClearButtonEnabled(True)
        self.form.add_row("case", self.tr("&Casus"), self.edit)
        buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setText(self.tr("Koppelen"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        """The case the text names: an exact label, or the only open case whose label contains it."""
        text = " ".join(self.edit.text().split())
        if not text:
            return None
        if text in self._by_label:
            return self._by_label[text]
        needle = text.casefold()
        hits = [case_id for case_id, label in self._choices if needle in label.casefold()]
        return hits[0] if len(hits) == 1 else None

    def save(self) -> None:
        case_id = self.chosen()
        if case_id is None:
            self.form.show_errors(
                {
                    "case": self.tr(
                        "Kies een open casus uit de lijst (typ een deel van het nummer of de titel)."
                    )
                }
            )
            return
        self.case_id = case_id
        self.accept()
