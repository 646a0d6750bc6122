"""Signalen te beoordelen: the inbox of untriaged signals and triage of the selected one.

Left the signals, oldest first, with their age (red and "14+ dagen" when untriaged for more than
two weeks); right the selected signal with the open cases it may belong to and why. Triage by
keyboard or mouse: K links to a case of your choice, N makes a new case from the signal, A closes
it with a reason, Enter links to the first suggestion when that one is clearly the best. After
triage the signal leaves the list and the next one is selected, and ``undo_offered`` lets the page
show "Ongedaan maken": that puts the signal back in the inbox as it was (and removes a case made
from it while nothing else has come to that case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.signals.service import SignalTriage
from wiec_desktop.services.signals.triage import CaseSuggestion, InboxRow, is_clear
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import show_known_error
from wiec_desktop.ui.common.table_columns import fit_columns
from wiec_desktop.ui.signals.case_from_signal import SignalCaseDialog
from wiec_desktop.ui.signals.dialogs import CasePickerDialog, CloseSignalDialog, NewSignalDialog
from wiec_desktop.ui.signals.model import TEXT, InboxModel

DETAIL_WIDTH = 420
SUGGESTIONS = 5


class SignalInbox(QWidget):
    """The "Inbox" tab of Signalen & inventarisatie. ``changed`` is emitted after a triage, its undo
    or a new signal (other lists and the dashboard may then refresh); ``undo_offered`` after a
    triage, with the message and the call that takes it back."""

    changed = Signal()
    undo_offered = Signal(str, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.suggestions: list[CaseSuggestion] = []
        self.link_buttons: list[QPushButton] = []
        self._loaded = False

        self.summary = QLabel(self)
        self.summary.setObjectName("countLabel")
        self.new_button = QPushButton(self.tr("Nieuw signaal…"), self)
        self.new_button.setToolTip(
            self.tr("Een signaal vastleggen: telefoon, e-mail, inloop, partner of eigen waarneming (Ctrl+N)")
        )
        self.new_button.clicked.connect(self.new_signal)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.new_button)

        self.model = InboxModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setToolTip(
            self.tr(
                "Enter: koppelen aan de duidelijk beste suggestie · K: koppelen · N: nieuwe casus"
                " · A: afsluiten"
            )
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._show_current())

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self._detail_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._shortcuts()

    # --- building ----------------------------------------------------------------------------

    def _detail_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setMinimumWidth(360)
        self.heading = QLabel(panel)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.meta = QLabel(panel)
        self.meta.setWordWrap(True)
        self.meta.setObjectName("pageSubtitle")
        self.stale_badge = QLabel(self.tr("14+ dagen niet beoordeeld"), panel)
        self.stale_badge.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.text = QLabel(panel)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        caption = QLabel(self.tr("Voorgestelde casussen"), panel)
        caption.setObjectName("sectionTitle")
        self.suggestion_box = QWidget(panel)
        self.suggestion_layout = QVBoxLayout(self.suggestion_box)
        self.suggestion_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestion_layout.setSpacing(6)
        self.no_suggestions = QLabel(self.tr("Geen passende open casussen gevonden."), panel)
        self.no_suggestions.setWordWrap(True)
        scroll = QScrollArea(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 4, 0)
        holder_layout.addWidget(self.no_suggestions)
        holder_layout.addWidget(self.suggestion_box)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)

        self.other_button = QPushButton(self.tr("Koppelen aan andere casus…"), panel)
        self.other_button.setToolTip(self.tr("Kies een open casus op nummer of titel (K)"))
        self.other_button.clicked.connect(self.link_other)
        self.case_button = QPushButton(self.tr("Nieuwe casus…"), panel)
        self.case_button.setToolTip(
            self.tr("Een casus maken met het thema, de straat en de tekst van dit signaal (N)")
        )
        self.case_button.clicked.connect(self.new_case)
        self.close_button = QPushButton(self.tr("Afsluiten…"), panel)
        self.close_button.setToolTip(self.tr("Afsluiten zonder casus, met een reden (A)"))
        self.close_button.clicked.connect(self.close_signal)
        buttons = QHBoxLayout()
        for button in (self.other_button, self.case_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.keys_hint = QLabel(
            self.tr(
                "Toetsen: K koppelen · N nieuwe casus · A afsluiten"
                " · Enter koppelen aan een duidelijke suggestie"
            ),
            panel,
        )
        self.keys_hint.setObjectName("pageSubtitle")
        self.keys_hint.setWordWrap(True)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.stale_badge)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addWidget(caption)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.keys_hint)
        return panel

    def _shortcuts(self) -> None:
        keys: list[tuple[Any, Callable[[], object]]] = [
            (Qt.Key.Key_K, self.link_other),
            (Qt.Key.Key_N, self.new_case),
            (Qt.Key.Key_A, self.close_signal),
            (Qt.Key.Key_Return, self.link_clear_suggestion),
            (Qt.Key.Key_Enter, self.link_clear_suggestion),
        ]
        self.shortcuts: list[QShortcut] = []
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # --- loading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:  # once laid out: the detail pane its width, the table the rest
            QTimer.singleShot(0, self._initial_split)
        self.reload(keep=self.current_signal_id())  # new signals may have come from elsewhere

    def reload(self, *, keep: int | None = None, row: int | None = None) -> None:
        """Read the inbox again; select signal ``keep`` if still there, else row ``row``, else the first."""
        rows = self.context.services.signals.inbox()
        self.model.set_rows(rows)
        if not self._loaded:
            self._size_columns()
            self._loaded = True
        stale = sum(1 for r in rows if r.stale)
        if not rows:
            self.summary.setText(self.tr("Geen signalen te beoordelen."))
        else:
            text = self.tr("{count} te beoordelen").format(count=len(rows))
            if stale:
                text += self.tr(", waarvan {stale} langer dan 14 dagen").format(stale=stale)
            self.summary.setText(text)
        target = self.model.row_of(keep) if keep is not None else -1
        if target < 0 and rows:
            target = min(row if row is not None else 0, len(rows) - 1)
        self._select_row(target)

    def _initial_split(self) -> None:
        total = sum(self.splitter.sizes())
        if total > DETAIL_WIDTH:
            self.splitter.setSizes([total - DETAIL_WIDTH, DETAIL_WIDTH])

    def _size_columns(self) -> None:
        """Fitted to the contents, the text taking the rest; the chair's widths and sort kept."""
        if not hasattr(self, "columns"):
            self.columns = fit_columns(self.view, "signals/inbox", self.context.settings, stretch=TEXT)

    def _select_row(self, row: int) -> None:
        if row < 0:
            self.view.selectionModel().clearSelection()
            self.view.setCurrentIndex(self.model.index(-1, -1))
            self._show_current()
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        self._show_current()

    def current_row(self) -> InboxRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_signal_id(self) -> int | None:
        row = self.current_row()
        return row.signal_id if row is not None else None

    # --- the selected signal -----------------------------------------------------------------

    def _show_current(self) -> None:
        row = self.current_row()
        for button in (self.other_button, self.case_button, self.close_button):
            button.setEnabled(row is not None)
        if row is None:
            self.heading.setText(self.tr("Alle signalen zijn beoordeeld."))
            self.meta.setText("")
            self.text.setText("")
            self.stale_badge.hide()
            self._show_suggestions([])
            self.no_suggestions.hide()
            return
        self.heading.setText(self.tr("Signaal van {date}").format(date=short_date(row.received_on)))
        source = f"{row.source}: {row.organisation}" if row.organisation else row.source
        parts = [source, row.theme or self.tr("geen thema"), row.place or self.tr("geen adres of straat")]
        self.meta.setText(" · ".join(parts))
        self.stale_badge.setVisible(row.stale)
        self.text.setText(row.text)
        self._show_suggestions(self.context.services.signals.suggest_cases(row.signal_id, SUGGESTIONS))

    def _show_suggestions(self, suggestions: list[CaseSuggestion]) -> None:
        while self.suggestion_layout.count():
            item = self.suggestion_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.suggestions = suggestions
        self.link_buttons = []
        self.no_suggestions.setVisible(not suggestions)
        clear = is_clear(suggestions)
        for number, suggestion in enumerate(suggestions):
            card, button = self._card(suggestion, default=clear and number == 0)
            button.clicked.connect(lambda _checked=False, n=number: self.link_suggestion(n))
            self.suggestion_layout.addWidget(card)
            self.link_buttons.append(button)

    def _card(self, suggestion: CaseSuggestion, *, default: bool) -> tuple[QFrame, QPushButton]:
        card = QFrame(self.suggestion_box)
        card.setObjectName("card")
        title = QLabel(f"<b>{_escape(suggestion.reference)}</b> {_escape(suggestion.title)}", card)
        title.setWordWrap(True)
        reasons = QLabel(", ".join(suggestion.reasons), card)
        reasons.setWordWrap(True)
        reasons.setObjectName("pageSubtitle")
        button = QPushButton(self.tr("Koppelen (Enter)") if default else self.tr("Koppelen"), card)
        button.setToolTip(
            self.tr("Het signaal koppelen aan {case} (overeenkomst {score} van 100)").format(
                case=suggestion.reference, score=suggestion.score
            )
        )
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        text.addWidget(reasons)
        layout = QHBoxLayout(card)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(text, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return card, button

    # --- triage ------------------------------------------------------------------------------

    def link_suggestion(self, number: int) -> None:
        row = self.current_row()
        if row is None or not 0 <= number < len(self.suggestions):
            return
        case_id = self.suggestions[number].case_id
        self._link(row.signal_id, case_id)

    def link_clear_suggestion(self) -> None:
        """Enter: link to the first suggestion, but only when it is clearly the best one."""
        if is_clear(self.suggestions):
            self.link_suggestion(0)

    def link_other(self) -> None:
        row = self.current_row()
        if row is None:
            return
        picker = CasePickerDialog(self.context, self)
        if picker.exec() and picker.case_id is not None:
            self._link(row.signal_id, picker.case_id)

    def new_case(self) -> None:
        row = self.current_row()
        if row is None:
            return
        dialog = SignalCaseDialog(self.context, row.signal_id, self)
        chosen: list[int] = []
        dialog.link_requested.connect(chosen.append)
        dialog.exec()
        if chosen:
            self._link(row.signal_id, chosen[0])
        elif dialog.triage is not None:
            self._after_triage()
            self._offer_undo(
                dialog.triage,
                self.tr("Signaal gekoppeld aan de nieuwe casus {case}.").format(
                    case=dialog.triage.case_reference
                ),
            )

    def close_signal(self) -> None:
        row = self.current_row()
        if row is None:
            return
        dialog = CloseSignalDialog(self.context, row.signal_id, self)
        if dialog.exec():
            self._after_triage()
            triage = getattr(dialog, "triage", None)
            if isinstance(triage, SignalTriage):
                self._offer_undo(triage, self.tr("Signaal afgesloten."))

    def new_signal(self) -> None:
        """Ctrl+N on this tab: record a new signal and select it."""
        dialog = NewSignalDialog(self.context, self)
        if dialog.exec() and dialog.signal_id is not None:
            self.reload(keep=dialog.signal_id)
            self.changed.emit()

    def _link(self, signal_id: int, case_id: int) -> None:
        triage = self._triage(lambda: self.context.services.signals.link(signal_id, case_id))
        if triage is not None:
            self._offer_undo(
                triage, self.tr("Signaal gekoppeld aan {case}.").format(case=triage.case_reference)
            )

    def _triage(self, action: Callable[[], SignalTriage]) -> SignalTriage | None:
        try:
            triage = action()
        except (ValidationError, NotFound) as error:
            QMessageBox.warning(self, self.tr("Beoordelen niet gelukt"), str(error))
            self.reload(keep=self.current_signal_id())
            return None
        except Exception as error:  # locked, read-only, disk full: a plain message; a bug propagates
            if not show_known_error(self, self.tr("Opslaan mislukt"), error):
                raise
            return None
        self._after_triage()
        return triage

    def _offer_undo(self, triage: SignalTriage, message: str) -> None:
        self.undo_offered.emit(message, lambda: self.undo(triage))

    def undo(self, triage: SignalTriage) -> str:
        """Take a triage back: the signal is in the inbox again, selected; the text to confirm with."""
        undone = self.context.services.signals.undo(triage)
        self.reload(keep=triage.signal_id)
        self.changed.emit()
        if undone.removed_case:
            return self.tr("Het signaal staat weer in de inbox; casus {case} is weer verwijderd.").format(
                case=undone.removed_case
            )
        if undone.kept_case:
            return self.tr(
                "Het signaal staat weer in de inbox; casus {case} blijft bestaan, want daar hoort intussen "
                "meer bij."
            ).format(case=undone.kept_case)
        return self.tr("Het signaal staat weer in de inbox.")

    def _after_triage(self) -> None:
        """The triaged signal leaves the list; the one after it is selected."""
        index = self.view.currentIndex()
        self.reload(row=index.row() if index.isValid() else 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
