"""Overlap: when two cases are about the same problem. The one definition, used by the question
before a new case is saved (``OverlapService.find_similar``), the who-does-what matrix's "Mogelijke
overlap" flag (``partners/matrix.py``) and the cases suggested for a signal (``signals/triage.py``):
``compare`` of two ``prepare``d texts scores 0–100, and from ``MIN_SCORE`` they overlap.

``OverlapService.find_similar`` answers "is this already a case?" before the chair saves a new one:
similar open cases are shown with the organisations working on them, so the chair can link to the
existing case instead of duplicating it.

How a candidate is found and scored (kept cheap with 50,000 cases):

1. **Candidates in SQL.** Open cases (status not *afgesloten*) whose title or location contains one of
   a few search stems of the new case (its street, and the first six letters of its longer title
   words, which also finds compounds: *jongeren* finds *Hangjongeren*), or that have the same theme
   in the same area. They are ranked in SQL by how many stems match and only the best
   ``CANDIDATES`` rows are read.
2. **Scoring in Python with rapidfuzz** (0–100), from what is known on both sides:

   - *title* (weight 0.55): the title words without stop words and without the street, compared word
     by word (a word matches an equal, near-equal or containing word) and as a whole
     (``token_sort_ratio``); the higher counts;
   - *location* (0.30): the street of both cases (``street_key``), typos tolerated. A street only
     named in the title counts as well. Unknown on either side → left out of the weighting. Known and
     different → the score is multiplied by 0.75 (same problem elsewhere is not a duplicate);
   - *description* (0.15): ``token_set_ratio`` of both descriptions, when both have one;
   - plus 8 for the same theme.

   The weighted mean of the known parts plus the bonus, capped at 100. Cases scoring at least
   ``MIN_SCORE`` are returned, best first, with short Dutch reasons ("zelfde locatie", …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import and_, case, func, literal, or_, select

from wiec_desktop.domain import Area, Case, Involvement, Organisation, Theme, case_reference
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole
from wiec_desktop.services.base import Service

MIN_SCORE = 60
CANDIDATES = 200
MAX_STEMS = 10
DESCRIPTION_CHARS = 1000

TITLE_WEIGHT = 0.55
LOCATION_WEIGHT = 0.30
DESCRIPTION_WEIGHT = 0.15
THEME_BONUS = 8
ELSEWHERE_FACTOR = 0.75  # both streets known and different

REASON_LOCATION = "zelfde locatie"
REASON_TITLE = "vergelijkbare titel"
REASON_DESCRIPTION = "vergelijkbare omschrijving"
REASON_THEME = "zelfde thema"
REASON_AREA = "zelfde wijk/buurt"

# Words that say nothing about what a case is about (accents already removed).
STOP_WORDS = frozenset(
    """
    de het een en of van in op aan bij met voor naar uit om te door over tot rond rondom nabij hoek
    is zijn wordt worden er ook niet al nog wel dat die dit deze als maar dan zo veel meer steeds
    weer geen wat wie hun haar zijn ons onze alle veel via per sinds tijdens tegen onder boven achter
    overlast probleem problemen klacht klachten melding meldingen casus situatie buurt wijk
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Endings of Dutch street names; a word with one of them (and long enough) is taken as a street.
STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "dreef", "gaarde", "kade", "singel", "gracht", "dijk",
    "steeg", "hof", "markt", "park", "plantsoen", "boulevard", "dam", "wal",
)  # fmt: skip
MIN_STREET_WORD = 7
_NON_WORD = re.compile(r"[^0-9a-z]+")
_HOUSE_NUMBER = re.compile(r"\d+\w{0,3}|\w")  # 12, 12a, 12bis, and single letters


# --- text helpers (also used by the matrix) ---------------------------------------------------


def normalise(text: str | None) -> str:
    """Lower case, accents removed, anything but letters and digits turned into single spaces."""
    if not text:
        return ""
    if text.isascii():
        plain = text.lower()
    else:
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


def words(text: str | None) -> list[str]:
    """The meaningful words of a text: normalised, no stop words, no numbers, each once, in order."""
    seen: dict[str, None] = {}
    for word in normalise(text).split():
        if len(word) >= 3 and not word.isdigit() and word not in STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def _is_street_word(word: str) -> bool:
    return len(word) >= MIN_STREET_WORD and word.endswith(STREET_SUFFIXES)


@lru_cache(maxsize=65_536)  # the matrix asks for every open case; streets repeat
def street_key(location: str | None) -> str:
    """The street of a location, for comparing: ``"Winkelcentrum Ruinenlaan 12a"`` → ``"ruinenlaan"``.

    The first word that ends like a Dutch street name (…straat, …laan, …weg, …plein, …) when there
    is one; otherwise the whole location without house numbers and single letters
    (``"Laan van Meerdervoort 5"`` → ``"laan van meerdervoort"``). ``""`` for no location.
    """
    parts = [w for w in normalise(location).split() if not _HOUSE_NUMBER.fullmatch(w)]
    for word in parts:
        if _is_street_word(word):
            return word
    return " ".join(parts)


def _places(location: str, title: str) -> set[str]:
    """Streets a case names: the street of its location, and street-like words in its title."""
    places = {w for w in normalise(title).split() if _is_street_word(w)}
    key = street_key(location)
    if key:
        places.add(key)
    return places


# --- result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarCase:
    """An open case that resembles the one being entered, with why and who works on it."""

    case_id: int
    reference: str
    title: str
    status: str  # the Dutch label: "In behandeling"
    location: str
    theme: str
    area: str
    score: int  # 0–100
    organisations: list[tuple[str, str]] = field(default_factory=list)  # (name, Dutch role label)
    reasons: list[str] = field(default_factory=list)  # Dutch, short: "zelfde locatie", …

    @property
    def status_label(self) -> str:
        return self.status

    @property
    def summary(self) -> str:
        """One line for a warning list: ``2026-011 Titel (In behandeling; zelfde locatie, …)``."""
        why = ", ".join(self.reasons)
        return f"{self.reference} {self.title} ({self.status}{'; ' + why if why else ''})"


@dataclass(frozen=True)
class CaseText:
    """What overlap compares of a case (or of a signal, a draft): its words, place and theme."""

    title: str
    description: str = ""
    location: str = ""
    theme_id: int | None = None
    area_id: int | None = None


@dataclass(frozen=True)
class Prepared:
    """A ``CaseText`` prepared once for comparing: its title words (streets left out), the streets
    it names, its description's words."""

    title_words: list[str]
    places: set[str]
    description: str
    theme_id: int | None
    area_id: int | None


def prepare(text: CaseText) -> Prepared:
    """The comparable parts of ``text`` (words normalised, stop words and streets left out)."""
    places = _places(text.location or "", text.title)
    return Prepared(
        title_words=[w for w in words(text.title) if w not in places],
        places=places,
        description=" ".join(words((text.description or "")[:DESCRIPTION_CHARS])),
        theme_id=text.theme_id,
        area_id=text.area_id,
    )


def overlaps(a: Prepared, b: Prepared) -> bool:
    """The definition: two cases overlap when ``compare`` scores them at least ``MIN_SCORE``."""
    return compare(a, b)[0] >= MIN_SCORE


# --- service -----------------------------------------------------------------------------------


class OverlapService(Service):
    def find_similar(
        self,
        title: str,
        description: str = "",
        location: str = "",
        theme_id: int | None = None,
        area_id: int | None = None,
        exclude_case_id: int | None = None,
        limit: int = 5,
    ) -> list[SimilarCase]:
        """Open cases that may be the same problem, best first (at most ``limit``)."""
        probe = prepare(CaseText(title, description, location, theme_id, area_id))
        stems = search_stems(probe)
        if not stems and (theme_id is None or area_id is None):
            return []
        with self.reading() as session:
            rows = session.execute(_candidates(stems, theme_id, area_id, exclude_case_id)).all()
            scored: list[tuple[int, list[str], Any]] = []
            for row in rows:
                score, reasons = compare(probe, prepare(case_text(row)))
                if score >= MIN_SCORE:
                    scored.append((score, reasons, row))
            scored.sort(key=lambda item: (-item[0], -item[2].year, -item[2].number))
            scored = scored[:limit]
            organisations = _organisations(session, [row.id for _s, _r, row in scored])
        return [
            SimilarCase(
                case_id=row.id,
                reference=case_reference(row.year, row.number),
                title=row.title,
                status=CaseStatus(row.status).label,
                location=row.location or "",
                theme=row.theme or "",
                area=row.area or "",
                score=score,
                organisations=organisations.get(row.id, []),
                reasons=reasons,
            )
            for score, reasons, row in scored
        ]


def case_text(row: Any) -> CaseText:
    """The ``CaseText`` of a row with a case's title, description, location, theme_id and area_id."""
    return CaseText(row.title, row.description or "", row.location or "", row.theme_id, row.area_id)


def search_stems(probe: Prepared) -> list[str]:
    """A few lower-case fragments to look for in titles and locations (streets first)."""
    stems: dict[str, None] = {}
    for place in sorted(probe.places, key=len, reverse=True):
        stems.setdefault(place.split()[-1] if " " in place else place, None)
    for word in sorted(probe.title_words, key=len, reverse=True):
        if len(word) < 4:
            continue
        stems.setdefault(word[:6] if len(word) >= 7 else word, None)
        if len(word) >= 11 and word[-8:] not in STOP_WORDS:
            stems.setdefault(word[-8:], None)  # the tail of a compound: hangjongeren → jongeren
    return [s for s in stems if len(s) >= 4][:MAX_STEMS]


def _candidates(
    stems: Sequence[str], theme_id: int | None, area_id: int | None, exclude_case_id: int | None
) -> Any:
    hits = [or_(Case.title.ilike(f"%{s}%"), Case.location.ilike(f"%{s}%")) for s in stems]
    same_group = (
        and_(Case.theme_id == theme_id, Case.area_id == area_id)
        if theme_id is not None and area_id is not None
        else None
    )
    matched = [*hits, *([same_group] if same_group is not None else [])]
    rank: Any = literal(0)
    for hit in hits:
        rank = rank + case((hit, 1), else_=0)
    if same_group is not None:
        rank = rank + case((same_group, 2), else_=0)
    stmt = (
        select(
            Case.id,
            Case.year,
            Case.number,
            Case.title,
            func.substr(Case.description, 1, DESCRIPTION_CHARS).label("description"),
            Case.location,
            Case.status,
            Case.theme_id,
            Case.area_id,
            Theme.name.label("theme"),
            Area.name.label("area"),
        )
        .outerjoin(Theme, Theme.id == Case.theme_id)
        .outerjoin(Area, Area.id == Case.area_id)
        .where(Case.status != CaseStatus.CLOSED, or_(*matched))
        .order_by(rank.desc(), Case.id.desc())
        .limit(CANDIDATES)
    )
    if exclude_case_id is not None:
        stmt = stmt.where(Case.id != exclude_case_id)
    return stmt


def words_match(a: str, b: str) -> bool:
    """Two words that mean the same here: equal, one inside the other (``jongeren`` in
    ``hangjongeren``), the same first six letters (``winkels``, ``winkelcentrum``), or a typo."""
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= 5 and shorter in longer:
        return True
    if len(shorter) >= 6 and a[:6] == b[:6]:
        return True
    return fuzz.ratio(a, b) >= 85


def title_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """0–100 for two lists of title words: the share of words with a match on the other side, or
    the likeness of the whole titles (``token_sort_ratio``, rescaled so that unrelated titles, which
    still score about 45 there, count as 0)."""
    if not a or not b:
        return 0.0
    matched = sum(1 for x in a if any(words_match(x, y) for y in b))
    matched += sum(1 for y in b if any(words_match(x, y) for x in a))
    overlap = 100.0 * matched / (len(a) + len(b))
    likeness = max(0.0, (fuzz.token_sort_ratio(" ".join(a), " ".join(b)) - 50.0) * 2.0)
    return max(overlap, likeness)


def _location_similarity(mine: set[str], theirs: set[str]) -> float | None:
    """100 for the same street, a typo's likeness (85+), else 0; ``None`` when a side is unknown."""
    if not mine or not theirs:
        return None
    if mine & theirs:
        return 100.0
    best = max(fuzz.ratio(x, y) for x in mine for y in theirs)
    return best if best >= 85 else 0.0


def compare(probe: Prepared, other: Prepared) -> tuple[int, list[str]]:
    """0–100 for how much ``other`` looks like ``probe``, with the short Dutch reasons."""
    places = other.places
    title_words = [w for w in other.title_words if w not in probe.places]
    mine = [w for w in probe.title_words if w not in places]
    title = title_similarity(mine, title_words)
    location = _location_similarity(probe.places, places)
    theirs = other.description
    description = (
        float(fuzz.token_set_ratio(probe.description, theirs)) if probe.description and theirs else None
    )
    parts = [(TITLE_WEIGHT, title)]
    if location is not None:
        parts.append((LOCATION_WEIGHT, location))
    if description is not None:
        parts.append((DESCRIPTION_WEIGHT, description))
    score = sum(w * s for w, s in parts) / sum(w for w, _s in parts)
    if location is not None and location < 50:
        score *= ELSEWHERE_FACTOR
    same_theme = probe.theme_id is not None and probe.theme_id == other.theme_id
    if same_theme:
        score += THEME_BONUS
    reasons: list[str] = []
    if location is not None and location >= 90:
        reasons.append(REASON_LOCATION)
    if title >= 50:
        reasons.append(REASON_TITLE)
    if description is not None and description >= 60:
        reasons.append(REASON_DESCRIPTION)
    if same_theme:
        reasons.append(REASON_THEME)
    if probe.area_id is not None and probe.area_id == other.area_id and REASON_LOCATION not in reasons:
        reasons.append(REASON_AREA)
    return min(100, round(score)), reasons


def _organisations(session: Any, case_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """(name, role label) per case: trekker first, then partners, then informed; by name."""
    ids = list(case_ids)
    if not ids:
        return {}
    order = {InvolvementRole.LEAD: 0, InvolvementRole.PARTNER: 1, InvolvementRole.INFORMED: 2}
    rows = session.execute(
        select(Involvement.case_id, Involvement.role, Organisation.name)
        .join(Organisation, Organisation.id == Involvement.organisation_id)
        .where(Involvement.case_id.in_(ids))
    ).all()
    rows.sort(key=lambda r: (order[InvolvementRole(r.role)], r.name.casefold()))
    result: dict[int, list[tuple[str, str]]] = {}
    for row in rows:
        result.setdefault(row.case_id, []).append((row.name, InvolvementRole(row.role).label))
    return result
