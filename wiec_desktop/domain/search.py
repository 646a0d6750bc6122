"""The chair's recent searches: kept in the database (so encrypted with it), never in a settings
file; cleared when a resident is erased."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, utcnow


class RecentSearch(IdMixin, Base):
    """One search the chair made, the newest ``searched_at`` first (at most ten are kept)."""

    __tablename__ = "recent_search"

    text: Mapped[str] = mapped_column(String(200), unique=True)
    searched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
