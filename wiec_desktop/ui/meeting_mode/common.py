"""Small helpers shared by the meeting-mode widgets: clocks and service calls."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from wiec_desktop.ui.common.errors import known_error_text

T = TypeVar("T")
Clock = Callable[[], datetime]
log = logging.getLogger(__name__)

RED = "#b3261e"
AMBER = "#b26a00"
GREEN = "#1e7b34"


def utc_now() -> datetime:
    """Now as naive UTC, like every stored timestamp."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """A naive UTC timestamp as naive local time (for the clock on the wall)."""
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def service_call(parent: QWidget, title: str, action: Callable[[], T]) -> T | None:
    """Run a service call; a known problem becomes a warning box and ``None``."""
    try:
        return action()
    except Exception as error:
        message = known_error_text(error)
        if message is None:
            raise
        log.warning("meeting mode: %s failed (%s)", title, type(error).__name__)
        QMessageBox.warning(parent, title, message)
        return None


def mmss(seconds: int) -> str:
    """``04:05``; ``1:02:03`` from an hour on; a leading minus for negative values."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"
