"""Escalation of what keeps slipping (issue 15): the rule, the query over many actions, and the
thresholds per assignment. Services only, no Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.postgres_server import postgres_bin_dir, running_postgres
from wiec_desktop.domain import Action, ActionUpdate, Assignment, Organisation
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus
from wiec_desktop.services.actions.service import ActionService
from wiec_desktop.services.followup.escalation import (
    Thresholds,
    count_moves,
    current_thresholds,
    deadline_history,
    escalation_reason,
    escalation_reason_sql,
    escalations,
)
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)
statuses = st.sampled_from(list(ActionStatus))
thresholds = st.builds(Thresholds, st.integers(1, 20), st.integers(1, 52))


# --- the rule -------------------------------------------------------------------------------------


@given(statuses, st.integers(-400, 400) | st.none(), st.integers(0, 25), thresholds)
def test_the_rule_as_the_issue_says_it(
    status: ActionStatus, days_late: int | None, moves: int, limits: Thresholds
) -> None:
    due = None if days_late is None else TODAY - timedelta(days=days_late)
    reason = escalation_reason(status, due, moves, TODAY, limits)
    if status not in OPEN_ACTION_STATUSES:
        assert reason == ""  # done and cancelled: never escalated
        return
    moved = moves >= limits.moves
    late = days_late is not None and days_late > 7 * limits.weeks
    assert bool(reason) == (moved or late)
    assert (f"Deadline {moves}× verschoven" in reason) == moved
    assert ("over de deadline" in reason) == late
    if late:
        assert days_late is not None
        weeks = days_late // 7
        assert reason.endswith(f"{weeks} {'week' if weeks == 1 else 'weken'} over de deadline")


@given(statuses.filter(lambda s: s in OPEN_ACTION_STATUSES), thresholds)
def test_exactly_at_the_thresholds(status: ActionStatus, limits: Thresholds) -> None:
    weeks_ago = TODAY - timedelta(weeks=limits.weeks)
    assert escalation_reason(status, weeks_ago, 0, TODAY, limits) == ""  # exactly M weeks: not more
    one_more = weeks_ago - timedelta(days=1)
    assert escalation_reason(status, one_more, 0, TODAY, limits) == (
        f"{limits.weeks} {'week' if limits.weeks == 1 else 'weken'} over de deadline"
    )
    assert escalation_reason(status, None, limits.moves - 1, TODAY, limits) == ""
    assert escalation_reason(status, None, limits.moves, TODAY, limits) == (
        f"Deadline {limits.moves}× verschoven"
    )


def test_the_reasons_in_dutch() -> None:
    limits = Thresholds()
    assert escalation_reason(ActionStatus.OPEN, None, 3, TODAY, limits) == "Deadline 3× verschoven"
    six_weeks = TODAY - timedelta(weeks=6, days=2)
    assert escalation_reason(ActionStatus.IN_PROGRESS, six_weeks, 0, TODAY, limits) == (
        "6 weken over de deadline"
    )
    assert escalation_reason(ActionStatus.OPEN, six_weeks, 2, TODAY, limits) == (
        "Deadline 2× verschoven, 6 weken over de deadline"
    )
    assert escalation_reason(ActionStatus.OPEN, None, 1, TODAY, limits) == ""  # no deadline, 1 move
    assert escalation_reason(ActionStatus.DONE, six_weeks, 9, TODAY, limits) == ""
    assert escalation_reason(ActionStatus.CANCELLED, six_weeks, 9, TODAY, limits) == ""


days = st.integers(0, 60).map(lambda n: TODAY + timedelta(days=n))


@given(days | st.none(), st.lists(days, max_size=8))
def test_moves_are_changes_of_an_existing_deadline(first: date | None, new: list[date]) -> None:
    history = deadline_history(first, new)
    moves = count_moves(first, new)
    assert moves == max(0, len(history) - 1)  # every step of the history is one move
    assert all(a != b for a, b in pairwise(history))
    if first is None and new:
        assert history[0] == new[0]  # setting the first deadline is no move


# --- the query ------------------------------------------------------------------------------------


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def world(db: Database) -> Iterator[dict[str, Any]]:
    with db.session_factory.begin() as session:
        owner = Organisation(name="Woonstad")
        session.add(owner)
        session.flush()
        owner_id = owner.id
    clock = Clock(TODAY - timedelta(days=120))
    yield {"db": db, "owner": owner_id, "clock": clock, "actions": ActionService(db.session_factory, clock)}


def _make(
    world: dict[str, Any], due: date | None, moves: list[date], status: ActionStatus | None = None
) -> int:
    """An action made 120 days before TODAY with ``due``, given the new deadlines ``moves``, one a day."""
    clock, svc = world["clock"], world["actions"]
    clock.day = TODAY - timedelta(days=120)
    action = svc.create_action("Portiek schoonmaken", world["owner"], due_date=due)
    for day in moves:
        clock.day += timedelta(days=1)
        svc.record_update(action.id, ActionStatus.IN_PROGRESS, new_due_date=day)
    if status is not None:
        clock.day += timedelta(days=1)
        svc.record_update(action.id, status)
    clock.day = TODAY
    return action.id


def _found(db: Database, ids: list[int], **kwargs: Any) -> dict[int, Any]:
    with db.session_factory() as session:
        return escalations(session, TODAY, Action.id.in_(ids), **kwargs)


def test_the_query_counts_moves_and_gives_the_reason_and_history(world: dict[str, Any]) -> None:
    past = [TODAY - timedelta(days=n) for n in (100, 80, 60, 45)]
    future = [TODAY + timedelta(days=n) for n in (10, 20, 30)]
    three = _make(world, past[0], past[1:])
    one = _make(world, future[0], [future[1]])
    first_set = _make(world, None, [future[0], future[1]])  # the first deadline was set, then moved once
    repeated = _make(world, future[0], [future[0], future[0], future[1]])  # the same date again: no move
    done = _make(world, past[0], past[1:], ActionStatus.DONE)
    late = _make(world, TODAY - timedelta(days=6 * 7 + 3), [])
    found = _found(world["db"], [three, one, first_set, repeated, done, late], with_history=True)
    assert set(found) == {three, late}
    assert found[three].reason == "Deadline 3× verschoven, 6 weken over de deadline"
    assert found[three].moves == 3
    assert found[three].history == tuple(past)
    assert found[late].reason == "6 weken over de deadline"
    assert found[late].history == (TODAY - timedelta(days=45),)
    # with a lower threshold the others show their own counts
    low = _found(world["db"], [one, first_set, repeated], thresholds=Thresholds(moves=1, weeks=52))
    assert {ident: e.moves for ident, e in low.items()} == {one: 1, first_set: 1, repeated: 1}


def test_an_action_without_a_recorded_first_deadline_counts_from_its_first_new_one(
    world: dict[str, Any],
) -> None:
    """Actions made before the first deadline was recorded: the first new deadline is no move."""
    db = world["db"]
    with db.session_factory.begin() as session:
        action = Action(
            year=2026, number=900, description="Oud", owner_organisation_id=world["owner"],
            created_on=TODAY - timedelta(days=90), due_date=TODAY + timedelta(days=30),
            status=ActionStatus.OPEN,
        )  # fmt: skip
        session.add(action)
        session.flush()
        for n, day in enumerate(
            (TODAY + timedelta(days=10), TODAY + timedelta(days=20), TODAY + timedelta(days=30))
        ):
            session.add(
                ActionUpdate(
                    action_id=action.id, updated_on=TODAY - timedelta(days=80 - n), status=ActionStatus.OPEN,
                    new_due_date=day,
                )
            )  # fmt: skip
        untouched = Action(
            year=2026, number=901, description="Ouder", owner_organisation_id=world["owner"],
            created_on=TODAY - timedelta(days=90), due_date=TODAY - timedelta(days=40),
            status=ActionStatus.IN_PROGRESS,
        )  # fmt: skip
        session.add(untouched)
        session.flush()
        ident, old = action.id, untouched.id
    found = _found(db, [ident, old], thresholds=Thresholds(moves=2), with_history=True)
    assert found[ident].moves == 2 and found[ident].reason == "Deadline 2× verschoven"
    assert found[ident].history == tuple(TODAY + timedelta(days=n) for n in (10, 20, 30))
    # no deadline recorded at all: the history still shows the deadline it has
    assert found[old].reason == "5 weken over de deadline"
    assert found[old].history == (TODAY - timedelta(days=40),)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    due=st.integers(-80, 40).map(lambda n: TODAY + timedelta(days=n)) | st.none(),
    moves=st.lists(st.integers(-10, 40).map(lambda n: TODAY + timedelta(days=n)), max_size=5),
    status=st.sampled_from([None, ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.OPEN]),
    limits=st.builds(Thresholds, st.integers(1, 4), st.integers(1, 8)),
)
def test_the_sql_agrees_with_the_rule(
    world: dict[str, Any],
    due: date | None,
    moves: list[date],
    status: ActionStatus | None,
    limits: Thresholds,
) -> None:
    ident = _make(world, due, moves, status)
    with world["db"].session_factory() as session:
        action = session.get(Action, ident)
        assert action is not None
        expected = escalation_reason(action.status, action.due_date, count_moves(due, moves), TODAY, limits)
        reason = session.scalar(select(escalation_reason_sql(TODAY, limits)).where(Action.id == ident))
        found = escalations(session, TODAY, Action.id == ident, thresholds=limits)
    assert reason == expected
    assert (found[ident].reason if ident in found else "") == expected


# --- thresholds per assignment ------------------------------------------------------------------------


def test_the_current_assignment_sets_the_thresholds(world: dict[str, Any]) -> None:
    db = world["db"]
    soon = TODAY + timedelta(days=5)
    twice = _make(world, soon, [soon + timedelta(days=5), soon + timedelta(days=9)])
    three_weeks = _make(world, TODAY - timedelta(days=22), [])
    with db.session_factory() as session:
        assert current_thresholds(session) == Thresholds(2, 4)  # no assignment: the defaults
    assert set(_found(db, [twice, three_weeks])) == {twice}
    with db.session_factory.begin() as session:
        other = Assignment(title="Oud", start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
        current = Assignment(
            title="Nu", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), is_current=True,
            escalate_after_moves=3, escalate_after_weeks=3,
        )  # fmt: skip
        session.add_all([other, current])
        session.flush()
        other_id = other.id
    with db.session_factory() as session:
        assert current_thresholds(session) == Thresholds(3, 3)
        assert current_thresholds(session, other_id) == Thresholds(2, 4)  # its own (the defaults)
        # the list's expression reads the current assignment in the same statement
        reasons = dict(
            session.execute(
                select(Action.id, escalation_reason_sql(TODAY)).where(Action.id.in_([twice, three_weeks]))
            ).all()
        )
    assert reasons == {twice: "", three_weeks: "3 weken over de deadline"}
    assert set(_found(db, [twice, three_weeks])) == {three_weeks}


def test_the_assignment_service_keeps_and_checks_the_thresholds(db: Database) -> None:
    from wiec_desktop.services.assignments.service import AssignmentService
    from wiec_desktop.services.validation import ValidationError

    svc = AssignmentService(db.session_factory, lambda: TODAY)
    made = svc.create("Wijkaanpak", date(2026, 1, 1), date(2026, 12, 31))
    assert (made.escalate_after_moves, made.escalate_after_weeks) == (2, 4)  # the defaults
    changed = svc.update(made.id, escalate_after_moves="3", escalate_after_weeks=6)  # typed text is fine
    assert (changed.escalate_after_moves, changed.escalate_after_weeks) == (3, 6)
    with db.session_factory() as session:
        assert current_thresholds(session) == Thresholds(3, 6)
    with pytest.raises(ValidationError) as raised:
        svc.update(made.id, escalate_after_moves="0", escalate_after_weeks="vier")
    assert raised.value.errors == {
        "escalate_after_moves": "Het aantal keer verschuiven moet een heel getal van 1 tot en met 20 zijn.",
        "escalate_after_weeks": (
            "Het aantal weken over de deadline moet een heel getal van 1 tot en met 52 zijn."
        ),
    }
    with pytest.raises(ValidationError) as raised:
        svc.create(
            "Te ruim", date(2026, 1, 1), date(2026, 12, 31), escalate_after_moves=21, escalate_after_weeks=53
        )
    assert set(raised.value.errors) == {"escalate_after_moves", "escalate_after_weeks"}
    assert svc.get(made.id).escalate_after_moves == 3  # nothing changed by the refused update


@pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)
def test_the_same_query_on_postgresql() -> None:
    """The SQL (text dates, integer division, the correlated subqueries) is portable."""
    from wiec_desktop.storage.database import open_database

    with running_postgres() as url:
        database = open_database(url, create=True)
        try:
            with database.session_factory.begin() as session:
                owner = Organisation(name="Woonstad")
                session.add(owner)
                session.flush()
                owner_id = owner.id
            clock = Clock(TODAY)
            world = {"db": database, "owner": owner_id, "clock": clock}
            world["actions"] = ActionService(database.session_factory, clock)
            past = [TODAY - timedelta(days=n) for n in (100, 80, 60, 45)]
            future = [TODAY + timedelta(days=n) for n in (10, 20, 30)]
            three = _make(world, past[0], past[1:])
            first_set = _make(world, None, [future[0], future[1]])
            one_week = _make(world, TODAY - timedelta(days=12), [])
            done = _make(world, past[0], past[1:], ActionStatus.DONE)
            ids = [three, first_set, one_week, done]
            found = _found(database, ids, thresholds=Thresholds(moves=1, weeks=1), with_history=True)
            assert {ident: e.reason for ident, e in found.items()} == {
                three: "Deadline 3× verschoven, 6 weken over de deadline",
                first_set: "Deadline 1× verschoven",
                one_week: "1 week over de deadline",
            }
            assert found[three].history == tuple(past)
            with database.session_factory() as session:
                stmt = select(Action.id, escalation_reason_sql(TODAY)).where(Action.id.in_(ids))
                reasons = {ident: reason for ident, reason in session.execute(stmt)}
            moved_and_late = "Deadline 3× verschoven, 6 weken over de deadline"
            assert reasons == {three: moved_and_late, first_set: "", one_week: "", done: ""}
        finally:
            database.close()
