"""The user's preferences in ``settings.ini`` in the data folder (never the registry)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from wiec_desktop.storage.paths import data_dir

MAX_RECENT = 8
_LAST = "database/last"
_RECENT = "database/recent"
_GEOMETRY = "window/geometry"
_STATE = "window/state"


def settings_path() -> Path:
    return data_dir() / "settings.ini"


class Settings:
    """Typed access to the few things remembered between sessions."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self._qt = QSettings(str(self.path), QSettings.Format.IniFormat)

    # --- databases ---------------------------------------------------------------------------

    def last_database(self) -> str | None:
        value = self._qt.value(_LAST)
        return str(value) if value else None

    def set_last_database(self, location: str) -> None:
        self._qt.setValue(_LAST, location)
        self._qt.sync()

    def recent_databases(self) -> list[str]:
        """Most recent first, at most ``MAX_RECENT``."""
        value = self._qt.value(_RECENT)
        if not value:
            return []
        items = [value] if isinstance(value, str) else [str(v) for v in value]
        return [item for item in items if item][:MAX_RECENT]

    def add_recent_database(self, location: str) -> None:
        items = [location, *(item for item in self.recent_databases() if item != location)]
        self._qt.setValue(_RECENT, items[:MAX_RECENT])
        self._qt.sync()

    def remove_recent_database(self, location: str) -> None:
        items = [item for item in self.recent_databases() if item != location]
        self._qt.setValue(_RECENT, items)
        self._qt.sync()

    def clear_recent_databases(self) -> None:
        self._qt.remove(_RECENT)
        self._qt.sync()

    def remember_database(self, location: str) -> None:
        """The database now open: last used and first in the recent list."""
        self.set_last_database(location)
        self.add_recent_database(location)

    # --- window ------------------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self._bytes(_STATE)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qt.setValue(_GEOMETRY, geometry)
        self._qt.setValue(_STATE, state)
        self._qt.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qt.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None


def last_database() -> str | None:
    """The database used last time (for the command line's start-up), if any."""
    return Settings().last_database()
