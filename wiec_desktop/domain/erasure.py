"""The erasure log: when residents' personal data was removed, why (retention period ended, or a
resident's request), how much of each kind, and by whom.

Counts and references only — never a name, phone number or the removed text — and no foreign keys,
so that an entry outlives what it describes. The Privacy overview shows the last entries; a DPIA
asks for them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, enum_column, utcnow
from wiec_desktop.domain.enums import ErasureKind


class Erasure(IdMixin, Base):
    """One removal of personal data (a retention run or the erasure of one resident)."""

    __tablename__ = "erasure"

    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    kind: Mapped[ErasureKind] = mapped_column(enum_column(ErasureKind, "erasure_kind"))
    actor: Mapped[str] = mapped_column(String(120))
    resident_id: Mapped[int | None] = mapped_column(Integer)  # the erased resident's former id (request)
    residents: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    signals: Mapped[int] = mapped_column(Integer, default=0)
    passages: Mapped[int] = mapped_column(Integer, default=0)  # passages of free text replaced
    terms: Mapped[int] = mapped_column(Integer, default=0)  # the chair's term choices removed

    __table_args__ = (
        CheckConstraint(
            "residents >= 0 AND visits >= 0 AND signals >= 0 AND passages >= 0 AND terms >= 0",
            name="counts_not_negative",
        ),
    )
