"""Erasing one resident on request: every passage that names them is found, the confirmed ones are
replaced, the record and term choices go, and afterwards the raw bytes of the database file and its
WAL hold none of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.privacy.neighbourhood import (
    ACTION,
    CASE_DESCRIPTION,
    DECISION,
    MINUTES,
    NAME,
    OTHER_NAME,
    PHONE,
    SIGNAL_TEXT,
    SNAPSHOT_MINUTES,
    TODAY,
    UPDATE,
    VISIT_PROBLEMS,
    build,
)
from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    AgendaItem,
    AuditEvent,
    Decision,
    Erasure,
    HouseVisit,
    Meeting,
    PrivacyTerm,
    Resident,
)
from wiec_desktop.domain.enums import AuditKind, ErasureKind
from wiec_desktop.services.privacy import erasure as erasure_module
from wiec_desktop.services.privacy.erasure import ERASED_TEXT, ErasureService, Passage, name_variants
from wiec_desktop.services.privacy.redaction import Finding, FindingKind
from wiec_desktop.services.privacy.removal import ON_ERASE, ErasedRecords
from wiec_desktop.services.validation import NotFound, ValidationError
from wiec_desktop.storage.database import Database, open_database


@pytest.fixture(autouse=True)
def patterns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same findings whether or not the de-identification tables happen to be built here."""
    monkeypatch.setattr(erasure_module, "_free_text_detector", lambda _context: None)


@pytest.fixture
def erasure(db: Database) -> ErasureService:
    return ErasureService(db.session_factory, lambda: TODAY)


def _raw(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_name_variants_cover_the_surname_and_both_parts_of_a_double_one() -> None:
    assert name_variants("Emine Sitaldin") == {"Emine Sitaldin", "Sitaldin"}
    assert {"Jansen-de Boer", "Jansen", "de Boer", "Boer"} <= name_variants("Anna Jansen-de Boer")
    assert "de Vries" in name_variants("Jan de Vries") and "Vries" in name_variants("Jan de Vries")
    assert name_variants(None) == frozenset() and name_variants("  ") == frozenset()


def test_every_passage_naming_the_resident_is_found(db: Database, erasure: ErasureService) -> None:
    ids = build(db.session_factory)
    passages = erasure.find_resident_passages(ids.resident)
    found = {(p.table, p.column, p.row_id, p.original) for p in passages}
    assert (
        "agenda_item",
        "minutes",
        ids.agenda_item,
        "Mevrouw Sitaldin",
    ) not in found  # the name, not the title
    assert ("agenda_item", "minutes", ids.agenda_item, "Sitaldin") in found
    assert ("agenda_item", "minutes", ids.agenda_item, "Ruinenlaan 39") in found
    assert ("agenda_item", "minutes", ids.agenda_item, "0627254302") in found
    assert ("action", "description", ids.action, "Emine Sitaldin") in found
    assert ("action", "description", ids.action, "06 27 25 43 02") in found
    assert ("decision", "text", ids.decision, "Sitaldin") in found
    assert ("case", "description", ids.case, PHONE) in found
    assert ("house_visit", "problems", ids.visit, "Emine") not in found  # a first name alone is not searched
    assert ("signal", "text", ids.signal, "Sitaldin") in found
    assert ("attendance", "guest_name") in {(p.table, p.column) for p in passages}
    assert any(p.table == "action_update" and p.original == "Sitaldin" for p in passages)
    snapshot = [p for p in passages if p.column == "minutes_snapshot"]
    assert [(p.row_id, p.path, p.original) for p in snapshot] == [
        (ids.meeting, ("data", "items", 0, "minutes"), "Sitaldin")
    ]
    # Nobody else: not the neighbour's name, nor his house number 41.
    assert all(OTHER_NAME not in p.original and "41" not in p.original for p in passages)
    minutes = next(p for p in passages if p.table == "agenda_item" and p.kind is FindingKind.NAME)
    assert "[Sitaldin]" in minutes.context and minutes.where.startswith("Agendapunt ‘Portiek’")


def test_erasure_replaces_the_confirmed_passages_and_removes_the_record(
    db: Database, erasure: ErasureService
) -> None:
    ids = build(db.session_factory)
    passages = erasure.find_resident_passages(ids.resident)
    kept = next(p for p in passages if p.table == "decision")  # the chair leaves this one
    chosen = [p for p in passages if p is not kept]
    result = erasure.erase_resident(ids.resident, chosen)
    assert (result.visits, result.passages, result.terms) == (1, len(chosen), 1)
    with db.session_factory() as session:
        assert session.get(Resident, ids.resident) is None
        assert session.get(Resident, ids.other_resident) is not None
        item = session.get(AgendaItem, ids.agenda_item)
        assert item is not None
        erased = f"Mevrouw {ERASED_TEXT} ({ERASED_TEXT}, {ERASED_TEXT}) meldt overlast;"
        assert item.minutes == f"{erased} Kees Brouwer van nr. 41 ook."
        action = session.get(Action, ids.action)
        assert (
            action is not None
            and action.description == f"Bel {ERASED_TEXT} terug op {ERASED_TEXT} over de portiek"
        )
        assert session.scalars(select(ActionUpdate.note)).one() == f"{ERASED_TEXT} gebeld, komt langs"
        decision = session.get(Decision, ids.decision)
        assert decision is not None and decision.text == DECISION  # not confirmed: unchanged
        visit = session.get(HouseVisit, ids.visit)
        assert visit is not None
        assert (visit.problems, visit.ideas, visit.resident_id, visit.rating) == ("", "", None, 6)
        meeting = session.get(Meeting, ids.meeting)
        assert meeting is not None and meeting.minutes_snapshot is not None
        stored = json.loads(meeting.minutes_snapshot)
        assert stored["data"]["items"][0]["minutes"] == f"{ERASED_TEXT} vraagt om extra verlichting"
        assert [t.term for t in session.scalars(select(PrivacyTerm))] == ["ruinenlaan"]
        log = session.scalars(select(Erasure)).one()
        assert (log.kind, log.resident_id, log.residents, log.passages) == (
            ErasureKind.REQUEST,
            ids.resident,
            1,
            len(chosen),
        )
        entry = session.scalars(select(AuditEvent).where(AuditEvent.kind == AuditKind.ERASE)).one()
        assert (entry.entity_type, entry.entity_id) == ("resident", ids.resident)
        assert "Sitaldin" not in entry.detail and PHONE not in entry.detail


def test_after_erasure_the_raw_file_holds_none_of_it(db: Database, erasure: ErasureService) -> None:
    ids = build(db.session_factory)
    path = db.location.path
    assert path is not None
    assert b"Sitaldin" in _raw(path)
    result = erasure.erase_resident(ids.resident, erasure.find_resident_passages(ids.resident))
    assert result.compaction is not None and result.compaction.complete
    raw = _raw(path)
    for text in (NAME, "Sitaldin", "sitaldin", PHONE, "0627254302", "06 27 25 43 02", VISIT_PROBLEMS):
        assert text.encode() not in raw, text
    for text in (MINUTES, ACTION, UPDATE, CASE_DESCRIPTION, SIGNAL_TEXT, SNAPSHOT_MINUTES):
        assert text.encode() not in raw, text
    assert OTHER_NAME.encode() in raw  # the neighbour stays
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    db.close()  # and a fresh open finds the same
    again = open_database(path)
    try:
        with again.session_factory() as session:
            assert session.get(Resident, ids.other_resident) is not None
    finally:
        again.close()


def test_a_passage_changed_in_between_is_refused(db: Database, erasure: ErasureService) -> None:
    ids = build(db.session_factory)
    passages = erasure.find_resident_passages(ids.resident)
    with db.session_factory.begin() as session:
        item = session.get(AgendaItem, ids.agenda_item)
        assert item is not None
        item.minutes = "Herschreven: " + item.minutes
    with pytest.raises(ValidationError) as caught:
        erasure.erase_resident(ids.resident, passages, compact=False)
    assert "opnieuw" in caught.value.errors["passages"]
    with db.session_factory() as session:  # nothing happened: one transaction
        assert session.get(Resident, ids.resident) is not None


def test_a_made_up_passage_is_refused(db: Database, erasure: ErasureService) -> None:
    ids = build(db.session_factory)
    fake = Passage("resident", "name", ids.other_resident, 0, 4, "Kees", FindingKind.NAME, "", "")
    with pytest.raises(ValidationError):
        erasure.erase_resident(ids.resident, [fake], compact=False)
    with pytest.raises(NotFound):
        erasure.find_resident_passages(9999)


def test_the_picker_lists_residents_and_the_hook_hears_the_erasure(
    db: Database, erasure: ErasureService
) -> None:
    ids = build(db.session_factory)
    choices = erasure.residents()
    assert [(c.id, c.label) for c in choices] == [
        (ids.resident, f"{NAME} — Ruinenlaan 39"),
        (ids.other_resident, f"{OTHER_NAME} — Ruinenlaan 41"),
    ]
    heard: list[ErasedRecords] = []
    ON_ERASE.append(lambda _session, records: heard.append(records))
    try:
        erasure.erase_resident(ids.resident, [], compact=False)
    finally:
        ON_ERASE.pop()
    assert heard[0].kind is ErasureKind.REQUEST and heard[0].deleted == (("resident", ids.resident),)
    assert ("house_visit", ids.visit) in heard[0].changed


class FakeLibrary:
    """Stands in for the de-identification library: finds "buurvrouw Sitaldin-Ozturk" and "Piet"."""

    def find(self, text: str) -> list[Finding]:
        found = []
        for name in ("buurvrouw Sitaldin-Ozturk", "Piet", "Bel Emine Sitaldin"):
            start = text.find(name)
            if start >= 0:
                found.append(Finding(start, start + len(name), FindingKind.NAME))
        return found


def test_names_the_library_finds_count_when_they_hold_the_surname(
    db: Database, erasure: ErasureService, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build(db.session_factory)
    with db.session_factory.begin() as session:
        item = session.get(AgendaItem, ids.agenda_item)
        assert item is not None
        item.minutes = "Gesproken met buurvrouw Sitaldin-Ozturk en met Piet."
    monkeypatch.setattr(erasure_module, "_free_text_detector", lambda _context: FakeLibrary())
    passages = erasure.find_resident_passages(ids.resident)
    minutes = [p.original for p in passages if p.table == "agenda_item"]
    assert minutes == ["Sitaldin-Ozturk"]  # the whole double surname; Piet is somebody else
    action = [p.original for p in passages if p.table == "action"]
    assert action[0] == "Emine Sitaldin"  # never lengthened to the left ("Bel …")
