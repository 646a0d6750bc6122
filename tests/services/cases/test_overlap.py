"""The overlap check when a case is entered: realistic near-duplicates found, unrelated cases not."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Area, Case, Theme
from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.services.cases import overlap
from wiec_desktop.services.cases.overlap import MIN_SCORE, normalise, street_key, title_similarity, words
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.fixture
def services(demo_db: Database) -> Services:
    return Services(demo_db.session_factory, today=lambda: DEMO_TODAY)


def _ids(services: Services) -> tuple[dict[str, int], dict[str, int], dict[str, Case]]:
    with services.session_factory() as session:
        themes = {t.name: t.id for t in session.scalars(select(Theme))}
        areas = {a.name: a.id for a in session.scalars(select(Area))}
        cases = {c.title: c for c in session.scalars(select(Case))}
    return themes, areas, cases


def test_text_helpers() -> None:
    assert normalise("  Café-terras, Geïnformeerd!  ") == "cafe terras geinformeerd"
    assert words("Overlast van de jongeren bij het winkelcentrum, 12 jongeren") == [
        "jongeren",
        "winkelcentrum",
    ]
    assert street_key("Winkelcentrum Ruinenlaan 12a") == "ruinenlaan"
    assert street_key("ruinenlaan") == street_key("RUINENLAAN 3 bis") == "ruinenlaan"
    assert street_key("Laan van Meerdervoort 5") == "laan van meerdervoort"
    assert street_key("Hoek Dedemsvaartweg / Ruinenlaan") == "dedemsvaartweg"
    assert street_key("") == street_key(None) == ""
    assert title_similarity(["hangjongeren", "winkelcentrum"], ["jongeren", "winkelcentrum"]) == 100
    assert title_similarity(["verouderde", "speeltuin"], ["hangjongeren", "winkelcentrum"]) < 50


def test_the_example_from_the_issue_is_found_with_its_organisations(services: Services) -> None:
    themes, areas, cases = _ids(services)
    existing = cases["Hangjongeren bij winkelcentrum Ruinenlaan"]
    found = services.overlap.find_similar(
        "Overlast jongeren winkelcentrum Ruinenlaan",
        description="Groepjes jongeren hangen 's avonds rond de ingang van het winkelcentrum.",
        location="Ruinenlaan",
        theme_id=themes["jeugdoverlast"],
        area_id=areas["Wateringseveld-Noord"],
    )
    assert found, "the near-duplicate must be found"
    best = found[0]
    assert best.case_id == existing.id and best.reference == existing.reference
    assert best.title == existing.title and best.location == "Ruinenlaan"
    assert best.theme == "jeugdoverlast" and best.status == best.status_label == existing.status.label
    assert MIN_SCORE <= best.score <= 100
    assert {"zelfde locatie", "vergelijkbare titel", "zelfde thema"} <= set(best.reasons)
    assert best.organisations[0][1] == "Trekker"
    assert ("Jongerenwerk Haagse Kracht", "Trekker") in best.organisations
    assert best.summary.startswith(f"{existing.reference} {existing.title} (")


def test_street_named_only_in_the_title_counts_as_location(services: Services) -> None:
    found = services.overlap.find_similar("Overlast jongeren winkelcentrum Ruinenlaan")
    assert [s.title for s in found][:1] == ["Hangjongeren bij winkelcentrum Ruinenlaan"]
    assert "zelfde locatie" in found[0].reasons


NEAR_DUPLICATES = [
    # (title entered, location entered, theme entered, the existing open case expected first)
    ("Drugsdealers op parkeerplaats Ruinenlaan", "Ruinenlaan 5", "drugsoverlast",
     "Drugshandel parkeerplaats Ruinenlaan"),
    ("Zwerfafval bij de groenstrook", "Meppelgaarde", "vervuiling",
     "Zwerfafval groenstrook Meppelgaarde"),
    ("Eenzaamheid ouderen seniorenflat", "Hollandscheveldplein", None,
     "Eenzame ouderen in de seniorenflat Hollandscheveldplein"),
    ("Te hard rijden", "Dedemsvaartweg", None,
     "Te hard rijden op de Dedemsvaartweg"),
    ("Jongeren hangen rond bij de winkels", "Ruinelaan", None,  # typo in the street
     "Hangjongeren bij winkelcentrum Ruinenlaan"),
    ("Inbraken in schuurtjes", "Hollandscheveldplein", "veiligheid",
     "Inbraken in bergingen Hollandscheveldplein"),
    ("Speeltuin verouderd", "Ruinenlaan", "groen en spelen",
     "Verouderde speeltuin Ruinenlaan"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "location", "theme", "expected"), NEAR_DUPLICATES)
def test_near_duplicates_are_found_first(
    services: Services, title: str, location: str, theme: str | None, expected: str
) -> None:
    themes, _areas, _cases = _ids(services)
    found = services.overlap.find_similar(title, location=location, theme_id=themes.get(theme or ""))
    assert found and found[0].title == expected, [(s.title, s.score) for s in found]


@pytest.mark.parametrize(
    ("title", "location", "theme"),
    [
        ("Kapotte lantaarnpalen", "", None),
        ("Hondenpoep in het park", "Zuiderpark", None),
        ("Losliggende stoeptegels", "Ruinenlaan", None),  # same street, another problem
        ("Wateroverlast in kelders", "Hollandscheveldplein", "woonoverlast"),
        ("Parkeerproblemen bij de moskee", "Leyweg", "verkeer"),
    ],
)
def test_unrelated_cases_are_not_proposed(
    services: Services, title: str, location: str, theme: str | None
) -> None:
    themes, _areas, _cases = _ids(services)
    found = services.overlap.find_similar(title, location=location, theme_id=themes.get(theme or ""))
    assert found == [], [(s.title, s.score, s.reasons) for s in found]


def test_the_same_problem_in_another_street_is_no_duplicate(services: Services) -> None:
    themes, _areas, _cases = _ids(services)
    found = services.overlap.find_similar(
        "Hangjongeren bij winkelcentrum Leyweg", location="Leyweg", theme_id=themes["jeugdoverlast"]
    )
    assert "Hangjongeren bij winkelcentrum Ruinenlaan" not in [s.title for s in found]


def test_closed_and_excluded_cases_are_left_out(services: Services) -> None:
    _themes, _areas, cases = _ids(services)
    closed = cases["Scooteroverlast Meppelgaarde"]
    assert closed.status == CaseStatus.CLOSED
    found = services.overlap.find_similar("Scooteroverlast Meppelgaarde", location="Meppelgaarde")
    assert closed.id not in [s.case_id for s in found]

    editing = cases["Te hard rijden op de Dedemsvaartweg"]
    found = services.overlap.find_similar(editing.title, location=editing.location)
    assert found[0].case_id == editing.id and found[0].score == 100
    found = services.overlap.find_similar(
        editing.title, location=editing.location, exclude_case_id=editing.id
    )
    assert editing.id not in [s.case_id for s in found]


def test_best_first_within_the_limit(services: Services) -> None:
    found = services.overlap.find_similar("Ruinenlaan jongeren speeltuin drugshandel verkeer", limit=2)
    assert len(found) <= 2
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert services.overlap.find_similar("de het een") == []


def test_two_queries_and_a_bounded_candidate_list(
    services: Services, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates are chosen and limited in SQL; organisations come in one more query (no N+1)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    monkeypatch.setattr(overlap, "CANDIDATES", 3)
    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        found = services.overlap.find_similar(
            "Overlast jongeren winkelcentrum Ruinenlaan", location="Ruinenlaan"
        )
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, selects
    assert "LIMIT" in selects[0].upper()
    assert (
        found[0].title == "Hangjongeren bij winkelcentrum Ruinenlaan"
    )  # the best rank survives a tiny limit


def test_nothing_to_compare_gives_nothing(db: Database) -> None:
    services = Services(db.session_factory, today=lambda: DEMO_TODAY)
    assert services.overlap.find_similar("Overlast jongeren winkelcentrum Ruinenlaan") == []
    case = services.cases.create_case("Overlast jongeren winkelcentrum Ruinenlaan", location="Ruinenlaan")
    assert [s.case_id for s in services.overlap.find_similar("Hangjongeren winkelcentrum Ruinenlaan")] == [
        case.id
    ]
