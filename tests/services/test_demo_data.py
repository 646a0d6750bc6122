"""The demo neighbourhood: its size, its variety, its consistency and that it is reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import (
    Action,
    Address,
    AgendaItem,
    Area,
    Assignment,
    Attendance,
    AuditEvent,
    Base,
    Case,
    Contact,
    Decision,
    HouseVisit,
    InventoryRound,
    Involvement,
    Meeting,
    Organisation,
    Resident,
    Signal,
    Theme,
)
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    CaseStatus,
    InvolvementRole,
    MeetingStatus,
    MinutesStatus,
    OrganisationKind,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.services.demo_data import DemoSummary, build_demo
from wiec_desktop.storage.database import Database, open_database

EXPECTED = {
    Organisation: 12,
    Contact: 30,
    Theme: 8,
    Area: 5,
    Assignment: 1,
    InventoryRound: 2,
    Case: 26,  # 25 from the vocabulary and the near-duplicate
    Meeting: 8,
    Action: 80,
    Address: 200,
    HouseVisit: 120,
    Signal: 150,
}


def _count(session: Any, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _values(session: Any, column: Any) -> set[Any]:
    return set(session.scalars(select(column).distinct()))


def _dump(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the wall-clock timestamps, in primary-key order."""
    dump = {}
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in ("created_at", "updated_at")]
            rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
            dump[table.name] = [tuple(row) for row in rows]
    return dump


def test_exact_counts(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        for model, expected in EXPECTED.items():
            assert _count(session, model) == expected, model.__name__
        assert _count(session, Meeting, Meeting.status == MeetingStatus.HELD) == 6
        assert _count(session, Meeting, Meeting.status == MeetingStatus.PLANNED) == 2
        assert _count(session, Area, Area.parent_id.is_(None)) == 1
        assert _count(session, Resident, Resident.consent_on.is_not(None), Resident.name.is_not(None)) > 0
        assert len(_values(session, Address.street)) == 8
        # Each held meeting's report was exported and sent: the log names the meeting, not people.
        assert _count(session, AuditEvent, AuditEvent.entity_type == "meeting") == 12


def test_every_status_source_outcome_and_kind_is_present(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        assert _values(session, Case.status) == set(CaseStatus)
        assert _values(session, Action.status) == set(ActionStatus)
        assert _values(session, Signal.source) == set(SignalSource)
        assert _values(session, Signal.status) == set(SignalStatus)
        assert _values(session, HouseVisit.outcome) == set(VisitOutcome)
        assert _values(session, Organisation.kind) == set(OrganisationKind)
        assert _values(session, Attendance.status) == set(AttendanceStatus)


def test_actions_are_overdue_due_this_week_or_without_date(demo_db: Database) -> None:
    still_open = Action.status.in_(OPEN_ACTION_STATUSES)
    with demo_db.session_factory() as session:
        assert _count(session, Action, still_open, Action.due_date < DEMO_TODAY) > 0
        week = (Action.due_date >= DEMO_TODAY, Action.due_date < DEMO_TODAY + timedelta(days=7))
        assert _count(session, Action, still_open, *week) > 0
        assert _count(session, Action, still_open, Action.due_date.is_(None)) > 0
        actions = session.scalars(select(Action)).all()
    for action in actions:
        assert action.meeting_id and action.agenda_item_id and action.case_id and action.owner_organisation_id
        assert action.created_on <= DEMO_TODAY
        assert (action.status == ActionStatus.DONE) == (action.completed_on is not None)
        if action.completed_on:
            assert action.created_on <= action.completed_on <= DEMO_TODAY
    assert sum(a.owner_contact_id is not None for a in actions) > len(actions) // 2


def test_signals_need_triage_and_some_are_stale(demo_db: Database) -> None:
    stale_day = DEMO_TODAY - timedelta(days=14)
    with demo_db.session_factory() as session:
        assert _count(session, Signal, Signal.status == SignalStatus.NEW, Signal.received_on < stale_day) >= 3
        linked = _count(session, Signal, Signal.status == SignalStatus.LINKED, Signal.case_id.is_not(None))
        assert linked == _count(session, Signal, Signal.status == SignalStatus.LINKED) > 0
        assert _count(session, Signal, Signal.received_on > DEMO_TODAY) == 0


def test_lead_gaps_and_overlaps_exist(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        leads = (
            select(Case.id, func.count(Involvement.id))
            .outerjoin(
                Involvement, (Involvement.case_id == Case.id) & (Involvement.role == InvolvementRole.LEAD)
            )
            .group_by(Case.id)
        )
        per_case = [n for _id, n in session.execute(leads)]
    assert per_case.count(0) >= 2
    assert per_case.count(2) == 1
    assert per_case.count(1) >= 20


def test_case_histories_follow_the_status_path(demo_db: Database) -> None:
    path = list(CaseStatus)
    with demo_db.session_factory() as session:
        for case in session.scalars(select(Case)):
            steps = case.status_changes
            assert [s.to_status for s in steps] == path[: path.index(case.status) + 1], case.reference
            assert [s.from_status for s in steps] == [None, *path[: len(steps) - 1]]
            days = [s.changed_on for s in steps]
            assert days == sorted(days) and days[0] == case.opened_on < DEMO_TODAY
            if case.status == CaseStatus.CLOSED:
                assert case.closed_on == days[-1] and case.outcome
            assert case.theme_id and case.area_id and case.assignment_id


def test_meetings_have_a_full_agenda_minutes_and_attendance(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        meetings = session.scalars(select(Meeting).order_by(Meeting.date)).all()
        held = [m for m in meetings if m.status == MeetingStatus.HELD]
        assert all(m.date < DEMO_TODAY for m in held)
        assert all(m.date > DEMO_TODAY for m in meetings if m.status == MeetingStatus.PLANNED)
        assert [m.minutes_status for m in held] == [MinutesStatus.APPROVED] * 5 + [MinutesStatus.DRAFT]
        for meeting in held:
            kinds = [item.kind for item in meeting.agenda_items]
            assert kinds[:4] == [
                AgendaItemKind.OPENING,
                AgendaItemKind.ANNOUNCEMENTS,
                AgendaItemKind.PREVIOUS_MINUTES,
                AgendaItemKind.ACTION_REVIEW,
            ]
            assert kinds[-2:] == [AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING]
            assert 2 <= kinds.count(AgendaItemKind.CASE) <= 4
            reached = [item for item in meeting.agenda_items if item.state != AgendaItemState.NOT_REACHED]
            assert all(item.minutes.strip() for item in reached)
            assert all(item.state == AgendaItemState.DONE for item in meeting.agenda_items[:4])
            assert {a.status for a in meeting.attendances} <= {
                AttendanceStatus.PRESENT,
                AttendanceStatus.EXCUSED,
                AttendanceStatus.ABSENT,
            }
        assert _count(session, Decision) > 0
        assert _count(session, Attendance, Attendance.guest_name.is_not(None)) == 1
        assert _count(session, AgendaItem, AgendaItem.kind == AgendaItemKind.CASE) >= 12


def test_last_meeting_left_items_that_the_next_one_carries_over(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        meetings = session.scalars(select(Meeting).order_by(Meeting.date, Meeting.start_time)).all()
        held = [m for m in meetings if m.status == MeetingStatus.HELD]
        for meeting in held[:-1]:
            assert meeting.minutes_status == MinutesStatus.APPROVED and meeting.minutes_approved_on
            assert all(item.state == AgendaItemState.DONE for item in meeting.agenda_items)
            approver = session.get(Meeting, meeting.minutes_approved_in_id)
            assert approver is not None and approver.date == meeting.minutes_approved_on
        last = held[-1]
        assert last.minutes_status == MinutesStatus.DRAFT and last.minutes_approved_on is None
        states = [item.state for item in last.agenda_items]
        assert states.count(AgendaItemState.PARKED) == 1 and states.count(AgendaItemState.NOT_REACHED) == 1
        assert set(states) == {AgendaItemState.DONE, AgendaItemState.PARKED, AgendaItemState.NOT_REACHED}
        unfinished = {i.id: i for i in last.agenda_items if i.state != AgendaItemState.DONE}
        following = next(m for m in meetings if m.status == MeetingStatus.PLANNED)
        assert (following.kind, following.assignment_id) == (last.kind, last.assignment_id)
        items = following.agenda_items
        assert [i.position for i in items] == list(range(len(items)))
        assert [i.kind for i in items[:4]] == [
            AgendaItemKind.OPENING,
            AgendaItemKind.AGENDA,
            AgendaItemKind.PREVIOUS_MINUTES,
            AgendaItemKind.ACTION_REVIEW,
        ]
        assert [i.kind for i in items[-2:]] == [AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING]
        carried = [i for i in items if i.carried_from_id is not None]
        assert {i.carried_from_id for i in carried} == set(unfinished)
        for item in carried:
            source = unfinished[item.carried_from_id]
            assert (item.title, item.case_id, item.state) == (
                source.title,
                source.case_id,
                AgendaItemState.PENDING,
            )
        assert _count(session, AgendaItem, AgendaItem.carried_from_id.is_not(None)) == 2


def test_assignment_is_current_and_reports_go_to_the_right_contacts(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        assignment = session.scalars(select(Assignment)).one()
        assert assignment.is_current and assignment.start_date < DEMO_TODAY < assignment.end_date
        assert assignment.client.kind == OrganisationKind.MUNICIPALITY
        reporting = session.scalars(select(Contact).where(Contact.receives_reports)).all()
        assert len(reporting) >= 3 and set(assignment.recipients) == set(reporting)
        assert {a.name for a in assignment.areas} >= {"Wateringseveld"}
        contacts = session.scalars(select(Contact)).all()
    assert all(re.fullmatch(r"[a-z]\.[a-z]+@[a-z.-]+\.example\.nl", c.email) for c in contacts)
    assert all(c.phone.startswith("070-") for c in contacts)


def test_inventory_data_is_plausible(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        addresses = session.scalars(select(Address)).all()
        visits = session.scalars(select(HouseVisit)).all()
        residents = session.scalars(select(Resident)).all()
    assert all(re.fullmatch(r"\d{4} [A-Z]{2}", a.postcode) for a in addresses)
    assert any(a.addition for a in addresses)
    for visit in visits:
        spoken = visit.outcome == VisitOutcome.SPOKEN
        assert (visit.rating is not None) == spoken and (not spoken or 1 <= visit.rating <= 10)
        assert visit.visited_on < DEMO_TODAY
    assert all(r.consent_on and r.name for r in residents)


def test_summary_matches_the_database(db: Database) -> None:
    summary = build_demo(db.session_factory, today=DEMO_TODAY)
    assert isinstance(summary, DemoSummary)
    with db.session_factory() as session:
        assert summary.cases == _count(session, Case) == 26
        assert summary.actions == _count(session, Action) == 80
        assert summary.signals == _count(session, Signal) == 150
        assert summary.house_visits == _count(session, HouseVisit) == 120
        assert summary.residents == _count(session, Resident)


def test_same_seed_and_day_give_identical_content(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        database = open_database(tmp_path / f"{name}.sqlite", create=True)
        build_demo(database.session_factory, today=DEMO_TODAY)
        dumps.append(_dump(database))
        database.close()
    assert dumps[0] == dumps[1]
    assert sum(len(rows) for rows in dumps[0].values()) > 1000


def test_other_seed_or_day_gives_other_content(tmp_path: Path) -> None:
    base = open_database(tmp_path / "base.sqlite", create=True)
    build_demo(base.session_factory, today=DEMO_TODAY)
    other = open_database(tmp_path / "other.sqlite", create=True)
    build_demo(other.session_factory, today=DEMO_TODAY, seed=7)
    assert _dump(base)["signal"] != _dump(other)["signal"]
    base.close()
    other.close()


@pytest.mark.parametrize("today", [date(2025, 1, 2), date(2027, 6, 30)])
def test_dates_follow_today(db: Database, today: date) -> None:
    build_demo(db.session_factory, today=today)
    with db.session_factory() as session:
        planned = session.scalars(select(Meeting.date).where(Meeting.status == MeetingStatus.PLANNED)).all()
        assert planned and min(planned) > today
        assert session.scalar(select(func.max(Signal.received_on))) <= today
        overdue = _count(session, Action, Action.status.in_(OPEN_ACTION_STATUSES), Action.due_date < today)
        assert overdue > 0


def test_builds_on_a_real_sqlite_file_with_constraints_enforced(db: Database) -> None:
    build_demo(db.session_factory, today=DEMO_TODAY)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with pytest.raises(IntegrityError), db.session_factory.begin() as session:
        session.execute(update(Case).where(Case.status == CaseStatus.CLOSED).values(closed_on=None))
    with pytest.raises(IntegrityError), db.session_factory.begin() as session:
        session.execute(text("UPDATE action SET owner_organisation_id = 9999"))


def test_module_does_not_import_qt() -> None:
    code = (
        "import sys, wiec_desktop.services.demo_data\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
