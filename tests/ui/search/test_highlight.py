"""The snippet line: cut at the marks, drawn as text (never as markup), fitted to the row."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wiec_desktop.ui.search.delegate import ELLIPSIS, Run, fit_runs, runs_of


def _width(run: Run) -> int:
    return len(run.text) * (2 if run.marked else 1)  # a bold letter is wider


def _elide(run: Run, width: int) -> str:
    room = width // (2 if run.marked else 1)
    return "" if room < 1 else run.text[: room - 1] + ELLIPSIS


def test_the_marked_words_are_their_own_runs() -> None:
    assert runs_of("Inbraken in bergingen", ((12, 21),)) == [Run("Inbraken in "), Run("bergingen", True)]


def test_markup_and_ampersands_stay_text() -> None:
    text = "<b>Jan</b> & Piet"
    runs = runs_of(text, ((3, 6),))
    assert "".join(run.text for run in runs) == text
    assert runs[1] == Run("Jan", True)


def test_line_breaks_become_spaces_keeping_the_offsets() -> None:
    runs = runs_of("eerste\nregel", ((7, 12),))
    assert runs == [Run("eerste "), Run("regel", True)]


def test_a_long_lead_is_shortened_so_the_mark_shows() -> None:
    lead = "woord " * 30
    runs = fit_runs(runs_of(lead + "bergingen", ((len(lead), len(lead) + 9),)), 90, _width, _elide)
    assert runs[0].text.startswith(ELLIPSIS)
    assert Run("bergingen", True) in runs


def test_what_does_not_fit_ends_in_an_ellipsis() -> None:
    runs = fit_runs(runs_of("bergingen " + "x" * 200, ((0, 9),)), 60, _width, _elide)
    assert runs[0] == Run("bergingen", True)
    assert runs[-1].text.endswith(ELLIPSIS)
    assert sum(_width(run) for run in runs) <= 60


ONE_LINE = {ord(c): " " for c in "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"}


@given(
    st.text(max_size=80),
    st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=6),
)
def test_any_marks_keep_the_text_whole_on_one_line(text: str, marks: list[tuple[int, int]]) -> None:
    runs = runs_of(text, tuple(marks))
    joined = "".join(run.text for run in runs)
    assert joined == text.translate(ONE_LINE)
    assert len(joined.splitlines()) <= 1
    assert all(run.text for run in runs)


@given(st.text(min_size=1, max_size=80), st.integers(0, 200))
def test_fitted_runs_never_exceed_the_width(text: str, width: int) -> None:
    runs = fit_runs(runs_of(text, ((0, min(3, len(text))),)), width, _width, _elide)
    assert sum(_width(run) for run in runs) <= width
