"""Parsing what the chair types: words, phrases, exclusions; nothing typed can break the index's
MATCH syntax (property-tested with hypothesis on a real FTS5 table)."""

from __future__ import annotations

import sqlite3
import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from wiec_desktop.services.search.model import SearchQuery
from wiec_desktop.services.search.query import MAX_TERMS, fold, fts5_match, parse_query
from wiec_desktop.services.search.snippets import marks, snippet
from wiec_desktop.storage.search_index import FTS_OPTIONS

_FTS = sqlite3.connect(":memory:")
_FTS.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, {FTS_OPTIONS})")
_FTS.execute("INSERT INTO t VALUES ('Café De Hoek', 'jongeren bij de bergingen; and or not')")

SYNTAX = st.sampled_from(
    ['"', "*", ":", "(", ")", "-", "^", "+", "AND", "OR", "NOT", "NEAR", " ", "é", "\u0301"]
)
TYPED = st.lists(st.one_of(st.text(max_size=6), SYNTAX), max_size=12).map("".join)


def test_words_phrases_and_exclusions() -> None:
    assert parse_query('Jongeren "Bij de  Bergingen" -café') == SearchQuery(
        ("jongeren",), (("bij", "de", "bergingen"),), ("cafe",)
    )
    assert parse_query("2026-014") == SearchQuery((), (("2026", "014"),))
    assert parse_query('"één"') == SearchQuery(("een",))  # a phrase of one word is a word
    assert parse_query('"open quote runs on') == SearchQuery((), (("open", "quote", "runs", "on"),))
    assert parse_query("a a A") == SearchQuery(("a",))
    assert parse_query("- -- * : ( )").is_empty
    assert parse_query("-weg").is_empty and parse_query("-weg").excluded == ("weg",)


def test_the_match_expression_quotes_every_token() -> None:
    query = parse_query('jonger "bij de" -cafe x')
    assert fts5_match(query) == '("jonger"* AND "x" AND "bij de") NOT ("cafe"*)'
    assert fts5_match(parse_query("")) == ""


def test_a_pasted_text_uses_at_most_so_many_terms() -> None:
    query = parse_query(" ".join(f"woord{n}" for n in range(100)))
    assert len(query.words) == MAX_TERMS


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_any_text_parses_and_matches_without_error(typed: str) -> None:
    query = parse_query(typed)
    assert query.is_empty == (not query.words and not query.phrases)
    expression = fts5_match(query)
    assert (expression == "") == query.is_empty
    if expression:
        _FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
    found = marks(typed, query)
    assert all(0 <= start < end <= len(typed) for start, end in found)
    assert all(a[1] < b[0] for a, b in pairwise(found))
    cut = snippet("titel", typed, query)
    assert all(0 <= s < e <= len(cut.text) for s, e in cut.marks)


@given(TYPED)
def test_without_quotes_or_minus_the_query_is_empty_only_without_words(typed: str) -> None:
    plain = typed.replace('"', " ").replace("-", " ")
    has_word = any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co" for c in fold(plain))
    assert parse_query(plain).is_empty == (not has_word)


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=1, max_size=12))
def test_a_typed_word_is_asked_when_it_has_letters(word: str) -> None:
    assert not parse_query(word).is_empty


@settings(max_examples=200, deadline=None)
@given(TYPED, st.lists(st.text(alphabet="abcdeé", min_size=1, max_size=8), max_size=4), st.booleans())
def test_a_prefix_written_as_its_words_is_valid_too(typed: str, words: list[str], too_many: bool) -> None:
    expression = fts5_match(parse_query(typed), lambda _prefix: None if too_many else words)
    if expression:
        _FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()


def test_a_long_prefix_is_written_as_the_words_of_the_index() -> None:
    words = {"bewoner": ["bewoner", "bewoners"], "weg": ["weg", "wegen"]}
    query = parse_query("bewoner weg -xylofoon")
    expression = fts5_match(query, lambda prefix: words.get(prefix, []))
    assert expression == '(("bewoner" OR "bewoners") AND "weg"*) NOT ("")'  # short prefixes are indexed
    found = _FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", ('("jongeren" OR "jong") AND "berg"*',))
    assert found.fetchone() == (1,)
