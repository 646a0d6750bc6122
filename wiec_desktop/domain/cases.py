"""Cases (casussen), the organisations involved in them, and their status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_column, utcnow
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole, Priority
from wiec_desktop.domain.organisations import Area, Assignment, Contact, Organisation, Theme


class Case(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A neighbourhood problem being worked on, numbered per year (``2026-014``)."""

    __tablename__ = "case"

    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment.id", ondelete="RESTRICT"), index=True
    )
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"), index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus, "case_status"), default=CaseStatus.REPORTED, index=True
    )
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, "priority"), default=Priority.NORMAL)
    expert_analysis: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)

    assignment: Mapped[Assignment | None] = relationship()
    area: Mapped[Area | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    involvements: Mapped[list[Involvement]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Involvement.role"
    )
    status_changes: Mapped[list[CaseStatusChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseStatusChange.changed_at"
    )

    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_case_year_number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
        CheckConstraint(
            "(status = 'closed') = (closed_on IS NOT NULL)", name="closed_status_has_date"
        ),
    )

    @property
    def reference(self) -> str:
        return case_reference(self.year, self.number)


def case_reference(year: int, number: int) -> str:
    """The case number as the chair writes it: ``2026-014``."""
    return f"{year}-{number:03d}"


class Involvement(IdMixin, TimestampMixin, Base):
    """Organisation × case: its role and what it does."""

    __tablename__ = "involvement"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    role: Mapped[InvolvementRole] = mapped_column(
        enum_column(InvolvementRole, "involvement_role"), default=InvolvementRole.PARTNER
    )
    activity: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="involvements")
    organisation: Mapped[Organisation] = relationship()
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (UniqueConstraint("case_id", "organisation_id", name="uq_involvement_case_org"),)


class CaseStatusChange(IdMixin, Base):
    """One step in a case's status workflow, with its date (kept for the timeline)."""

    __tablename__ = "case_status_change"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[CaseStatus | None] = mapped_column(enum_column(CaseStatus, "from_status"))
    to_status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, "to_status"))
    changed_on: Mapped[date] = mapped_column(Date)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="status_changes")
