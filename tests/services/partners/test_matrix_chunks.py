"""The matrix built in parts — rows first, a first page, the overlap flags a chunk at a time — is the
matrix built whole; and the two facts the overlap check's shortcut rests on hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.cases.overlap import CaseText, compare, prepare
from wiec_desktop.services.partners.matrix import FlagKind, Matrix
from wiec_desktop.services.partners.overlap_finder import score_ceiling
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


def _flags(matrix: Matrix) -> dict[int, list[tuple[str, str, tuple[int, ...]]]]:
    return {
        case_id: [(f.kind.value, f.text, f.related_case_ids) for f in found]
        for case_id, found in matrix.flags.items()
        if found
    }


def test_rows_first_then_overlap_in_chunks_is_the_whole_matrix(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    whole = services.matrix.build(include_closed=True)
    assert whole.overlap_checked and whole.cases_with(FlagKind.POSSIBLE_OVERLAP)

    parts = services.matrix.build(include_closed=True, overlap=False)
    assert parts.rows == whole.rows and parts.cells == whole.cells and parts.columns == whole.columns
    assert parts.activities == whole.activities
    assert not parts.cases_with(FlagKind.POSSIBLE_OVERLAP)  # the trekker flags only, so far
    assert parts.cases_with(FlagKind.NO_LEAD) == whole.cases_with(FlagKind.NO_LEAD)
    assert parts.overlap_unchecked == {row.case_id for row in parts.rows if row.is_open}
    assert not parts.overlap_checked

    finder = services.matrix.overlap_finder()
    unchecked = [row.case_id for row in reversed(parts.rows) if row.case_id in parts.overlap_unchecked]
    for start in range(0, len(unchecked), 4):  # in chunks, out of order: the window's way
        chunk = unchecked[start : start + 4]
        parts.add_overlaps(chunk, services.matrix.find_overlaps(finder, parts, chunk))
    assert parts.overlap_checked
    assert _flags(parts) == _flags(whole)
    assert parts.flagged_count == whole.flagged_count


def test_a_first_page_has_its_own_cells_and_organisations(demo_db: Database) -> None:
    services = Services(demo_db.session_factory, today=lambda: DEMO_TODAY)
    whole = services.matrix.build(overlap=False)
    first = services.matrix.build(overlap=False, limit=5)
    assert first.rows == whole.rows[:5]
    shown = {row.case_id for row in first.rows}
    assert first.cells == {key: role for key, role in whole.cells.items() if key[0] in shown}
    assert {c.organisation_id for c in first.columns} == {org for _case, org in first.cells}
    assert first.overlap_unchecked == {row.case_id for row in first.rows if row.is_open}
    assert services.matrix.count() == len(whole.rows)


WORDS = [
    "jongeren",
    "hangjongeren",
    "overlast",
    "bergingen",
    "inbraak",
    "zwerfafval",
    "scooters",
    "cafe",
    "café",
    "speeltuin",
    "ruinenlaan",
    "dedemsvaartweg",
    "hoogeveenstraat",
    "portiek",
    "drugs",
    "jongerenwerk",
]
STREETS = ["", "Ruinenlaan", "Ruinenlaan 12a", "Dedemsvaartweg", "Hoogeveenstraat 3", "Laan van Meerdervoort"]


def _texts() -> st.SearchStrategy[CaseText]:
    return st.builds(
        CaseText,
        title=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join).filter(str.strip),
        description=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
        location=st.sampled_from(STREETS),
        theme_id=st.sampled_from([None, 1, 2]),
        area_id=st.sampled_from([None, 1, 2]),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(), _texts())
def test_compare_is_symmetric_and_never_above_the_ceiling(a: CaseText, b: CaseText) -> None:
    first, second = prepare(a), prepare(b)
    score = compare(first, second)[0]
    assert compare(second, first)[0] == score  # so the finder compares each pair one way only
    assert score_ceiling(first, second) >= score  # so skipping below MIN_SCORE loses nothing
