"""The inventory report (inventarisatierapport): data on a small hand-made dataset checked against an
independent computation, the Word document reopened (headings, tables, charts, footer fields,
recommendations), privacy (no resident name, phone or house number anywhere in the package),
anonymising, and the demo database end to end (with a LibreOffice conversion when installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import AreaKind, SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.domain.inventory import Address, HouseVisit, InventoryRound, Resident, Signal
from wiec_desktop.domain.organisations import Area, Theme
from wiec_desktop.exports.docx.inventory import (
    HEADINGS,
    PROBLEM_HEADERS,
    build_inventory_document,
    write_inventory_docx,
)
from wiec_desktop.services.registry import Services
from wiec_desktop.services.reports.report_data import (
    MIN_RATINGS,
    InventoryReportData,
    ReportDataService,
    anonymise,
    name_patterns,
)
from wiec_desktop.storage.database import Database

TODAY = date(2026, 10, 20)
RESIDENT = "Anna de Vries"
PHONE = "06-12345678"
RECOMMENDATIONS = "Extra verlichting in de Dreeflaan.\n\nJongerenwerk vaker in de avond."

# (street, number, addition, area)
ADDRESSES = [
    ("Dreeflaan", 10, "", "Dreven"),
    ("Dreeflaan", 12, "a", "Dreven"),
    ("Dreeflaan", 14, "", "Dreven"),
    ("Dreeflaan", 16, "", "Dreven"),
    ("Gaardenstraat", 1, "", "Gaarden"),
    ("Gaardenstraat", 3, "", "Gaarden"),
    ("Gaardenstraat", 5, "", "Gaarden"),
    ("Laan van Oost", 2, "", "Gaarden"),
    ("Laan van Oost", 4, "", "Gaarden"),
]
# (address index, round, day, outcome, rating, themes, problems, ideas, wants, may)
VISITS = [
    (0, "najaar", date(2026, 9, 2), VisitOutcome.SPOKEN, 6, ["verkeer"],
     "Er wordt te hard gereden bij nummer 10.", "Drempels bij Dreeflaan 12a.", True, True),
    (1, "najaar", date(2026, 9, 2), VisitOutcome.NOT_HOME, None, [], "", "", False, False),
    (1, "najaar", date(2026, 9, 9), VisitOutcome.SPOKEN, 8, ["vervuiling"], "", "", False, True),
    (2, "najaar", date(2026, 9, 2), VisitOutcome.REFUSED, None, [], "", "", False, False),
    (4, "najaar", date(2026, 9, 3), VisitOutcome.SPOKEN, 5, ["verkeer", "vervuiling"],
     "Scooters op de stoep.", "Een buurtbarbecue.", False, False),
    (5, "najaar", date(2026, 9, 3), VisitOutcome.COME_BACK, None, [], "", "", False, False),
    (6, "najaar", date(2026, 9, 10), VisitOutcome.SPOKEN, 9, [], "", "Een buurtbarbecue.", True, True),
    (3, "voorjaar", date(2026, 3, 10), VisitOutcome.SPOKEN, 2, ["verkeer"],
     "Alles slecht.", "", False, False),
]  # fmt: skip
SIGNAL_TEXT = f"{RESIDENT} ({PHONE}) meldt afval bij Dreeflaan 12a, 2548 AB."


def _seed(database: Database) -> dict[str, int]:
    """The hand-made dataset; returns the round ids by key."""
    with database.session_factory.begin() as session:
        areas = {name: Area(name=name, kind=AreaKind.NEIGHBOURHOOD) for name in ("Dreven", "Gaarden")}
        themes = {name: Theme(name=name) for name in ("verkeer", "vervuiling")}
        addresses = [
            Address(street=s, number=n, addition=a, postcode="2548 AB", area=areas[area])
            for s, n, a, area in ADDRESSES
        ]
        rounds = {
            "voorjaar": InventoryRound(
                name="Voorjaar 2026", start_date=date(2026, 3, 1), end_date=date(2026, 4, 30)
            ),
            "najaar": InventoryRound(
                name="Najaar 2026", start_date=date(2026, 9, 1), recommendations=RECOMMENDATIONS
            ),
        }  # fmt: skip
        session.add_all([*areas.values(), *themes.values(), *addresses, *rounds.values()])
        resident = Resident(
            address=addresses[1], name=RESIDENT, phone=PHONE, consent_on=date(2026, 9, 9),
            wants_to_participate=False, may_be_contacted=True,
        )  # fmt: skip
        session.add(resident)
        visits = []
        for index, key, day, outcome, rating, names, problems, ideas, wants, may in VISITS:
            visit = HouseVisit(
                address=addresses[index], round=rounds[key], visited_on=day, outcome=outcome, rating=rating,
                themes=[themes[n] for n in names], problems=problems, ideas=ideas,
                wants_to_participate=wants, may_be_contacted=may, visitors="Voorzitter en wijkagent",
            )  # fmt: skip
            if index == 1 and outcome is VisitOutcome.SPOKEN:
                visit.resident = resident
            session.add(visit)
            visits.append(visit)
        session.add(
            Signal(
                received_on=date(2026, 9, 9), source=SignalSource.HOUSE_VISIT, theme=themes["vervuiling"],
                address=addresses[1], street="Dreeflaan", text=SIGNAL_TEXT, house_visit=visits[2],
                status=SignalStatus.NEW,
            )
        )  # fmt: skip
        session.flush()
        return {key: r.id for key, r in rounds.items()}


def _expected_streets(round_key: str, min_ratings: int = 5) -> list[tuple[str, str, str, str, str, str]]:
    """The "Waardering per straat" rows computed from the lists above (not from the database): the
    street with its buurt below it, and no average over fewer than ``min_ratings`` ratings."""
    per_street: dict[str, list[int]] = defaultdict(list)
    area_of: dict[str, str] = {}
    for index, (street, _n, _a, area) in enumerate(ADDRESSES):
        per_street[street].append(index)
        area_of[street] = area
    rows = []
    for street in sorted(per_street):
        visits = [v for v in VISITS if v[1] == round_key and v[0] in per_street[street]]
        visited = {v[0] for v in visits}
        latest: dict[int, tuple] = {}  # type: ignore[type-arg]
        for v in sorted(visits, key=lambda v: v[2]):
            latest[v[0]] = v
        spoken = sum(1 for v in latest.values() if v[3] is VisitOutcome.SPOKEN)
        ratings = [v[4] for v in visits if v[3] is VisitOutcome.SPOKEN and v[4] is not None]
        addresses = len(per_street[street])
        shown = ratings and len(ratings) >= min_ratings
        average = f"{sum(ratings) / len(ratings):.1f}".replace(".", ",") if shown else "—"
        share = round(100 * len(visited) / addresses)
        rows.append(
            (f"{street}\n{area_of[street]}", str(addresses), f"{len(visited)} ({share}%)", str(spoken),
             str(len(ratings)), average)
        )  # fmt: skip
    return rows


@pytest.fixture
def seeded(db: Database) -> tuple[Database, dict[str, int]]:
    return db, _seed(db)


def _service(database: Database, today: date = TODAY) -> ReportDataService:
    return Services(database.session_factory, lambda: today).report_data


def _package_text(path: Path) -> str:
    """Every XML part of the .docx (body, headers, footers, core properties, relationships)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def _headings(document: docx.document.Document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]


# --- data -------------------------------------------------------------------------------------------


def test_latest_round_is_the_default_and_response_counts_latest_visits(seeded) -> None:  # type: ignore[no-untyped-def]
    database, rounds = seeded
    data = _service(database).inventory(min_ratings=1)
    assert data.round_name == "Najaar 2026"
    assert _service(database).inventory(rounds["najaar"], min_ratings=1) == data
    r = data.response
    # 9 addresses; visited in the round: 0, 1, 2, 4, 5, 6; latest outcome of address 1 is spoken.
    assert (r.addresses, r.visited, r.spoken, r.not_home, r.refused, r.come_back) == (9, 6, 4, 0, 1, 1)
    assert r.not_visited == 3
    assert data.visits == 7 and data.visit_days == 4
    assert data.ratings == 4 and data.average_rating == pytest.approx((6 + 8 + 5 + 9) / 4)
    assert data.willingness.spoken == 4
    assert (data.willingness.wants_to_participate, data.willingness.may_be_contacted) == (2, 3)
    assert data.recommendations == RECOMMENDATIONS
    assert data.themes == (("verkeer", 2), ("vervuiling", 2))


def test_problems_by_theme_and_ideas_are_counted_and_anonymised(seeded) -> None:  # type: ignore[no-untyped-def]
    database, _rounds = seeded
    data = _service(database).inventory()
    problems = {p.theme: p for p in data.problems}
    # the signal (vervuiling); visit 0's text (verkeer); visit 4's text under both its themes
    assert {t: p.count for t, p in problems.items()} == {"vervuiling": 2, "verkeer": 2}
    quotes = [q for p in data.problems for q in p.quotes]
    assert "[…] ([…]) meldt afval bij Dreeflaan […]." in quotes
    assert "Er wordt te hard gereden bij […]." in quotes
    assert "Scooters op de stoep." in quotes and len(quotes) == len(set(quotes)) == 3
    assert [(i.text, i.count) for i in data.ideas] == [
        ("Een buurtbarbecue.", 2),
        ("Drempels bij Dreeflaan […].", 1),
    ]


def test_an_earlier_round_has_its_own_figures(seeded) -> None:  # type: ignore[no-untyped-def]
    database, rounds = seeded
    data = _service(database).inventory(rounds["voorjaar"], min_ratings=1)
    assert data.round_name == "Voorjaar 2026" and data.recommendations == ""
    assert data.average_rating == 2 and data.response.visited == 1 and data.problems[0].theme == "verkeer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna de Vries woont op Dreeflaan 12a.", "[…] woont op Dreeflaan […]."),
        ("Bel mevrouw Vries op 06 1234 5678 of anna@example.nl", "Bel mevrouw […] op […] of […]"),
        ("Overlast bij nummer 12 en nr. 14b, 2548 AB", "Overlast bij […] en […]"),
        ("Huisnummer 7 A en Dreeflaan12-2", "[…] en Dreeflaan[…]"),
        ("Al 20 jaar; om 22 uur lawaai van 3 scooters", "Al 20 jaar; om 22 uur lawaai van 3 scooters"),
        ("Een 30-kilometerzone", "Een 30-kilometerzone"),
    ],
)  # fmt: skip
def test_anonymise(text: str, expected: str) -> None:
    assert anonymise(text, name_patterns([RESIDENT]), [PHONE]) == expected


# --- the document -----------------------------------------------------------------------------------


def test_document_headings_tables_charts_footer_and_recommendations(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, _rounds = seeded
    target = write_inventory_docx(_service(database).inventory(), tmp_path / "inventarisatie.docx")
    document = docx.Document(str(target))
    assert _headings(document) == list(HEADINGS)
    assert document.paragraphs[0].text == "Inventarisatierapport"
    assert document.paragraphs[0].style.name == "Title"

    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    streets = tables["Straat (buurt)"]
    assert [c.text for c in streets.rows[0].cells] == [
        "Straat (buurt)", "Adressen", "Bezocht", "Gesproken", "Cijfers", "Gemiddeld",
    ]  # fmt: skip
    assert [tuple(c.text for c in row.cells) for row in streets.rows[1:]] == _expected_streets("najaar")
    response = tables["Uitkomst (laatste bezoek per adres)"]
    assert [(r.cells[0].text, r.cells[1].text) for r in response.rows[1:]] == [
        ("Gesproken", "4"), ("Niet thuis", "0"), ("Geweigerd", "1"), ("Terugkomen", "1"),
        ("Niet bezocht", "3"), ("Totaal", "9"),
    ]  # fmt: skip

    assert [tuple(c.text for c in row.cells) for row in tables["Bereidheid"].rows[1:]] == [
        ("Gesprekken", "4", "100%"), ("Wil meedoen", "2", "50%"), ("Mag opnieuw worden benaderd", "3", "75%"),
    ]  # fmt: skip
    problems = [tuple(c.text for c in row.cells) for row in tables["Thema"].rows[1:]]
    assert [(theme, count) for theme, count, _quotes in problems] == [("verkeer", "2"), ("vervuiling", "2")]
    assert len(document.inline_shapes) == 2  # response, themes (no street has 5 ratings)
    for shape in document.inline_shapes:
        assert abs(shape.width.cm - 15.0) < 0.01
        doc_pr = shape._inline.find(qn("wp:docPr"))
        assert doc_pr.get("descr")  # alt text for screen readers

    recommendations = [p.text for p in document.paragraphs]
    start = recommendations.index("Aanbevelingen")
    assert recommendations[start + 1 : start + 3] == [
        "Extra verlichting in de Dreeflaan.",
        "Jongerenwerk vaker in de avond.",
    ]
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Pagina " in footer
    assert document.core_properties.title == "Inventarisatierapport Najaar 2026"


def test_no_resident_name_phone_or_house_number_anywhere(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database, _rounds = seeded
    data = _service(database).inventory()
    target = write_inventory_docx(data, tmp_path / "inventarisatie.docx")
    package = _package_text(target)
    assert "Dreeflaan" in package  # streets are named, the houses are not
    for forbidden in ("Anna", "Vries", "12345678", "1234 5678", "2548 AB", "Dreeflaan 12", "nummer 10"):
        assert forbidden.casefold() not in package.casefold(), forbidden
    assert not re.search(r"\b12\s?a\b", package, re.IGNORECASE)
    assert "06-1234" not in package


def test_an_empty_database_still_gives_a_complete_report(db: Database, tmp_path: Path) -> None:
    data = _service(db).inventory()
    assert data.round_name == "" and data.response.addresses == 0
    document = build_inventory_document(data)
    assert _headings(document) == list(HEADINGS[:-1])  # no recommendations: no "Aanbevelingen"
    assert len(document.inline_shapes) == 0


# --- printing well (issue 15) -------------------------------------------------------------------------


def _texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_no_average_over_fewer_than_five_ratings_and_the_report_says_so(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A street's average over one rating is that resident's own score: left out below 5 ratings
    (the street table, its chart and the overall figure), and the report says so."""
    database, _rounds = seeded
    data = _service(database).inventory()
    assert MIN_RATINGS == 5 and data.min_ratings == 5
    assert data.ratings == 4 and data.average_rating is None  # 4 ratings in the round
    ratings = {s.street: (s.ratings, s.average) for s in data.streets}
    assert ratings == {"Dreeflaan": (2, None), "Gaardenstraat": (2, None), "Laan van Oost": (0, None)}
    document = docx.Document(str(write_inventory_docx(data, tmp_path / "inventarisatie.docx")))
    streets = {t.rows[0].cells[0].text: t for t in document.tables}["Straat (buurt)"]
    assert [row.cells[-1].text for row in streets.rows[1:]] == ["—", "—", "—"]
    assert [row.cells[-2].text for row in streets.rows[1:]] == ["2", "2", "0"]
    texts = "\n".join(_texts(document))
    assert "Gemiddelden alleen bij ten minste 5 beoordelingen" in texts
    assert "7,0" not in texts and "6,5" not in texts  # the four ratings' and Dreeflaan's own averages
    details = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert details["Gemiddeld cijfer"] == "— (4 cijfers)"
    assert len(document.inline_shapes) == 2  # no street chart: no street has an average to show

    shown = _service(database).inventory(min_ratings=2)  # the minimum is the service's parameter
    assert {s.street: s.average for s in shown.streets}["Dreeflaan"] == pytest.approx(7.0)
    document = build_inventory_document(shown)
    assert "Gemiddelden alleen bij ten minste 2 beoordelingen" in "\n".join(_texts(document))


def test_the_progress_reports_rating_trend_leaves_out_small_rounds(seeded) -> None:  # type: ignore[no-untyped-def]
    database, _rounds = seeded
    trend = _service(database).progress(date(2026, 1, 1), TODAY).rating_trend
    assert [(r.name, r.rated, r.average) for r in trend] == [
        ("Voorjaar 2026", 1, None),
        ("Najaar 2026", 4, None),
    ]


def test_without_recommendations_the_section_is_left_out(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ "De voorzitter heeft … nog geen aanbevelingen vastgelegd" read as a placeholder."""
    database, rounds = seeded
    data = _service(database).inventory(rounds["voorjaar"])
    assert data.recommendations == ""
    document = docx.Document(str(write_inventory_docx(data, tmp_path / "inventarisatie.docx")))
    assert "Aanbevelingen" not in _headings(document)
    assert not any("aanbevelingen" in text.casefold() for text in _texts(document))
    assert _headings(document)[-1] == "Bereidheid om mee te doen"


def test_the_themes_chart_and_the_problems_table_say_what_they_count(seeded) -> None:  # type: ignore[no-untyped-def]
    database, _rounds = seeded
    document = build_inventory_document(_service(database).inventory())
    texts = _texts(document)
    caption = next(text for text in texts if text.startswith("Figuur 3."))
    assert "aantal gesprekken" in caption and "een gesprek telt per thema één keer" in caption
    above = texts[texts.index("Problemen") + 1]
    assert "telt problemen, niet gesprekken zoals figuur 3" in above
    assert "melding" in above and "Geen thema" in above
    problems = {t.rows[0].cells[0].text: t for t in document.tables}["Thema"]
    assert [c.text for c in problems.rows[0].cells] == list(PROBLEM_HEADERS)
    assert PROBLEM_HEADERS[1] == "Problemen"


# --- the demo database ------------------------------------------------------------------------------


@pytest.fixture
def demo_report(demo_db: Database, tmp_path: Path) -> tuple[InventoryReportData, Path]:
    with demo_db.session_factory.begin() as session:  # a resident whose details must stay out
        address = session.query(Address).order_by(Address.id).first()
        assert address is not None
        resident = Resident(
            address=address, name="Berend Klaassen", phone="06-98765432", consent_on=DEMO_TODAY
        )
        session.add(resident)
        with_signal = select(Signal.house_visit_id).where(Signal.house_visit_id.is_not(None))
        visit = session.scalars(
            select(HouseVisit)
            .join(InventoryRound, InventoryRound.id == HouseVisit.round_id)
            .where(HouseVisit.outcome == VisitOutcome.SPOKEN, HouseVisit.id.not_in(with_signal))
            .order_by(InventoryRound.start_date.desc(), HouseVisit.id.desc())
        ).first()
        assert visit is not None
        visit.problems = "Berend Klaassen (06-98765432) op Dreeflaan 12a heeft last van lawaai."
        visit.ideas = "Bel Berend Klaassen op 06-98765432 over een buurtfeest bij nummer 12a."
    data = _service(demo_db, DEMO_TODAY).inventory()
    return data, write_inventory_docx(data, tmp_path / "inventarisatie.docx")


def test_demo_report_is_complete_and_private(demo_report) -> None:  # type: ignore[no-untyped-def]
    data, target = demo_report
    document = docx.Document(str(target))
    assert _headings(document) == list(HEADINGS[:-1])  # the demo round has no recommendations
    assert len(document.inline_shapes) == 3
    assert data.response.addresses == 200 and data.streets
    assert "Bel […] op […] over een buurtfeest bij […]." in [idea.text for idea in data.ideas]
    package = _package_text(target)
    for forbidden in ("Berend", "Klaassen", "98765432", "Dreeflaan 12", "12a"):
        assert forbidden not in package, forbidden
    with zipfile.ZipFile(target) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "WIEC Desktop" in core


@pytest.mark.slow
def test_libreoffice_converts_the_inventory_report(demo_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd: PDF-conversie niet getest")
    _data, source = demo_report
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "inventarisatie.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr[-500:]
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and content.count(b"/Type /Page") + content.count(b"/Type/Page") >= 2
