"""The words of a hit that match the query, as offsets, and the piece of text around them.

Computed in Python from the indexed text for both databases (the same marks on SQLite and
PostgreSQL): a word of the text matches when its folded form starts with a query word (or equals
a one-letter word), a phrase when its words follow each other.
"""

from __future__ import annotations

import re
import unicodedata

from wiec_desktop.services.search.model import SearchQuery, Snippet
from wiec_desktop.services.search.query import fold, is_prefix_word

SNIPPET_WIDTH = 160  # characters of context shown
LEAD = 40  # characters before the first match
ELLIPSIS = "…"
_WORD = re.compile(r"[^\W_]+")  # letters and digits (str.isalnum), as the index splits words


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every word of ``text`` (runs of letters and digits; give it
    NFC text, as ``snippet`` does, so that an accent is part of its letter)."""
    return [(found.start(), found.end(), fold(found.group())) for found in _WORD.finditer(text)]


def marks(text: str, query: SearchQuery) -> tuple[tuple[int, int], ...]:
    """The (start, end) offsets in ``text`` of the words and phrases of ``query``, in order and not
    overlapping."""
    spans = word_spans(text)
    found: list[tuple[int, int]] = []
    for start, end, word in spans:
        if any(word.startswith(w) if is_prefix_word(w) else word == w for w in query.words):
            found.append((start, end))
    for phrase in query.phrases:
        size = len(phrase)
        for index in range(len(spans) - size + 1):
            if all(spans[index + n][2] == phrase[n] for n in range(size)):
                found.append((spans[index][0], spans[index + size - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def snippet(title: str, body: str, query: SearchQuery, width: int = SNIPPET_WIDTH) -> Snippet:
    """The context of the match: a piece of ``body`` around its first match, or the title when the
    body holds none (or is empty)."""
    text = unicodedata.normalize("NFC", " ".join(body.split()))
    title = unicodedata.normalize("NFC", title)
    found = marks(text, query)
    if not found:
        title_marks = marks(title, query)
        if title_marks or not text:
            return Snippet(title, title_marks)
        return _cut(text, (), width)
    return _cut(text, found, width)


def _cut(text: str, found: tuple[tuple[int, int], ...], width: int) -> Snippet:
    if len(text) <= width:
        return Snippet(text, found)
    first = found[0][0] if found else 0
    start = max(0, first - LEAD)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space <= LEAD * 2 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(lead) - start
    kept = tuple((max(s, start) + shift, min(e, end) + shift) for s, e in found if s < end and e > start)
    return Snippet(f"{lead}{text[start:end]}{tail}", kept)
