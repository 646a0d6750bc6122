"""Assignments, areas, themes, organisations and their contacts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_column
from wiec_desktop.domain.enums import AreaKind, OrganisationKind, ReportCadence

DEFAULT_RETENTION_MONTHS = 24  # as the Verwijsindex keeps signals: 24 months after the last contact
DEFAULT_ESCALATE_AFTER_MOVES = 2  # deadline moved this often: management needs to know
DEFAULT_ESCALATE_AFTER_WEEKS = 4  # or this many weeks overdue

assignment_area = Table(
    "assignment_area",
    Base.metadata,
    Column("assignment_id", ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="RESTRICT"), primary_key=True),
)

assignment_recipient = Table(
    "assignment_recipient",
    Base.metadata,
    Column("assignment_id", ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="RESTRICT"), primary_key=True),
)


class Organisation(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A participating body: stadsdeel, police, housing corporation, welfare, …"""

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "organisation_kind"), default=OrganisationKind.OTHER
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organisation", order_by="Contact.name"
    )

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Contact(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A person at an organisation; may receive reports."""

    __tablename__ = "contact"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    receives_reports: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Area(IdMixin, TimestampMixin, Base):
    """A wijk or buurt; buurten point to their wijk."""

    __tablename__ = "area"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind, "area_kind"), default=AreaKind.DISTRICT)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent")

    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class Theme(IdMixin, TimestampMixin, Base):
    """A category of problem: jeugdoverlast, vervuiling, verkeer, …"""

    __tablename__ = "theme"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)


class Assignment(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The agreed period the chair is hired for (opdracht)."""

    __tablename__ = "assignment"

    title: Mapped[str] = mapped_column(String(200))
    client_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    report_cadence: Mapped[ReportCadence] = mapped_column(
        enum_column(ReportCadence, "report_cadence"), default=ReportCadence.MONTHLY
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    # How long residents' personal data is kept after the last contact (services/privacy/retention.py).
    retention_months: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_RETENTION_MONTHS, server_default=str(DEFAULT_RETENTION_MONTHS)
    )

    # Escalation (issue 15): an open action whose deadline was moved this many times, or that is more
    # than this many weeks overdue, needs management's attention (domain/escalation.py).
    escalate_after_moves: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_ESCALATE_AFTER_MOVES, server_default=str(DEFAULT_ESCALATE_AFTER_MOVES)
    )
    escalate_after_weeks: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_ESCALATE_AFTER_WEEKS, server_default=str(DEFAULT_ESCALATE_AFTER_WEEKS)
    )

    client: Mapped[Organisation | None] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=assignment_area)
    recipients: Mapped[list[Contact]] = relationship(secondary=assignment_recipient)

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="end_after_start"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("retention_months BETWEEN 1 AND 120", name="retention_1_120"),
        CheckConstraint("escalate_after_moves BETWEEN 1 AND 20", name="escalate_moves_1_20"),
        CheckConstraint("escalate_after_weeks BETWEEN 1 AND 52", name="escalate_weeks_1_52"),
    )
