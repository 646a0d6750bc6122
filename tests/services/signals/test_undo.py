"""Taking a triage back: the signal returns to the inbox as it was, a case made from it goes when
nothing else has come to it, one transaction, and the audit log says so."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.services.signals.test_triage import World, _signal, _stored
from wiec_desktop.domain import AuditEvent, Case, Signal
from wiec_desktop.domain.enums import AuditKind, InvolvementRole, OrganisationKind, SignalStatus
from wiec_desktop.services import audit
from wiec_desktop.services.validation import ValidationError


def _columns(world: World, signal_id: int) -> dict[str, object]:
    signal = _stored(world, signal_id)
    return {
        column.key: getattr(signal, column.key)
        for column in Signal.__table__.columns
        if column.key != "version"
    }


def _signal_events(world: World, signal_id: int) -> list[tuple[AuditKind, str]]:
    with world.database.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "signal", AuditEvent.entity_id == signal_id)
            .order_by(AuditEvent.id)
        )
        return [(event.kind, event.detail) for event in events]


def test_undo_a_link_puts_the_signal_back_in_the_inbox_as_it_was(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Vuilniszakken naast de containers", theme_id=world.litter)
    before = _columns(world, signal)

    token = signals.link(signal, world.containers)

    assert (token.status, token.case_reference, token.case_created) == (
        SignalStatus.LINKED,
        "2026-001",
        False,
    )
    assert signal not in {row.signal_id for row in signals.inbox()}
    undone = signals.undo(token)
    after = _columns(world, signal)
    assert after.pop("updated_at") >= before.pop("updated_at")
    assert after == before
    assert (undone.removed_case, undone.kept_case) == ("", "")
    assert signal in {row.signal_id for row in signals.inbox()}
    assert world.services.cases.get_case(world.containers).title  # the existing case is untouched
    assert _signal_events(world, signal)[-2:] == [
        (AuditKind.STATUS, "gekoppeld aan casus 2026-001"),
        (AuditKind.STATUS, "ongedaan gemaakt: terug in de inbox"),
    ]


def test_undo_a_close_forgets_the_reason(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Lantaarnpaal kapot")
    token = signals.close(signal, "Doorgezet naar de gemeente")
    signals.undo(token)
    stored = _stored(world, signal)
    assert (stored.status, stored.closed_reason, stored.triaged_on, stored.case_id) == (
        SignalStatus.NEW,
        "",
        None,
        None,
    )
    assert signals.close_reasons() == []


def test_undo_a_new_case_from_a_signal_removes_that_case(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Scooters over de stoep", theme_id=world.traffic)
    token = signals.create_case_from(signal, "Scooters over de stoep", theme_id=world.traffic)
    assert token.case_created and token.case_reference == "2026-005"

    undone = signals.undo(token)

    assert undone.removed_case == "2026-005"
    with world.database.session_factory() as session:
        assert session.get(Case, token.case_id) is None
        event = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == "case", AuditEvent.entity_id == token.case_id)
            .order_by(AuditEvent.id.desc())
        ).first()
    assert (event.kind, event.detail) == (AuditKind.DELETE, f"ongedaan gemaakt: casus uit signaal {signal}")
    assert _stored(world, signal).status == SignalStatus.NEW


def test_undo_keeps_a_case_from_a_signal_that_has_more_by_now(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Scooters over de stoep", theme_id=world.traffic)
    token = signals.create_case_from(signal, "Scooters over de stoep")
    police = world.services.organisations.create_organisation("Politie", OrganisationKind.POLICE)
    world.services.cases.add_involvement(token.case_id, police.id, InvolvementRole.LEAD)

    undone = signals.undo(token)

    assert (undone.removed_case, undone.kept_case) == ("", "2026-005")
    assert world.services.cases.get_case(token.case_id).title == "Scooters over de stoep"
    assert _stored(world, signal).status == SignalStatus.NEW


def test_undo_is_refused_when_the_signal_changed_since(world: World) -> None:
    signals = world.services.signals
    signal = _signal(world, "Eerst afgesloten")
    first = signals.close(signal, "Geen actie nodig")
    signals.undo(first)
    signals.link(signal, world.containers)  # triaged again, differently

    with pytest.raises(ValidationError) as refused:
        signals.undo(first)

    assert "intussen gewijzigd" in refused.value.errors["undo"]
    assert _stored(world, signal).case_id == world.containers


def test_undo_is_one_transaction(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    signals = world.services.signals
    signal = _signal(world, "Scooters over de stoep")
    token = signals.create_case_from(signal, "Scooters over de stoep")
    calls: list[str] = []

    def fail_on_the_case(session: object, kind: AuditKind, entity_type: str, *args: object) -> None:
        calls.append(entity_type)
        if entity_type == "case":  # the signal is back in the inbox by now, the case being deleted
            raise RuntimeError("schijf vol")

    monkeypatch.setattr(audit, "record_undo", fail_on_the_case)
    with pytest.raises(RuntimeError):
        signals.undo(token)

    assert calls == ["signal", "case"]
    assert _stored(world, signal).status == SignalStatus.LINKED
    assert world.services.cases.get_case(token.case_id).reference == "2026-005"
    monkeypatch.undo()
    assert signals.undo(token).removed_case == "2026-005"
