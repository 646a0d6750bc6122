"""Who does what: cases × organisations with each organisation's role, and the cases to look at.

``MatrixService.build`` returns a ``Matrix`` for the chosen filter, read with a handful of queries
(areas, cases, their involvements, the open cases for the overlap check and their involvements),
never one query per case.

Flags (only on open cases, i.e. status not *afgesloten*):

``NO_LEAD`` — "Geen trekker"
    No organisation has the role *trekker*. The same cases as the list's "Zonder trekker" filter.
``ACTORS_WITHOUT_LEAD`` — "Meerdere partijen, geen trekker"
    No *trekker* while two or more organisations act as *partner* (informed organisations do not
    act). Always comes with ``NO_LEAD``; the flag text then shows only this, more specific one.
``MULTIPLE_LEADS`` — "Meer dan één trekker"
    Two or more organisations are *trekker*.
``POSSIBLE_OVERLAP`` — "Mogelijke overlap met 2026-011"
    Another open case is about the same problem — by the one definition of overlap
    (``cases/overlap.py``: the same score that makes the question before saving a new case name it:
    alike titles, the same street, alike descriptions, the same theme) — and **the two teams do not
    know of each other's case**: no organisation acting on this case (trekker or partner) is
    involved in the other case in any role, and no organisation acting on the other case is involved
    in this one. One organisation that acts on one case and is involved in the other (even only
    informed) connects them, so the pair is not flagged; an organisation that is merely informed of
    both does not connect them. Both cases need at least one acting organisation (a case with none
    already has ``NO_LEAD``). The other case is looked for among all open cases, also those outside
    the current filter; the text names at most ``MAX_OVERLAP_REFERENCES``, then "e.a.".

    (Earlier the flag meant "the same street, or the same theme in the same area": it flagged a new
    case against a loneliness case in the same buurt and missed the near-duplicate the question had
    warned about moments before.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from wiec_desktop.domain import Area, Case, Involvement, Organisation, Theme, case_reference
from wiec_desktop.domain.enums import AuditKind, CaseStatus, InvolvementRole, OrganisationKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.cases.overlap import (
    CANDIDATES,
    DESCRIPTION_CHARS,
    MIN_SCORE,
    case_text,
    compare,
    prepare,
    search_stems,
)
from wiec_desktop.services.listing.lists import case_reference_sql

MAX_OVERLAP_REFERENCES = 3
_IN_CHUNK = 500  # ids per IN (...) list: far below every database's parameter limit
_ALL_AT_ONCE = 4 * _IN_CHUNK  # more teams than this: one query for all open cases instead
ACTING_ROLES = frozenset({InvolvementRole.LEAD, InvolvementRole.PARTNER})
_ACTING_VALUES = frozenset(role.value for role in ACTING_ROLES)


class FlagKind(StrEnum):
    NO_LEAD = "no_lead"
    ACTORS_WITHOUT_LEAD = "actors_without_lead"
    MULTIPLE_LEADS = "multiple_leads"
    POSSIBLE_OVERLAP = "possible_overlap"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]

    @property
    def explanation(self) -> str:
        return FLAG_EXPLANATIONS[self]


FLAG_LABELS = {
    FlagKind.NO_LEAD: "Geen trekker",
    FlagKind.ACTORS_WITHOUT_LEAD: "Meerdere partijen, geen trekker",
    FlagKind.MULTIPLE_LEADS: "Meer dan één trekker",
    FlagKind.POSSIBLE_OVERLAP: "Mogelijke overlap",
}
FLAG_EXPLANATIONS = {
    FlagKind.NO_LEAD: "Geen enkele organisatie is trekker van deze lopende casus.",
    FlagKind.ACTORS_WITHOUT_LEAD: "Twee of meer organisaties werken als partner aan de casus, "
    "maar niemand is trekker.",
    FlagKind.MULTIPLE_LEADS: "Twee of meer organisaties zijn trekker: spreek af wie de aanpak trekt.",
    FlagKind.POSSIBLE_OVERLAP: "Een andere lopende casus lijkt over hetzelfde probleem te gaan (titel, "
    "straat, omschrijving, thema), terwijl geen van de organisaties die aan de ene casus werken bij de "
    "andere betrokken is: wie doet wat?",
}
ROLE_ORDER = (InvolvementRole.LEAD, InvolvementRole.PARTNER, InvolvementRole.INFORMED)


@dataclass(frozen=True)
class MatrixFlag:
    """One reason to look at a case; ``text`` is Dutch and complete ("Mogelijke overlap met …")."""

    kind: FlagKind
    text: str
    related_case_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A case (row of the matrix)."""

    case_id: int
    reference: str
    title: str
    status: CaseStatus
    area: str
    theme: str
    location: str
    area_id: int | None = None
    theme_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status is not CaseStatus.CLOSED


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """An organisation (column of the matrix)."""

    organisation_id: int
    name: str
    kind: OrganisationKind
    active: bool = True


@dataclass(frozen=True)
class MatrixFilter:
    """The filter a matrix was built with, in words (for the page, the export and its notes)."""

    area: str = ""
    theme: str = ""
    status: CaseStatus | None = None
    include_closed: bool = False
    search: str = ""

    @property
    def shows_closed(self) -> bool:
        return self.include_closed or self.status == CaseStatus.CLOSED

    def describe(self) -> list[tuple[str, str]]:
        """(Dutch label, value) pairs; 'alle' where no filter applies."""
        return [
            ("Wijk/buurt", self.area or "alle"),
            ("Thema", self.theme or "alle"),
            ("Status", self.status.label if self.status else "alle"),
            ("Afgesloten casussen", "ja" if self.shows_closed else "nee"),
            *([("Zoektekst", self.search)] if self.search else []),
        ]


@dataclass
class Matrix:
    """Cases × organisations: ``cells[(case_id, organisation_id)]`` is the organisation's role."""

    rows: list[MatrixRow]
    columns: list[MatrixColumn]
    cells: dict[tuple[int, int], InvolvementRole]
    flags: dict[int, tuple[MatrixFlag, ...]]
    activities: dict[tuple[int, int], str] = field(default_factory=dict)
    filter: MatrixFilter = field(default_factory=MatrixFilter)
    generated_on: date | None = None

    def role(self, case_id: int, organisation_id: int) -> InvolvementRole | None:
        return self.cells.get((case_id, organisation_id))

    def activity(self, case_id: int, organisation_id: int) -> str:
        return self.activities.get((case_id, organisation_id), "")

    def flags_of(self, case_id: int) -> tuple[MatrixFlag, ...]:
        return self.flags.get(case_id, ())

    def has_flag(self, case_id: int, kind: FlagKind) -> bool:
        return any(flag.kind == kind for flag in self.flags_of(case_id))

    def flag_texts(self, case_id: int) -> list[str]:
        """The Dutch texts to show; "Geen trekker" is left out when the more specific
        "Meerdere partijen, geen trekker" is there."""
        flags = self.flags_of(case_id)
        specific = any(f.kind == FlagKind.ACTORS_WITHOUT_LEAD for f in flags)
        return [f.text for f in flags if not (specific and f.kind == FlagKind.NO_LEAD)]

    def flag_text(self, case_id: int) -> str:
        return "; ".join(self.flag_texts(case_id))

    def cases_with(self, kind: FlagKind) -> list[MatrixRow]:
        return [row for row in self.rows if self.has_flag(row.case_id, kind)]

    @property
    def flagged_count(self) -> int:
        """How many cases (rows) have at least one flag."""
        return sum(1 for row in self.rows if self.flags.get(row.case_id))


@dataclass
class _Team:
    acting: set[int] = field(default_factory=set)
    involved: set[int] = field(default_factory=set)


class MatrixService(Service):
    def build(
        self,
        area_id: int | None = None,
        theme_id: int | None = None,
        status: CaseStatus | str | None = None,
        include_closed: bool = False,
        search: str = "",
    ) -> Matrix:
        """The matrix of the cases matching the filter (an area includes its buurten).

        Without ``include_closed`` closed cases are left out, unless ``status`` asks for them.
        ``search`` keeps cases whose number, title or location contain every word.
        """
        status = CaseStatus(status) if status else None
        with self.reading() as session:
            conditions, description = self._conditions(
                session, area_id, theme_id, status, include_closed, search
            )
            rows = self._rows(session, conditions)
            columns, cells, activities, teams = self._involvements(session, conditions)
            flags = _lead_flags(rows, cells)
            if any(row.is_open for row in rows):
                self._overlap_flags(session, rows, teams, flags)
        order = {kind: number for number, kind in enumerate(FlagKind)}
        ordered = {
            case_id: tuple(sorted(found, key=lambda f: order[f.kind]))
            for case_id, found in flags.items()
            if found
        }
        return Matrix(
            rows=rows,
            columns=columns,
            cells=cells,
            flags=ordered,
            activities=activities,
            filter=description,
            generated_on=self.today(),
        )

    def count(
        self,
        area_id: int | None = None,
        theme_id: int | None = None,
        status: CaseStatus | str | None = None,
        include_closed: bool = False,
        search: str = "",
    ) -> int:
        """How many rows ``build`` would return for the same filter (one cheap query)."""
        status = CaseStatus(status) if status else None
        with self.reading() as session:
            conditions, _description = self._conditions(
                session, area_id, theme_id, status, include_closed, search
            )
            return int(session.execute(select(func.count(Case.id)).where(*conditions)).scalar_one())

    def record_export(self, matrix: Matrix, file_name: str) -> None:
        """Log the export in the logboek (file name and counts only, no personal data)."""
        with self.transaction() as session:
            audit.record(
                session,
                AuditKind.EXPORT,
                "matrix",
                None,
                f"wie doet wat (Excel) {file_name}: {len(matrix.rows)} casussen, "
                f"{len(matrix.columns)} organisaties",
            )

    # --- reading -------------------------------------------------------------------------------

    def _conditions(
        self,
        session: Session,
        area_id: int | None,
        theme_id: int | None,
        status: CaseStatus | None,
        include_closed: bool,
        search: str,
    ) -> tuple[list[ColumnElement[bool]], MatrixFilter]:
        conditions: list[ColumnElement[bool]] = []
        area_name = theme_name = ""
        if area_id is not None:
            areas = session.execute(select(Area.id, Area.parent_id, Area.name)).all()
            area_name = next((a.name for a in areas if a.id == area_id), "")
            tree = [(a.id, a.parent_id) for a in areas]
            conditions.append(Case.area_id.in_(_with_descendants(area_id, tree)))
        if theme_id is not None:
            theme = session.get(Theme, theme_id)
            theme_name = theme.name if theme else ""
            conditions.append(Case.theme_id == theme_id)
        if status is not None:
            conditions.append(Case.status == status)
        elif not include_closed:
            conditions.append(Case.status != CaseStatus.CLOSED)
        reference = case_reference_sql()
        for word in search.split():
            pattern = f"%{_escape_like(word)}%"
            conditions.append(
                or_(
                    reference.like(pattern, escape="\\"),
                    Case.title.ilike(pattern, escape="\\"),
                    Case.location.ilike(pattern, escape="\\"),
                )
            )
        return conditions, MatrixFilter(area_name, theme_name, status, include_closed, search.strip())

    def _rows(self, session: Session, conditions: Sequence[ColumnElement[bool]]) -> list[MatrixRow]:
        stmt = (
            select(
                Case.id,
                Case.year,
                Case.number,
                Case.title,
                Case.status,
                Case.location,
                Case.area_id,
                Case.theme_id,
                Area.name.label("area"),
                Theme.name.label("theme"),
            )
            .outerjoin(Area, Area.id == Case.area_id)
            .outerjoin(Theme, Theme.id == Case.theme_id)
            .where(*conditions)
            .order_by(Case.year, Case.number)
        )
        return [
            MatrixRow(
                case_id=r.id,
                reference=case_reference(r.year, r.number),
                title=r.title,
                status=CaseStatus(r.status),
                area=r.area or "",
                theme=r.theme or "",
                location=r.location or "",
                area_id=r.area_id,
                theme_id=r.theme_id,
            )
            for r in session.execute(stmt)
        ]

    def _involvements(
        self, session: Session, conditions: Sequence[ColumnElement[bool]]
    ) -> tuple[
        list[MatrixColumn],
        dict[tuple[int, int], InvolvementRole],
        dict[tuple[int, int], str],
        dict[int, _Team],
    ]:
        shown = select(Case.id).where(*conditions)
        stmt = (
            select(
                Involvement.case_id,
                Involvement.organisation_id,
                Involvement.role,
                Involvement.activity,
                Organisation.name,
                Organisation.kind,
                Organisation.active,
            )
            .join(Organisation, Organisation.id == Involvement.organisation_id)
            .where(Involvement.case_id.in_(shown))
        )
        columns: dict[int, MatrixColumn] = {}
        cells: dict[tuple[int, int], InvolvementRole] = {}
        activities: dict[tuple[int, int], str] = {}
        teams: dict[int, _Team] = {}
        for r in session.execute(stmt):
            role = InvolvementRole(r.role)
            cells[(r.case_id, r.organisation_id)] = role
            if r.activity:
                activities[(r.case_id, r.organisation_id)] = r.activity
            if r.organisation_id not in columns:
                columns[r.organisation_id] = MatrixColumn(
                    r.organisation_id, r.name, OrganisationKind(r.kind), bool(r.active)
                )
            _add_to_team(teams, r.case_id, r.organisation_id, role)
        ordered = sorted(columns.values(), key=lambda c: (c.name.casefold(), c.organisation_id))
        return ordered, cells, activities, teams

    # --- overlap -------------------------------------------------------------------------------

    def _overlap_flags(
        self,
        session: Session,
        rows: list[MatrixRow],
        teams: dict[int, _Team],
        flags: dict[int, list[MatrixFlag]],
    ) -> None:
        """Adds ``POSSIBLE_OVERLAP`` to the open rows (see the module docstring for the rule).

        A row is compared (``overlap.compare``, both ways, the better score counts) with the open
        cases the question before saving would consider for it: those whose title or location
        contains one of its search stems, or with its theme in its area, the ``CANDIDATES`` best
        ranked first, ranked as the question's SQL ranks them.
        """
        open_cases = session.execute(
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
        # Cases are numbered by their position in reference order from here on: sorting those
        # numbers sorts by reference.
        ids = [row.id for row in open_cases]
        position_of = {ident: position for position, ident in enumerate(ids)}
        prepared = [prepare(case_text(row)) for row in open_cases]
        # What the question's SQL searches (title or location containing a stem, case-insensitive),
        # and its other way in: the same theme in the same area.
        searched = [f"{row.title}\n{row.location or ''}".lower() for row in open_cases]
        groups: dict[tuple[int, int], list[int]] = {}
        for position, row in enumerate(open_cases):
            if row.theme_id is not None and row.area_id is not None:
                groups.setdefault((row.theme_id, row.area_id), []).append(position)
        containing: dict[str, list[int]] = {}

        def cases_containing(stem: str) -> list[int]:
            if stem not in containing:
                containing[stem] = [p for p, text in enumerate(searched) if stem in text]
            return containing[stem]

        scores: dict[tuple[int, int], int] = {}

        def score(a: int, b: int) -> int:
            pair = (a, b) if a < b else (b, a)
            if pair not in scores:
                scores[pair] = max(compare(prepared[a], prepared[b])[0], compare(prepared[b], prepared[a])[0])
            return scores[pair]

        shown = [position_of[row.case_id] for row in rows if row.case_id in position_of]
        similar: dict[int, list[int]] = {}
        for mine_at in shown:
            rank: Counter[int] = Counter()
            for stem in search_stems(prepared[mine_at]):
                rank.update(cases_containing(stem))
            row = open_cases[mine_at]
            if row.theme_id is not None and row.area_id is not None:
                for p in groups[(row.theme_id, row.area_id)]:
                    rank[p] += 2
            del rank[mine_at]
            best = sorted(rank, key=lambda p: (-rank[p], -ids[p]))[:CANDIDATES]
            found = sorted(p for p in best if score(mine_at, p) >= MIN_SCORE)
            if found:
                similar[mine_at] = found
        needed = {ids[p] for mine_at, found in similar.items() for p in (mine_at, *found)} - teams.keys()
        _read_teams(session, needed, teams)

        empty = _Team()
        for mine_at, found in similar.items():
            mine = teams.get(ids[mine_at], empty)
            if not mine.acting:
                continue  # nobody acts: no team to compare (NO_LEAD says enough)
            apart = [p for p in found if _apart(mine, teams.get(ids[p], empty))]
            if not apart:
                continue
            named = apart[:MAX_OVERLAP_REFERENCES]
            more = " e.a." if len(apart) > MAX_OVERLAP_REFERENCES else ""
            names = ", ".join(_reference(open_cases[p]) for p in named)
            flags.setdefault(ids[mine_at], []).append(
                MatrixFlag(
                    FlagKind.POSSIBLE_OVERLAP,
                    f"Mogelijke overlap met {names}{more}",
                    tuple(ids[p] for p in named),
                )
            )


def _apart(mine: _Team, theirs: _Team) -> bool:
    """Two teams that do not know of each other's case: both have acting organisations, none of
    mine is involved in theirs and none of theirs in mine (only informed of both connects nothing)."""
    if not mine.acting or not theirs.acting:
        return False
    return not (mine.acting & theirs.involved) and not (theirs.acting & mine.involved)


def _reference(row: Any) -> str:
    return case_reference(row.year, row.number)


def _read_teams(session: Session, case_ids: set[int], teams: dict[int, _Team]) -> None:
    """The teams of ``case_ids`` (open cases): by id lists, or all open teams at once when many."""
    if not case_ids:
        return
    # The role as its stored text: no enum conversion per row (this may read every open team).
    base = select(Involvement.case_id, Involvement.organisation_id, type_coerce(Involvement.role, String))
    if len(case_ids) > _ALL_AT_ONCE:
        stmts = [base.join(Case, Case.id == Involvement.case_id).where(Case.status != CaseStatus.CLOSED)]
    else:
        ids = sorted(case_ids)
        stmts = [
            base.where(Involvement.case_id.in_(ids[start : start + _IN_CHUNK]))
            for start in range(0, len(ids), _IN_CHUNK)
        ]
    for stmt in stmts:
        for case_id, organisation_id, role in session.execute(stmt):
            if case_id in case_ids:
                team = teams.setdefault(case_id, _Team())
                team.involved.add(organisation_id)
                if role in _ACTING_VALUES:
                    team.acting.add(organisation_id)


def _add_to_team(teams: dict[int, _Team], case_id: int, organisation_id: int, role: InvolvementRole) -> None:
    team = teams.setdefault(case_id, _Team())
    team.involved.add(organisation_id)
    if role in ACTING_ROLES:
        team.acting.add(organisation_id)


def _lead_flags(
    rows: list[MatrixRow], cells: dict[tuple[int, int], InvolvementRole]
) -> dict[int, list[MatrixFlag]]:
    leads: dict[int, int] = {}
    partners: dict[int, int] = {}
    for (case_id, _org), role in cells.items():
        if role == InvolvementRole.LEAD:
            leads[case_id] = leads.get(case_id, 0) + 1
        elif role == InvolvementRole.PARTNER:
            partners[case_id] = partners.get(case_id, 0) + 1
    flags: dict[int, list[MatrixFlag]] = {}
    for row in rows:
        if not row.is_open:
            continue
        found: list[MatrixFlag] = []
        lead_count = leads.get(row.case_id, 0)
        if lead_count == 0:
            found.append(MatrixFlag(FlagKind.NO_LEAD, FlagKind.NO_LEAD.label))
            if partners.get(row.case_id, 0) >= 2:
                found.append(MatrixFlag(FlagKind.ACTORS_WITHOUT_LEAD, FlagKind.ACTORS_WITHOUT_LEAD.label))
        elif lead_count > 1:
            found.append(MatrixFlag(FlagKind.MULTIPLE_LEADS, FlagKind.MULTIPLE_LEADS.label))
        flags[row.case_id] = found
    return flags


def _with_descendants(area_id: int, areas: Sequence[tuple[int, int | None]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for ident, parent in areas:
        if parent is not None:
            children.setdefault(parent, []).append(ident)
    result, todo = [], [area_id]
    while todo:
        current = todo.pop()
        if current in result:
            continue
        result.append(current)
        todo.extend(children.get(current, []))
    return result


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def role_short(role: InvolvementRole | None) -> str:
    """The role as it fits in a matrix cell."""
    return {InvolvementRole.LEAD: "Trekker", InvolvementRole.PARTNER: "Partner",
            InvolvementRole.INFORMED: "Geïnf."}.get(role, "") if role else ""  # fmt: skip


__all__ = [
    "FLAG_LABELS",
    "FlagKind",
    "Matrix",
    "MatrixColumn",
    "MatrixFilter",
    "MatrixFlag",
    "MatrixRow",
    "MatrixService",
    "role_short",
]
