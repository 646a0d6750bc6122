"""The current item, large: its title, what is on the table (case, actielijst, previous minutes),
the minutes editor, and the decisions and new actions recorded under it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.formatting import counted, short_date
from wiec_desktop.services.meetings.views import ActionRow, AgendaRow, DecisionRow
from wiec_desktop.ui.meeting_mode.case_panel import CasePanel
from wiec_desktop.ui.meeting_mode.minutes_editor import MinutesEditor
from wiec_desktop.ui.meeting_mode.previous_minutes import PreviousMinutesPanel
from wiec_desktop.ui.meeting_mode.review_panel import ActionReviewPanel

CONTENT_SHARE = 0.57
FLASH_MS = 1500  # how long a new item's heading and minutes stay highlighted
FLASH_PROPERTY = "flash"
PANEL_STYLE = """
QLabel#itemTitle { font-size: 20pt; font-weight: bold; padding: 2px 4px; }
QLabel#itemSubtitle { font-size: 11pt; color: palette(dark); }
QLabel#sectionTitle { font-size: 12pt; font-weight: bold; }
QLabel#minutesTitle { font-size: 12pt; font-weight: bold; padding: 1px 4px; }
QLabel#itemTitle[flash="true"], QLabel#minutesTitle[flash="true"] { background: #ffe9a8; }
QPlainTextEdit[flash="true"] { background: #fff8e1; }
QFrame#card { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
"""


def item_heading(row: AgendaRow) -> str:
    """``4. Rondvraag``: the item's number in the agenda and its title."""
    return f"{row.position + 1}. {row.title}"


class OutcomeModel(QAbstractListModel):
    """Decisions and new actions of one item, as single lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[str] = []
        self.decision_ids: list[int] = []  # the first rows are decisions, then actions
        self.action_ids: list[int] = []

    def set_outcomes(self, decisions: list[DecisionRow], actions: list[ActionRow]) -> None:
        self.beginResetModel()
        self.decision_ids = [d.id for d in decisions]
        self.action_ids = [a.id for a in actions]
        self.lines = [self.tr("Besluit: {text}").format(text=d.text) for d in decisions]
        self.lines += [
            self.tr("Actie {ref}: {text} — {owner}{contact}, vóór {due}").format(
                ref=a.reference,
                text=a.description,
                owner=a.owner_organisation,
                contact=f" ({a.owner_contact})" if a.owner_contact else "",
                due=short_date(a.due_date) or "—",
            )
            for a in actions
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.lines[index.row()]
        return None


class OutcomeView(QListView):
    """Delete on a decision or a new action asks the window to remove it."""

    remove_decision = Signal(int)
    remove_action = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        row = self.currentIndex().row()
        if event.key() == Qt.Key.Key_Delete and isinstance(model, OutcomeModel) and row >= 0:
            decisions = len(model.decision_ids)
            if row < decisions:
                self.remove_decision.emit(model.decision_ids[row])
                return
            if row - decisions < len(model.action_ids):
                self.remove_action.emit(model.action_ids[row - decisions])
                return
        super().keyPressEvent(event)


class CurrentItemPanel(QWidget):
    """Built by the window, which fills it; ``content`` switches with the item's kind."""

    def __init__(
        self,
        minutes_editor: MinutesEditor,
        case_panel: CasePanel,
        review_panel: ActionReviewPanel,
        previous_panel: PreviousMinutesPanel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(PANEL_STYLE)
        self.title = QLabel(self)
        self.title.setObjectName("itemTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # titles are typed by the chair
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("itemSubtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setWordWrap(True)
        self.case_panel = case_panel
        self.review_panel = review_panel
        self.previous_panel = previous_panel
        self.content = QStackedWidget(self)
        for panel in (case_panel, review_panel, previous_panel):
            self.content.addWidget(panel)
        self.minutes_editor = minutes_editor
        self.outcomes = OutcomeModel(self)
        self.outcome_view = OutcomeView(self)
        self.outcome_view.setToolTip(self.tr("Delete op een besluit of nieuwe actie haalt die weg"))
        self.outcome_view.setModel(self.outcomes)
        self.outcome_view.setWordWrap(True)
        self.outcome_view.setAccessibleName(self.tr("Besluiten en acties bij dit punt"))
        self.outcome_view.setMaximumHeight(130)
        self.outcome_caption = QLabel(self)
        self.outcome_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome_caption.setWordWrap(True)  # unwrapped, its 460 pixels widened the whole window

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.minutes_title = QLabel(self.tr("&Notulen (Ctrl+M)"), right)
        self.minutes_title.setObjectName("minutesTitle")
        self.minutes_title.setTextFormat(Qt.TextFormat.PlainText)
        self.minutes_title.setWordWrap(True)
        self.minutes_title.setBuddy(self.minutes_editor)
        column.addWidget(self.minutes_title)
        column.addWidget(self.minutes_editor, 3)
        column.addWidget(self.outcome_caption)
        column.addWidget(self.outcome_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.content)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self._share = CONTENT_SHARE  # kept when the panel is resized
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self.end_flash)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.splitter, 1)

    def _splitter_moved(self, _position: int, _index: int) -> None:
        sizes = self.splitter.sizes()
        if self.content.isVisible() and sum(sizes) > 0:  # items with only minutes hide the content
            self._share = sizes[0] / sum(sizes)

    @property
    def content_share(self) -> float:
        """The part of the width the content (case, actions, minutes of last time) has when shown."""
        return self._share

    def set_content_share(self, share: float) -> None:
        """Give the content ``share`` of the width, now and after every resize."""
        self._share = min(0.9, max(0.1, share))
        self._apply_share()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Content and minutes keep their shares of the width (57:43, or as the chair dragged it)."""
        super().resizeEvent(event)
        self._apply_share()

    def _apply_share(self) -> None:
        total = max(0, self.splitter.width() - self.splitter.handleWidth())
        self.splitter.setSizes([int(total * self._share), total - int(total * self._share)])

    # --- a new item, visibly --------------------------------------------------------------------

    def flash(self) -> None:
        """Highlight the item's heading and the minutes briefly: the item changed."""
        for widget in self._flashing_widgets():
            _set_flash(widget, True)
        self._flash_timer.start()

    def end_flash(self) -> None:
        self._flash_timer.stop()
        for widget in self._flashing_widgets():
            _set_flash(widget, False)

    def is_flashing(self) -> bool:
        return bool(self.title.property(FLASH_PROPERTY))

    def _flashing_widgets(self) -> tuple[QWidget, ...]:
        return (self.title, self.minutes_title, self.minutes_editor)

    def show_item(self, row: AgendaRow | None, content: QWidget | None, *, pending: int = 0) -> None:
        """Header for ``row`` (None: no item current; ``pending`` items are not discussed yet) and
        which panel is on the left (None: none). The minutes' heading names the item too."""
        if row is None:
            if pending:
                self.title.setText(self.tr("Geen agendapunt aan de orde"))
                self.subtitle.setText(
                    self.tr(
                        "Nog niet besproken: {n}. Ctrl+Shift+PgDown gaat naar het eerste daarvan, "
                        "Ctrl+PgUp terug naar het laatste punt."
                    ).format(n=counted(pending, self.tr("punt"), self.tr("punten")))
                )
            else:
                self.title.setText(self.tr("Alle agendapunten zijn behandeld"))
                self.subtitle.setText(
                    self.tr("Sluit het overleg met Ctrl+Shift+E, of ga terug met Ctrl+PgUp.")
                )
            self.minutes_title.setText(self.tr("&Notulen (Ctrl+M)"))
        else:
            heading = item_heading(row)
            self.title.setText(heading)
            self.minutes_title.setText(
                self.tr("&Notulen bij {item} (Ctrl+M)").format(item=heading.replace("&", "&&"))
            )
            parts = [row.kind.label]
            if row.presenter:
                parts.append(self.tr("inbreng: {name}").format(name=row.presenter))
            if row.timebox_minutes:
                parts.append(self.tr("{minutes} minuten").format(minutes=row.timebox_minutes))
            if row.carried_from_id is not None:
                parts.append(self.tr("doorgeschoven van vorige keer"))
            self.subtitle.setText(" · ".join(parts))
        self.content.setVisible(content is not None)
        if content is not None:
            self.content.setCurrentWidget(content)

    def show_outcomes(self, decisions: list[DecisionRow], actions: list[ActionRow]) -> None:
        self.outcomes.set_outcomes(decisions, actions)
        self.outcome_caption.setText(
            self.tr("Besluiten en acties bij dit punt: {d}, {a} — Ctrl+B / Ctrl+Shift+A").format(
                d=counted(len(decisions), self.tr("besluit"), self.tr("besluiten")),
                a=counted(len(actions), self.tr("actie"), self.tr("acties")),
            )
        )


def _set_flash(widget: QWidget, on: bool) -> None:
    """Set the style sheet's ``flash`` property and let the style see the change."""
    widget.setProperty(FLASH_PROPERTY, on)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
