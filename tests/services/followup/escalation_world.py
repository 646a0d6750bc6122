"""A small world for the escalation marks (issue 15), shared by the service and the window tests:
one case with three open actions — moved three times, six weeks overdue, and on schedule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wiec_desktop.domain import Address, Assignment, Case, Organisation, Resident
from wiec_desktop.domain.enums import ActionStatus, CaseStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)
MADE = TODAY - timedelta(days=120)
MOVED_REASON = "Deadline 3× verschoven"
LATE_REASON = "6 weken over de deadline"


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def make_world(db: Database) -> dict[str, Any]:
    """The organisations, the current assignment, the case and its actions; ``services`` on a clock
    standing at TODAY."""
    with db.session_factory.begin() as session:
        owner = Organisation(name="Woonstad")
        other = Organisation(name="Politie")
        assignment = Assignment(
            title="Wijkaanpak", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), is_current=True
        )
        case = Case(
            year=2026, number=1, title="Overlast portiek", opened_on=MADE, status=CaseStatus.IN_PROGRESS
        )
        session.add_all([owner, other, assignment, case])
        address = Address(street="Leyweg", number=12, postcode="2545GH")
        session.add(Resident(address=address, name="Anna de Vries", phone="06-12345678", consent_on=MADE))
        session.flush()
        ids = {"owner": owner.id, "other": other.id, "assignment": assignment.id, "case": case.id}
    clock = Clock(MADE)
    services = Services(db.session_factory, today=clock)
    actions = services.actions
    moved = actions.create_action(
        "Portiek schoonmaken, overleg met Anna de Vries (06 1234 5678)",
        ids["owner"],
        due_date=MADE + timedelta(days=10),
        case_id=ids["case"],
    )
    for n, day in enumerate(
        (TODAY + timedelta(days=5), TODAY + timedelta(days=12), TODAY + timedelta(days=19))
    ):
        clock.day = MADE + timedelta(days=20 * (n + 1))
        actions.record_update(moved.id, ActionStatus.IN_PROGRESS, new_due_date=day)
    clock.day = MADE
    late = actions.create_action(
        "Camera ophangen", ids["other"], due_date=TODAY - timedelta(days=44), case_id=ids["case"]
    )
    fine = actions.create_action("Buurtapp starten", ids["other"], due_date=TODAY + timedelta(days=3))
    clock.day = TODAY
    found = {"moved": moved.id, "late": late.id, "fine": fine.id}
    return {**ids, **found, "db": db, "services": services, "clock": clock}
