"""What a search returns: hits grouped by kind, each with the words that matched in context.

This is the contract between the search service (``services/search/service.py``), the command line
(``cli/search.py``) and the window (``ui/search/``). Offsets in ``Snippet.marks`` are character
offsets into ``Snippet.text``, so the UI can highlight without knowing how the backend matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from wiec_desktop.translation import QT_TRANSLATE_NOOP


class SearchKind(StrEnum):
    """The kinds of record a search finds, in the order their groups are shown."""

    CASE = "case"
    MEETING = "meeting"
    MINUTES = "minutes"  # an agenda item's minutes text (opens the meeting's item)
    DECISION = "decision"  # opens the meeting's item the decision was taken under
    ACTION = "action"
    SIGNAL = "signal"
    HOUSE_VISIT = "house_visit"
    ORGANISATION = "organisation"
    CONTACT = "contact"

    @property
    def label(self) -> str:
        """The group heading (Dutch, plural); translate in the "SearchKind" context."""
        return _LABELS[self]


_LABELS: dict[SearchKind, str] = {
    SearchKind.CASE: QT_TRANSLATE_NOOP("SearchKind", "Casussen"),
    SearchKind.MEETING: QT_TRANSLATE_NOOP("SearchKind", "Overleggen"),
    SearchKind.MINUTES: QT_TRANSLATE_NOOP("SearchKind", "Verslagen"),
    SearchKind.DECISION: QT_TRANSLATE_NOOP("SearchKind", "Besluiten"),
    SearchKind.ACTION: QT_TRANSLATE_NOOP("SearchKind", "Acties"),
    SearchKind.SIGNAL: QT_TRANSLATE_NOOP("SearchKind", "Signalen"),
    SearchKind.HOUSE_VISIT: QT_TRANSLATE_NOOP("SearchKind", "Huisbezoeken"),
    SearchKind.ORGANISATION: QT_TRANSLATE_NOOP("SearchKind", "Organisaties"),
    SearchKind.CONTACT: QT_TRANSLATE_NOOP("SearchKind", "Contactpersonen"),
}


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of the record's text around the match; ``marks`` are (start, end) offsets in ``text``
    of the words that matched, in order and not overlapping."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One record that matched.

    ``record_id`` is the id of the record of ``kind`` (an agenda item's id for MINUTES, a decision's
    id for DECISION). ``meeting_id``/``agenda_item_id`` are set for MINUTES and DECISION (and
    ``meeting_id`` for MEETING) so the window can open the meeting's item; ``case_id`` where the
    record belongs to a case. ``title`` is one line (reference and title, e.g. "2026-014 Overlast
    bergingen Erasmusweg"); ``snippet`` the context of the match (may be the title itself).
    """

    kind: SearchKind
    record_id: int
    title: str
    snippet: Snippet
    rank: float = 0.0  # lower is better (bm25 on SQLite, -ts_rank on PostgreSQL)
    case_id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """The hits of one kind, best first; ``total`` counts all matches of that kind (may exceed
    ``len(hits)`` when the group was cut at the limit)."""

    kind: SearchKind
    hits: tuple[SearchHit, ...]
    total: int


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed query: words (each matched as a prefix, accents and case ignored), phrases in
    double quotes (matched as consecutive words), and ``-word`` exclusions."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is asked (only exclusions, or nothing): no search runs."""
        return not self.words and not self.phrases


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The answer to one search: the groups in ``SearchKind`` order, empty groups left out."""

    query: SearchQuery
    groups: tuple[SearchGroup, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    def hits(self) -> list[SearchHit]:
        """Every hit in display order (group by group)."""
        return [hit for group in self.groups for hit in group.hits]


DEFAULT_LIMIT_PER_KIND = 8
"""How many hits per kind the window shows (the command line may ask for more)."""
