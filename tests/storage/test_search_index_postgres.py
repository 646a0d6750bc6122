"""The same search on a real PostgreSQL server (``search_document``, the ``dutch`` text search,
``unaccent``): what both databases must find, the index after an edit, undo, erasure and plain SQL,
``verify`` and ``rebuild``, and the 0008 migration down and up with data."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.postgres_server import postgres_bin_dir, running_postgres
from tests.services.privacy import neighbourhood
from tests.services.search.data import TODAY, District, build
from wiec_desktop.services.privacy import erasure as erasure_module
from wiec_desktop.services.registry import Services
from wiec_desktop.services.search.model import SearchKind
from wiec_desktop.storage import migrate, search_index
from wiec_desktop.storage.database import Database, open_database

pytestmark = pytest.mark.skipif(
    postgres_bin_dir() is None and not os.environ.get("CI"), reason="PostgreSQL is not installed"
)
_NUMBERS = itertools.count(1)


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    with running_postgres() as url:
        yield url


@pytest.fixture
def pg_db(pg_server: str) -> Iterator[Database]:
    """A new, migrated, empty database on the server for each test."""
    name = f"zoek{next(_NUMBERS)}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    database = open_database(pg_server.rsplit("/", 1)[0] + f"/{name}", create=True)
    yield database
    database.close()


def found(services: Services, query: str) -> dict[SearchKind, set[int]]:
    return {g.kind: {h.record_id for h in g.hits} for g in services.search.search(query).groups}


def _verify(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return search_index.verify(connection)


def test_what_both_databases_find(pg_db: Database) -> None:
    district: District = build(pg_db.session_factory)
    services = Services(pg_db.session_factory, lambda: TODAY)
    expected = {
        "Erasmusweg": {SearchKind.CASE: {district.case}},
        "Zonnewijzer": {SearchKind.MEETING: {district.meeting}},
        "scooters": {SearchKind.MINUTES: {district.agenda_item}},
        "camera's": {SearchKind.DECISION: {district.decision}},
        "fietsenstalling": {SearchKind.ACTION: {district.action}},
        "Klinkhamer": {SearchKind.ACTION: {district.action}},
        "glasbak": {SearchKind.SIGNAL: {district.signal}},
        "bovenburen": {SearchKind.HOUSE_VISIT: {district.visit}},
        "conflicten": {SearchKind.ORGANISATION: {district.organisation}},
        "vrijwilligers": {SearchKind.CONTACT: {district.contact}},
        "ozdemir": {SearchKind.CONTACT: {district.contact}},  # accents ignored
        "COÖRDINATOR": {SearchKind.CONTACT: {district.contact}},
        "jonger": {SearchKind.CASE: {district.case}},  # a prefix
        "fietsen repar": {SearchKind.ACTION: {district.action}},
        '"verlichting repareren"': {SearchKind.ACTION: {district.action}},
        '"repareren verlichting"': {},
        "bergingen -scooters": {SearchKind.CASE: {district.case}},
        "2026-014": {SearchKind.CASE: {district.case}},
        "A-2026-031": {SearchKind.ACTION: {district.action}},
        "fietsen zwerfvuil": {},
    }
    for query, kinds in expected.items():
        assert found(services, query) == kinds, query
    assert district.case in found(services, "cafe")[SearchKind.CASE]
    for query in ('"', "*", ":", "( NOT", "-", "a & b | !c <-> d:*", "'quote'", "\\"):
        services.search.search(query)  # never raises
    [hit] = services.search.search("bovenbur weekend").hits()
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.marks] == ["bovenburen", "weekend"]
    assert hit.title == "Huisbezoek Erasmusweg 12, 20-04-2026" and hit.rank < 0
    assert _verify(pg_db) == []


def test_the_index_follows_edits_undo_and_plain_sql(pg_db: Database) -> None:
    district = build(pg_db.session_factory)
    services = Services(pg_db.session_factory, lambda: TODAY)
    services.cases.update_case(district.case, title="Vernieling speeltuin", description="Kapotte wip")
    assert found(services, "cafe").get(SearchKind.CASE) is None
    assert found(services, "speeltuin") == {SearchKind.CASE: {district.case}}
    created = services.cases.create_case("Parkeeroverlast Zuidwoldestraat", opened_on=TODAY)
    token = services.cases.delete_case(created.id)
    assert found(services, "zuidwolde") == {}
    services.cases.undo(token)
    assert found(services, "zuidwolde") == {SearchKind.CASE: {created.id}}
    with pg_db.engine.begin() as connection:
        connection.execute(text("UPDATE action_update SET note = 'Aannemer Bouwbedrijf Pronk'"))
        connection.execute(text("DELETE FROM signal"))
    assert found(services, "pronk") == {SearchKind.ACTION: {district.action}}
    assert found(services, "klinkhamer") == {} and found(services, "glasbak") == {}
    assert _verify(pg_db) == []


def test_erasure_takes_the_resident_out_of_the_index(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(erasure_module, "_free_text_detector", lambda _context: None)
    built = neighbourhood.build(pg_db.session_factory)
    services = Services(pg_db.session_factory, lambda: neighbourhood.TODAY)
    assert services.search.search("sitaldin").total >= 5
    services.search.remember("sitaldin")
    services.erasure.erase_resident(built.resident, services.erasure.find_resident_passages(built.resident))
    assert services.search.search("sitaldin").total == 0
    assert services.search.recent() == []
    with pg_db.engine.connect() as connection:
        left = connection.execute(text("SELECT count(*) FROM search_document WHERE body ILIKE '%sitaldin%'"))
        assert left.scalar_one() == 0
    assert _verify(pg_db) == []


def test_verify_rebuild_and_the_migration_down_and_up(pg_db: Database) -> None:
    district = build(pg_db.session_factory)
    with pg_db.engine.begin() as connection:
        connection.execute(text("UPDATE search_document SET body = 'x' WHERE kind = 1"))
        connection.execute(text("DELETE FROM search_document WHERE kind = 9"))
        connection.execute(text("DROP TRIGGER search_signal_signal ON signal"))
    assert _verify(pg_db) == [
        "Zoekindex: 1 trigger ontbreekt; de index volgt niet elke wijziging",
        "Zoekindex, casussen: 1 rij ontbreekt of heeft een andere tekst dan de tabel",
        "Zoekindex, contactpersonen: 1 rij ontbreekt of heeft een andere tekst dan de tabel",
        "Zoekindex herstellen: wiec-desktop check --rebuild-search-index --db …",
    ]
    with pg_db.engine.begin() as connection:
        search_index.rebuild(connection)
    assert _verify(pg_db) == []
    migrate.migrate_engine(pg_db.engine, "0007_privacy_terms")
    with pg_db.engine.connect() as connection:
        assert connection.execute(text("SELECT to_regclass('search_document')")).scalar() is None
        assert connection.execute(text("SELECT to_regclass('recent_search')")).scalar() is None
    migrate.migrate_engine(pg_db.engine, migrate.SCHEMA_HEAD)
    services = Services(pg_db.session_factory, lambda: TODAY)
    assert found(services, "vrijwilligers") == {SearchKind.CONTACT: {district.contact}}
    assert _verify(pg_db) == []
