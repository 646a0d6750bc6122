"""Meeting mode services (MeetingRunService): running a meeting against the database, no Qt."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import DEMO_TODAY
from tests.postgres_server import postgres_bin_dir, running_postgres
from tests.sql_moments import once_after
from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    AuditEvent,
    Case,
    Contact,
    Involvement,
    Meeting,
    Organisation,
)
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    AuditKind,
    InvolvementRole,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    OrganisationKind,
)
from wiec_desktop.services.meetings import run as meeting_run
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.services.meetings.run import MeetingRunService
from wiec_desktop.services.meetings.views import RunState
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.storage.database import Database, open_database

TODAY = date(2026, 11, 10)
NOW = datetime(2026, 11, 10, 8, 30)  # naive UTC
KIND = MeetingKind.CASE_MEETING
READ_ITEMS = "FROM agenda_item WHERE agenda_item.meeting_id"  # a call reading the agenda


@dataclass
class World:
    services: Services
    run: MeetingRunService
    police: int
    housing: int
    agent: int  # contact at police
    tenant_officer: int  # contact at housing
    case: int
    previous: int  # held meeting, 21 days before
    meeting: int  # today's planned meeting
    following: int  # planned, 28 days later
    items: list[int]  # today's agenda: opening, minutes, actions, case, rondvraag, sluiting


def _meeting(session: Session, on: date, status: MeetingStatus, **extra: object) -> Meeting:
    meeting = Meeting(
        kind=extra.pop("kind", KIND),
        title="Casuïstiekoverleg Escamp",
        date=on,
        start_time=time(9, 30),
        planned_end_time=time(11, 30),
        status=status,
        **extra,
    )
    session.add(meeting)
    session.flush()
    return meeting


@pytest.fixture
def world(db) -> World:
    return _build_world(db)


def _build_world(db: Database) -> World:
    """Two organisations with a contact each, a case, and a series of three meetings."""
    services = Services(db.session_factory, today=lambda: TODAY)
    police = services.organisations.create_organisation("Politie Haaglanden", OrganisationKind.POLICE).id
    housing = services.organisations.create_organisation("Haag Wonen", OrganisationKind.HOUSING).id
    agent = services.organisations.create_contact(police, "Jan Agent").id
    officer = services.organisations.create_contact(housing, "Els Woning").id
    case = services.cases.create_case("Overlast Hoofdstraat", opened_on=TODAY - timedelta(days=60)).id
    services.cases.add_involvement(case, police, InvolvementRole.LEAD)
    services.cases.add_involvement(case, housing, InvolvementRole.PARTNER)
    with db.session_factory.begin() as session:
        previous = _meeting(
            session, TODAY - timedelta(days=21), MeetingStatus.HELD, minutes_status=MinutesStatus.DRAFT
        ).id
        meeting = _meeting(session, TODAY, MeetingStatus.PLANNED)
        following = _meeting(session, TODAY + timedelta(days=28), MeetingStatus.PLANNED).id
        for contact in (agent, officer):
            session.add(Attendance(meeting_id=meeting.id, contact_id=contact))
        meeting_id = meeting.id
    kinds = [
        AgendaItemKind.OPENING,
        AgendaItemKind.PREVIOUS_MINUTES,
        AgendaItemKind.ACTION_REVIEW,
        AgendaItemKind.CASE,
        AgendaItemKind.ANY_OTHER_BUSINESS,
        AgendaItemKind.CLOSING,
    ]
    items = [
        services.agenda.add_item(
            meeting_id, kind, case_id=case if kind == AgendaItemKind.CASE else None, timebox_minutes=10
        )
        for kind in kinds
    ]
    run = Services(db.session_factory, lambda: TODAY).meeting_run
    return World(services, run, police, housing, agent, officer, case, previous, meeting_id, following, items)


def _item(db, item_id: int) -> AgendaItem:
    with db.session_factory() as session:
        return session.get(AgendaItem, item_id)


def _stored_meeting(db, meeting_id: int) -> Meeting:
    with db.session_factory() as session:
        return session.get(Meeting, meeting_id)


def _states(run: MeetingRunService, meeting_id: int) -> list[AgendaItemState]:
    return [row.state for row in run.run_state(meeting_id).items]


def _action(
    db,
    w: World,
    number: int,
    created_on: date,
    status: ActionStatus = ActionStatus.OPEN,
    *,
    due: date | None = None,
    meeting_id: int | None = None,
    case: bool = True,
) -> int:
    with db.session_factory.begin() as session:
        action = Action(
            year=created_on.year,
            number=number,
            description=f"Actie {number}",
            owner_organisation_id=w.police,
            owner_contact_id=w.agent,
            case_id=w.case if case else None,
            meeting_id=meeting_id,
            created_on=created_on,
            due_date=due,
            status=status,
            completed_on=created_on if status == ActionStatus.DONE else None,
        )
        session.add(action)
        session.flush()
        return action.id


# --- start, resume, navigation --------------------------------------------------------------------


def test_start_resume_and_resumable_after_a_crash(db, world: World) -> None:
    run = world.run
    assert run.resumable_meetings() == []
    state = run.start(world.meeting, now=NOW)
    assert state.status == MeetingStatus.IN_PROGRESS and state.started_at == NOW
    assert state.current_item_id == world.items[0]
    assert _states(run, world.meeting)[:2] == [AgendaItemState.CURRENT, AgendaItemState.PENDING]
    run.next_item(world.meeting, elapsed_seconds=125)
    run.save_item(world.items[1], minutes="Verslag doorgenomen", elapsed_seconds=40)

    # The program dies here; a new service on the same database offers to resume.
    reopened = Services(db.session_factory, lambda: TODAY).meeting_run
    resumable = reopened.resumable_meetings()
    assert [ref.id for ref in resumable] == [world.meeting]
    assert resumable[0].status == MeetingStatus.IN_PROGRESS
    again = reopened.start(world.meeting, now=NOW + timedelta(hours=1))  # resume: nothing changes
    assert again.started_at == NOW and again.current_item_id == world.items[1]
    current = again.item(world.items[1])
    assert (current.minutes, current.elapsed_seconds) == ("Verslag doorgenomen", 40)
    assert again.item(world.items[0]).elapsed_seconds == 125


def test_start_refused_for_held_and_cancelled(db, world: World) -> None:
    with pytest.raises(ValidationError) as error:
        world.run.start(world.previous)
    assert "gehouden" in error.value.errors["meeting"]
    with db.session_factory.begin() as session:
        session.get(Meeting, world.following).status = MeetingStatus.CANCELLED
    with pytest.raises(ValidationError) as error:
        world.run.start(world.following)
    assert "geannuleerd" in error.value.errors["meeting"]


def test_navigation_marks_done_and_current_and_stores_elapsed(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    with pytest.raises(ValidationError) as error:
        run.next_item(m)
    assert error.value.errors["meeting"] == "Start eerst het overleg."
    run.start(m, now=NOW)

    state = run.next_item(m, elapsed_seconds=90)
    assert state.current_item_id == items[1]
    assert state.item(items[0]).state == AgendaItemState.DONE
    assert _item(db, items[0]).elapsed_seconds == 90

    state = run.go_to(m, items[3], elapsed_seconds=200)  # skip ahead to the case
    assert state.current_item_id == items[3]
    assert [r.state for r in state.items] == [
        AgendaItemState.DONE,
        AgendaItemState.DONE,
        AgendaItemState.PENDING,
        AgendaItemState.CURRENT,
        AgendaItemState.PENDING,
        AgendaItemState.PENDING,
    ]
    assert _item(db, items[1]).elapsed_seconds == 200

    state = run.previous_item(m, elapsed_seconds=30)  # back to the skipped action review
    assert state.current_item_id == items[2]
    assert state.item(items[3]).state == AgendaItemState.DONE
    assert state.item(items[3]).elapsed_seconds == 30

    state = run.next_item(m, elapsed_seconds=300)  # the case was done: next is still the case
    assert state.current_item_id == items[3]
    assert state.item(items[2]).elapsed_seconds == 300
    assert state.item(items[2]).state == AgendaItemState.DONE

    state = run.go_to(m, items[3], elapsed_seconds=12)  # same item: only the time is stored
    assert state.current_item_id == items[3] and state.item(items[3]).state == AgendaItemState.CURRENT
    assert state.item(items[3]).elapsed_seconds == 12

    run.next_item(m)
    run.next_item(m)
    state = run.next_item(m, elapsed_seconds=60)  # at the last item nothing moves
    assert state.current_item_id == items[5]
    last = state.item(items[5])
    assert (last.state, last.elapsed_seconds) == (AgendaItemState.CURRENT, 60)
    assert _stored_meeting(db, m).current_item_id == items[5]

    state = run.previous_item(m)
    assert state.current_item_id == items[4]
    run.go_to(m, items[0])
    state = run.previous_item(m, elapsed_seconds=5)  # at the first item nothing moves
    assert state.current_item_id == items[0] and state.item(items[0]).elapsed_seconds == 5


def _walk_to(run: MeetingRunService, meeting_id: int, item_id: int) -> RunState:
    """Ctrl+PgDown until ``item_id`` is current (as the chair does it)."""
    state = run.run_state(meeting_id)
    for _ in state.items:
        if state.current_item_id == item_id:
            return state
        state = run.next_item(meeting_id, elapsed_seconds=60)
    raise AssertionError(f"item {item_id} not reached")


def test_back_one_and_forward_one_is_the_same_item(db, world: World) -> None:
    """The reported fault: at Rondvraag, back one (which marks Rondvraag done) and forward one
    jumped to Sluiting, so the minutes meant for Rondvraag were saved under Sluiting."""
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    rondvraag, sluiting = items[4], items[5]
    _walk_to(run, m, rondvraag)
    state = run.previous_item(m, elapsed_seconds=30)
    assert state.current_item_id == items[3]
    assert state.item(rondvraag).state == AgendaItemState.DONE
    state = run.next_item(m, elapsed_seconds=40)
    assert state.current_item_id == rondvraag
    assert state.item(rondvraag).state == AgendaItemState.CURRENT
    assert state.item(sluiting).state == AgendaItemState.PENDING
    # and over a whole row of discussed items, one step at a time, both ways
    for expected in reversed(items[:4]):
        assert run.previous_item(m).current_item_id == expected
    for expected in items[1:]:
        assert run.next_item(m).current_item_id == expected


def test_next_and_previous_pass_over_parked_items(db, world: World) -> None:
    """Parked items wait for the next meeting: stepping passes over them and leaves them parked;
    choosing one (go_to) takes it up again."""
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    run.park_item(items[2])  # not current: stays where we are
    run.park_item(items[3])
    state = run.next_item(m)
    assert state.current_item_id == items[1]
    state = run.next_item(m)  # over the parked action review and case
    assert state.current_item_id == items[4]
    assert [state.item(i).state for i in items[2:4]] == [AgendaItemState.PARKED] * 2
    state = run.previous_item(m)  # back over them again
    assert state.current_item_id == items[1]
    assert state.item(items[4]).state == AgendaItemState.DONE
    state = run.go_to(m, items[3])
    assert state.item(items[3]).state == AgendaItemState.CURRENT  # taken up again
    state = run.previous_item(m)  # the parked action review is passed over
    assert state.current_item_id == items[1]
    assert state.item(items[2]).state == AgendaItemState.PARKED


def test_parked_first_and_last_items_count_as_the_end(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.park_item(items[0])
    run.park_item(items[5])
    state = run.start(m, now=NOW)  # the first item not parked
    assert state.current_item_id == items[1]
    state = run.previous_item(m, elapsed_seconds=8)  # only a parked item above: nothing moves
    assert state.current_item_id == items[1] and state.item(items[1]).elapsed_seconds == 8
    run.go_to(m, items[4])
    state = run.next_item(m, elapsed_seconds=9)  # only a parked item below: nothing moves
    assert state.current_item_id == items[4] and state.item(items[4]).state == AgendaItemState.CURRENT
    assert state.item(items[4]).elapsed_seconds == 9
    assert state.item(items[5]).state == AgendaItemState.PARKED


def test_park_the_current_item_moves_to_the_item_right_below(db, world: World) -> None:
    """After going back, parking moves to the item right below, even when it was discussed
    already (it used to jump to the first item not yet discussed)."""
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    _walk_to(run, m, items[4])
    run.go_to(m, items[2])  # back to the action review; the case below it is done
    state = run.park_item(items[2], elapsed_seconds=10)
    assert state.current_item_id == items[3]
    assert state.item(items[3]).state == AgendaItemState.CURRENT
    _walk_to(run, m, items[5])
    state = run.park_item(items[5])  # the last item: none is current after it
    assert state.current_item_id is None
    assert state.item(items[5]).state == AgendaItemState.PARKED


def test_no_current_item(db, world: World) -> None:
    """With no item current (the last item parked): next does nothing, previous goes back into
    the agenda, "next not yet discussed" finds the items still pending."""
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    run.go_to(m, items[5])
    state = run.park_item(items[5], elapsed_seconds=20)
    assert state.current_item_id is None
    state = run.next_item(m, elapsed_seconds=99)
    assert state.current_item_id is None
    assert state.item(items[5]).elapsed_seconds == 20  # no current item: nothing to store it on
    state = run.next_open_item(m)  # pending: 1…4, the first of them
    assert state.current_item_id == items[1]
    run.park_item(items[1])  # moves on to the action review
    run.go_to(m, items[5])  # taken up again, and parked again: none current
    run.park_item(items[5])
    state = run.previous_item(m)  # the last item not parked
    assert state.current_item_id == items[4]


def test_next_open_item_goes_to_the_first_item_not_discussed(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    run.go_to(m, items[3])  # 1 and 2 were skipped and stay pending; 0 is done
    run.next_item(m)  # 3 done, 4 current
    run.previous_item(m)  # 4 done, 3 current again
    state = run.next_open_item(m, elapsed_seconds=15)  # below: 5 (4 is discussed)
    assert state.current_item_id == items[5]
    assert state.item(items[3]).elapsed_seconds == 15
    state = run.next_open_item(m)  # none below: from the top, the first one pending
    assert state.current_item_id == items[1]
    run.park_item(items[2])
    state = run.next_open_item(m)  # 2 is parked: nothing pending is left
    assert state.current_item_id == items[1]
    state = run.next_open_item(m, elapsed_seconds=7)  # nothing moves, the time is stored
    assert state.current_item_id == items[1] and state.item(items[1]).elapsed_seconds == 7
    with pytest.raises(ValidationError):
        run.next_open_item(world.following)  # not started


def test_go_to_refuses_an_item_of_another_meeting(db, world: World) -> None:
    other = world.services.agenda.add_item(world.following, AgendaItemKind.OPENING)
    world.run.start(world.meeting, now=NOW)
    with pytest.raises(ValidationError) as error:
        world.run.go_to(world.meeting, other)
    assert "item" in error.value.errors
    with pytest.raises(NotFound):
        world.run.go_to(world.meeting, 99999)


def test_park_moves_on_and_close_carries_into_the_next_meeting(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    run.go_to(m, items[3])
    state = run.park_item(items[3], elapsed_seconds=100)
    assert state.item(items[3]).state == AgendaItemState.PARKED
    assert state.item(items[3]).elapsed_seconds == 100
    assert state.current_item_id == items[4]
    state = run.next_item(m)  # rondvraag done, sluiting current; action review stays pending
    assert state.current_item_id == items[5]
    assert state.item(items[2]).state == AgendaItemState.PENDING

    case_title = state.item(items[3]).title
    assert case_title == "2026-001 Overlast Hoofdstraat"
    preview = run.closing_summary(m)  # pending items are listed: they will not be reached
    assert preview.carried_items == ("Verslag vorige keer", "Actielijst", case_title)
    summary = run.close(m, elapsed_seconds=20, now=NOW + timedelta(hours=2))
    assert summary.carried_items == ("Verslag vorige keer", "Actielijst", case_title)
    final = run.run_state(m)
    assert [r.state for r in final.items] == [
        AgendaItemState.DONE,
        AgendaItemState.NOT_REACHED,
        AgendaItemState.NOT_REACHED,
        AgendaItemState.PARKED,
        AgendaItemState.DONE,
        AgendaItemState.DONE,
    ]
    assert final.item(items[5]).elapsed_seconds == 20

    # Carried into the next planned meeting of the series (AgendaService.carry_over).
    with db.session_factory() as session:
        carried = session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == world.following).order_by(AgendaItem.position)
        ).all()
    assert {i.carried_from_id for i in carried} == {items[1], items[2], items[3]}
    assert summary.extra.get("Doorgeschoven naar", "").endswith("08-12-2026")


def test_park_on_a_planned_meeting_and_on_a_non_current_item(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    state = run.park_item(items[3])  # before the meeting: no current item
    assert state.item(items[3]).state == AgendaItemState.PARKED and state.current_item_id is None
    state = run.start(m, now=NOW)
    assert state.current_item_id == items[0]
    state = run.park_item(items[4], elapsed_seconds=33)  # not current: current keeps its place and time
    assert state.current_item_id == items[0] and state.item(items[0]).elapsed_seconds == 33
    state = run.go_to(m, items[2])
    state = run.next_item(m)  # passes over the parked case item and the parked rondvraag
    assert state.current_item_id == items[5]


# --- autosave -----------------------------------------------------------------------------------


def test_save_item_round_trip(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    before = _item(db, items[0]).version
    run.save_item(items[0], minutes="Welkom, voorstelronde")
    run.save_item(items[0], elapsed_seconds=61)
    run.save_item(items[0])  # nothing to store
    stored = _item(db, items[0])
    assert (stored.minutes, stored.elapsed_seconds) == ("Welkom, voorstelronde", 61)
    assert stored.version == before + 2
    row = run.run_state(m).item(items[0])
    assert (row.minutes, row.elapsed_seconds) == ("Welkom, voorstelronde", 61)
    with pytest.raises(NotFound):
        run.save_item(99999, minutes="x")
    run.close(m, now=NOW)
    with pytest.raises(ValidationError):
        run.save_item(items[0], minutes="te laat")
    assert _item(db, items[0]).minutes == "Welkom, voorstelronde"


def test_autosave_between_read_and_write_of_go_to(db, world: World) -> None:
    """An autosave committed after go_to read the items and before it writes them: go_to must not
    fail with StaleDataError and neither change may be lost."""
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    autosaver = Services(db.session_factory, lambda: TODAY).meeting_run  # the background thread's
    calls: list[int] = []

    def autosave() -> None:
        calls.append(1)
        autosaver.save_item(items[0], minutes="Getypt vlak voor de klik", elapsed_seconds=70)

    with once_after(db.engine, READ_ITEMS, autosave):
        state = run.go_to(m, items[1], elapsed_seconds=75)
    assert calls == [1]
    assert state.current_item_id == items[1]
    first = _item(db, items[0])
    assert first.minutes == "Getypt vlak voor de klik"
    assert first.state == AgendaItemState.DONE and first.elapsed_seconds == 75


def test_autosave_between_read_and_write_of_park_and_close(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    autosaver = Services(db.session_factory, lambda: TODAY).meeting_run
    armed: list[str] = []

    def autosave() -> None:  # at the first read of the agenda of the call, before it writes anything
        autosaver.save_item(items[0], minutes=armed.pop())

    armed.append("eerste")
    with once_after(db.engine, READ_ITEMS, autosave):
        run.park_item(items[0], elapsed_seconds=15)
    assert (_item(db, items[0]).minutes, _item(db, items[0]).elapsed_seconds) == ("eerste", 15)
    armed.append("tweede")
    with once_after(db.engine, READ_ITEMS, autosave):
        run.close(m, now=NOW)
    assert not armed
    stored = _item(db, items[0])
    assert (stored.minutes, stored.state) == ("tweede", AgendaItemState.PARKED)


def test_autosave_thread_alongside_navigation(db, world: World) -> None:
    run, m, items = world.run, world.meeting, world.items
    run.start(m, now=NOW)
    errors: list[BaseException] = []
    autosaver = Services(db.session_factory, lambda: TODAY).meeting_run

    def typing() -> None:
        try:
            for n in range(40):
                autosaver.save_item(items[0], minutes=f"tekst {n}", elapsed_seconds=n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=typing)
    thread.start()
    for _ in range(10):
        run.next_item(m, elapsed_seconds=1)
        run.go_to(m, items[0], elapsed_seconds=2)
    thread.join()
    assert errors == []
    assert _item(db, items[0]).minutes == "tekst 39"


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_present_late_excused_guest(db, world: World) -> None:
    run, m = world.run, world.meeting
    rows = run.attendance(m)
    assert [(r.name, r.organisation, r.is_guest) for r in rows] == [
        ("Els Woning", "Haag Wonen", False),
        ("Jan Agent", "Politie Haaglanden", False),
    ]
    assert all(r.status == AttendanceStatus.INVITED for r in rows)
    els, jan = rows
    run.set_attendance(jan.id, AttendanceStatus.PRESENT, arrived_at=time(9, 45))
    run.set_attendance(els.id, AttendanceStatus.EXCUSED, arrived_at=time(9, 50))  # time ignored
    guest = run.add_guest(m, "  Piet Gast ", "Buurtvereniging")
    with pytest.raises(ValidationError) as error:
        run.add_guest(m, "   ")
    assert set(error.value.errors) == {"name"}
    stranger = world.services.organisations.create_contact(world.housing, "Ans Extra").id
    extra = run.add_attendee(m, stranger)
    assert run.add_attendee(m, stranger) == extra  # no second row
    rows = {r.id: r for r in run.attendance(m)}
    assert (rows[jan.id].status, rows[jan.id].arrived_at) == (AttendanceStatus.PRESENT, time(9, 45))
    assert (rows[els.id].status, rows[els.id].arrived_at) == (AttendanceStatus.EXCUSED, None)
    assert (rows[guest].name, rows[guest].organisation, rows[guest].is_guest) == (
        "Piet Gast",
        "Buurtvereniging",
        True,
    )
    assert rows[guest].contact_id is None and rows[guest].status == AttendanceStatus.PRESENT
    assert (rows[extra].name, rows[extra].status) == ("Ans Extra", AttendanceStatus.PRESENT)
    assert [r.name for r in run.attendance(m)][-1] == "Piet Gast"  # guests after the contacts
    run.remove_attendance(guest)
    assert guest not in {r.id for r in run.attendance(m)}
    summary = run.closing_summary(m)
    assert (summary.present, summary.excused) == (2, 1)
    with pytest.raises(ValidationError):
        run.add_guest(world.previous, "Piet")


# --- what is on the table -----------------------------------------------------------------------


def test_review_actions_lists_exactly_the_earlier_open_ones(db, world: World) -> None:
    w, run = world, world.run
    earlier = TODAY - timedelta(days=21)
    made_last_time = _action(db, w, 1, earlier, meeting_id=w.previous, due=TODAY - timedelta(days=1))
    _action(db, w, 2, earlier, ActionStatus.DONE, meeting_id=w.previous)
    between = _action(db, w, 3, TODAY - timedelta(days=10), ActionStatus.IN_PROGRESS, due=TODAY)
    _action(db, w, 4, TODAY, case=False)  # made today outside the meeting: not "before"
    _action(db, w, 5, earlier, ActionStatus.CANCELLED)
    reviewed = _action(db, w, 6, TODAY - timedelta(days=20), due=TODAY + timedelta(days=3))
    run.start(w.meeting, now=NOW)
    made_here = run.add_action(w.meeting, w.items[3], "Nieuw", w.police).id

    before = run.review_actions(w.meeting)
    assert [a.id for a in before] == [made_last_time, between, reviewed]
    assert [a.overdue for a in before] == [True, False, False]
    assert before[0].reference == "A-2026-001" and before[0].owner_contact == "Jan Agent"
    assert before[0].case_reference is not None and before[0].update_status is None

    run.update_action(w.meeting, reviewed, ActionStatus.DONE, note="Afgerond")
    after = run.review_actions(w.meeting)
    assert [a.id for a in after] == [made_last_time, between, reviewed]  # stays put
    assert (after[2].status, after[2].update_status, after[2].update_note) == (
        ActionStatus.DONE,
        ActionStatus.DONE,
        "Afgerond",
    )
    assert made_here not in {a.id for a in after}


def test_review_actions_on_the_demo_database(demo_db) -> None:
    run = Services(demo_db.session_factory, lambda: DEMO_TODAY).meeting_run
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()
        expected = set(
            session.scalars(
                select(Action.id).where(
                    Action.created_on < meeting.date, Action.status.in_(OPEN_ACTION_STATUSES)
                )
            )
        )
    rows = run.review_actions(meeting.id)
    assert {a.id for a in rows} == expected and expected
    keys = [(a.due_date is None, a.due_date or date.min, a.reference) for a in rows]
    assert keys == sorted(keys)
    assert any(a.overdue for a in rows)
    assert all(a.overdue == (a.due_date is not None and a.due_date < DEMO_TODAY) for a in rows)


def test_case_summary_on_a_demo_case(demo_db) -> None:
    run = Services(demo_db.session_factory, lambda: DEMO_TODAY).meeting_run
    with demo_db.session_factory() as session:
        item = session.scalars(
            select(AgendaItem)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.status == MeetingStatus.PLANNED, AgendaItem.case_id.is_not(None))
            .order_by(Meeting.date, AgendaItem.position)
        ).first()
        case = session.get(Case, item.case_id)
        involvements = session.execute(
            select(Organisation.name, Involvement.role)
            .join(Organisation, Involvement.organisation_id == Organisation.id)
            .where(Involvement.case_id == case.id)
        ).all()
        open_actions = set(
            session.scalars(
                select(Action.id).where(Action.case_id == case.id, Action.status.in_(OPEN_ACTION_STATUSES))
            )
        )
        expected = (case.reference, case.title, case.status.label, item.meeting_id)
    summary = run.case_summary(case.id, item.meeting_id)
    assert (summary.reference, summary.title, summary.status_label, item.meeting_id) == expected
    assert sorted(summary.involved) == sorted((name, role.label) for name, role in involvements)
    leads = sorted(name for name, role in involvements if role == InvolvementRole.LEAD)
    assert summary.lead == (", ".join(leads) if leads else None)
    if leads:
        assert summary.involved[0][1] == InvolvementRole.LEAD.label
    assert {a.id for a in summary.open_actions} == open_actions
    assert all(a.case_id == case.id for a in summary.open_actions)

    # An action updated to done at this meeting stays in the summary, with its update.
    if open_actions:
        action_id = sorted(open_actions)[0]
        run.update_action(item.meeting_id, action_id, ActionStatus.DONE, note="Klaar")
        rows = {a.id: a for a in run.case_summary(case.id, item.meeting_id).open_actions}
        assert rows[action_id].update_status == ActionStatus.DONE and rows[action_id].update_note == "Klaar"


def test_update_action_four_outcomes(db, world: World) -> None:
    w, run = world, world.run
    ids = [_action(db, w, n, TODAY - timedelta(days=21), due=TODAY + timedelta(days=1)) for n in (1, 2, 3, 4)]
    run.start(w.meeting, now=NOW)
    new_due = TODAY + timedelta(days=14)
    done = run.update_action(w.meeting, ids[0], ActionStatus.DONE, note="Gesprek gevoerd")
    running = run.update_action(w.meeting, ids[1], ActionStatus.IN_PROGRESS, note="Loopt nog")
    later = run.update_action(w.meeting, ids[2], ActionStatus.IN_PROGRESS, new_due_date=new_due)
    cancelled = run.update_action(w.meeting, ids[3], ActionStatus.CANCELLED, note="Niet meer nodig")
    assert (done.status, done.update_status, done.update_note) == (
        ActionStatus.DONE,
        ActionStatus.DONE,
        "Gesprek gevoerd",
    )
    assert running.status == ActionStatus.IN_PROGRESS and running.due_date == TODAY + timedelta(days=1)
    assert later.due_date == new_due and later.update_status == ActionStatus.IN_PROGRESS
    assert cancelled.status == ActionStatus.CANCELLED
    with db.session_factory() as session:
        updates = session.scalars(select(ActionUpdate).order_by(ActionUpdate.action_id)).all()
        assert [(u.action_id, u.meeting_id, u.status) for u in updates] == [
            (ids[0], w.meeting, ActionStatus.DONE),
            (ids[1], w.meeting, ActionStatus.IN_PROGRESS),
            (ids[2], w.meeting, ActionStatus.IN_PROGRESS),
            (ids[3], w.meeting, ActionStatus.CANCELLED),
        ]
        assert updates[2].new_due_date == new_due and all(u.updated_on == TODAY for u in updates)
        stored = session.get(Action, ids[0])
        assert stored.status == ActionStatus.DONE and stored.completed_on == TODAY

    # Changing one's mind at the same meeting replaces that meeting's update.
    again = run.update_action(w.meeting, ids[0], ActionStatus.IN_PROGRESS, note="Toch nog niet")
    assert again.status == ActionStatus.IN_PROGRESS and again.update_note == "Toch nog niet"
    with db.session_factory() as session:
        mine = session.scalars(select(ActionUpdate).where(ActionUpdate.action_id == ids[0])).all()
        assert [(u.status, u.meeting_id) for u in mine] == [(ActionStatus.IN_PROGRESS, w.meeting)]
        assert session.get(Action, ids[0]).completed_on is None

    with pytest.raises(ValidationError) as error:
        run.update_action(w.meeting, ids[1], ActionStatus.IN_PROGRESS, new_due_date=TODAY - timedelta(days=1))
    assert set(error.value.errors) == {"due_date"}
    with pytest.raises(ValidationError):
        run.update_action(w.previous, ids[1], ActionStatus.DONE)


# --- decisions and new actions ------------------------------------------------------------------


def test_decisions_per_item(db, world: World) -> None:
    run, items = world.run, world.items
    run.start(world.meeting, now=NOW)
    first = run.add_decision(items[3], "  Politie houdt extra toezicht  ")
    second = run.add_decision(items[3], "Haag Wonen stuurt een brief")
    other = run.add_decision(items[1], "Verslag vastgesteld")
    assert first.text == "Politie houdt extra toezicht" and first.agenda_item_id == items[3]
    assert [d.id for d in run.decisions(world.meeting)] == [other.id, first.id, second.id]
    assert [d.id for d in run.decisions(world.meeting, items[3])] == [first.id, second.id]
    assert run.run_state(world.meeting).item(items[3]).decision_count == 2
    with pytest.raises(ValidationError) as error:
        run.add_decision(items[3], "   ")
    assert set(error.value.errors) == {"text"}
    run.remove_decision(second.id)
    assert [d.id for d in run.decisions(world.meeting, items[3])] == [first.id]


def test_default_due_date_next_meeting_rhythm_and_default(db, world: World) -> None:
    run = world.run
    assert run.default_due_date(world.meeting) == TODAY + timedelta(days=28)  # the next meeting
    with db.session_factory.begin() as session:
        session.get(Meeting, world.following).status = MeetingStatus.CANCELLED
    assert run.default_due_date(world.meeting) == TODAY + timedelta(days=21)  # rhythm 21 days
    with db.session_factory.begin() as session:
        lonely = _meeting(session, TODAY, MeetingStatus.PLANNED, kind=MeetingKind.RESIDENTS_EVENING).id
        past = _meeting(
            session, TODAY - timedelta(days=40), MeetingStatus.PLANNED, kind=MeetingKind.ENVIRONMENT_MEETING
        ).id
    assert run.default_due_date(lonely) == TODAY + timedelta(days=28)
    assert run.default_due_date(past) == TODAY  # never before today


def test_add_action_defaults_and_validation(db, world: World) -> None:
    w, run = world, world.run
    run.start(w.meeting, now=NOW)
    action = run.add_action(w.meeting, w.items[3], "  Buurtgesprek organiseren ", w.housing)
    assert action.due_date == TODAY + timedelta(days=28)
    assert (action.description, action.owner_organisation, action.case_id) == (
        "Buurtgesprek organiseren",
        "Haag Wonen",
        w.case,
    )
    assert action.reference == "A-2026-001" and action.status == ActionStatus.OPEN
    general = run.add_action(
        w.meeting, w.items[4], "Flyer maken", w.police, owner_contact_id=w.agent, due_date=TODAY
    )
    assert general.case_id is None and general.owner_contact == "Jan Agent" and general.due_date == TODAY
    with db.session_factory() as session:
        stored = session.get(Action, action.id)
        assert (stored.meeting_id, stored.agenda_item_id, stored.created_on) == (w.meeting, w.items[3], TODAY)

    with pytest.raises(ValidationError) as error:
        run.add_action(w.meeting, w.items[3], " ", None)
    assert set(error.value.errors) == {"description", "owner"}
    assert error.value.errors["owner"] == "Kies de organisatie die de actie uitvoert."
    with pytest.raises(ValidationError) as error:
        run.add_action(
            w.meeting,
            w.items[3],
            "Iets",
            w.police,
            owner_contact_id=w.tenant_officer,
            due_date=TODAY - timedelta(1),
        )
    assert set(error.value.errors) == {"contact", "due_date"}
    other_item = w.services.agenda.add_item(w.following, AgendaItemKind.OPENING)
    with pytest.raises(ValidationError) as error:
        run.add_action(w.meeting, other_item, "Iets", w.police)
    assert set(error.value.errors) == {"item"}
    assert [a.id for a in run.new_actions(w.meeting)] == [action.id, general.id]
    assert [a.id for a in run.new_actions(w.meeting, w.items[4])] == [general.id]


# --- closing and approval -----------------------------------------------------------------------


def test_close_summary_and_stored_state(db, world: World) -> None:
    w, run, items = world, world.run, world.items
    with pytest.raises(ValidationError):
        run.close(w.meeting)  # not started
    old = _action(db, w, 1, TODAY - timedelta(days=21), due=TODAY + timedelta(days=2))
    run.start(w.meeting, now=NOW)
    attendance = run.attendance(w.meeting)
    run.set_attendance(attendance[0].id, AttendanceStatus.PRESENT)
    run.set_attendance(attendance[1].id, AttendanceStatus.EXCUSED)
    run.go_to(w.meeting, items[3])
    run.save_item(items[3], minutes="Overlast is afgenomen.")
    run.add_decision(items[3], "Extra toezicht in het weekend")
    new = run.add_action(w.meeting, items[3], "Brief aan bewoners", w.housing)
    run.update_action(w.meeting, old, ActionStatus.DONE, note="Gesprek gevoerd")
    run.park_item(items[4])

    summary = run.close(w.meeting, elapsed_seconds=420, now=NOW + timedelta(minutes=95))
    assert [d.text for d in summary.decisions] == ["Extra toezicht in het weekend"]
    assert [a.id for a in summary.new_actions] == [new.id]
    assert [(a.id, a.update_status) for a in summary.updated_actions] == [(old, ActionStatus.DONE)]
    assert summary.carried_items == ("Verslag vorige keer", "Actielijst", "Rondvraag", "Sluiting")
    assert (summary.items_with_minutes, summary.present, summary.excused) == (1, 1, 1)
    assert summary.extra["Duur"] == "95 minuten"

    stored = _stored_meeting(db, w.meeting)
    assert stored.status == MeetingStatus.HELD and stored.minutes_status == MinutesStatus.DRAFT
    assert stored.ended_at == NOW + timedelta(minutes=95) and stored.current_item_id is None
    text = stored.closing_summary
    for part in (
        "Besluiten (1)",
        "Extra toezicht in het weekend",
        "Nieuwe acties (1)",
        "A-2026-002 Brief aan bewoners (Haag Wonen, deadline 08-12-2026)",
        "Bijgewerkte acties (1)",
        "A-2026-001 Actie 1: Gereed — Gesprek gevoerd",
        "Naar de volgende keer (4)",
        "- Rondvraag",
        "Aanwezig: 1, afwezig met bericht: 1",
    ):
        assert part in text
    assert _item(db, items[3]).elapsed_seconds == 420
    assert run.resumable_meetings() == []

    # Closing twice, and every other change to a held meeting, is refused in Dutch.
    with pytest.raises(ValidationError) as error:
        run.close(w.meeting)
    assert "gehouden" in error.value.errors["meeting"]
    refused = [
        lambda: run.go_to(w.meeting, items[0]),
        lambda: run.next_item(w.meeting),
        lambda: run.previous_item(w.meeting),
        lambda: run.park_item(items[0]),
        lambda: run.save_item(items[0], minutes="x"),
        lambda: run.set_attendance(attendance[0].id, AttendanceStatus.ABSENT),
        lambda: run.add_attendee(w.meeting, w.agent),
        lambda: run.add_guest(w.meeting, "Piet"),
        lambda: run.remove_attendance(attendance[0].id),
        lambda: run.add_decision(items[0], "Nog iets"),
        lambda: run.remove_decision(summary.decisions[0].id),
        lambda: run.add_action(w.meeting, None, "Nog iets", w.police),
        lambda: run.update_action(w.meeting, old, ActionStatus.CANCELLED),
        lambda: run.approve_previous_minutes(w.meeting),
    ]
    for call in refused:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.errors["meeting"] == meeting_run.HELD_MESSAGE
    assert _stored_meeting(db, w.previous).minutes_status == MinutesStatus.DRAFT


def test_approve_previous_minutes_with_corrections(db, world: World) -> None:
    w, run = world, world.run
    assert run.previous_minutes(w.previous) is None  # the first meeting of the series
    shown = run.previous_minutes(w.meeting)
    assert shown is not None and shown.meeting.id == w.previous
    assert shown.meeting.minutes_status == MinutesStatus.DRAFT and not shown.approved
    assert shown.can_approve and shown.approved_on is None and shown.approved_in is None
    run.start(w.meeting, now=NOW)
    approved = run.approve_previous_minutes(w.meeting, "  Punt 3: naam gecorrigeerd ", previous_id=w.previous)
    assert approved.meeting.id == w.previous and approved.approved
    assert (approved.approved_on, approved.corrections) == (TODAY, "Punt 3: naam gecorrigeerd")
    assert approved.approved_here and approved.approved_in.id == w.meeting and not approved.can_approve
    stored = _stored_meeting(db, w.previous)
    assert (stored.minutes_approved_on, stored.minutes_approved_in_id, stored.minutes_corrections) == (
        TODAY,
        w.meeting,
        "Punt 3: naam gecorrigeerd",
    )
    assert stored.status == MeetingStatus.HELD
    assert run.previous_minutes(w.meeting) == approved
    # Already approved: refused, and nothing changes.
    with pytest.raises(ValidationError) as error:
        run.approve_previous_minutes(w.meeting, "andere correctie")
    assert error.value.errors["previous"] == (
        "Het verslag van Casuïstiekoverleg Escamp van 20-10-2026 is al vastgesteld op 10-11-2026, "
        "in Casuïstiekoverleg Escamp van 10-11-2026."
    )
    assert _stored_meeting(db, w.previous).minutes_corrections == "Punt 3: naam gecorrigeerd"


def test_previous_minutes_already_approved_elsewhere_say_so(db, world: World) -> None:
    """The reported fault: an earlier meeting with approved minutes was shown as "Er is geen
    eerder gehouden overleg in deze reeks". Now: which meeting, approved when and where, with
    the corrections; approving again is refused."""
    w, run = world, world.run
    run.approve_previous_minutes(w.meeting, "Naam gecorrigeerd")  # approved in today's meeting
    with db.session_factory.begin() as session:  # today's held, its minutes approved with no meeting named
        session.get(Meeting, w.meeting).status = MeetingStatus.HELD
        session.get(Meeting, w.meeting).minutes_status = MinutesStatus.APPROVED
        session.get(Meeting, w.meeting).minutes_approved_on = TODAY + timedelta(days=1)
    shown = run.previous_minutes(w.following)
    assert shown is not None and shown.meeting.id == w.meeting and shown.approved
    assert shown.approved_on == TODAY + timedelta(days=1) and shown.approved_in is None
    assert not shown.approved_here and not shown.can_approve
    with pytest.raises(ValidationError) as error:
        run.approve_previous_minutes(w.following)
    assert "is al vastgesteld op 11-11-2026" in error.value.errors["previous"]

    older = run.previous_minutes(w.meeting)  # the minutes today's meeting approved, seen again
    assert older.meeting.id == w.previous and older.approved_in.id == w.meeting and older.approved_here
    assert older.corrections == "Naam gecorrigeerd" and not older.can_approve  # held now


def test_approval_refused_without_previous_or_for_other_minutes(db, world: World) -> None:
    w, run = world, world.run
    with pytest.raises(ValidationError) as error:
        run.approve_previous_minutes(w.previous)  # the first of the series… but held: refused first
    assert error.value.errors["meeting"] == meeting_run.HELD_MESSAGE
    with db.session_factory.begin() as session:
        session.get(Meeting, w.previous).status = MeetingStatus.CANCELLED
    assert run.previous_minutes(w.meeting) is None  # no earlier *held* meeting
    with pytest.raises(ValidationError) as error:
        run.approve_previous_minutes(w.meeting)
    assert error.value.errors["previous"] == meeting_run.NO_PREVIOUS_MESSAGE
    with db.session_factory.begin() as session:
        session.get(Meeting, w.previous).status = MeetingStatus.HELD
    with pytest.raises(ValidationError) as error:  # the chair was shown other minutes
        run.approve_previous_minutes(w.meeting, previous_id=w.following)
    assert "intussen" in error.value.errors["previous"]
    assert _stored_meeting(db, w.previous).minutes_status == MinutesStatus.DRAFT


def test_held_meeting_cannot_approve_and_own_minutes_never(db, world: World) -> None:
    with pytest.raises(ValidationError):
        world.run.approve_previous_minutes(world.previous)
    assert _stored_meeting(db, world.previous).minutes_status == MinutesStatus.DRAFT
    world.run.start(world.meeting, now=NOW)
    world.run.close(world.meeting, now=NOW)
    # The following meeting approves today's minutes, never the older ones nor its own.
    approved = world.run.approve_previous_minutes(world.following)
    assert approved.meeting.id == world.meeting
    assert _stored_meeting(db, world.previous).minutes_status == MinutesStatus.DRAFT
    assert _stored_meeting(db, world.following).minutes_status == MinutesStatus.NONE


def test_approval_on_the_demo_database(demo_db) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    run = Services(demo_db.session_factory, lambda: DEMO_TODAY).meeting_run

    def next_of(meeting: Meeting, days: int) -> int:
        return services.agenda.plan_meeting(
            meeting.kind, "Volgend overleg", DEMO_TODAY + timedelta(days=days), time(9), time(11),
            assignment_id=meeting.assignment_id, start_from=AgendaStart.EMPTY,
        )  # fmt: skip

    with demo_db.session_factory() as session:
        held = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).all()
        latest = held[0]  # the last meeting held: its minutes are still a draft
        assert latest.minutes_status == MinutesStatus.DRAFT
        approved = next(m for m in held if m.kind != latest.kind)  # latest of another series
        assert approved.minutes_status == MinutesStatus.APPROVED
        before = (approved.minutes_status, approved.minutes_approved_on, approved.minutes_corrections)
        approver = session.get(Meeting, approved.minutes_approved_in_id)
        after_latest, after_approved = next_of(latest, 60), next_of(approved, 61)

    # Already approved (by another meeting): shown as such, and approving again changes nothing.
    shown = run.previous_minutes(after_approved)
    assert shown is not None and shown.meeting.id == approved.id and shown.approved
    assert shown.approved_on == before[1] and shown.corrections == before[2]
    assert shown.approved_in is not None and shown.approved_in.id == approver.id
    assert not shown.can_approve and not shown.approved_here
    with pytest.raises(ValidationError):
        run.approve_previous_minutes(after_approved, "correctie")
    stored = _stored_meeting(demo_db, approved.id)
    assert (stored.minutes_status, stored.minutes_approved_on, stored.minutes_corrections) == before

    shown = run.previous_minutes(after_latest)
    assert shown is not None and shown.meeting.id == latest.id and shown.can_approve
    result = run.approve_previous_minutes(after_latest, "Aanwezigheid aangevuld")
    assert result.meeting.id == latest.id
    stored = _stored_meeting(demo_db, latest.id)
    assert stored.minutes_status == MinutesStatus.APPROVED and stored.minutes_approved_in_id == after_latest
    assert stored.minutes_approved_on == DEMO_TODAY + timedelta(days=60)
    assert stored.minutes_corrections == "Aanwezigheid aangevuld"


def test_meeting_mode_on_the_demo_database(demo_db) -> None:
    """Run the first planned demo meeting end to end on the demo data."""
    run = Services(demo_db.session_factory, lambda: DEMO_TODAY).meeting_run
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
        ).first()
        contact = session.scalars(select(Contact).order_by(Contact.id)).first()
        meeting_id, org_id = meeting.id, contact.organisation_id
    state = run.start(meeting_id, now=NOW)
    assert state.current_item_id == state.items[0].id
    rows = run.attendance(meeting_id)
    assert rows and all(r.status == AttendanceStatus.INVITED for r in rows)
    for row in state.items[:-1]:
        run.save_item(row.id, minutes=f"Notulen {row.title}")
        state = run.next_item(meeting_id, elapsed_seconds=60)
    assert state.current_item_id == state.items[-1].id
    action = run.add_action(meeting_id, state.items[-1].id, "Terugkoppeling", org_id)
    assert action.due_date >= DEMO_TODAY
    summary = run.close(meeting_id, now=NOW + timedelta(hours=2))
    assert summary.items_with_minutes == len(state.items) - 1
    assert summary.carried_items == () and [a.id for a in summary.new_actions] == [action.id]
    assert _stored_meeting(demo_db, meeting_id).status == MeetingStatus.HELD


# --- the same on PostgreSQL -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_db() -> Iterator[Database]:
    if postgres_bin_dir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed")
    with running_postgres() as url:
        database = open_database(url, create=True)
        yield database
        database.close()


def test_a_meeting_on_postgres(pg_db: Database) -> None:
    """Start, navigate with an autosave between read and write, actions, close and approval."""
    w = _build_world(pg_db)
    run, m, items = w.run, w.meeting, w.items
    old = _action(pg_db, w, 1, TODAY - timedelta(days=21), meeting_id=w.previous, due=TODAY - timedelta(1))
    run.start(m, now=NOW)
    autosaver = Services(pg_db.session_factory, lambda: TODAY).meeting_run

    def autosave() -> None:
        autosaver.save_item(items[0], minutes="tijdens de klik")

    with once_after(pg_db.engine, READ_ITEMS, autosave):
        state = run.go_to(m, items[3], elapsed_seconds=50)
    assert state.current_item_id == items[3]
    assert (_item(pg_db, items[0]).minutes, _item(pg_db, items[0]).elapsed_seconds) == ("tijdens de klik", 50)
    assert [a.id for a in run.review_actions(m)] == [old]
    assert run.review_actions(m)[0].overdue
    run.update_action(m, old, ActionStatus.IN_PROGRESS, new_due_date=TODAY + timedelta(days=7))
    new = run.add_action(m, items[3], "Brief", w.housing)
    assert new.due_date == TODAY + timedelta(days=28)
    assert [a.id for a in run.case_summary(w.case, m).open_actions] == [old, new.id]
    run.add_guest(m, "Piet Gast")
    run.add_decision(items[3], "Besluit")
    run.park_item(items[4])
    summary = run.close(m, elapsed_seconds=10, now=NOW + timedelta(hours=1))
    assert summary.carried_items == ("Verslag vorige keer", "Actielijst", "Rondvraag", "Sluiting")
    assert _stored_meeting(pg_db, m).status == MeetingStatus.HELD
    assert run.approve_previous_minutes(w.following, "geen").meeting.id == m


def test_remove_action_only_when_made_here_and_untouched(db, world: World) -> None:
    w, run = world, world.run
    run.start(w.meeting, now=NOW)
    mistaken = run.add_action(w.meeting, w.items[3], "Verkeerd ingevoerd", w.housing)
    kept = run.add_action(w.meeting, w.items[3], "Wel bedoeld", w.housing)
    run.update_action(w.meeting, kept.id, ActionStatus.IN_PROGRESS, note="gestart")
    earlier = _action(db, w, 900, TODAY - timedelta(days=30))

    run.remove_action(w.meeting, mistaken.id)
    with pytest.raises(ValidationError) as error:
        run.remove_action(w.meeting, kept.id)
    assert "vervallen" in error.value.errors["action"]
    with pytest.raises(ValidationError):
        run.remove_action(w.meeting, earlier)
    with db.session_factory() as session:
        assert session.get(Action, mistaken.id) is None
        assert session.get(Action, kept.id) is not None and session.get(Action, earlier) is not None
        assert (
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.entity_type == "action", AuditEvent.entity_id == mistaken.id
                )
            )
            .all()[-1]
            .kind
            == AuditKind.DELETE
        )
