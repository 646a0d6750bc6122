"""Meetings as records: every meeting, and one meeting's own fields (plain data, no ORM objects).

Planning, changing and deleting a meeting and its agenda is ``AgendaService``'s; running it is
``MeetingRunService``'s.
"""

from __future__ import annotations

from sqlalchemy import select

from wiec_desktop.domain import Meeting
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.meetings.series import meeting_details
from wiec_desktop.services.meetings.views import MeetingDetails


class MeetingService(Service):
    def list_meetings(self) -> list[MeetingDetails]:
        """All meetings, oldest first (``wiec-desktop list meetings``, the meeting dialog)."""
        with self.reading() as session:
            meetings = session.scalars(select(Meeting).order_by(Meeting.date, Meeting.start_time, Meeting.id))
            return [meeting_details(meeting) for meeting in meetings]

    def get_meeting(self, meeting_id: int) -> MeetingDetails:
        with self.reading() as session:
            return meeting_details(get_or_raise(session, Meeting, meeting_id, "Overleg"))
