"""Follow-through with the partners (issue 15): what was sent to whom, and the periodic reports.

``PartnerDispatch``: one workbook with one organisation's own actions, sent (or saved as a draft
mail) after a meeting or as a reminder before one. Its ``token`` is written into the workbook, so a
returned workbook is matched to this database and this organisation; a workbook whose token is not
here belongs to another database. Holds no personal data (organisation, dates, counts, file name).

``PeriodicReport``: the report to policymakers for one period of the assignment's cadence (a week or
a month), made and — once sent — with the time it went out, so that the Overzicht knows which period
is still due.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, enum_column, utcnow
from wiec_desktop.domain.enums import DispatchKind

TOKEN_LENGTH = 32  # uuid4().hex


class PartnerDispatch(IdMixin, Base):
    """One organisation's own actions, sent as a workbook to fill in."""

    __tablename__ = "partner_dispatch"

    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DispatchKind] = mapped_column(enum_column(DispatchKind, "dispatch_kind"))
    # The meeting it followed (actions) or announces (reminder); the mail names the next meeting.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    sent_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    action_count: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    # When answers from this workbook were last taken in (None: never).
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (CheckConstraint("action_count >= 0", name="action_count_not_negative"),)


class PeriodicReport(IdMixin, Base):
    """The report to policymakers over one period of the assignment's cadence."""

    __tablename__ = "periodic_report"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # inclusive
    made_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    recipients: Mapped[int] = mapped_column(Integer, default=0)  # how many, never who

    __table_args__ = (
        UniqueConstraint("assignment_id", "period_start"),
        CheckConstraint("period_end >= period_start", name="end_after_start"),
        CheckConstraint("recipients >= 0", name="recipients_not_negative"),
    )
