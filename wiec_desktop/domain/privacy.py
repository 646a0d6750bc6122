"""The chair's choices about terms in documents for policymakers: a term the redaction took for
personal but is not (a street that looks like a name: ``kept``), or a term it missed (``marked``).
Remembered so that the next document treats the same text the same way; erased with the resident
it names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, enum_column, utcnow
from wiec_desktop.domain.enums import TermDecision


class PrivacyTerm(IdMixin, Base):
    __tablename__ = "privacy_term"

    term: Mapped[str] = mapped_column(String(200), unique=True)  # as the chair saw it, case-folded
    decision: Mapped[TermDecision] = mapped_column(enum_column(TermDecision, "term_decision"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
