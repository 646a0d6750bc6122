"""The audit log (logboek): who did what to which record, and every export.

It holds references (table and id, a file name, a count) and never personal data itself, and has no
foreign keys so that it survives the erasure of what it refers to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, enum_column, utcnow
from wiec_desktop.domain.enums import AuditKind


class AuditEvent(IdMixin, Base):
    __tablename__ = "audit_event"

    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[AuditKind] = mapped_column(enum_column(AuditKind, "audit_kind"))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
