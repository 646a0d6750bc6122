"""Action points (actiepunten) that live across meetings, and their progress updates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_column
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.domain.meetings import AgendaItem, Meeting
from wiec_desktop.domain.organisations import Contact, Organisation


class Action(IdMixin, TimestampMixin, VersionedMixin, Base):
    """What must happen, who does it and by when; numbered per year (``A-2026-031``)."""

    __tablename__ = "action"

    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="RESTRICT"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="RESTRICT"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    owner_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    created_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.OPEN, index=True
    )
    completed_on: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    owner_organisation: Mapped[Organisation] = relationship()
    owner_contact: Mapped[Contact | None] = relationship()
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.updated_on"
    )

    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_action_year_number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("length(trim(description)) > 0", name="description_not_blank"),
        CheckConstraint("due_date IS NULL OR due_date >= created_on", name="due_not_before_created"),
        CheckConstraint(
            "(status = 'done') = (completed_on IS NOT NULL)", name="done_has_completion_date"
        ),
    )

    @property
    def reference(self) -> str:
        return action_reference(self.year, self.number)


def action_reference(year: int, number: int) -> str:
    """The action number as the chair writes it: ``A-2026-031``."""
    return f"A-{year}-{number:03d}"


class ActionUpdate(IdMixin, TimestampMixin, Base):
    """A status or progress entry, made at a meeting or in between."""

    __tablename__ = "action_update"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    updated_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "update_status"))
    new_due_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    action: Mapped[Action] = relationship(back_populates="updates")
    meeting: Mapped[Meeting | None] = relationship()
