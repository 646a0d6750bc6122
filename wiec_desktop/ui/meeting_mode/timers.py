"""The timers of meeting mode: the current item against its timebox, the meeting against its
planned end, and the projected end time.

``MeetingClock`` is plain logic over a ``RunState`` and an injectable clock (naive UTC), so tests
can move time without sleeping. ``TimerBar`` shows it and ticks once a second; a tick only updates
labels (no database reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from wiec_desktop.domain.enums import AgendaItemState
from wiec_desktop.services.meetings.views import RunState
from wiec_desktop.ui.meeting_mode.common import Clock, mmss, to_local, utc_now

WARNING_SECONDS = 60  # amber in the last minute of a timebox …
WARNING_FRACTION = 0.8  # … or, for short timeboxes, from 80 % of it


class TimeState(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    OVER = "over"


def item_time_state(elapsed_seconds: int, timebox_minutes: int) -> TimeState:
    """Amber near the end of the timebox, red past it; no timebox (0) never warns."""
    limit = timebox_minutes * 60
    if limit <= 0:
        return TimeState.NORMAL
    if elapsed_seconds > limit:
        return TimeState.OVER
    if elapsed_seconds >= max(limit * WARNING_FRACTION, limit - WARNING_SECONDS):
        return TimeState.WARNING
    return TimeState.NORMAL


@dataclass(frozen=True)
class TimerReading:
    """What the timer bar shows at one moment (local times)."""

    item_elapsed: int
    item_limit: int
    item_state: TimeState
    meeting_elapsed: int
    planned_minutes: int
    planned_end: datetime
    projected_end: datetime
    meeting_state: TimeState


class MeetingClock:
    """The item and meeting timers of one running meeting."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock
        self.state: RunState | None = None
        self.current_item_id: int | None = None
        self._item_base = 0
        self._item_since: datetime = clock()

    def set_state(self, state: RunState) -> None:
        """Take a new run state; the item timer restarts only when the current item changed."""
        self.state = state
        if state.current_item_id != self.current_item_id:
            self.current_item_id = state.current_item_id
            row = state.item(state.current_item_id) if state.current_item_id is not None else None
            self._item_base = row.elapsed_seconds if row is not None else 0
            self._item_since = self.clock()

    def item_elapsed(self) -> int:
        """Seconds spent on the current item, including earlier visits and before a crash."""
        if self.current_item_id is None:
            return 0
        return self._item_base + max(0, int((self.clock() - self._item_since).total_seconds()))

    def reading(self) -> TimerReading:
        assert self.state is not None
        state = self.state
        now = self.clock()
        now_local = to_local(now)
        started = state.started_at or now
        start_day = to_local(started).date()
        planned_start = datetime.combine(start_day, state.start_time)
        planned_end = datetime.combine(start_day, state.planned_end_time)
        planned_minutes = max(0, int((planned_end - planned_start).total_seconds() // 60))
        item_elapsed = self.item_elapsed()
        limit = 0
        remaining = 0
        for row in state.items:
            if row.id == self.current_item_id:
                limit = row.timebox_minutes * 60
                remaining += max(0, limit - item_elapsed)
            elif row.state in (AgendaItemState.PENDING, AgendaItemState.CURRENT):
                remaining += row.timebox_minutes * 60
        projected_end = now_local + timedelta(seconds=remaining)
        if now_local > planned_end:
            meeting_state = TimeState.OVER
        elif projected_end > planned_end:
            meeting_state = TimeState.WARNING
        else:
            meeting_state = TimeState.NORMAL
        item_state = item_time_state(item_elapsed, limit // 60) if self.current_item_id else TimeState.NORMAL
        return TimerReading(
            item_elapsed=item_elapsed,
            item_limit=limit,
            item_state=item_state,
            meeting_elapsed=max(0, int((now - started).total_seconds())),
            planned_minutes=planned_minutes,
            planned_end=planned_end,
            projected_end=projected_end,
            meeting_state=meeting_state,
        )


TIMER_PADDING = 10  # pixels left and right of a timer's text

TIMER_STYLE = (
    """
QLabel[timer="true"] { font-size: 13pt; padding: 2px PADDINGpx; border-radius: 4px; }
QLabel[timer="true"][state="normal"] { background: palette(window); }
QLabel[timer="true"][state="warning"] { background: #fff0c2; color: #7a4a00; font-weight: bold; }
QLabel[timer="true"][state="over"] { background: #fbd5d2; color: #8c1d18; font-weight: bold; }
""".replace("PADDING", str(TIMER_PADDING))
)


class TimerBar(QWidget):
    """Three labels: Agendapunt, Overleg, Verwacht einde. ``tick`` each second."""

    ticked = Signal(int)  # the current item's elapsed seconds

    def __init__(self, clock: MeetingClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setStyleSheet(TIMER_STYLE)
        self.item_label = self._label(self.tr("Tijd van het huidige agendapunt tegen de tijdsduur"))
        self.meeting_label = self._label(
            self.tr("Tijd sinds de start van het overleg tegen de geplande duur")
        )
        self.projected_label = self._label(
            self.tr("Verwachte eindtijd: nu plus de resterende tijd van dit punt en de punten die nog komen")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for label in (self.item_label, self.meeting_label, self.projected_label):
            layout.addWidget(label)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def _label(self, tooltip: str) -> QLabel:
        label = QLabel(self)
        label.setProperty("timer", True)
        label.setProperty("state", TimeState.NORMAL.value)
        label.setToolTip(tooltip)
        return label

    def start(self) -> None:
        self.tick()
        self.timer.start()

    def tick(self) -> None:
        if self.clock.state is None:
            return
        reading = self.clock.reading()
        if self.clock.current_item_id is None:
            self.item_label.setText(self.tr("Geen agendapunt"))
        elif reading.item_limit:
            self.item_label.setText(
                self.tr("Punt {elapsed} / {limit}").format(
                    elapsed=mmss(reading.item_elapsed), limit=mmss(reading.item_limit)
                )
            )
        else:
            self.item_label.setText(self.tr("Punt {elapsed}").format(elapsed=mmss(reading.item_elapsed)))
        self.meeting_label.setText(
            self.tr("Overleg {elapsed} (tot {end})").format(
                elapsed=mmss(reading.meeting_elapsed), end=reading.planned_end.strftime("%H:%M")
            )
        )
        self.meeting_label.setToolTip(
            self.tr("Tijd sinds de start: {elapsed}; gepland {minutes} minuten, tot {end}").format(
                elapsed=mmss(reading.meeting_elapsed),
                minutes=reading.planned_minutes,
                end=reading.planned_end.strftime("%H:%M"),
            )
        )
        self.projected_label.setText(
            self.tr("Verwacht einde {time}").format(time=reading.projected_end.strftime("%H:%M"))
        )
        _set_state(self.item_label, reading.item_state)
        _set_state(self.meeting_label, reading.meeting_state)
        _set_state(self.projected_label, reading.meeting_state)
        for label in (self.item_label, self.meeting_label, self.projected_label):
            _reserve_bold_width(label)
        self.ticked.emit(reading.item_elapsed)

    def state_of(self, label: QLabel) -> TimeState:
        return TimeState(label.property("state"))


def _reserve_bold_width(label: QLabel) -> None:
    """Keep room for the label's text in bold (warning and over), so that neither the bar nor the
    window's minimum width jumps when a timer changes state; the room only grows."""
    label.ensurePolished()
    font = QFont(label.font())
    font.setBold(True)
    margins = label.contentsMargins()
    width = QFontMetrics(font).horizontalAdvance(label.text()) + margins.left() + margins.right()
    width += 2 * TIMER_PADDING + 2
    if width > label.minimumWidth():
        label.setMinimumWidth(width)


def _set_state(label: QLabel, state: TimeState) -> None:
    if label.property("state") != state.value:
        label.setProperty("state", state.value)
        label.style().unpolish(label)
        label.style().polish(label)
