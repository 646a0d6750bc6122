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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from wiec_desktop.domain import Area, Case, Involvement, Organisation, Theme
from wiec_desktop.domain.enums import AuditKind, CaseStatus, InvolvementRole, OrganisationKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.listing.lists import case_reference_sql
from wiec_desktop.services.partners.overlap_finder import (
    MAX_OVERLAP_REFERENCES,
    Overlap,
    OverlapFinder,
    teams_from_cells,
)

_STATUSES = {status.value: status for status in CaseStatus}
_ROLES = {role.value: role for role in InvolvementRole}
_KINDS = {kind.value: kind for kind in OrganisationKind}


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
    # Open rows whose "Mogelijke overlap" is not checked yet (``MatrixService.build(overlap=False)``).
    overlap_unchecked: set[int] = field(default_factory=set)

    @property
    def overlap_checked(self) -> bool:
        """Whether every flag is known (the overlap of every open row checked)."""
        return not self.overlap_unchecked

    def add_overlaps(self, checked: Iterable[int], found: dict[int, MatrixFlag]) -> None:
        """Adds the overlap flags ``found`` for the rows ``checked`` (from ``find_overlaps``)."""
        for case_id, flag in found.items():
            kept = tuple(f for f in self.flags.get(case_id, ()) if f.kind != FlagKind.POSSIBLE_OVERLAP)
            self.flags[case_id] = tuple(sorted((*kept, flag), key=lambda f: _FLAG_ORDER[f.kind]))
        self.overlap_unchecked.difference_update(checked)

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


_FLAG_ORDER = {kind: number for number, kind in enumerate(FlagKind)}


class MatrixService(Service):
    def build(
        self,
        area_id: int | None = None,
        theme_id: int | None = None,
        status: CaseStatus | str | None = None,
        include_closed: bool = False,
        search: str = "",
        *,
        overlap: bool = True,
        limit: int | None = None,
    ) -> Matrix:
        """The matrix of the cases matching the filter (an area includes its buurten).

        Without ``include_closed`` closed cases are left out, unless ``status`` asks for them.
        ``search`` keeps cases whose number, title or location contain every word.
        ``overlap=False`` leaves the "Mogelijke overlap" flags out (``overlap_unchecked`` names the
        open rows still to check): rows, cells and the trekker flags in about the time of the bare
        join, the overlap flags added later with ``add_overlaps`` (the window does so a chunk at a time).
        ``limit``: only the first rows (in reference order), with their cells and organisations:
        what the window shows at once while it builds the rest.
        """
        status = CaseStatus(status) if status else None
        with self.reading() as session:
            conditions, description = self._conditions(
                session, area_id, theme_id, status, include_closed, search
            )
            rows = self._rows(session, conditions, limit)
            if limit is not None:
                conditions = [Case.id.in_([row.case_id for row in rows])]
            columns, cells, activities = self._involvements(session, conditions)
            flags = _lead_flags(rows, cells)
            matrix = Matrix(
                rows=rows,
                columns=columns,
                cells=cells,
                flags={case_id: found for case_id, found in flags.items() if found},
                activities=activities,
                filter=description,
                generated_on=self.today(),
                overlap_unchecked={row.case_id for row in rows if row.is_open},
            )
            if overlap and matrix.overlap_unchecked:
                finder = OverlapFinder.read(session)
                matrix.add_overlaps(matrix.overlap_unchecked, self._overlaps(session, finder, matrix))
        return matrix

    def overlap_finder(self) -> OverlapFinder:
        """The open cases read for ``find_overlaps`` (one finder per matrix shown; it keeps its work)."""
        with self.reading() as session:
            return OverlapFinder.read(session)

    def find_overlaps(
        self, finder: OverlapFinder, matrix: Matrix, case_ids: Iterable[int] | None = None
    ) -> dict[int, MatrixFlag]:
        """The "Mogelijke overlap" flags of ``case_ids`` (rows of ``matrix``; default all still
        unchecked), to hand to ``matrix.add_overlaps`` (the window does so on its own thread)."""
        with self.reading() as session:
            return self._overlaps(session, finder, matrix, case_ids)

    def _overlaps(
        self,
        session: Session,
        finder: OverlapFinder,
        matrix: Matrix,
        case_ids: Iterable[int] | None = None,
    ) -> dict[int, MatrixFlag]:
        wanted = matrix.overlap_unchecked if case_ids is None else case_ids
        found = finder.overlaps(session, wanted, teams_from_cells(matrix.cells))
        return {case_id: _overlap_flag(item) for case_id, item in found.items()}

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

    def _rows(
        self, session: Session, conditions: Sequence[ColumnElement[bool]], limit: int | None = None
    ) -> list[MatrixRow]:
        # Enums read as their stored text and looked up once: no type conversion per row.
        stmt = (
            select(
                Case.id,
                Case.year,
                Case.number,
                Case.title,
                type_coerce(Case.status, String),
                Area.name,
                Theme.name,
                Case.location,
                Case.area_id,
                Case.theme_id,
            )
            .outerjoin(Area, Area.id == Case.area_id)
            .outerjoin(Theme, Theme.id == Case.theme_id)
            .where(*conditions)
            .order_by(Case.year, Case.number)
            .limit(limit)
        )
        statuses = _STATUSES
        return [
            MatrixRow(
                ident,
                f"{year}-{number:03d}",
                title,
                statuses[status],
                area or "",
                theme or "",
                location or "",
                area_id,
                theme_id,
            )
            for ident, year, number, title, status, area, theme, location, area_id, theme_id in (
                session.execute(stmt)
            )
        ]

    def _involvements(
        self, session: Session, conditions: Sequence[ColumnElement[bool]]
    ) -> tuple[list[MatrixColumn], dict[tuple[int, int], InvolvementRole], dict[tuple[int, int], str]]:
        """Cells and activities of the shown cases (one join, as the bare join does), and their
        organisations as columns, by name (all organisations read: a few hundred short rows)."""
        stmt = (
            select(
                Involvement.case_id,
                Involvement.organisation_id,
                type_coerce(Involvement.role, String),
                Involvement.activity,
            )
            .join(Case, Case.id == Involvement.case_id)
            .where(*conditions)
        )
        roles = _ROLES
        cells: dict[tuple[int, int], InvolvementRole] = {}
        activities: dict[tuple[int, int], str] = {}
        for case_id, organisation_id, role, activity in session.execute(stmt):
            cells[(case_id, organisation_id)] = roles[role]
            if activity:
                activities[(case_id, organisation_id)] = activity
        shown = {organisation_id for _case_id, organisation_id in cells}
        organisations = select(
            Organisation.id, Organisation.name, type_coerce(Organisation.kind, String), Organisation.active
        )
        columns = [
            MatrixColumn(ident, name, _KINDS[kind], bool(active))
            for ident, name, kind, active in session.execute(organisations)
            if ident in shown
        ]
        columns.sort(key=lambda c: (c.name.casefold(), c.organisation_id))
        return columns, cells, activities


def _overlap_flag(found: Overlap) -> MatrixFlag:
    return MatrixFlag(FlagKind.POSSIBLE_OVERLAP, found.text, found.related_case_ids)


def _lead_flags(
    rows: list[MatrixRow], cells: dict[tuple[int, int], InvolvementRole]
) -> dict[int, tuple[MatrixFlag, ...]]:
    leads: dict[int, int] = {}
    partners: dict[int, int] = {}
    for (case_id, _org), role in cells.items():
        if role == InvolvementRole.LEAD:
            leads[case_id] = leads.get(case_id, 0) + 1
        elif role == InvolvementRole.PARTNER:
            partners[case_id] = partners.get(case_id, 0) + 1
    flags: dict[int, tuple[MatrixFlag, ...]] = {}
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
        flags[row.case_id] = tuple(found)
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
    "MAX_OVERLAP_REFERENCES",
    "FlagKind",
    "Matrix",
    "MatrixColumn",
    "MatrixFilter",
    "MatrixFlag",
    "MatrixRow",
    "MatrixService",
    "role_short",
]
