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
    Another open case is *related* — at the same street (``overlap.street_key`` of both locations,
    so "Ruinenlaan 12" and "winkelcentrum Ruinenlaan" are the same street), or with the same theme
    in the same area (the same wijk/buurt record) — and **the two teams do not know of each
    other's case**: no organisation acting on this case (trekker or partner) is involved in the
    other case in any role, and no organisation acting on the other case is involved in this one.
    One organisation that acts on one case and is involved in the other (even only informed)
    connects them, so the pair is not flagged; an organisation that is merely informed of both
    does not connect them. Both cases need at least one acting organisation (a case with none
    already has ``NO_LEAD``). The other case is looked for among all open cases, also those
    outside the current filter; the text names at most ``MAX_OVERLAP_REFERENCES``, then "e.a.".

    (The looser reading "at least one organisation of one case is not involved in the other"
    flagged 21 of the 21 open demo cases — every street there has several cases — which tells the
    chair nothing; this rule flags the 7 where separate teams work at the same place.)
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Area, Case, Involvement, Organisation, Theme, case_reference
from wiec_desktop.domain.enums import AuditKind, CaseStatus, InvolvementRole, OrganisationKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.lists import case_reference_sql
from wiec_desktop.services.overlap import street_key

MAX_OVERLAP_REFERENCES = 3
_IN_CHUNK = 500  # ids per IN (...) list: far below every database's parameter limit
ACTING_ROLES = frozenset({InvolvementRole.LEAD, InvolvementRole.PARTNER})


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
    FlagKind.POSSIBLE_OVERLAP: "Een andere lopende casus op dezelfde straat, of met hetzelfde thema in "
    "dezelfde wijk/buurt, waarbij geen van de organisaties die aan de ene casus werken bij de andere "
    "betrokken is: wie doet wat?",
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
        return self.status != CaseStatus.CLOSED


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


@dataclass(frozen=True, slots=True)
class _OpenCase:
    id: int
    year: int
    number: int
    street: str
    group: tuple[int, int] | None  # (theme_id, area_id)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.number)


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
        ordered = {
            case_id: tuple(sorted(found, key=lambda f: list(FlagKind).index(f.kind)))
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
        """Adds ``POSSIBLE_OVERLAP`` to the open rows (see the module docstring for the rule)."""
        open_cases = [
            _OpenCase(
                r.id,
                r.year,
                r.number,
                street_key(r.location),
                (r.theme_id, r.area_id) if r.theme_id is not None and r.area_id is not None else None,
            )
            for r in session.execute(
                select(Case.id, Case.year, Case.number, Case.location, Case.theme_id, Case.area_id)
                .where(Case.status != CaseStatus.CLOSED)
                .order_by(Case.year, Case.number)
            )
        ]
        by_street: dict[str, list[_OpenCase]] = {}
        by_group: dict[tuple[int, int], list[_OpenCase]] = {}
        for item in open_cases:  # in reference order, so every group list is sorted
            if item.street:
                by_street.setdefault(item.street, []).append(item)
            if item.group is not None:
                by_group.setdefault(item.group, []).append(item)
        index = {item.id: item for item in open_cases}
        shown = [index[row.case_id] for row in rows if row.case_id in index]

        needed: set[int] = set()
        for item in shown:
            for other in _related(item, by_street, by_group):
                if other.id not in teams:
                    needed.add(other.id)
        _read_teams(session, needed, teams)

        empty = _Team()
        for item in shown:
            mine = teams.get(item.id, empty)
            if not mine.acting:
                continue  # nobody acts: no team to compare (NO_LEAD says enough)
            found: list[_OpenCase] = []
            for other in _related(item, by_street, by_group):
                theirs = teams.get(other.id, empty)
                if (
                    theirs.acting
                    and mine.acting.isdisjoint(theirs.involved)
                    and theirs.acting.isdisjoint(mine.involved)
                ):
                    found.append(other)
                    if len(found) > MAX_OVERLAP_REFERENCES:
                        break
            if found:
                shown_refs = [case_reference(o.year, o.number) for o in found[:MAX_OVERLAP_REFERENCES]]
                more = " e.a." if len(found) > MAX_OVERLAP_REFERENCES else ""
                flags.setdefault(item.id, []).append(
                    MatrixFlag(
                        FlagKind.POSSIBLE_OVERLAP,
                        f"Mogelijke overlap met {', '.join(shown_refs)}{more}",
                        tuple(o.id for o in found[:MAX_OVERLAP_REFERENCES]),
                    )
                )


def _related(
    item: _OpenCase,
    by_street: dict[str, list[_OpenCase]],
    by_group: dict[tuple[int, int], list[_OpenCase]],
) -> Iterator[_OpenCase]:
    """The other open cases at the same street or in the same theme-and-area, in reference order."""
    streams: list[Iterable[_OpenCase]] = []
    if item.street:
        streams.append(by_street.get(item.street, ()))
    if item.group is not None:
        streams.append(by_group.get(item.group, ()))
    previous = None
    for other in heapq.merge(*streams, key=lambda o: o.sort_key):
        if other.id != item.id and other.id != previous:
            previous = other.id
            yield other


def _read_teams(session: Session, case_ids: set[int], teams: dict[int, _Team]) -> None:
    ids = sorted(case_ids)
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        stmt = select(Involvement.case_id, Involvement.organisation_id, Involvement.role).where(
            Involvement.case_id.in_(chunk)
        )
        for r in session.execute(stmt):
            _add_to_team(teams, r.case_id, r.organisation_id, InvolvementRole(r.role))


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
