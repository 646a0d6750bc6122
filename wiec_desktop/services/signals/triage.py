"""Which open case might a signal belong to? Suggestions for triaging the signals inbox.

``suggest`` scores open cases against one signal, reusing the overlap check's text helpers
(``cases/overlap.py``: normalised words without stop words, street keys, forgiving word matches).
A case that *overlaps* the signal read as a draft case (its text as the title, its street, theme and
area: ``overlap.compare``, the definition the question before saving a case uses) is always
suggested, with at least that score, so that the inbox never misses the case the question would name:

1. **Candidates in SQL**, one query: open cases (status not *afgesloten*) with the signal's theme, in
   the signal's area, whose location names the signal's street, or whose title contains one of a
   few stems of the signal's words. Ranked in SQL (street 4, theme 3, area 1, each stem 1) and only
   the best ``CANDIDATES`` rows are read, so 50,000 cases stay cheap.
2. **Scoring in Python** (0–100):

   - *same theme*: ``THEME_POINTS``;
   - *same street* (the signal's street or address street, or a street its text names, against the
     case's location and title; typos tolerated): ``STREET_POINTS``; otherwise *same area* (the
     address's area, or the one area the street's addresses lie in): ``AREA_POINTS``;
   - *text*: the signal's words against the case's title and description, the mean of the share
     of the signal's words found there and rapidfuzz ``token_set_ratio`` (rescaled so that
     unrelated texts count 0), times ``TEXT_POINTS``.

   Cases scoring at least ``MIN_SCORE`` are returned best first with their Dutch reasons
   ("zelfde thema", "zelfde straat", "lijkt op: container, vuilniszakken").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Select, case, func, literal, or_, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Case, Signal, case_reference
from wiec_desktop.domain.enums import CaseStatus
from wiec_desktop.services.cases.overlap import (
    DESCRIPTION_CHARS,
    CaseText,
    Prepared,
    _location_similarity,
    _places,
    case_text,
    compare,
    prepare,
    search_stems,
    words,
    words_match,
)
from wiec_desktop.services.cases.overlap import MIN_SCORE as OVERLAP_SCORE

STALE_AFTER_DAYS = 14  # untriaged longer than this: flagged (as UNTRIAGED_AGE_LIMIT_DAYS in lists)
CANDIDATES = 300
MAX_STEMS = 8
THEME_POINTS = 25
STREET_POINTS = 25
AREA_POINTS = 10
TEXT_POINTS = 50
MIN_SCORE = 30  # a theme or a street alone is not enough
TEXT_REASON_MIN = 25  # text likeness (0–100) from which "lijkt op: …" is given as a reason
REASON_WORDS = 3
CLEAR_SCORE = 65  # a suggestion this good and CLEAR_MARGIN ahead of the next may be linked by Enter
CLEAR_MARGIN = 15
TITLE_CHARS = 80

REASON_THEME = "zelfde thema"
REASON_STREET = "zelfde straat"
REASON_AREA = "zelfde wijk/buurt"
REASON_TEXT = "lijkt op: {words}"
# Words in how signals are worded that say nothing about what they are about (beyond overlap's).
SIGNAL_STOP_WORDS = frozenset(
    """
    bewoner bewoners meldt melden vraag vraagt langs vanuit loopt week weken maand maanden nachts
    dag dagen vermoedelijk vermoedelijke heel erg
    """.split()  # noqa: SIM905 - a word list reads better as text
)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    """One untriaged signal in the inbox."""

    signal_id: int
    received_on: date
    age_days: int
    stale: bool  # untriaged for more than 14 days
    source: str  # Dutch label: "Bewoner (telefoon)"
    theme: str  # '' when none
    place: str  # the address label ("Leyweg 12a") or the street; '' when unknown
    text: str
    organisation: str = ""  # the partner that passed it on, if any


@dataclass(frozen=True)
class CaseSuggestion:
    """An open case the signal may belong to, with the Dutch reasons why."""

    case_id: int
    reference: str
    title: str
    score: int  # 0–100
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"{self.reference} {self.title}"


@dataclass(frozen=True)
class CaseDraft:
    """What a new case made from a signal starts with (the chair edits it before saving)."""

    signal_id: int
    title: str
    description: str
    theme_id: int | None
    area_id: int | None
    location: str


@dataclass(frozen=True)
class _Probe:
    """The signal, prepared once for scoring."""

    theme_id: int | None
    area_id: int | None
    places: set[str]
    words: list[str]
    text: str  # the words joined, for rapidfuzz
    as_case: Prepared  # the signal as a draft case, for the overlap definition


def is_clear(suggestions: Sequence[CaseSuggestion]) -> bool:
    """True when the first suggestion is good and well ahead of the second (Enter may link it)."""
    if not suggestions or suggestions[0].score < CLEAR_SCORE:
        return False
    return len(suggestions) == 1 or suggestions[0].score - suggestions[1].score >= CLEAR_MARGIN


def draft_title(text: str) -> str:
    """A case title proposed from a signal's text: its first line, cut at a word near 80 characters."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_CHARS:
        return first.rstrip(".")
    cut = first[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


# --- the signal's place ------------------------------------------------------------------------


def signal_street(signal: Signal) -> str:
    """The street of a signal: its own, else its address's."""
    if signal.street.strip():
        return signal.street.strip()
    return signal.address.street if signal.address is not None else ""


def signal_area_id(session: Session, signal: Signal) -> int | None:
    """The address's area, else the one area all known addresses of the signal's street lie in."""
    if signal.address is not None and signal.address.area_id is not None:
        return signal.address.area_id
    street = signal_street(signal)
    if not street:
        return None
    areas = session.scalars(
        select(Address.area_id)
        .where(Address.street == street, Address.area_id.is_not(None))
        .distinct()
        .limit(2)
    ).all()
    return areas[0] if len(areas) == 1 else None


# --- suggestions -------------------------------------------------------------------------------


def suggest(session: Session, signal: Signal, limit: int = 5) -> list[CaseSuggestion]:
    """Open cases the signal may belong to, best first (at most ``limit``)."""
    places = _places(signal_street(signal), signal.text)
    signal_words = [w for w in words(signal.text) if w not in places and w not in SIGNAL_STOP_WORDS]
    area_id = signal_area_id(session, signal)
    probe = _Probe(
        theme_id=signal.theme_id,
        area_id=area_id,
        places=places,
        words=signal_words,
        text=" ".join(signal_words),
        as_case=prepare(CaseText(signal.text, "", signal_street(signal), signal.theme_id, area_id)),
    )
    stmt = _candidates(probe, _stems(probe))
    if stmt is None:
        return []
    scored: list[tuple[int, tuple[str, ...], Any]] = []
    for row in session.execute(stmt):
        score, reasons = _score(probe, row)
        if score >= MIN_SCORE:
            scored.append((score, reasons, row))
    scored.sort(key=lambda item: (-item[0], -item[2].year, -item[2].number))
    return [
        CaseSuggestion(
            case_id=row.id,
            reference=case_reference(row.year, row.number),
            title=row.title,
            score=score,
            reasons=reasons,
        )
        for score, reasons, row in scored[:limit]
    ]


def _stems(probe: _Probe) -> list[str]:
    """A few lower-case fragments of the signal's longer words, to look for in case titles, and
    those the overlap check looks for (so that every case it would find is a candidate here too)."""
    stems: dict[str, None] = {}
    for word in sorted(probe.words, key=len, reverse=True):
        if len(word) >= 4:
            stems.setdefault(word[:6] if len(word) >= 7 else word, None)
    found = list(stems)[:MAX_STEMS]
    return [*found, *(stem for stem in search_stems(probe.as_case) if stem not in found)]


def _candidates(probe: _Probe, stems: Sequence[str]) -> Select[Any] | None:
    """One query for the best-ranked open candidate cases; ``None`` when nothing can match."""
    conditions: list[tuple[Any, int]] = []
    for place in sorted(probe.places):
        conditions.append((Case.location.ilike(f"%{place.split()[-1]}%"), 4))
    if probe.theme_id is not None:
        conditions.append((Case.theme_id == probe.theme_id, 3))
    if probe.area_id is not None:
        conditions.append((Case.area_id == probe.area_id, 1))
    conditions.extend((Case.title.ilike(f"%{stem}%"), 1) for stem in stems)
    if not conditions:
        return None
    rank: Any = literal(0)
    for condition, weight in conditions:
        rank = rank + case((condition, weight), else_=0)
    return (
        select(
            Case.id,
            Case.year,
            Case.number,
            Case.title,
            func.substr(Case.description, 1, DESCRIPTION_CHARS).label("description"),
            Case.location,
            Case.theme_id,
            Case.area_id,
        )
        .where(Case.status != CaseStatus.CLOSED, or_(*(c for c, _w in conditions)))
        .order_by(rank.desc(), Case.id.desc())
        .limit(CANDIDATES)
    )


def _score(probe: _Probe, row: Any) -> tuple[int, tuple[str, ...]]:
    reasons: list[str] = []
    score = 0.0
    if probe.theme_id is not None and probe.theme_id == row.theme_id:
        score += THEME_POINTS
        reasons.append(REASON_THEME)
    places = _places(row.location or "", row.title)
    location = _location_similarity(probe.places, places)
    if location is not None and location >= 85:
        score += STREET_POINTS
        reasons.append(REASON_STREET)
    elif probe.area_id is not None and probe.area_id == row.area_id:
        score += AREA_POINTS
        reasons.append(REASON_AREA)
    case_words = [w for w in words(f"{row.title} {row.description or ''}") if w not in places]
    text, matched = _text_likeness(probe, case_words)
    score += TEXT_POINTS * text / 100.0
    if text >= TEXT_REASON_MIN and matched:
        reasons.append(REASON_TEXT.format(words=", ".join(matched[:REASON_WORDS])))
    overlap, why = compare(probe.as_case, prepare(case_text(row)))
    if overlap >= OVERLAP_SCORE and overlap > score:  # the same problem by the one definition
        score = overlap
        reasons.extend(reason for reason in why if reason not in reasons)
    return min(100, round(score)), tuple(reasons)


def _text_likeness(probe: _Probe, case_words: Sequence[str]) -> tuple[float, list[str]]:
    """0–100 for the signal's words against a case's words, and the signal words found there."""
    if not probe.words or not case_words:
        return 0.0, []
    matched = [w for w in probe.words if any(words_match(w, other) for other in case_words)]
    share = 100.0 * len(matched) / len(probe.words)
    ratio = fuzz.token_set_ratio(probe.text, " ".join(case_words))
    rescaled = max(0.0, (ratio - 40.0) * 100.0 / 60.0)  # unrelated texts still score about 40
    return (share + rescaled) / 2.0, matched
