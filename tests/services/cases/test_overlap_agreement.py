"""One definition of overlap: the question before a new case is saved, the who-does-what matrix and
the cases suggested for a signal agree on which cases are about the same problem."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from wiec_desktop.domain import Case, Involvement, Organisation, Signal, Theme
from wiec_desktop.domain.enums import InvolvementRole, SignalSource
from wiec_desktop.services.cases.overlap import CaseText, compare, prepare
from wiec_desktop.services.partners.matrix import FlagKind
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)
LEAD = InvolvementRole.LEAD


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db.session_factory, today=lambda: TODAY)


def _organisation(services: Services, name: str) -> int:
    return services.organisations.create_organisation(name).id


def _case(services: Services, text: CaseText, lead: int) -> int:
    case = services.cases.create_case(
        text.title, location=text.location, theme_id=text.theme_id, area_id=text.area_id
    )
    services.cases.add_involvement(case.id, lead, LEAD)
    return case.id


def _suggested(services: Services, text: CaseText) -> set[int]:
    signal = services.signals.create_signal(
        text.title, SignalSource.WALK_IN, street=text.location, theme_id=text.theme_id
    )
    return {s.case_id for s in services.signals.suggest_cases(signal.id)}


def test_the_reported_example_the_three_agree(services: Services) -> None:
    """The near-duplicate the question warns about is the one the matrix flags, and the signal with
    the same words suggests it; a loneliness case in the same area and theme is in none of them."""
    youth = services.taxonomy.create_theme("jeugdoverlast").id
    north = services.taxonomy.create_area("Noord").id
    existing = _case(
        services,
        CaseText("Hangjongeren bij winkelcentrum", location="Ruinenlaan 12", theme_id=youth, area_id=north),
        _organisation(services, "Jongerenwerk"),
    )
    lonely = _case(
        services,
        CaseText("Eenzaamheid onder ouderen", location="Dedemsvaartweg", theme_id=youth, area_id=north),
        _organisation(services, "Welzijn"),
    )
    draft = CaseText("Overlast jongeren winkelcentrum", location="Ruinenlaan", theme_id=youth, area_id=north)
    asked = {s.case_id for s in services.overlap.find_similar(draft.title, "", draft.location, youth, north)}
    assert asked == {existing}
    new = _case(services, draft, _organisation(services, "Politie"))
    flag = next(f for f in services.matrix.build().flags_of(new) if f.kind == FlagKind.POSSIBLE_OVERLAP)
    assert set(flag.related_case_ids) == asked
    assert not services.matrix.build().has_flag(lonely, FlagKind.POSSIBLE_OVERLAP)
    assert asked <= _suggested(services, draft) and lonely not in _suggested(services, draft)


WORDS = ["hangjongeren", "jongeren", "winkelcentrum", "zwerfvuil", "containers", "portiek", "overlast",
         "drugshandel", "eenzaamheid", "ouderen", "speeltuin", "verlichting", "parkeerplaats"]  # fmt: skip
STREETS = ["", "Ruinenlaan 12", "Ruinenlaan", "Dedemsvaartweg 3", "Meppelgaarde"]
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
texts = st.builds(CaseText, title=titles, location=st.sampled_from(STREETS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=texts, second=texts)
def test_the_matrix_flags_exactly_the_pairs_the_question_would_name(
    services: Services, first: CaseText, second: CaseText
) -> None:
    with services.session_factory.begin() as session:  # a clean slate for every example
        for model in (Signal, Involvement, Case, Organisation, Theme):
            session.execute(delete(model))
    a = _case(services, first, _organisation(services, "A"))
    b = _case(services, second, _organisation(services, "B"))
    named_for_a = {s.case_id for s in services.overlap.find_similar(first.title, "", first.location)} - {a}
    named_for_b = {s.case_id for s in services.overlap.find_similar(second.title, "", second.location)} - {b}
    one_way = compare(prepare(first), prepare(second))[0] >= 60
    assert (b in named_for_a) == one_way
    matrix = services.matrix.build()
    flagged = matrix.has_flag(a, FlagKind.POSSIBLE_OVERLAP)
    assert flagged == (b in named_for_a or a in named_for_b)
    assert flagged == matrix.has_flag(b, FlagKind.POSSIBLE_OVERLAP)
    if b in named_for_a:
        assert b in _suggested(services, first)
