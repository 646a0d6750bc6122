"""``OverlapFinder``: the matrix's "Mogelijke overlap" flags, for any rows, a chunk at a time.

The rule is in ``partners/matrix.py``'s docstring. The finder reads the open cases once and keeps
what comparing costs (prepared texts, the cases containing a stem, the scores of pairs, the teams
read): the window asks it for the rows in view first and for the rest in the background, and a
full ``MatrixService.build`` asks it for every row at once. Plain data only; the session is passed
in by the service method that uses it.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from wiec_desktop.domain import Case, Involvement, case_reference
from wiec_desktop.domain.enums import CaseStatus, InvolvementRole
from wiec_desktop.services.cases.overlap import (
    CANDIDATES,
    DESCRIPTION_CHARS,
    DESCRIPTION_WEIGHT,
    ELSEWHERE_FACTOR,
    LOCATION_WEIGHT,
    MIN_SCORE,
    THEME_BONUS,
    TITLE_WEIGHT,
    Prepared,
    _location_similarity,
    case_text,
    compare,
    prepare,
    search_stems,
)

MAX_OVERLAP_REFERENCES = 3
_IN_CHUNK = 500  # ids per IN (...) list: far below every database's parameter limit
_ALL_AT_ONCE = 4 * _IN_CHUNK  # more teams than this: one query for all open teams instead
ACTING_ROLES = frozenset({InvolvementRole.LEAD, InvolvementRole.PARTNER})
_ACTING_VALUES = frozenset(role.value for role in ACTING_ROLES)


@dataclass
class Team:
    """The organisations of one case: those acting (trekker, partner) and all involved."""

    acting: set[int] = field(default_factory=set)
    involved: set[int] = field(default_factory=set)

    def add(self, organisation_id: int, role: InvolvementRole | str) -> None:
        self.involved.add(organisation_id)
        if role in _ACTING_VALUES:  # an InvolvementRole or its stored text
            self.acting.add(organisation_id)


@dataclass(frozen=True)
class Overlap:
    """A case's "Mogelijke overlap" finding: the Dutch text and the cases it names."""

    text: str
    related_case_ids: tuple[int, ...]


def teams_from_cells(cells: Mapping[tuple[int, int], InvolvementRole]) -> dict[int, Team]:
    """The teams of the cases of a matrix, from its cells (every involvement of its rows)."""
    teams: dict[int, Team] = {}
    for (case_id, organisation_id), role in cells.items():
        teams.setdefault(case_id, Team()).add(organisation_id, role)
    return teams


class OverlapFinder:
    """The open cases, read once, compared on demand (see the module docstring)."""

    def __init__(self, open_cases: Sequence[Any]) -> None:
        self._cases = open_cases
        # Cases are numbered by their position in reference order: sorting positions sorts by reference.
        self._ids = [row.id for row in open_cases]
        self._position_of = {ident: position for position, ident in enumerate(self._ids)}
        self._prepared: list[Prepared | None] = [None] * len(open_cases)
        # What the question's SQL searches (title or location containing a stem, case-insensitive),
        # and its other way in: the same theme in the same area.
        self._searched = [f"{row.title}\n{row.location or ''}".lower() for row in open_cases]
        self._groups: dict[tuple[int, int], list[int]] = {}
        for position, row in enumerate(open_cases):
            if row.theme_id is not None and row.area_id is not None:
                self._groups.setdefault((row.theme_id, row.area_id), []).append(position)
        self._containing: dict[str, list[int]] = {}
        self._scores: dict[tuple[int, int], int] = {}
        self._similar: dict[int, list[int]] = {}
        self._teams: dict[int, Team] = {}
        self._all_teams_read = False

    @classmethod
    def read(cls, session: Session) -> OverlapFinder:
        """Reads every open case (title, the start of the description, location, theme, area)."""
        rows = session.execute(
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
            .where(Case.status != CaseStatus.CLOSED)
            .order_by(Case.year, Case.number)
        ).all()
        return cls(rows)

    def is_open(self, case_id: int) -> bool:
        return case_id in self._position_of

    def overlaps(
        self, session: Session, case_ids: Iterable[int], known_teams: Mapping[int, Team]
    ) -> dict[int, Overlap]:
        """The overlap findings of ``case_ids`` (open cases; others are skipped); ``known_teams``
        holds teams already read (a matrix's own rows), the others are read here as needed."""
        similar: dict[int, list[int]] = {}
        for case_id in case_ids:
            position = self._position_of.get(case_id)
            if position is not None:
                found = self._similar_to(position)
                if found:
                    similar[position] = found
        wanted = {self._ids[p] for mine_at, found in similar.items() for p in (mine_at, *found)}
        self._read_teams(session, wanted - known_teams.keys() - self._teams.keys())

        def team(position: int) -> Team:
            ident = self._ids[position]
            return known_teams.get(ident) or self._teams.get(ident) or _EMPTY

        result: dict[int, Overlap] = {}
        for mine_at, found in similar.items():
            mine = team(mine_at)
            if not mine.acting:
                continue  # nobody acts: no team to compare (NO_LEAD says enough)
            apart = [p for p in found if _apart(mine, team(p))]
            if not apart:
                continue
            named = apart[:MAX_OVERLAP_REFERENCES]
            more = " e.a." if len(apart) > MAX_OVERLAP_REFERENCES else ""
            names = ", ".join(_reference(self._cases[p]) for p in named)
            result[self._ids[mine_at]] = Overlap(
                f"Mogelijke overlap met {names}{more}", tuple(self._ids[p] for p in named)
            )
        return result

    # --- comparing -----------------------------------------------------------------------------

    def _prepare(self, position: int) -> Prepared:
        prepared = self._prepared[position]
        if prepared is None:
            prepared = self._prepared[position] = prepare(case_text(self._cases[position]))
        return prepared

    def _containing_stem(self, stem: str) -> list[int]:
        found = self._containing.get(stem)
        if found is None:
            found = self._containing[stem] = [p for p, text in enumerate(self._searched) if stem in text]
        return found

    def _score(self, a: int, b: int) -> int:
        """``compare``'s score of the pair, or 0 when its ceiling shows it stays below ``MIN_SCORE``
        (``compare`` is symmetric, so one way is both ways; both facts are tested)."""
        pair = (a, b) if a < b else (b, a)
        score = self._scores.get(pair)
        if score is None:
            first, second = self._prepare(a), self._prepare(b)
            score = 0 if score_ceiling(first, second) < MIN_SCORE else compare(first, second)[0]
            self._scores[pair] = score
        return score

    def _similar_to(self, mine_at: int) -> list[int]:
        """The positions of the open cases that overlap the one at ``mine_at``, in reference order.

        It is compared (``overlap.compare``, both ways, the better score counts) with the open
        cases the question before saving would consider for it: those whose title or location
        contains one of its search stems, or with its theme in its area, the ``CANDIDATES`` best
        ranked first, ranked as the question's SQL ranks them (more stems, then the newest id).
        """
        if mine_at in self._similar:
            return self._similar[mine_at]
        rank: Counter[int] = Counter()
        for stem in search_stems(self._prepare(mine_at)):
            rank.update(self._containing_stem(stem))
        row = self._cases[mine_at]
        if row.theme_id is not None and row.area_id is not None:
            for p in self._groups[(row.theme_id, row.area_id)]:
                rank[p] += 2
        del rank[mine_at]
        ids = self._ids
        best = heapq.nsmallest(CANDIDATES, rank, key=lambda p: (-rank[p], -ids[p]))
        found = self._similar[mine_at] = sorted(p for p in best if self._score(mine_at, p) >= MIN_SCORE)
        return found

    def _read_teams(self, session: Session, case_ids: set[int]) -> None:
        """The teams of ``case_ids`` (open cases): by id lists, or all open teams at once when many."""
        if not case_ids or self._all_teams_read:
            return
        # The role as its stored text: no enum conversion per row (this may read every open team).
        base = select(Involvement.case_id, Involvement.organisation_id, type_coerce(Involvement.role, String))
        if len(case_ids) > _ALL_AT_ONCE:
            stmts = [base.join(Case, Case.id == Involvement.case_id).where(Case.status != CaseStatus.CLOSED)]
            case_ids = set(self._ids)
            self._all_teams_read = True
        else:
            ids = sorted(case_ids)
            stmts = [
                base.where(Involvement.case_id.in_(ids[start : start + _IN_CHUNK]))
                for start in range(0, len(ids), _IN_CHUNK)
            ]
        for ident in case_ids:
            self._teams.setdefault(ident, Team())
        for stmt in stmts:
            for case_id, organisation_id, role in session.execute(stmt):
                team = self._teams.get(case_id)
                if team is not None:
                    team.add(organisation_id, role)


_EMPTY = Team()


def score_ceiling(probe: Prepared, other: Prepared) -> int:
    """The highest score ``compare`` can give the pair: its arithmetic with the title likeness, the
    costly part, taken as 100. About two in three candidate pairs stop here, for a third of the cost
    of ``compare``."""
    location = _location_similarity(probe.places, other.places)
    parts = [(TITLE_WEIGHT, 100.0)]
    if location is not None:
        parts.append((LOCATION_WEIGHT, location))
    if probe.description and other.description:
        parts.append((DESCRIPTION_WEIGHT, float(fuzz.token_set_ratio(probe.description, other.description))))
    score = sum(weight * part for weight, part in parts) / sum(weight for weight, _part in parts)
    if location is not None and location < 50:
        score *= ELSEWHERE_FACTOR
    if probe.theme_id is not None and probe.theme_id == other.theme_id:
        score += THEME_BONUS
    return min(100, round(score))


def _apart(mine: Team, theirs: Team) -> bool:
    """Two teams that do not know of each other's case: both have acting organisations, none of
    mine is involved in theirs and none of theirs in mine (only informed of both connects nothing)."""
    if not mine.acting or not theirs.acting:
        return False
    return not (mine.acting & theirs.involved) and not (theirs.acting & mine.involved)


def _reference(row: Any) -> str:
    return case_reference(row.year, row.number)
