"""The search service on SQLite: every kind, accents, prefixes, phrases, exclusion, limits and
totals, titles and where a hit leads, the snippet's marks, and the recent searches."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from tests.services.search.data import CASE_TITLE, TODAY, District, build
from wiec_desktop.domain import Signal
from wiec_desktop.domain.enums import SignalSource
from wiec_desktop.services.registry import Services
from wiec_desktop.services.search.model import SearchKind, SearchResults
from wiec_desktop.services.search.query import fold
from wiec_desktop.storage.database import Database


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, lambda: TODAY)


@pytest.fixture
def district(db: Database) -> District:
    return build(db.session_factory)


def found(results: SearchResults) -> dict[SearchKind, set[int]]:
    return {group.kind: {hit.record_id for hit in group.hits} for group in results.groups}


def test_every_kind_is_found_by_a_word_of_its_own(services: Services, district: District) -> None:
    expected = {
        "Erasmusweg": {SearchKind.CASE: {district.case}},
        "Zonnewijzer": {SearchKind.MEETING: {district.meeting}},
        "scooters": {SearchKind.MINUTES: {district.agenda_item}},
        "camera's": {SearchKind.DECISION: {district.decision}},
        "fietsenstalling": {SearchKind.ACTION: {district.action}},
        "Klinkhamer": {SearchKind.ACTION: {district.action}},  # a progress update's text
        "glasbak": {SearchKind.SIGNAL: {district.signal}},
        "bovenburen": {SearchKind.HOUSE_VISIT: {district.visit}},
        "conflicten": {SearchKind.ORGANISATION: {district.organisation}},
        "vrijwilligers": {SearchKind.CONTACT: {district.contact}},
    }
    for word, kinds in expected.items():
        assert found(services.search.search(word)) == kinds, word


def test_titles_and_where_each_hit_leads(services: Services, district: District) -> None:
    results = services.search.search("bergingen")
    assert [group.kind for group in results.groups] == [SearchKind.CASE, SearchKind.MINUTES]
    case, minutes = results.hits()
    assert case.title == f"2026-014 {CASE_TITLE}" and case.case_id == district.case
    assert minutes.title == "Casus café — 14-04-2026 Buurtavond Wateringseveld"
    assert (minutes.meeting_id, minutes.agenda_item_id, minutes.case_id) == (
        district.meeting, district.agenda_item, district.case,
    )  # fmt: skip
    [decision] = services.search.search("speelveld").hits()
    assert (decision.meeting_id, decision.agenda_item_id) == (district.meeting, district.agenda_item)
    assert decision.title.startswith("Besluit: Casus café — 14-04-2026 Buurtavond")
    [action] = services.search.search("verlichting").hits()
    assert action.title == "A-2026-031 Verlichting repareren bij de fietsenstalling."
    assert (action.case_id, action.meeting_id, action.agenda_item_id) == (
        district.case, district.meeting, district.agenda_item,
    )  # fmt: skip
    [visit] = services.search.search("geluidsoverlast").hits()
    assert visit.title == "Huisbezoek Erasmusweg 12, 20-04-2026"
    [signal] = services.search.search("zwerfvuil").hits()
    assert signal.title == "Signaal 03-05-2026, Leyweg"
    [contact] = services.search.search("fatima").hits()
    assert contact.title == "Fatima Özdemir (Stichting Buurtbemiddeling Escamp)"
    [meeting] = services.search.search("buurtavond").hits()
    assert meeting.meeting_id == district.meeting and meeting.title == "14-04-2026 Buurtavond Wateringseveld"


def test_accents_and_case_are_ignored_both_ways(services: Services, district: District) -> None:
    for query in ("cafe", "CAFÉ", "Café", "cafè"):
        assert district.case in found(services.search.search(query)).get(SearchKind.CASE, set()), query
    assert found(services.search.search("ozdemir")) == {SearchKind.CONTACT: {district.contact}}
    assert found(services.search.search("coordinator")) == {SearchKind.CONTACT: {district.contact}}


def test_every_word_is_a_prefix_and_all_words_must_match(services: Services, district: District) -> None:
    assert found(services.search.search("jonger")) == {SearchKind.CASE: {district.case}}
    assert found(services.search.search("fietsen repar")) == {SearchKind.ACTION: {district.action}}
    assert found(services.search.search("fietsen zwerfvuil")) == {}
    assert found(services.search.search("ongeren")) == {}  # a prefix, not any part of a word


def test_phrases_match_consecutive_words(services: Services, district: District) -> None:
    assert found(services.search.search('"bergingen van de"')) == {SearchKind.CASE: {district.case}}
    assert found(services.search.search('"bij de bergingen"')).keys() == {SearchKind.CASE, SearchKind.MINUTES}
    assert found(services.search.search('"de bij bergingen"')) == {}
    assert found(services.search.search("2026-014")) == {SearchKind.CASE: {district.case}}
    assert found(services.search.search("A-2026-031")) == {SearchKind.ACTION: {district.action}}


def test_a_minus_word_excludes(services: Services, district: District) -> None:
    assert found(services.search.search("bergingen -scooters")) == {SearchKind.CASE: {district.case}}
    assert found(services.search.search("bergingen -jong")) == {SearchKind.MINUTES: {district.agenda_item}}
    assert services.search.search("-bergingen").groups == ()  # nothing positive asked: no search


def test_syntax_of_the_index_is_just_text(services: Services, district: District) -> None:
    for query in (
        '"',
        '""',
        "*",
        ":",
        "(",
        ")",
        "AND",
        "OR NOT",
        "-",
        "--",
        'bergingen"',
        "café*",
        "^x",
        "NEAR(a b)",
    ):
        services.search.search(query)  # never raises
    assert found(services.search.search("bergingen AND")) == {}  # "and" is a word like any other
    assert district.case in found(services.search.search('"bergingen')).get(SearchKind.CASE, set())


def test_the_limit_per_kind_cuts_hits_but_the_total_counts_all(
    services: Services, district: District, db: Database
) -> None:
    with db.session_factory.begin() as session:
        for day in range(1, 13):
            session.add(
                Signal(
                    received_on=date(2026, 6, day),
                    source=SignalSource.RESIDENT_PHONE,
                    text=f"Glasbak vol {day}",
                )
            )
    results = services.search.search("glasbak", limit_per_kind=3)
    [group] = results.groups
    assert (group.kind, len(group.hits), group.total) == (SearchKind.SIGNAL, 3, 13)
    ranks = [hit.rank for hit in group.hits]
    assert ranks == sorted(ranks)
    only = services.search.search("bergingen", kinds=[SearchKind.MINUTES])
    assert found(only) == {SearchKind.MINUTES: {district.agenda_item}}


def test_marks_cover_the_matching_words(services: Services, district: District) -> None:
    [hit] = services.search.search("bovenbur weekend").hits()
    snippet = hit.snippet
    marked = [snippet.text[start:end] for start, end in snippet.marks]
    assert marked == ["bovenburen", "weekend"]
    [case] = services.search.search("cafe").hits()[:1]
    assert [case.snippet.text[s:e] for s, e in case.snippet.marks] == ["café"]
    [phrase] = services.search.search('"bergingen van de"').hits()
    assert [fold(phrase.snippet.text[s:e]) for s, e in phrase.snippet.marks] == ["bergingen van de"]


def test_an_empty_item_is_not_indexed_and_raw_sql_is_followed(
    services: Services, district: District, db: Database
) -> None:
    assert found(services.search.search("sluiting")) == {}
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE agenda_item SET minutes = 'Sluiting om tien uur' WHERE id = :id"),
                           {"id": district.empty_item})  # fmt: skip
        connection.execute(text("DELETE FROM decision WHERE id = :id"), {"id": district.decision})
    assert found(services.search.search("sluiting")) == {SearchKind.MINUTES: {district.empty_item}}
    assert found(services.search.search("speelveld")) == {}


def test_recent_searches_newest_first_once_at_most_ten(services: Services) -> None:
    search = services.search
    for word in ("bergingen", "café", "bergingen"):
        search.remember(word)
    assert search.recent() == ["bergingen", "café"]
    search.remember("   ")
    search.remember("-alleen")  # nothing positive: not a search
    for number in range(12):
        search.remember(f"woord{number}")
    assert search.recent() == [f"woord{number}" for number in range(11, 1, -1)]
    search.forget_recent()
    assert search.recent() == []
