"""The schema enforces the domain's rules even when a caller bypasses the services."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from wiec_desktop.domain import (
    Action,
    Address,
    Attendance,
    Case,
    HouseVisit,
    Meeting,
    Organisation,
    Resident,
    Signal,
    action_reference,
    case_reference,
)
from wiec_desktop.domain.enums import (
    ActionStatus,
    CaseStatus,
    MeetingKind,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)

D = date(2026, 3, 1)


def _insert(db, *objects) -> None:
    with db.session_factory.begin() as session:
        session.add_all(objects)


def _org(name: str = "Stadsdeel Escamp") -> Organisation:
    return Organisation(name=name)


def _case(number: int = 1, **kw) -> Case:
    return Case(year=2026, number=number, title=kw.pop("title", "Hangjongeren"), opened_on=D, **kw)


def test_references_are_formatted_per_year() -> None:
    assert case_reference(2026, 14) == "2026-014"
    assert action_reference(2026, 31) == "A-2026-031"
    assert case_reference(2026, 1234) == "2026-1234"


def test_case_number_is_unique_per_year(db) -> None:
    _insert(db, _case(1), Case(year=2025, number=1, title="Vorig jaar", opened_on=date(2025, 5, 1)))
    with pytest.raises(IntegrityError):
        _insert(db, _case(1, title="Dubbel"))


def test_closed_case_needs_a_closing_date_not_before_opening(db) -> None:
    with pytest.raises(IntegrityError):
        _insert(db, _case(status=CaseStatus.CLOSED))
    with pytest.raises(IntegrityError):
        _insert(db, _case(status=CaseStatus.CLOSED, closed_on=date(2026, 2, 1)))
    _insert(db, _case(status=CaseStatus.CLOSED, closed_on=date(2026, 4, 1)))


def test_blank_names_and_titles_are_refused(db) -> None:
    with pytest.raises(IntegrityError):
        _insert(db, Organisation(name="   "))
    with pytest.raises(IntegrityError):
        _insert(db, _case(title=" "))


def test_unknown_enum_value_is_refused(db) -> None:
    with pytest.raises((StatementError, LookupError)):
        _insert(db, _case(status="vergeten"))


def test_action_due_date_not_before_creation_and_done_needs_completion(db) -> None:
    org = _org()
    _insert(db, org)

    def action(number: int, **kw) -> Action:
        return Action(
            year=2026, number=number, description="Bellen", owner_organisation_id=org.id, created_on=D, **kw
        )

    with pytest.raises(IntegrityError):
        _insert(db, action(1, due_date=date(2026, 2, 28)))
    with pytest.raises(IntegrityError):
        _insert(db, action(2, status=ActionStatus.DONE))
    _insert(db, action(3, due_date=D, status=ActionStatus.DONE, completed_on=D))


def test_action_owner_must_exist(db) -> None:
    with pytest.raises(IntegrityError):
        _insert(db, Action(year=2026, number=1, description="x", owner_organisation_id=999, created_on=D))


def test_house_visit_rating_between_1_and_10_and_only_when_spoken(db) -> None:
    address = Address(street="Dedemsvaartweg", number=12, postcode="2545 AB")
    _insert(db, address)
    for rating, outcome in ((0, VisitOutcome.SPOKEN), (11, VisitOutcome.SPOKEN), (7, VisitOutcome.NOT_HOME)):
        with pytest.raises(IntegrityError):
            _insert(db, HouseVisit(address_id=address.id, visited_on=D, outcome=outcome, rating=rating))
    _insert(db, HouseVisit(address_id=address.id, visited_on=D, outcome=VisitOutcome.SPOKEN, rating=10))


def test_resident_name_only_with_consent(db) -> None:
    address = Address(street="Leyweg", number=3, postcode="2545 CD")
    _insert(db, address)
    with pytest.raises(IntegrityError):
        _insert(db, Resident(address_id=address.id, name="J. de Vries"))
    _insert(db, Resident(address_id=address.id, name="J. de Vries", consent_on=D))
    _insert(db, Resident(address_id=address.id))


def test_address_unique(db) -> None:
    _insert(db, Address(street="Leyweg", number=3, postcode="2545 CD"))
    _insert(db, Address(street="Leyweg", number=3, addition="A", postcode="2545 CD"))
    with pytest.raises(IntegrityError):
        _insert(db, Address(street="Leyweg", number=3, postcode="2545 CD"))


def test_signal_triage_rules(db) -> None:
    def signal(**kw) -> Signal:
        return Signal(received_on=D, source=SignalSource.WALK_IN, text="Zwerfvuil bij de container", **kw)

    with pytest.raises(IntegrityError):  # linked without a case
        _insert(db, signal(status=SignalStatus.LINKED, triaged_on=D))
    with pytest.raises(IntegrityError):  # closed without a reason
        _insert(db, signal(status=SignalStatus.CLOSED, triaged_on=D))
    with pytest.raises(IntegrityError):  # triaged before it came in
        _insert(db, signal(status=SignalStatus.CLOSED, closed_reason="dubbel", triaged_on=date(2026, 1, 1)))
    with pytest.raises(IntegrityError):  # new but with a triage date
        _insert(db, signal(triaged_on=D))
    _insert(db, signal(status=SignalStatus.CLOSED, closed_reason="Al gemeld bij de gemeente", triaged_on=D))


def test_meeting_end_after_start_and_attendance_needs_someone(db) -> None:
    def meeting(start: time, end: time) -> Meeting:
        return Meeting(
            kind=MeetingKind.CASE_MEETING,
            title="Casuïstiekoverleg",
            date=D,
            start_time=start,
            planned_end_time=end,
        )

    with pytest.raises(IntegrityError):
        _insert(db, meeting(time(10), time(9, 30)))
    ok = meeting(time(9, 30), time(11))
    _insert(db, ok)
    with pytest.raises(IntegrityError):
        _insert(db, Attendance(meeting_id=ok.id))
    _insert(db, Attendance(meeting_id=ok.id, guest_name="Buurtbewoner"))


def test_foreign_keys_are_enforced_on_delete(db) -> None:
    org = _org()
    _insert(db, org)
    _insert(db, Action(year=2026, number=1, description="x", owner_organisation_id=org.id, created_on=D))
    with pytest.raises(IntegrityError), db.session_factory.begin() as session:
        session.delete(session.get(Organisation, org.id))


def test_versioned_records_detect_concurrent_edits(db) -> None:
    org = _org()
    _insert(db, org)
    first, second = db.session_factory(), db.session_factory()
    try:
        a = first.get(Organisation, org.id)
        b = second.get(Organisation, org.id)
        a.notes = "eerste"
        first.commit()
        b.notes = "tweede"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()


def test_timestamps_are_set(db) -> None:
    org = _org()
    _insert(db, org)
    assert org.created_at is not None and org.updated_at is not None and org.version == 1
