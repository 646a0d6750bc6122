"""Addresses, residents, inventory rounds, house visits and signals from the neighbourhood."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_column
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.domain.organisations import Area, Organisation, Theme

house_visit_theme = Table(
    "house_visit_theme",
    Base.metadata,
    Column("house_visit_id", ForeignKey("house_visit.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="RESTRICT"), primary_key=True),
)


class Address(IdMixin, TimestampMixin, Base):
    """A dwelling in the area. ``addition`` is '' rather than NULL so the address can be unique."""

    __tablename__ = "address"

    street: Mapped[str] = mapped_column(String(120), index=True)
    number: Mapped[int] = mapped_column(Integer)
    addition: Mapped[str] = mapped_column(String(12), default="")
    postcode: Mapped[str] = mapped_column(String(7))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="RESTRICT"), index=True)

    area: Mapped[Area | None] = relationship()

    __table_args__ = (
        UniqueConstraint("street", "number", "addition", "postcode", name="uq_address_full"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("length(trim(street)) > 0", name="street_not_blank"),
    )

    @property
    def label(self) -> str:
        return f"{self.street} {self.number}{self.addition}".strip()


class Resident(IdMixin, TimestampMixin, Base):
    """A person at an address. Name and phone are kept only with consent (AVG)."""

    __tablename__ = "resident"

    address_id: Mapped[int] = mapped_column(ForeignKey("address.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    consent_on: Mapped[date | None] = mapped_column(Date)
    wants_to_participate: Mapped[bool] = mapped_column(Boolean, default=False)
    may_be_contacted: Mapped[bool] = mapped_column(Boolean, default=False)

    address: Mapped[Address] = relationship()

    __table_args__ = (
        CheckConstraint(
            "consent_on IS NOT NULL OR (name IS NULL AND phone IS NULL)",
            name="personal_data_needs_consent",
        ),
    )


class InventoryRound(IdMixin, TimestampMixin, Base):
    """A round of door-to-door visits (e.g. "voorjaar 2026"), so ratings compare over time."""

    __tablename__ = "inventory_round"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # The chair's own text for the inventory report (aanbevelingen); no personal data.
    recommendations: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )


class HouseVisit(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A door-to-door visit: outcome, 1–10 rating, problems, ideas, participation."""

    __tablename__ = "house_visit"

    address_id: Mapped[int] = mapped_column(ForeignKey("address.id", ondelete="RESTRICT"), index=True)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("inventory_round.id", ondelete="RESTRICT"), index=True
    )
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id", ondelete="SET NULL"))
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    visitors: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[VisitOutcome] = mapped_column(enum_column(VisitOutcome, "visit_outcome"))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    experience: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    ideas: Mapped[str] = mapped_column(Text, default="")
    wants_to_participate: Mapped[bool] = mapped_column(Boolean, default=False)
    may_be_contacted: Mapped[bool] = mapped_column(Boolean, default=False)

    address: Mapped[Address] = relationship()
    round: Mapped[InventoryRound | None] = relationship()
    resident: Mapped[Resident | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=house_visit_theme)

    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 10)", name="rating_1_10"),
        CheckConstraint("rating IS NULL OR outcome = 'spoken'", name="rating_only_when_spoken"),
    )


class Signal(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Anything raised from the neighbourhood; triaged by linking to a case or closing with reason."""

    __tablename__ = "signal"

    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[SignalSource] = mapped_column(enum_column(SignalSource, "signal_source"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"), index=True)
    address_id: Mapped[int | None] = mapped_column(ForeignKey("address.id", ondelete="RESTRICT"))
    street: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[SignalStatus] = mapped_column(
        enum_column(SignalStatus, "signal_status"), default=SignalStatus.NEW, index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="RESTRICT"), index=True)
    house_visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("house_visit.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    closed_reason: Mapped[str] = mapped_column(Text, default="")
    triaged_on: Mapped[date | None] = mapped_column(Date)

    theme: Mapped[Theme | None] = relationship()
    address: Mapped[Address | None] = relationship()
    case: Mapped[Case | None] = relationship()
    house_visit: Mapped[HouseVisit | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        CheckConstraint("status <> 'linked' OR case_id IS NOT NULL", name="linked_has_case"),
        CheckConstraint(
            "status <> 'closed' OR length(trim(closed_reason)) > 0", name="closed_has_reason"
        ),
        CheckConstraint("(status = 'new') = (triaged_on IS NULL)", name="triaged_has_date"),
        CheckConstraint("triaged_on IS NULL OR triaged_on >= received_on", name="triaged_after_received"),
    )
