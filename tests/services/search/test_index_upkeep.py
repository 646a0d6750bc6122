"""The index stays in step with the tables on every write path: an edit through a service, undo,
an address import, erasure (also in the raw bytes of the file), and restoring a backup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.privacy import neighbourhood
from tests.services.search.data import TODAY, District, build
from wiec_desktop.domain import Address
from wiec_desktop.domain.enums import VisitOutcome
from wiec_desktop.services.inventory.house_visits import ProblemNote
from wiec_desktop.services.privacy import erasure as erasure_module
from wiec_desktop.services.registry import Services
from wiec_desktop.services.search.model import SearchKind
from wiec_desktop.storage import backups, search_index
from wiec_desktop.storage.database import Database, open_database


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, lambda: TODAY)


@pytest.fixture
def district(db: Database) -> District:
    return build(db.session_factory)


def ids(services: Services, text: str, kind: SearchKind) -> set[int]:
    return {hit.record_id for hit in services.search.search(text).hits() if hit.kind is kind}


def in_step(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return search_index.verify(connection)


def test_an_edit_through_a_service_replaces_the_old_words(
    services: Services, district: District, db: Database
) -> None:
    services.cases.update_case(district.case, title="Vernieling speeltuin Leyweg", description="Kapotte wip")
    assert ids(services, "cafe", SearchKind.CASE) == set()
    assert ids(services, "wip", SearchKind.CASE) == {district.case}
    assert ids(services, "vernieling speeltuin", SearchKind.CASE) == {district.case}
    assert in_step(db) == []


def test_undo_of_a_deleted_case_brings_its_words_back(services: Services, db: Database) -> None:
    created = services.cases.create_case("Parkeeroverlast Zuidwoldestraat", opened_on=date(2026, 10, 1))
    assert ids(services, "zuidwolde", SearchKind.CASE) == {created.id}
    token = services.cases.delete_case(created.id)
    assert ids(services, "zuidwolde", SearchKind.CASE) == set()
    services.cases.undo(token)
    assert ids(services, "zuidwolde", SearchKind.CASE) == {created.id}
    assert in_step(db) == []


def test_undo_of_a_visit_edit_restores_the_old_notes(
    services: Services, district: District, db: Database
) -> None:
    visit = services.house_visits.visit(district.visit)
    change = services.house_visits.update_visit(
        district.visit, visited_on=visit.visited_on, visitors="Voorzitter", outcome=VisitOutcome.SPOKEN,
        rating=7, experience="Prettig wonen, rustige straat",
    )  # fmt: skip
    assert ids(services, "rustige", SearchKind.HOUSE_VISIT) == {district.visit}
    services.house_visits.undo(change)
    assert ids(services, "rustige", SearchKind.HOUSE_VISIT) == set()
    assert ids(services, "bovenburen", SearchKind.HOUSE_VISIT) == {district.visit}
    assert in_step(db) == []


def test_an_address_import_and_a_visit_at_a_new_address(
    services: Services, district: District, db: Database, tmp_path: Path
) -> None:
    csv = tmp_path / "adressen.csv"
    csv.write_text("Straat;Huisnummer;Toevoeging;Postcode\nMeppelweg;7;;2544 AA\nMeppelweg;9;;2544 AA\n")
    assert services.address_import.import_rows(services.address_import.preview(csv)) == 2
    assert in_step(db) == []
    with db.session_factory() as session:
        address_id = session.scalars(select(Address.id).where(Address.street == "Meppelweg")).first()
    assert address_id is not None
    result = services.house_visits.record_visit(
        address_id, visited_on=TODAY, round_id=None, visitors="Voorzitter", outcome=VisitOutcome.SPOKEN,
        rating=5, problems=[ProblemNote("Rattenoverlast in de achtertuin")], ideas="Buurtbarbecue",
    )  # fmt: skip
    [visit] = [
        hit for hit in services.search.search("buurtbarb").hits() if hit.kind is SearchKind.HOUSE_VISIT
    ]
    assert visit.record_id == result.visit_id and visit.title.startswith("Huisbezoek Meppelweg 7")
    assert ids(services, "ratten", SearchKind.SIGNAL) == set(result.signal_ids)
    assert in_step(db) == []


def test_erasure_takes_the_residents_words_out_of_the_index_and_the_file(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(erasure_module, "_free_text_detector", lambda _context: None)
    built = neighbourhood.build(db.session_factory)
    services = Services(db.session_factory, lambda: neighbourhood.TODAY)
    assert services.search.search("sitaldin").total >= 5
    services.search.remember("Sitaldin")
    erasure = services.erasure
    result = erasure.erase_resident(built.resident, erasure.find_resident_passages(built.resident))
    assert result.compaction is not None and result.compaction.complete
    assert services.search.search("sitaldin").total == 0
    assert services.search.search("emine").total == 0
    assert services.search.recent() == []
    assert services.search.search("brouwer").total > 0  # the neighbour stays findable
    assert in_step(db) == []
    path = db.location.path
    assert path is not None
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    # FTS5 writes a term in full or after the prefix it shares with the term before it: the end of
    # the name is in the bytes either way, unless the term is gone.
    for token in (b"sitaldin", b"Sitaldin", b"aldin", b"emine", b"0627254302"):
        assert token not in raw, token
    with db.engine.connect() as connection:
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, search_index, 'row')"
        )
        terms = {row[0] for row in connection.exec_driver_sql("SELECT term FROM temp.terms")}
    assert "brouwer" in terms and not {"sitaldin", "emine", "0627254302"} & terms


def test_restoring_a_backup_gives_the_index_of_the_backup(
    db: Database, district: District, tmp_path: Path
) -> None:
    path = db.location.path
    assert path is not None
    folder = tmp_path / "backups"
    backup = backups.make_backup(db, folder)
    services = Services(db.session_factory, lambda: TODAY)
    services.cases.update_case(district.case, title="Nieuwe titel na de back-up")
    services.cases.create_case("Trambaan lawaai", opened_on=date(2026, 10, 1))
    db.close()
    backups.restore(backup, path, folder)
    restored = open_database(path)
    try:
        again = Services(restored.session_factory, lambda: TODAY)
        assert ids(again, "trambaan", SearchKind.CASE) == set()
        assert ids(again, "back-up", SearchKind.CASE) == set()
        assert ids(again, "cafe", SearchKind.CASE) == {district.case}
        assert in_step(restored) == []
    finally:
        restored.close()
