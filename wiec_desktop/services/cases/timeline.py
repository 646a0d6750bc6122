"""A case's timeline: everything about it in date order, from every table that refers to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
    Case,
    CaseStatusChange,
    Decision,
    Meeting,
    Organisation,
    Signal,
)
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.services.base import Service, get_or_raise

EXCERPT = 240


@dataclass(frozen=True)
class TimelineEntry:
    """One event: its date, a Dutch kind ("Status", "Signaal", "Overleg", "Besluit", "Actie") and text."""

    on: date
    kind: str
    text: str
    order: int = 0  # keeps same-day events in a natural order (status before actions, etc.)


class TimelineService(Service):
    def for_case(self, case_id: int) -> list[TimelineEntry]:
        """Oldest first: status changes, signals, discussions and decisions, actions and progress."""
        entries: list[TimelineEntry] = []
        with self.reading() as session:
            get_or_raise(session, Case, case_id, "Casus")
            for change in session.scalars(
                select(CaseStatusChange).where(CaseStatusChange.case_id == case_id)
            ):
                text = change.to_status.label + (f" — {change.note}" if change.note else "")
                entries.append(TimelineEntry(change.changed_on, "Status", text, 0))
            for signal in session.scalars(select(Signal).where(Signal.case_id == case_id)):
                entries.append(
                    TimelineEntry(
                        signal.received_on, "Signaal", f"{signal.source.label}: {_excerpt(signal.text)}", 1
                    )
                )
            discussed = session.execute(
                select(AgendaItem, Meeting)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(AgendaItem.case_id == case_id, Meeting.status == MeetingStatus.HELD)
            ).all()
            for item, meeting in discussed:
                minutes = f": {_excerpt(item.minutes)}" if item.minutes.strip() else ""
                entries.append(
                    TimelineEntry(meeting.date, "Overleg", f"Besproken in {meeting.title}{minutes}", 2)
                )
                for decision in session.scalars(select(Decision).where(Decision.agenda_item_id == item.id)):
                    entries.append(TimelineEntry(meeting.date, "Besluit", _excerpt(decision.text), 3))
            actions = session.execute(
                select(Action, Organisation.name)
                .join(Organisation, Organisation.id == Action.owner_organisation_id)
                .where(Action.case_id == case_id)
            ).all()
            for action, owner in actions:
                due = f", deadline {action.due_date:%d-%m-%Y}" if action.due_date else ""
                entries.append(
                    TimelineEntry(
                        action.created_on,
                        "Actie",
                        f"{action.reference} {action.description} ({owner}{due})",
                        4,
                    )
                )
            updates = session.execute(
                select(ActionUpdate, Action)
                .join(Action, Action.id == ActionUpdate.action_id)
                .where(Action.case_id == case_id)
            ).all()
            for update, action in updates:
                extra = f", nieuwe deadline {update.new_due_date:%d-%m-%Y}" if update.new_due_date else ""
                note = f" — {_excerpt(update.note)}" if update.note else ""
                entries.append(
                    TimelineEntry(
                        update.updated_on,
                        "Voortgang",
                        f"{action.reference}: {update.status.label}{extra}{note}",
                        5,
                    )
                )
        return sorted(entries, key=lambda e: (e.on, e.order))


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"
