"""Editing and deleting a recorded house visit, with its signals and resident, and taking either back
in one transaction (with the audit log saying so, by reference only)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.services.inventory.test_house_visits import TODAY
from wiec_desktop.domain import AuditEvent, HouseVisit, Resident, Signal
from wiec_desktop.domain.enums import AuditKind, VisitOutcome
from wiec_desktop.services.inventory import visit_changes
from wiec_desktop.services.inventory.house_visits import ProblemNote
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.storage.database import Database

SPOKEN: dict[str, Any] = {"visitors": "Voorzitter en wijkagent", "outcome": VisitOutcome.SPOKEN}


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


@pytest.fixture
def spring(services: Services) -> int:
    return services.house_visits.create_round("voorjaar 2026", date(2026, 4, 1))


def _visit(services: Services, setup: dict[str, int], spring: int, **fields: Any) -> int:
    values: dict[str, Any] = {
        **SPOKEN,
        "visited_on": date(2026, 4, 18),
        "rating": 6,
        "theme_ids": [setup["vervuiling"]],
        "problems": [
            ProblemNote("Afval naast de containers", setup["vervuiling"]),
            ProblemNote("Hard rijden", setup["verkeer"]),
        ],
        "resident_name": "Fatima de Boer",
        "resident_phone": "06-12345678",
        "consent_on": date(2026, 4, 18),
        "may_be_contacted": True,
    }
    values.update(fields)
    return services.house_visits.record_visit(setup["Dreeflaan 4a"], round_id=spring, **values).visit_id


def _rows(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the visits, their themes, signals and residents (to compare before and after)."""
    with db.session_factory() as session:
        visits = [
            (
                v.id,
                v.visited_on,
                v.outcome,
                v.rating,
                v.problems,
                v.resident_id,
                tuple(t.id for t in v.themes),
            )
            for v in session.scalars(select(HouseVisit).order_by(HouseVisit.id))
        ]
        signals = [
            (s.id, s.text, s.theme_id, s.received_on, s.status, s.house_visit_id, s.case_id)
            for s in session.scalars(select(Signal).order_by(Signal.id))
        ]
        residents = [
            (r.id, r.name, r.phone, r.consent_on, r.may_be_contacted)
            for r in session.scalars(select(Resident).order_by(Resident.id))
        ]
    return {"visits": visits, "signals": signals, "residents": residents}


def _edit(services: Services, visit_id: int, **changes: Any) -> Any:
    """Save the visit as the form would, with ``changes`` over what it holds now."""
    row = services.house_visits.visit(visit_id)
    resident = services.house_visits.visit_resident(visit_id)
    values: dict[str, Any] = {
        "visited_on": row.visited_on,
        "visitors": row.visitors,
        "outcome": row.outcome,
        "rating": row.rating,
        "theme_ids": list(row.theme_ids),
        "experience": row.experience,
        "problems": [ProblemNote(p.text, p.theme_id, p.signal_id) for p in row.problem_notes],
        "ideas": row.ideas,
        "wants_to_participate": row.wants_to_participate,
        "may_be_contacted": row.may_be_contacted,
        "resident_name": resident.name if resident else None,
        "resident_phone": resident.phone if resident else None,
        "consent_on": resident.consent_on if resident else None,
    }
    values.update(changes)
    return services.house_visits.update_visit(visit_id, **values)


def _events(db: Database, entity_type: str, entity_id: int) -> list[tuple[AuditKind, str]]:
    with db.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
        return [(event.kind, event.detail) for event in events]


def test_the_form_gets_what_was_recorded(services: Services, setup: dict[str, int], spring: int) -> None:
    visit_id = _visit(services, setup, spring)
    row = services.house_visits.visit(visit_id)
    assert [(p.text, p.theme_id, p.triaged) for p in row.problem_notes] == [
        ("Afval naast de containers", setup["vervuiling"], False),
        ("Hard rijden", setup["verkeer"], False),
    ]
    assert row.other_problems == ()
    resident = services.house_visits.visit_resident(visit_id)
    assert (resident.name, resident.phone, resident.consent_on) == (
        "Fatima de Boer",
        "06-12345678",
        date(2026, 4, 18),
    )
    assert "Fatima" not in repr(row)


def test_edit_a_visit_changes_its_signals_and_undo_takes_it_all_back(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
) -> None:
    visit_id = _visit(services, setup, spring)
    first, _second = services.house_visits.visit(visit_id).problem_notes
    before = _rows(db)

    token = _edit(
        services,
        visit_id,
        visited_on=date(2026, 4, 17),
        rating=8,
        theme_ids=[setup["verkeer"]],
        problems=[
            ProblemNote("Afval naast de ondergrondse containers", setup["vervuiling"], first.signal_id),
            ProblemNote("Scooters op de stoep", setup["verkeer"]),
        ],
        resident_name="Fatima de Boer-Jansen",
    )

    row = services.house_visits.visit(visit_id)
    assert (row.visited_on, row.rating, row.theme_ids) == (date(2026, 4, 17), 8, (setup["verkeer"],))
    assert row.problems == "Afval naast de ondergrondse containers\nScooters op de stoep"
    texts = [(p.text, p.signal_id == first.signal_id) for p in row.problem_notes]
    assert texts == [("Afval naast de ondergrondse containers", True), ("Scooters op de stoep", False)]
    with db.session_factory() as session:
        texts = [signal.text for signal in session.scalars(select(Signal).order_by(Signal.id))]
        assert "Hard rijden" not in texts  # removed from the form: gone
        assert session.get(Signal, first.signal_id).received_on == date(2026, 4, 17)
    assert services.house_visits.visit_resident(visit_id).name == "Fatima de Boer-Jansen"
    assert _rows(db)["residents"][0][0] == before["residents"][0][0]  # corrected, not a second resident
    assert _events(db, "house_visit", visit_id)[-1] == (AuditKind.UPDATE, "problems,rating,visited_on,themes")
    assert "Fatima" not in repr(token)

    services.house_visits.undo(token)

    assert _rows(db) == before
    assert _events(db, "house_visit", visit_id)[-1] == (
        AuditKind.UPDATE,
        f"ongedaan gemaakt: wijzigen van huisbezoek {visit_id}",
    )


def test_withdrawn_consent_removes_the_resident_and_undo_brings_them_back(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
) -> None:
    visit_id = _visit(services, setup, spring)
    before = _rows(db)
    token = _edit(services, visit_id, resident_name=None, resident_phone=None, consent_on=None)
    assert _rows(db)["residents"] == []
    assert services.house_visits.visit_resident(visit_id) is None
    services.house_visits.undo(token)
    assert _rows(db) == before


def test_a_triaged_problem_stays_as_it_is(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
) -> None:
    visit_id = _visit(services, setup, spring)
    first, _second = services.house_visits.visit(visit_id).problem_notes
    case = services.cases.create_case("Afval bij de containers")
    services.signals.link(first.signal_id, case.id)
    assert services.house_visits.visit(visit_id).problem_notes[0].triaged

    with pytest.raises(ValidationError) as refused:
        _edit(
            services,
            visit_id,
            problems=[ProblemNote("Iets anders", None, first.signal_id)],
        )
    assert "al beoordeeld" in refused.value.errors["problems"]

    _edit(services, visit_id, problems=[])  # the untriaged one goes, the triaged one stays
    row = services.house_visits.visit(visit_id)
    assert [p.signal_id for p in row.problem_notes] == [first.signal_id]
    assert row.problems == "Afval naast de containers"


def test_delete_a_visit_with_its_untriaged_signals_and_undo(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
) -> None:
    visit_id = _visit(services, setup, spring)
    first, second = services.house_visits.visit(visit_id).problem_notes
    case = services.cases.create_case("Afval bij de containers")
    services.signals.link(first.signal_id, case.id)
    before = _rows(db)

    token = services.house_visits.delete_visit(visit_id)

    with pytest.raises(NotFound):
        services.house_visits.visit(visit_id)
    after = _rows(db)
    assert after["visits"] == [] and after["residents"] == []
    assert [(s[0], s[5], s[6]) for s in after["signals"]] == [(first.signal_id, None, case.id)]
    assert _events(db, "house_visit", visit_id)[-1] == (AuditKind.DELETE, "")
    assert _events(db, "signal", second.signal_id)[-1] == (AuditKind.DELETE, f"met huisbezoek {visit_id}")
    assert "Fatima" not in repr(token)

    row = services.house_visits.undo(token)

    assert row.id == visit_id and row.has_resident
    assert _rows(db) == before
    assert _events(db, "house_visit", visit_id)[-1] == (
        AuditKind.CREATE,
        f"ongedaan gemaakt: verwijderen van huisbezoek {visit_id}",
    )


def test_undo_is_refused_when_a_signal_was_triaged_since(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
) -> None:
    visit_id = _visit(services, setup, spring)
    token = _edit(services, visit_id, problems=[ProblemNote("Nieuw probleem", None)])
    made = services.house_visits.visit(visit_id).problem_notes[0].signal_id
    services.signals.close(made, "Al gemeld bij de gemeente")
    after = _rows(db)
    with pytest.raises(ValidationError) as refused:
        services.house_visits.undo(token)
    assert "intussen gewijzigd" in refused.value.errors["undo"]
    assert _rows(db) == after


def test_undo_is_one_transaction(
    db: Database,
    services: Services,
    setup: dict[str, int],
    spring: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visit_id = _visit(services, setup, spring)
    token = services.house_visits.delete_visit(visit_id)
    deleted = _rows(db)

    def failing(*_args: object) -> None:  # every row is back by then, the themes too
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(visit_changes.audit, "record_undo", failing)
    with pytest.raises(RuntimeError):
        services.house_visits.undo(token)

    assert _rows(db) == deleted
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(HouseVisit)) == 0
    monkeypatch.undo()
    assert services.house_visits.undo(token).id == visit_id
