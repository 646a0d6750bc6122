"""The user's preferences in ``settings.ini`` in the data folder (never the registry)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from wiec_desktop.storage.paths import data_dir

if TYPE_CHECKING:  # imported when the mail settings are read (not at start)
    from wiec_desktop.services.mail.settings import MailSettings

MAX_RECENT = 8
_LAST = "database/last"
_RECENT = "database/recent"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_MAIL = "mail"  # group: MailSettings.to_dict() (never a password)
_WORD_TEMPLATE = "reports/word_template"
_REPORTS_FOLDER = "reports/folder"
_EXPORT_FOLDER = "reports/last_export_folder"
_BACKUP_FOLDER = "backups/folder"
_TABLES = "tables"  # group: <table key> = the header state (column widths, order, sort)
_HIDDEN_RECIPIENTS = "mail/recipients_hidden"  # per assignment id: Bcc (1) or To (0)
_LAYOUTS = "layouts"  # group: <window>/<screen>/geometry and <window>/<screen>/sizes/<name>


@dataclass(frozen=True)
class WindowLayout:
    """How a window was last left on one screen: Qt's ``saveGeometry`` (size, position, maximised)
    and the window's own divider positions by name (pixels or shares, as the window defines)."""

    geometry: QByteArray
    sizes: dict[str, float] = field(default_factory=dict)


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

    def window_layout(self, window: str, screen: str) -> WindowLayout | None:
        """The layout ``window`` had when last closed on ``screen`` (a name and size), if any."""
        key = _layout_key(window, screen)
        geometry = self._bytes(f"{key}/geometry")
        if geometry is None:
            return None
        self._qt.beginGroup(f"{key}/sizes")
        try:
            sizes = {name: _number(self._qt.value(name)) for name in self._qt.childKeys()}
        finally:
            self._qt.endGroup()
        return WindowLayout(geometry, {name: value for name, value in sizes.items() if value is not None})

    def set_window_layout(self, window: str, screen: str, layout: WindowLayout) -> None:
        key = _layout_key(window, screen)
        self._qt.remove(key)
        self._qt.setValue(f"{key}/geometry", layout.geometry)
        for name, value in layout.sizes.items():
            self._qt.setValue(f"{key}/sizes/{_safe_key(name)}", float(value))
        self._qt.sync()

    # --- e-mail and reports ------------------------------------------------------------------

    def mail_settings(self) -> MailSettings | None:
        """The SMTP settings entered in Instellingen, or None when none were saved."""
        self._qt.beginGroup(_MAIL)
        try:
            values = {key: self._qt.value(key) for key in self._qt.childKeys()}
        finally:
            self._qt.endGroup()
        if not any(values.values()):
            return None
        from wiec_desktop.services.mail.settings import MailSettings

        return MailSettings.from_dict(values)

    def set_mail_settings(self, settings: MailSettings | None) -> None:
        """Keep ``settings`` (no password: that goes to the keyring); None forgets them."""
        self._qt.remove(_MAIL)
        if settings is not None:
            self._qt.beginGroup(_MAIL)
            for key, value in settings.to_dict().items():
                self._qt.setValue(key, value)
            self._qt.endGroup()
        self._qt.sync()

    def word_template(self) -> Path | None:
        """The chair's own Word template for minutes and agendas; None: the shipped one."""
        return self._path(_WORD_TEMPLATE)

    def set_word_template(self, path: Path | None) -> None:
        self._set_path(_WORD_TEMPLATE, path)

    def reports_folder(self) -> Path | None:
        """The folder chosen for reports (attachments, drafts); None when none was chosen."""
        return self._path(_REPORTS_FOLDER)

    def set_reports_folder(self, path: Path | None) -> None:
        self._set_path(_REPORTS_FOLDER, path)

    def table_state(self, key: str) -> QByteArray | None:
        """How the chair left the columns of table ``key``: widths, order, sort (Qt's header state)."""
        return self._bytes(f"{_TABLES}/{_safe_key(key)}")

    def set_table_state(self, key: str, state: QByteArray, *, widths_chosen: bool = True) -> None:
        """Keep the header state; ``widths_chosen`` False when only the sort order was chosen (the
        widths are fitted to the window again next time)."""
        self._qt.setValue(f"{_TABLES}/{_safe_key(key)}", state)
        self._qt.setValue(f"{_TABLES}/{_safe_key(key)}-chosen", int(widths_chosen))
        self._qt.sync()

    def table_widths_chosen(self, key: str) -> bool:
        return _number(self._qt.value(f"{_TABLES}/{_safe_key(key)}-chosen", 1)) != 0

    def column_widths(self, key: str) -> dict[str, int]:
        """Widths the chair gave the columns of a table whose columns change with the data (the
        matrix: one width per kind of column)."""
        self._qt.beginGroup(f"{_TABLES}/{_safe_key(key)}-widths")
        try:
            widths = {name: _number(self._qt.value(name)) for name in self._qt.childKeys()}
        finally:
            self._qt.endGroup()
        return {name: int(width) for name, width in widths.items() if width and width > 0}

    def set_column_widths(self, key: str, widths: dict[str, int]) -> None:
        for name, width in widths.items():
            self._qt.setValue(f"{_TABLES}/{_safe_key(key)}-widths/{name}", int(width))
        self._qt.sync()

    def forget_table_state(self, key: str) -> None:
        self._qt.remove(f"{_TABLES}/{_safe_key(key)}")
        self._qt.remove(f"{_TABLES}/{_safe_key(key)}-chosen")
        self._qt.sync()

    def recipients_hidden(self, assignment_id: int | None) -> bool:
        """Whether the report e-mail of this assignment goes Bcc (the default: partners do not see
        each other's addresses) rather than To every recipient."""
        value = self._qt.value(f"{_HIDDEN_RECIPIENTS}/{assignment_id or 0}")
        return value is None or str(value).lower() in ("1", "true")

    def set_recipients_hidden(self, assignment_id: int | None, hidden: bool) -> None:
        self._qt.setValue(f"{_HIDDEN_RECIPIENTS}/{assignment_id or 0}", "1" if hidden else "0")
        self._qt.sync()

    def last_export_folder(self) -> Path | None:
        """The folder of the last file exported (where the next save dialog starts)."""
        return self._path(_EXPORT_FOLDER)

    def set_last_export_folder(self, path: Path | None) -> None:
        self._set_path(_EXPORT_FOLDER, path)

    def backup_folder(self) -> Path | None:
        """The folder the chair chose for backups (an external disk, a synced folder); None: the
        default, ``storage.paths.default_backup_dir()``."""
        return self._path(_BACKUP_FOLDER)

    def set_backup_folder(self, path: Path | None) -> None:
        self._set_path(_BACKUP_FOLDER, path)

    def _path(self, key: str) -> Path | None:
        value = self._qt.value(key)
        return Path(str(value)) if value else None

    def _set_path(self, key: str, path: Path | None) -> None:
        if path is None:
            self._qt.remove(key)
        else:
            self._qt.setValue(key, str(path))
        self._qt.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qt.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None


def _layout_key(window: str, screen: str) -> str:
    return f"{_LAYOUTS}/{_safe_key(window)}/{_safe_key(screen)}"


def _safe_key(text: str) -> str:
    """A settings key part: no group separators or characters the ini format escapes."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text) or "_"


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def last_database() -> str | None:
    """The database used last time (for the command line's start-up), if any."""
    return Settings().last_database()
