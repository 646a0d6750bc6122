"""What the chair types, parsed: words, "phrases in quotes" and ``-word`` exclusions.

Words are folded (lower case, accents removed) and split as the index splits them (letters and
digits; everything else separates), so "Café-bezoek" is the phrase ``café bezoek`` and "2026-014"
the phrase ``2026 014``. Every word is matched as a prefix ("jonger" finds "jongeren"), except a
word of one character, which is matched whole (a prefix of one letter finds half the database).

User text never reaches FTS5's query syntax: ``fts5_match`` builds the MATCH expression from the
folded tokens, each one quoted, so stray quotes, ``*``, ``:``, brackets, AND/OR/NOT and a lone
``-`` are just text (or nothing).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

from wiec_desktop.services.search.model import SearchQuery

MAX_TERMS = 16  # words + phrases + exclusions that are used (the rest of a pasted text is ignored)
MIN_PREFIX = 2  # shorter words match whole
INDEXED_PREFIX = 4  # the longest prefix the FTS5 table indexes (prefix = '2 3 4')


def fold(text: str) -> str:
    """Lower case without accents: "Café" → "cafe" (as ``remove_diacritics 2`` does)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if unicodedata.category(char)[0] != "M").lower()


def is_word_char(char: str) -> bool:
    """Letters, digits and private-use characters make words (unicode61's ``L* N* Co``)."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` as the index sees them."""
    found: list[str] = []
    current: list[str] = []
    for char in fold(text):
        if is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def parse_query(text: str) -> SearchQuery:
    """``text`` as a ``SearchQuery``; never raises. An unclosed quote runs to the end."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    parts = text.split('"')
    for index, part in enumerate(parts):
        if index % 2 == 1:  # inside quotes
            phrase = tuple(tokens(part))
            if len(phrase) == 1:
                words.append(phrase[0])
            elif phrase:
                phrases.append(phrase)
            continue
        for chunk in part.split():
            negative = chunk.startswith("-")
            found = tokens(chunk)
            if not found:
                continue
            if negative:
                excluded.extend(found)
            elif len(found) == 1:
                words.append(found[0])
            else:
                phrases.append(tuple(found))
    words = list(dict.fromkeys(words))
    phrases = list(dict.fromkeys(phrases))
    excluded = [word for word in dict.fromkeys(excluded) if word not in words]
    room = MAX_TERMS
    words, room = words[:room], max(0, room - len(words))
    phrases, room = phrases[:room], max(0, room - len(phrases))
    return SearchQuery(tuple(words), tuple(phrases), tuple(excluded[:room]))


Expansion = Callable[[str], Sequence[str] | None]
"""The words of the index that begin with a prefix (None: too many to list, keep the prefix)."""


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_word(word: str, expand: Expansion | None) -> str:
    if len(word) < MIN_PREFIX:
        return _quoted(word)
    if expand is not None and len(word) > INDEXED_PREFIX:
        terms = expand(word)
        if terms is not None:  # the words themselves: FTS5 merges no long list of a prefix
            return f"({' OR '.join(_quoted(term) for term in terms)})" if terms else '""'
    return f"{_quoted(word)}*"


def fts5_match(query: SearchQuery, expand: Expansion | None = None) -> str:
    """The FTS5 MATCH expression for ``query`` (every token quoted); empty for an empty query.

    A prefix longer than the index's prefix indexes (``INDEXED_PREFIX``) is, with ``expand``,
    written as the words of the index that begin with it: FTS5 would otherwise merge the lists of
    all those words on every evaluation, ten times slower for a common word (``""`` matches
    nothing: no word begins with it)."""
    if query.is_empty:
        return ""
    positive = [_fts_word(word, expand) for word in query.words]
    positive += [_quoted(" ".join(phrase)) for phrase in query.phrases]
    expression = " AND ".join(positive)
    if query.excluded:
        excluded = " OR ".join(_fts_word(word, expand) for word in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


def is_prefix_word(word: str) -> bool:
    """Whether ``word`` is matched as a prefix (see the module's text)."""
    return len(word) >= MIN_PREFIX
