"""Who does what: the matrix of cases × organisations and its flags (demo data and hand-made cases)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Area, Case, Involvement, Organisation, Theme
from wiec_desktop.domain.enums import AreaKind, CaseStatus, InvolvementRole
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.partners.matrix import MAX_OVERLAP_REFERENCES, FlagKind, Matrix
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

LEAD, PARTNER, INFORMED = InvolvementRole.LEAD, InvolvementRole.PARTNER, InvolvementRole.INFORMED


class World:
    """Hand-made themes, areas, organisations and cases on an empty database."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def _add(self, record: object) -> int:
        with self.services.session_factory.begin() as session:
            session.add(record)
            session.flush()
            return record.id  # type: ignore[attr-defined]

    def theme(self, name: str) -> int:
        return self._add(Theme(name=name))

    def area(self, name: str, parent: int | None = None) -> int:
        kind = AreaKind.NEIGHBOURHOOD if parent else AreaKind.DISTRICT
        return self._add(Area(name=name, kind=kind, parent_id=parent))

    def org(self, name: str) -> int:
        return self._add(Organisation(name=name))

    def case(
        self,
        title: str,
        *,
        location: str = "",
        theme: int | None = None,
        area: int | None = None,
        roles: dict[int, InvolvementRole] | None = None,
        closed: bool = False,
    ) -> int:
        case = self.services.cases.create_case(title, location=location, theme_id=theme, area_id=area)
        for organisation, role in (roles or {}).items():
            self.services.cases.add_involvement(case.id, organisation, role)
        if closed:
            self.services.cases.change_status(case.id, CaseStatus.CLOSED, outcome="Opgelost.")
        return case.id


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: DEMO_TODAY)


@pytest.fixture
def world(services: Services) -> World:
    return World(services)


@contextmanager
def counted(database: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def _row(matrix: Matrix, case_id: int):
    return next(row for row in matrix.rows if row.case_id == case_id)


# --- the demo neighbourhood --------------------------------------------------------------------


def test_demo_matrix_rows_columns_and_cells(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    matrix = services.matrix.build()
    with demo_db.session_factory() as session:
        open_cases = session.scalars(
            select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.year, Case.number)
        ).all()
        involvements = session.execute(
            select(Involvement.case_id, Involvement.organisation_id, Involvement.role)
            .join(Case, Case.id == Involvement.case_id)
            .where(Case.status != CaseStatus.CLOSED)
        ).all()
    assert [row.case_id for row in matrix.rows] == [case.id for case in open_cases]
    assert matrix.rows[0].reference == open_cases[0].reference
    assert {(r.case_id, r.organisation_id): InvolvementRole(r.role) for r in involvements} == matrix.cells
    names = [column.name for column in matrix.columns]
    assert names == sorted(names, key=str.casefold)
    assert {c.organisation_id for c in matrix.columns} == {r.organisation_id for r in involvements}
    assert matrix.generated_on == DEMO_TODAY
    assert matrix.filter.describe()[0] == ("Wijk/buurt", "alle")


def test_demo_lead_flags(demo_db: Database) -> None:
    """The demo has three cases without a lead and one with two leads."""
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    matrix = services.matrix.build()
    no_lead = {row.title for row in matrix.cases_with(FlagKind.NO_LEAD)}
    assert no_lead == {
        "Vernielingen bij de fietsenstalling Hollandscheveldplein",
        "Overlast rond jongerenhuiskamer",
        "Burenruzie Dwingelooweg escaleert",
    }
    # The same cases as the case list's "Zonder trekker" (open cases only) and the dashboard count.
    source = services.list_source("cases")
    listed = source.fetch(ListQuery(filters={"without_lead": True, "open": True}), 0, 100)
    assert {row.id for row in listed} == {row.case_id for row in matrix.cases_with(FlagKind.NO_LEAD)}
    assert services.dashboard.summary().cases_without_lead == 3

    two_leads = matrix.cases_with(FlagKind.MULTIPLE_LEADS)
    assert [row.title for row in two_leads] == ["Trapveldje voor oudere kinderen"]
    assert not matrix.has_flag(two_leads[0].case_id, FlagKind.NO_LEAD)
    leads = [c for c in matrix.columns if matrix.role(two_leads[0].case_id, c.organisation_id) == LEAD]
    assert len(leads) == 2

    # Every demo case without a lead has at least two partners: the specific text is shown.
    for row in matrix.cases_with(FlagKind.NO_LEAD):
        assert matrix.has_flag(row.case_id, FlagKind.ACTORS_WITHOUT_LEAD)
        assert matrix.flag_text(row.case_id).startswith("Meerdere partijen, geen trekker")
        assert "Geen trekker" not in matrix.flag_texts(row.case_id)


def test_demo_overlap_flags_name_the_other_case(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    matrix = services.matrix.build()
    overlapping = matrix.cases_with(FlagKind.POSSIBLE_OVERLAP)
    assert 0 < len(overlapping) < len(matrix.rows)  # a signal, not noise
    by_id = {row.case_id: row for row in matrix.rows}
    for row in overlapping:
        flag = next(f for f in matrix.flags_of(row.case_id) if f.kind == FlagKind.POSSIBLE_OVERLAP)
        assert flag.text.startswith("Mogelijke overlap met ")
        for other_id in flag.related_case_ids:
            other = by_id[other_id]
            assert other.reference in flag.text
            # symmetric: the other case names this one (when it names few enough)
            assert matrix.has_flag(other_id, FlagKind.POSSIBLE_OVERLAP)
            # no organisation acting on one is involved in the other
            mine = {c.organisation_id for c in matrix.columns if matrix.role(row.case_id, c.organisation_id)}
            theirs = {c.organisation_id for c in matrix.columns if matrix.role(other_id, c.organisation_id)}
            acting = {
                c.organisation_id
                for c in matrix.columns
                if matrix.role(row.case_id, c.organisation_id) in (LEAD, PARTNER)
            }
            assert acting.isdisjoint(theirs)
            assert mine
    assert matrix.flagged_count == sum(1 for row in matrix.rows if matrix.flags_of(row.case_id))


def test_demo_filters(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    everything = services.matrix.build(include_closed=True)
    assert len(everything.rows) == 26
    closed = [row for row in everything.rows if row.status == CaseStatus.CLOSED]
    assert len(closed) == 4 and all(not everything.flags_of(row.case_id) for row in closed)
    assert len(services.matrix.build().rows) == 22
    assert len(services.matrix.build(status=CaseStatus.CLOSED).rows) == 4
    assert {r.status for r in services.matrix.build(status="reported").rows} == {CaseStatus.REPORTED}

    themes = dict((name, ident) for ident, name in services.reference_data.themes())
    areas = {name.split(" › ")[-1]: ident for ident, name in services.reference_data.areas()}
    youth = services.matrix.build(theme_id=themes["jeugdoverlast"])
    assert 0 < len(youth.rows) < 22 and {r.theme for r in youth.rows} == {"jeugdoverlast"}
    assert youth.filter.theme == "jeugdoverlast"
    # Columns follow the rows shown.
    assert {c.organisation_id for c in youth.columns} == {org for (_case, org) in youth.cells}

    # The wijk includes its buurten; a buurt only itself.
    assert len(services.matrix.build(area_id=areas["Wateringseveld"]).rows) == 22
    north = services.matrix.build(area_id=areas["Wateringseveld-Noord"])
    assert 0 < len(north.rows) < 22 and {r.area for r in north.rows} == {"Wateringseveld-Noord"}

    found = services.matrix.build(search="ruinenlaan")
    assert found.rows and all("Ruinenlaan" in (r.location + r.title) for r in found.rows)
    reference = found.rows[0].reference
    assert [r.reference for r in services.matrix.build(search=reference).rows] == [reference]
    assert services.matrix.build(search="100%_geen").rows == []


def test_a_handful_of_queries_whatever_the_size(world: World, services: Services, db: Database) -> None:
    theme = world.theme("jeugdoverlast")
    area = world.area("Noord")
    orgs = [world.org(f"Organisatie {n}") for n in range(6)]
    for n in range(5):
        world.case(f"Casus {n}", location="Ruinenlaan", theme=theme, area=area, roles={orgs[n]: LEAD})
    with counted(db) as small:
        services.matrix.build(theme_id=theme)
    for n in range(30):
        world.case(
            f"Meer {n}", location=f"Straat{n}weg", theme=theme, area=area, roles={orgs[n % 6]: PARTNER}
        )
    with counted(db) as large:
        matrix = services.matrix.build(theme_id=theme)
    assert len(matrix.rows) == 35
    assert len(small) == len(large) <= 8, large


# --- hand-made flags ---------------------------------------------------------------------------


def test_no_lead_and_actors_without_lead(world: World, services: Services) -> None:
    police, youth, city = world.org("Politie"), world.org("Jongerenwerk"), world.org("Stadsdeel")
    nobody = world.case("Nog niemand betrokken")
    one = world.case("Een partner en een geïnformeerde", roles={police: PARTNER, city: INFORMED})
    two = world.case("Twee partners, geen trekker", roles={police: PARTNER, youth: PARTNER, city: INFORMED})
    led = world.case("Netjes geregeld", roles={police: LEAD, youth: PARTNER})
    double = world.case("Twee trekkers", roles={police: LEAD, youth: LEAD})
    matrix = services.matrix.build()

    assert [f.kind for f in matrix.flags_of(nobody)] == [FlagKind.NO_LEAD]
    assert matrix.flag_text(nobody) == "Geen trekker"
    assert [f.kind for f in matrix.flags_of(one)] == [FlagKind.NO_LEAD]
    assert [f.kind for f in matrix.flags_of(two)] == [FlagKind.NO_LEAD, FlagKind.ACTORS_WITHOUT_LEAD]
    assert matrix.flag_text(two) == "Meerdere partijen, geen trekker"
    assert matrix.flags_of(led) == ()
    assert matrix.flag_text(led) == ""
    assert matrix.flag_text(double) == "Meer dan één trekker"
    assert matrix.role(two, city) == INFORMED and matrix.role(led, city) is None
    assert matrix.flagged_count == 4
    assert [c.name for c in matrix.columns] == ["Jongerenwerk", "Politie", "Stadsdeel"]


def test_closed_cases_get_no_flags(world: World, services: Services) -> None:
    police = world.org("Politie")
    closed = world.case("Afgerond zonder trekker", roles={police: PARTNER}, closed=True)
    matrix = services.matrix.build(include_closed=True)
    assert [row.case_id for row in matrix.rows] == [closed] and matrix.flags_of(closed) == ()
    assert services.matrix.build().rows == []


@pytest.fixture
def street(world: World) -> dict[str, int]:
    """Two themes, two buurten, five organisations."""
    return {
        "youth": world.theme("jeugdoverlast"),
        "drugs": world.theme("drugsoverlast"),
        "north": world.area("Noord"),
        "south": world.area("Zuid"),
        "police": world.org("Politie"),
        "youthwork": world.org("Jongerenwerk"),
        "housing": world.org("Woningcorporatie"),
        "city": world.org("Stadsdeel"),
        "welfare": world.org("Welzijn"),
    }


def test_the_same_problem_at_the_same_street(
    world: World, services: Services, street: dict[str, int]
) -> None:
    """Overlap is the same problem (the definition the question before saving uses): alike titles at
    the same street, not merely the same street."""
    s = street
    hang = world.case(
        "Hangjongeren bij winkelcentrum", location="Ruinenlaan 12", theme=s["youth"], area=s["north"],
        roles={s["youthwork"]: LEAD, s["welfare"]: PARTNER, s["city"]: INFORMED},
    )  # fmt: skip
    again = world.case(
        "Overlast jongeren winkelcentrum", location="winkelcentrum Ruinenlaan", theme=s["youth"],
        area=s["south"], roles={s["police"]: LEAD, s["housing"]: PARTNER, s["city"]: INFORMED},
    )  # fmt: skip
    deal = world.case(
        "Drugshandel", location="Ruinenlaan 3", theme=s["drugs"], area=s["north"],
        roles={s["police"]: PARTNER, s["housing"]: LEAD},
    )  # fmt: skip
    matrix = services.matrix.build()
    hang_ref, again_ref = _row(matrix, hang).reference, _row(matrix, again).reference
    assert matrix.flag_text(hang) == f"Mogelijke overlap met {again_ref}"
    assert matrix.flag_text(again) == f"Mogelijke overlap met {hang_ref}"
    flag = matrix.flags_of(hang)[0]
    assert flag.kind == FlagKind.POSSIBLE_OVERLAP and flag.related_case_ids == (again,)
    assert matrix.flags_of(deal) == ()  # another problem at the same street
    # The other case is found outside the filter too.
    only_north = services.matrix.build(area_id=s["north"])
    assert [r.case_id for r in only_north.rows] == [hang, deal]
    assert only_north.flag_text(hang) == f"Mogelijke overlap met {again_ref}"


def test_the_same_theme_in_the_same_area_is_not_enough(
    world: World, services: Services, street: dict[str, int]
) -> None:
    s = street
    one = world.case("Zwerfafval bij de containers", theme=s["youth"], area=s["north"],
                     roles={s["youthwork"]: LEAD})  # fmt: skip
    two = world.case("Zwerfafval containers", theme=s["youth"], area=s["north"],
                     roles={s["police"]: LEAD})  # fmt: skip
    lonely = world.case("Eenzaamheid onder ouderen", theme=s["youth"], area=s["north"],
                        roles={s["welfare"]: LEAD})  # fmt: skip
    matrix = services.matrix.build()
    assert matrix.flags_of(one)[0].related_case_ids == (two,)
    assert matrix.flags_of(two)[0].related_case_ids == (one,)
    assert matrix.flags_of(lonely) == ()


@pytest.mark.parametrize(
    ("first", "second", "flagged"),
    [
        # the same organisations involved in both: they know of each other
        ({"police": LEAD, "youthwork": PARTNER}, {"police": LEAD, "youthwork": PARTNER}, False),
        # the police work on both
        ({"police": LEAD}, {"police": PARTNER, "housing": LEAD}, False),
        # everyone on the first sits at the table of the second
        ({"youthwork": LEAD}, {"housing": LEAD, "youthwork": INFORMED}, False),
        # informed about the first while acting on the second: connects them
        ({"police": LEAD, "city": INFORMED}, {"city": LEAD}, False),
        # only informed of both: does not connect the teams
        ({"police": LEAD, "city": INFORMED}, {"housing": LEAD, "city": INFORMED}, True),
        # separate teams
        ({"police": LEAD}, {"welfare": PARTNER, "housing": PARTNER}, True),
        # nobody acts on the second: nothing to compare
        ({"police": LEAD}, {"city": INFORMED}, False),
        ({"police": LEAD}, {}, False),
    ],
)
def test_overlap_rule(
    world: World,
    services: Services,
    street: dict[str, int],
    first: dict[str, InvolvementRole],
    second: dict[str, InvolvementRole],
    flagged: bool,
) -> None:
    s = street
    a = world.case("Hangjongeren", location="Ruinenlaan", roles={s[k]: r for k, r in first.items()})
    b = world.case(
        "Overlast hangjongeren", location="Ruinenlaan 4", roles={s[k]: r for k, r in second.items()}
    )
    matrix = services.matrix.build()
    assert matrix.has_flag(a, FlagKind.POSSIBLE_OVERLAP) is flagged
    if second:
        assert matrix.has_flag(b, FlagKind.POSSIBLE_OVERLAP) is flagged


def test_overlap_ignores_closed_cases_and_the_same_problem_elsewhere(
    world: World, services: Services, street: dict[str, int]
) -> None:
    s = street
    a = world.case("Zwerfvuil bij de containers", location="Ruinenlaan", roles={s["police"]: LEAD})
    world.case(
        "Zwerfvuil bij de containers", location="Ruinenlaan", roles={s["housing"]: LEAD}, closed=True
    )
    world.case("Zwerfvuil bij de containers", location="Dedemsvaartweg", roles={s["welfare"]: LEAD})
    assert services.matrix.build(include_closed=True).flags_of(a) == ()
    # without a street on one side the titles decide, as in the question before saving
    unplaced = world.case("Zwerfvuil bij de containers", roles={s["youthwork"]: LEAD})
    assert services.matrix.build().flags_of(a)[0].related_case_ids == (unplaced,)


def test_many_overlaps_are_cut_short(world: World, services: Services, street: dict[str, int]) -> None:
    s = street
    a = world.case("Hier", location="Ruinenlaan", roles={s["police"]: LEAD})
    others = [
        world.case(f"Ook hier {n}", location="Ruinenlaan", roles={s["welfare"]: LEAD})
        for n in range(MAX_OVERLAP_REFERENCES + 2)
    ]
    matrix = services.matrix.build()
    flag = matrix.flags_of(a)[0]
    assert flag.related_case_ids == tuple(others[:MAX_OVERLAP_REFERENCES])
    assert flag.text.endswith(" e.a.") and flag.text.count("-") == MAX_OVERLAP_REFERENCES
    # the others share their team with each other, so each overlaps only with "Hier"
    assert matrix.flags_of(others[0])[0].related_case_ids == (a,)
