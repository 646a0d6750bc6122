"""Areas (wijken with their buurten) and themes: editable lists that are renamed or merged, not lost.

An area or theme that is used somewhere cannot be deleted; the refusal says where it is used, and a
merge moves every reference (cases, addresses, signals, house visits, assignments, buurten) onto the
other record before removing it, all in one transaction. A single area or theme is handed out as
``AreaDetails`` or ``ThemeDetails`` (plain data, ``views.py``), never as an ORM object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Area, Case, Signal, Theme
from wiec_desktop.domain.enums import AreaKind, AuditKind
from wiec_desktop.domain.inventory import house_visit_theme
from wiec_desktop.domain.organisations import assignment_area
from wiec_desktop.services import audit
from wiec_desktop.services.assignments.views import AreaDetails, ThemeDetails
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.validation import Checker, InUse, ValidationError

NAME_LIMIT = 120
AREA_TAKEN = "Er bestaat al een wijk of buurt met deze naam."
THEME_TAKEN = "Er bestaat al een thema met deze naam."

# Dutch singular/plural of what can refer to an area, theme or assignment, in the order shown.
NOUNS: dict[str, tuple[str, str]] = {
    "cases": ("casus", "casussen"),
    "addresses": ("adres", "adressen"),
    "assignments": ("opdracht", "opdrachten"),
    "children": ("buurt", "buurten"),
    "signals": ("signaal", "signalen"),
    "house_visits": ("huisbezoek", "huisbezoeken"),
    "meetings": ("overleg", "overleggen"),
}


def counted(count: int, key: str) -> str:
    """``1 casus``, ``12 casussen``."""
    singular, plural = NOUNS[key]
    return f"{count} {singular if count == 1 else plural}"


@dataclass(frozen=True)
class Usage:
    """How often a record is referenced, per kind of referrer (keys of ``NOUNS``)."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_use(self) -> bool:
        return self.total > 0

    def parts(self) -> list[str]:
        """``["12 casussen", "40 adressen"]``: only what is non-zero, in a fixed order."""
        return [counted(self.counts[key], key) for key in NOUNS if self.counts.get(key)]

    def text(self) -> str:
        """``12 casussen, 40 adressen`` or ``niet in gebruik``."""
        return ", ".join(self.parts()) or "niet in gebruik"


def area_details(area: Area) -> AreaDetails:
    """The plain view of an area's own fields."""
    return AreaDetails(id=area.id, name=area.name, kind=area.kind, parent_id=area.parent_id)


def theme_details(theme: Theme) -> ThemeDetails:
    """The plain view of a theme's own fields."""
    return ThemeDetails(id=theme.id, name=theme.name, active=theme.active)


def joined(parts: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} en {parts[-1]}"


@dataclass(frozen=True)
class AreaInfo:
    id: int
    name: str
    kind: AreaKind
    parent_id: int | None
    parent_name: str | None
    usage: Usage

    @property
    def label(self) -> str:
        """``Wateringseveld › Dreven`` for a buurt in a wijk, else the name."""
        return f"{self.parent_name} › {self.name}" if self.parent_name else self.name


@dataclass(frozen=True)
class ThemeInfo:
    id: int
    name: str
    active: bool
    usage: Usage


@dataclass(frozen=True)
class TaxonomyUsage:
    areas: dict[int, Usage]
    themes: dict[int, Usage]


def _grouped(session: Session, column: Any, *where: Any) -> dict[int, int]:
    stmt = select(column, func.count()).where(column.is_not(None), *where).group_by(column)
    return {row[0]: row[1] for row in session.execute(stmt)}


class TaxonomyService(Service):
    # --- reading -----------------------------------------------------------------------------

    def usage_counts(self) -> TaxonomyUsage:
        """Usage of every area and theme, a few grouped counts (for the editor's lists)."""
        with self.reading() as session:
            return TaxonomyUsage(self._area_usage(session), self._theme_usage(session))

    def area_usage(self, area_id: int) -> Usage:
        with self.reading() as session:
            return self._area_usage(session, area_id).get(area_id, Usage())

    def theme_usage(self, theme_id: int) -> Usage:
        with self.reading() as session:
            return self._theme_usage(session, theme_id).get(theme_id, Usage())

    def areas(self) -> list[AreaInfo]:
        """Wijken by name, each followed by its buurten by name; loose buurten in the same order."""
        with self.reading() as session:
            usage = self._area_usage(session)
            rows = session.execute(select(Area.id, Area.name, Area.kind, Area.parent_id)).all()
        names = {row.id: row.name for row in rows}
        infos = [
            AreaInfo(
                row.id,
                row.name,
                row.kind,
                row.parent_id,
                names.get(row.parent_id),
                usage.get(row.id, Usage()),
            )
            for row in rows
        ]
        by_parent: dict[int | None, list[AreaInfo]] = {}
        for info in infos:
            by_parent.setdefault(info.parent_id, []).append(info)
        ordered: list[AreaInfo] = []
        for top in sorted(by_parent.get(None, []), key=lambda a: a.name.casefold()):
            ordered.append(top)
            ordered.extend(sorted(by_parent.get(top.id, []), key=lambda a: a.name.casefold()))
        return ordered

    def themes(self, *, active_only: bool = False) -> list[ThemeInfo]:
        stmt = select(Theme.id, Theme.name, Theme.active).order_by(func.lower(Theme.name))
        if active_only:
            stmt = stmt.where(Theme.active.is_(True))
        with self.reading() as session:
            usage = self._theme_usage(session)
            return [
                ThemeInfo(row.id, row.name, row.active, usage.get(row.id, Usage()))
                for row in session.execute(stmt)
            ]

    def get_area(self, area_id: int) -> AreaDetails:
        with self.reading() as session:
            return area_details(get_or_raise(session, Area, area_id, "Wijk/buurt"))

    def get_theme(self, theme_id: int) -> ThemeDetails:
        with self.reading() as session:
            return theme_details(get_or_raise(session, Theme, theme_id, "Thema"))

    # --- areas -------------------------------------------------------------------------------

    def create_area(
        self, name: str, kind: AreaKind | None = None, parent_id: int | None = None
    ) -> AreaDetails:
        """A wijk (no parent) or a buurt, optionally in a wijk; ``kind`` defaults from ``parent_id``."""
        if kind is None:
            kind = AreaKind.NEIGHBOURHOOD if parent_id is not None else AreaKind.DISTRICT
        with self.transaction() as session:
            check = Checker()
            name = _checked_name(session, check, Area, name, None, AREA_TAKEN)
            _check_parent(session, check, None, kind, parent_id)
            check.raise_if_any()
            area = Area(name=name, kind=kind, parent_id=parent_id)
            session.add(area)
            session.flush()
            audit.record(session, AuditKind.CREATE, "area", area.id)
            return area_details(area)

    def update_area(self, area_id: int, **changes: Any) -> AreaDetails:
        """Change ``name``, ``kind`` (wijk/buurt) or ``parent_id`` (the wijk of a buurt, or None)."""
        unknown = set(changes) - {"name", "kind", "parent_id"}
        if unknown:
            raise TypeError(f"Cannot change {sorted(unknown)} on Area")
        with self.transaction() as session:
            area = get_or_raise(session, Area, area_id, "Wijk/buurt")
            check = Checker()
            name = area.name
            if "name" in changes:
                name = _checked_name(session, check, Area, changes["name"], area.id, AREA_TAKEN)
            kind = changes.get("kind", area.kind)
            parent_id = changes.get("parent_id", area.parent_id)
            _check_parent(session, check, area, kind, parent_id)
            check.raise_if_any()
            changed = [
                key
                for key, value in (("name", name), ("kind", kind), ("parent_id", parent_id))
                if getattr(area, key) != value
            ]
            area.name, area.kind, area.parent_id = name, kind, parent_id
            if changed:
                audit.record(session, AuditKind.UPDATE, "area", area.id, ",".join(changed))
            return area_details(area)

    def rename_area(self, area_id: int, name: str) -> AreaDetails:
        return self.update_area(area_id, name=name)

    def delete_area(self, area_id: int) -> None:
        """Delete an unused area; else ``InUse`` naming where it is used (merge it instead)."""
        with self.transaction() as session:
            area = get_or_raise(session, Area, area_id, "Wijk/buurt")
            usage = self._area_usage(session, area_id).get(area_id, Usage())
            if usage.in_use:
                raise InUse(
                    f"{area.kind.label} ‘{area.name}’ wordt nog gebruikt door {joined(usage.parts())} "
                    "en kan niet worden verwijderd. Voeg deze samen met een andere wijk of buurt.",
                    usage.parts(),
                )
            session.delete(area)
            audit.record(session, AuditKind.DELETE, "area", area_id)

    def merge_areas(self, source_id: int, target_id: int) -> AreaDetails:
        """Move everything that refers to ``source_id`` onto ``target_id``, then delete the source."""
        with self.transaction() as session:
            source = get_or_raise(session, Area, source_id, "Wijk/buurt")
            target = get_or_raise(session, Area, target_id, "Wijk/buurt")
            if source.id == target.id:
                raise ValidationError({"target": "Kies een andere wijk of buurt om mee samen te voegen."})
            if target.parent_id == source.id:
                raise ValidationError(
                    {"target": f"‘{target.name}’ is een buurt van ‘{source.name}’: een wijk kan niet "
                     "worden samengevoegd met een van zijn eigen buurten."}
                )  # fmt: skip
            has_children = session.scalar(select(func.count()).where(Area.parent_id == source.id)) or 0
            if has_children and target.kind != AreaKind.DISTRICT:
                raise ValidationError(
                    {"target": f"‘{source.name}’ heeft buurten en kan alleen met een andere wijk worden "
                     "samengevoegd."}
                )  # fmt: skip
            moved = {
                "cases": _repoint(session, Case.__table__, "area_id", source.id, target.id),
                "addresses": _repoint(session, Address.__table__, "area_id", source.id, target.id),
                "children": _repoint(session, Area.__table__, "parent_id", source.id, target.id),
                "assignments": _repoint_association(
                    session, assignment_area, "assignment_id", "area_id", source.id, target.id
                ),
            }
            session.expire_all()
            session.delete(session.get(Area, source_id))
            audit.record(session, AuditKind.DELETE, "area", source_id, f"samengevoegd met area {target_id}")
            audit.record(session, AuditKind.UPDATE, "area", target_id, _moved_detail(source_id, moved))
            return area_details(get_or_raise(session, Area, target_id, "Wijk/buurt"))

    # --- themes ------------------------------------------------------------------------------

    def create_theme(self, name: str) -> ThemeDetails:
        with self.transaction() as session:
            check = Checker()
            name = _checked_name(session, check, Theme, name, None, THEME_TAKEN)
            check.raise_if_any()
            theme = Theme(name=name, active=True)
            session.add(theme)
            session.flush()
            audit.record(session, AuditKind.CREATE, "theme", theme.id)
            return theme_details(theme)

    def rename_theme(self, theme_id: int, name: str) -> ThemeDetails:
        """Rename, also while in use: cases, signals and visits follow (they refer by id)."""
        with self.transaction() as session:
            theme = get_or_raise(session, Theme, theme_id, "Thema")
            check = Checker()
            name = _checked_name(session, check, Theme, name, theme.id, THEME_TAKEN)
            check.raise_if_any()
            if name != theme.name:
                theme.name = name
                audit.record(session, AuditKind.UPDATE, "theme", theme.id, "name")
            return theme_details(theme)

    def set_theme_active(self, theme_id: int, active: bool) -> ThemeDetails:
        """An inactive theme stays on existing records but is no longer offered for new ones."""
        with self.transaction() as session:
            theme = get_or_raise(session, Theme, theme_id, "Thema")
            if theme.active != active:
                theme.active = active
                audit.record(session, AuditKind.UPDATE, "theme", theme.id, "active")
            return theme_details(theme)

    def delete_theme(self, theme_id: int) -> None:
        with self.transaction() as session:
            theme = get_or_raise(session, Theme, theme_id, "Thema")
            usage = self._theme_usage(session, theme_id).get(theme_id, Usage())
            if usage.in_use:
                raise InUse(
                    f"Thema ‘{theme.name}’ wordt nog gebruikt door {joined(usage.parts())} en kan niet "
                    "worden verwijderd. Voeg het samen met een ander thema of zet het op niet actief.",
                    usage.parts(),
                )
            session.delete(theme)
            audit.record(session, AuditKind.DELETE, "theme", theme_id)

    def merge_themes(self, source_id: int, target_id: int) -> ThemeDetails:
        """Move cases, signals and house visits from ``source_id`` to ``target_id``; delete the source."""
        with self.transaction() as session:
            get_or_raise(session, Theme, source_id, "Thema")
            get_or_raise(session, Theme, target_id, "Thema")
            if source_id == target_id:
                raise ValidationError({"target": "Kies een ander thema om mee samen te voegen."})
            moved = {
                "cases": _repoint(session, Case.__table__, "theme_id", source_id, target_id),
                "signals": _repoint(session, Signal.__table__, "theme_id", source_id, target_id),
                "house_visits": _repoint_association(
                    session, house_visit_theme, "house_visit_id", "theme_id", source_id, target_id
                ),
            }
            session.expire_all()
            session.delete(session.get(Theme, source_id))
            audit.record(session, AuditKind.DELETE, "theme", source_id, f"samengevoegd met theme {target_id}")
            audit.record(session, AuditKind.UPDATE, "theme", target_id, _moved_detail(source_id, moved))
            return theme_details(get_or_raise(session, Theme, target_id, "Thema"))

    # --- usage -------------------------------------------------------------------------------

    @staticmethod
    def _area_usage(session: Session, only: int | None = None) -> dict[int, Usage]:
        def where(column: Any) -> tuple[Any, ...]:
            return (column == only,) if only is not None else ()

        counts = {
            "cases": _grouped(session, Case.area_id, *where(Case.area_id)),
            "addresses": _grouped(session, Address.area_id, *where(Address.area_id)),
            "assignments": _grouped(session, assignment_area.c.area_id, *where(assignment_area.c.area_id)),
            "children": _grouped(session, Area.parent_id, *where(Area.parent_id)),
        }
        return _usage_by_id(counts)

    @staticmethod
    def _theme_usage(session: Session, only: int | None = None) -> dict[int, Usage]:
        def where(column: Any) -> tuple[Any, ...]:
            return (column == only,) if only is not None else ()

        counts = {
            "cases": _grouped(session, Case.theme_id, *where(Case.theme_id)),
            "signals": _grouped(session, Signal.theme_id, *where(Signal.theme_id)),
            "house_visits": _grouped(
                session, house_visit_theme.c.theme_id, *where(house_visit_theme.c.theme_id)
            ),
        }
        return _usage_by_id(counts)


def _usage_by_id(counts: dict[str, dict[int, int]]) -> dict[int, Usage]:
    ids: set[int] = set()
    for per_id in counts.values():
        ids.update(per_id)
    return {
        record_id: Usage({key: per_id[record_id] for key, per_id in counts.items() if record_id in per_id})
        for record_id in ids
    }


def _checked_name(
    session: Session,
    check: Checker,
    model: type[Area] | type[Theme],
    name: str,
    exclude_id: int | None,
    taken: str,
) -> str:
    name = check.required("name", name, "Naam")
    check.max_length("name", name, NAME_LIMIT, "Naam")
    if name:
        stmt = select(model.id).where(func.lower(model.name) == name.lower())
        if exclude_id is not None:
            stmt = stmt.where(model.id != exclude_id)
        if session.scalars(stmt).first() is not None:
            check.add("name", taken)
    return name


def _check_parent(
    session: Session, check: Checker, area: Area | None, kind: AreaKind, parent_id: int | None
) -> None:
    """A wijk has no parent; a buurt lies in a wijk (or in none); a wijk with buurten stays a wijk."""
    if kind == AreaKind.DISTRICT:
        if parent_id is not None:
            check.add("parent_id", "Een wijk ligt niet in een andere wijk; kies ‘Buurt’ als soort.")
        return
    if area is not None and session.scalar(select(func.count()).where(Area.parent_id == area.id)):
        check.add("kind", "Deze wijk heeft buurten en kan daarom zelf geen buurt worden.")
    if parent_id is None:
        return
    parent = session.get(Area, parent_id)
    if parent is None:
        check.add("parent_id", "Deze wijk bestaat niet (meer).")
    elif area is not None and parent.id == area.id:
        check.add("parent_id", "Een buurt kan niet in zichzelf liggen.")
    elif parent.kind != AreaKind.DISTRICT:
        check.add("parent_id", "Een buurt ligt in een wijk, niet in een andere buurt.")


def _repoint(session: Session, table: Table, column: str, source_id: int, target_id: int) -> int:
    """``UPDATE table SET column = target WHERE column = source`` (bumping ``version`` where kept)."""
    values: dict[str, Any] = {column: target_id}
    if "version" in table.c:
        values["version"] = table.c.version + 1
    result = session.execute(update(table).where(table.c[column] == source_id).values(**values))
    return result.rowcount or 0  # type: ignore[attr-defined]


def _repoint_association(
    session: Session, table: Table, owner: str, column: str, source_id: int, target_id: int
) -> int:
    """Move association rows to ``target_id``; owners already linked to the target lose the duplicate."""
    owner_col, value_col = table.c[owner], table.c[column]
    total = session.scalar(select(func.count()).select_from(table).where(value_col == source_id)) or 0
    already = select(owner_col).where(value_col == target_id).scalar_subquery()
    session.execute(delete(table).where(value_col == source_id, owner_col.in_(already)))
    session.execute(update(table).where(value_col == source_id).values({column: target_id}))
    return total


def _moved_detail(source_id: int, moved: dict[str, int]) -> str:
    counts = ", ".join(f"{key}={count}" for key, count in moved.items() if count)
    return f"samengevoegd uit {source_id}" + (f": {counts}" if counts else "")
