"""Meetings: planning, agenda items and decisions."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy import func, select

from wiec_desktop.domain import AgendaItem, Case, Decision, Meeting
from wiec_desktop.domain.enums import AgendaItemKind, AuditKind, MeetingKind, MeetingStatus
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, apply_changes, get_or_raise
from wiec_desktop.services.validation import Checker, ValidationError

EDITABLE = {
    "kind", "title", "date", "start_time", "planned_end_time", "location", "chair",
    "minute_taker", "assignment_id",
}  # fmt: skip


class MeetingService(Service):
    def create_meeting(
        self,
        kind: MeetingKind,
        title: str,
        on: date,
        start_time: time,
        planned_end_time: time,
        *,
        location: str = "",
        chair: str = "",
        minute_taker: str = "",
        assignment_id: int | None = None,
    ) -> Meeting:
        title = _checked(title, start_time, planned_end_time)
        with self.transaction() as session:
            meeting = Meeting(
                kind=kind,
                title=title,
                date=on,
                start_time=start_time,
                planned_end_time=planned_end_time,
                location=location.strip(),
                chair=chair.strip(),
                minute_taker=minute_taker.strip(),
                assignment_id=assignment_id,
                status=MeetingStatus.PLANNED,
            )
            session.add(meeting)
            session.flush()
            audit.record(session, AuditKind.CREATE, "meeting", meeting.id)
            return meeting

    def update_meeting(self, meeting_id: int, **changes: Any) -> Meeting:
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _checked(
                changes.get("title", meeting.title),
                changes.get("start_time", meeting.start_time),
                changes.get("planned_end_time", meeting.planned_end_time),
            )
            apply_changes(meeting, changes, EDITABLE)
            audit.record(session, AuditKind.UPDATE, "meeting", meeting.id, ",".join(sorted(changes)))
            return meeting

    def list_meetings(self) -> list[Meeting]:
        """All meetings, oldest first (used by ``wiec-desktop list meetings``)."""
        with self.reading() as session:
            return list(
                session.scalars(select(Meeting).order_by(Meeting.date, Meeting.start_time, Meeting.id))
            )

    def get_meeting(self, meeting_id: int) -> Meeting:
        with self.reading() as session:
            return get_or_raise(session, Meeting, meeting_id, "Overleg")

    def add_agenda_item(
        self,
        meeting_id: int,
        kind: AgendaItemKind,
        title: str = "",
        *,
        case_id: int | None = None,
        presenter: str = "",
        timebox_minutes: int = 10,
    ) -> AgendaItem:
        """Append an item at the end of the agenda (the title defaults to the kind's label)."""
        check = Checker()
        if kind == AgendaItemKind.CASE and case_id is None:
            check.add("case", "Kies de casus die besproken wordt.")
        if timebox_minutes < 0:
            check.add("timebox", "De tijd voor een agendapunt kan niet negatief zijn.")
        check.raise_if_any()
        with self.transaction() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            if case_id is not None:
                case = get_or_raise(session, Case, case_id, "Casus")
                title = title.strip() or f"{case.reference} {case.title}"
            position = session.execute(
                select(func.coalesce(func.max(AgendaItem.position) + 1, 0)).where(
                    AgendaItem.meeting_id == meeting_id
                )
            ).scalar_one()
            item = AgendaItem(
                meeting_id=meeting_id,
                position=position,
                kind=kind,
                title=title.strip() or kind.label,
                case_id=case_id,
                presenter=presenter.strip(),
                timebox_minutes=timebox_minutes,
            )
            session.add(item)
            session.flush()
            return item

    def add_decision(self, agenda_item_id: int, text: str) -> Decision:
        if not text.strip():
            raise ValidationError({"text": "Een besluit mag niet leeg zijn."})
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, agenda_item_id, "Agendapunt")
            decision = Decision(text=text.strip(), position=len(item.decisions))
            item.decisions.append(decision)
            session.flush()
            return decision


def _checked(title: str, start: time, end: time) -> str:
    check = Checker()
    title = check.required("title", title, "Titel")
    if end <= start:
        check.add("planned_end_time", "De eindtijd moet na de begintijd liggen.")
    check.raise_if_any()
    return title
