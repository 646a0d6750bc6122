"""The large demo's actions and their progress (action updates).

Most actions are made at a held meeting under a case item; the rest between meetings. Actions of
closed cases are finished; of the others, the older the action the likelier it is done, so open
actions are mostly recent and some are overdue. Some deadlines were moved (an update with the new
date), and progress is mostly recorded at the next meeting of the same series.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.services.demo.large_world import BATCH, CaseFacts, World, stamp

FROM_MEETINGS = 0.9
MOVED = 0.15
DUE_DAYS = (14, 21, 28, 42, 56)


def make_actions(world: World) -> None:
    """All actions numbered per year in the order they were made, written with their updates."""
    rng, today = world.rng, world.today
    total = world.counts.actions
    from_items = round(total * FROM_MEETINGS) if world.case_items else 0
    drafts: list[tuple[date, int, int | None, int | None, CaseFacts]] = []
    days = {meeting.id: meeting.day for meeting in world.meetings}
    for index in range(from_items):
        meeting_id, item_id, case = rng.choice(world.case_items)
        drafts.append((days[meeting_id], index, meeting_id, item_id, case))
    for index in range(from_items, total):
        case = rng.choice(world.cases)
        created = world.day(case.opened, min(case.closed or today, today))
        drafts.append((created, index, None, None, case))
    drafts.sort(key=lambda draft: (draft[0], draft[1]))
    builder = _ActionBuilder(world)
    for start in range(0, len(drafts), BATCH):
        for action_id, draft in enumerate(drafts[start : start + BATCH], start=start + 1):
            builder.action(action_id, *draft)
        world.writer.write("action", builder.actions)
        world.writer.write("action_update", builder.updates)
        builder.actions, builder.updates = [], []
    world.stage("acties", world.writer.written.get("action", 0))
    world.stage("actievoortgang", world.writer.written.get("action_update", 0))


class _ActionBuilder:
    def __init__(self, world: World) -> None:
        self.world = world
        self.numbers: dict[int, int] = {}
        self.actions: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.update_id = 0
        self.notes: dict[str, list[str]] = world.vocabulary.raw["update_notes"]

    def action(
        self,
        action_id: int,
        created: date,
        _index: int,
        meeting_id: int | None,
        item_id: int | None,
        case: CaseFacts,
    ) -> None:
        world, rng, today = self.world, self.world.rng, self.world.today
        self.numbers[created.year] = self.numbers.get(created.year, 0) + 1
        owner = case.leads[0] if case.leads and rng.random() < 0.6 else rng.choice(case.involved)
        contacts = world.org_contacts[owner]
        due = None if rng.random() < 0.07 else created + timedelta(days=rng.choice(DUE_DAYS))
        status, completed = self._status(created, case)
        series = world.meeting_series[meeting_id] if meeting_id else case.area
        last_change = created
        if due is not None and rng.random() < MOVED and created + timedelta(days=3) <= today:
            moved = due + timedelta(days=rng.choice((14, 28)))
            when = world.day(created + timedelta(days=3), min(today, due, completed or today))
            kind = (
                ActionStatus.IN_PROGRESS if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE) else None
            )
            self._update(action_id, when, kind or ActionStatus.OPEN, None, "open", moved)
            due, last_change = moved, when
        last_change = max(last_change, self._progress(action_id, created, status, completed, series, case))
        street = case.street
        self.actions.append(
            {
                "id": action_id,
                "year": created.year,
                "number": self.numbers[created.year],
                "description": world.filler.pick(world.vocabulary.themes[case.theme].actions, street),
                "case_id": case.id,
                "meeting_id": meeting_id,
                "agenda_item_id": item_id,
                "owner_organisation_id": owner,
                "owner_contact_id": rng.choice(contacts)[0] if rng.random() < 0.85 else None,
                "created_on": created,
                "due_date": due,
                "status": status.value,
                "completed_on": completed,
                "version": 1,
                "created_at": stamp(created, 12),
                "updated_at": stamp(last_change, 12, 30),
            }
        )

    def _status(self, created: date, case: CaseFacts) -> tuple[ActionStatus, date | None]:
        """Finished for a closed case; otherwise the older the action, the likelier done."""
        rng, world, today = self.world.rng, self.world, self.world.today
        roll = rng.random()
        if case.closed is not None:
            if roll < 0.85:
                return ActionStatus.DONE, world.day(
                    min(created + timedelta(days=1), case.closed), case.closed
                )
            return ActionStatus.CANCELLED, None
        age = (today - created).days
        done = min(0.9, age / 100)
        cancelled = 0.07 if age > 60 else 0.02
        if roll < done:
            last = min(today, created + timedelta(days=120))
            return ActionStatus.DONE, world.day(min(created + timedelta(days=1), last), last)
        if roll < done + cancelled:
            return ActionStatus.CANCELLED, None
        return (ActionStatus.IN_PROGRESS if rng.random() < 0.45 else ActionStatus.OPEN), None

    def _progress(
        self,
        action_id: int,
        created: date,
        status: ActionStatus,
        completed: date | None,
        series: int,
        case: CaseFacts,
    ) -> date:
        """The updates that tell how the action went; returns the day of the last one."""
        rng, world, today = self.world.rng, self.world, self.world.today
        meeting = world.next_held(series, created)
        at_meeting = meeting if meeting and rng.random() < 0.6 else None
        if status is ActionStatus.IN_PROGRESS:
            day = at_meeting[0] if at_meeting else world.day(min(created + timedelta(days=1), today), today)
            return self._update(action_id, day, status, at_meeting, "in_progress")
        if status is ActionStatus.DONE and completed is not None:
            if rng.random() < 0.6 and completed > created:
                halfway = world.day(created, completed)
                self._update(action_id, halfway, ActionStatus.IN_PROGRESS, None, "in_progress")
            return self._update(action_id, completed, status, None, "done")
        if status is ActionStatus.CANCELLED:
            last = min(today, case.closed or today)
            day = at_meeting[0] if at_meeting and at_meeting[0] <= last else world.day(created, last)
            meeting_ref = at_meeting if at_meeting and at_meeting[0] == day else None
            return self._update(action_id, day, status, meeting_ref, "cancelled")
        if status is ActionStatus.OPEN and at_meeting and rng.random() < 0.25:
            return self._update(action_id, at_meeting[0], status, at_meeting, "open")
        return created

    def _update(
        self,
        action_id: int,
        day: date,
        status: ActionStatus,
        meeting: tuple[date, int] | None,
        notes: str,
        new_due: date | None = None,
    ) -> date:
        self.update_id += 1
        when = stamp(day, 16)
        self.updates.append(
            {
                "id": self.update_id,
                "action_id": action_id,
                "meeting_id": meeting[1] if meeting else None,
                "updated_on": day,
                "status": status.value,
                "new_due_date": new_due,
                "note": self.world.rng.choice(self.notes[notes]),
                "created_at": when,
                "updated_at": when,
            }
        )
        return day
