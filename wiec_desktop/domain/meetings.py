"""Meetings (overleggen), attendance, agenda items and decisions."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wiec_desktop.domain.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_column
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import (
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.domain.organisations import Assignment, Contact


class Meeting(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A casuïstiekoverleg, leefomgevingoverleg or bewonersavond."""

    __tablename__ = "meeting"

    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    planned_end_time: Mapped[time] = mapped_column(Time)
    location: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    minute_taker: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED, index=True
    )
    minutes_status: Mapped[MinutesStatus] = mapped_column(
        enum_column(MinutesStatus, "minutes_status"), default=MinutesStatus.NONE
    )
    minutes_approved_on: Mapped[date | None] = mapped_column(Date)
    minutes_corrections: Mapped[str] = mapped_column(Text, default="")
    minutes_approved_in_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    # The minutes as they were approved (JSON, see services/meetings/minutes_snapshot.py), written
    # with the approval; None before it and for minutes approved before revision 0004. Loaded only
    # when read.
    minutes_snapshot: Mapped[str | None] = mapped_column(Text, deferred=True)
    # Meeting mode: when it started and ended (naive UTC), the item on screen and since when (for
    # the item timer), so that a crashed meeting resumes at the same item.
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    current_item_id: Mapped[int | None] = mapped_column(Integer)  # no FK: agenda_item refers here
    closing_summary: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[Assignment | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("planned_end_time > start_time", name="end_after_start"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint(
            "minutes_status <> 'approved' OR minutes_approved_on IS NOT NULL", name="approved_has_date"
        ),
    )


class Attendance(IdMixin, TimestampMixin, Base):
    """Invited / present / absent with notice / absent, for a contact or a named guest."""

    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="RESTRICT"))
    guest_name: Mapped[str | None] = mapped_column(String(200))
    guest_organisation: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "attendance_status"), default=AttendanceStatus.INVITED
    )
    arrived_at: Mapped[time | None] = mapped_column(Time)

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "contact_id", name="uq_attendance_meeting_contact"),
        CheckConstraint("contact_id IS NOT NULL OR guest_name IS NOT NULL", name="contact_or_guest"),
    )


class AgendaItem(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One ordered agenda item: kind, timebox, optional case, and the minutes typed during it."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, "agenda_item_kind"))
    title: Mapped[str] = mapped_column(String(200))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="RESTRICT"), index=True)
    presenter: Mapped[str] = mapped_column(String(200), default="")
    timebox_minutes: Mapped[int] = mapped_column(Integer, default=10)
    minutes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[AgendaItemState] = mapped_column(
        enum_column(AgendaItemState, "agenda_item_state"), default=AgendaItemState.PENDING
    )
    elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    case: Mapped[Case | None] = relationship()
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="Decision.position"
    )

    __table_args__ = (
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("timebox_minutes >= 0", name="timebox_not_negative"),
        CheckConstraint("elapsed_seconds >= 0", name="elapsed_not_negative"),
        CheckConstraint("kind <> 'case' OR case_id IS NOT NULL", name="case_item_has_case"),
    )


class Decision(IdMixin, TimestampMixin, Base):
    """A decision (besluit) recorded under an agenda item."""

    __tablename__ = "decision"

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="decisions")

    __table_args__ = (CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),)
