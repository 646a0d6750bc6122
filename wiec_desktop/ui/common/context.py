"""What every window needs, passed explicitly: the open database, its services, the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.settings.preferences import Settings


@dataclass
class AppContext:
    database: Database
    services: Services
    settings: Settings

    @classmethod
    def create(
        cls, database: Database, settings: Settings | None = None, today: Callable[[], date] = date.today
    ) -> AppContext:
        """A context for ``database`` with fresh services (tests may fix ``today``)."""
        return cls(database, Services(database.session_factory, today), settings or Settings())
