"""The lists of the main window written by hand in plain SQL: the honest baseline for a list page.

For every list of ``services.registry.LIST_NAMES`` a ``HandList`` holds the SELECT (the same columns
in the same order as the program's ``ListSpec``, the highlight flag last), the FROM clause, the
page's default filters, per sortable column the expressions it orders by, and per column stored
as text or 0/1 the conversion to the value the program shows (a date, a datetime, an enum member, a
bool). ``page_sql`` puts them together the way a person would write the query for one page;
``HandPage`` runs it as the program runs a page: in one read transaction (``BEGIN`` … ``ROLLBACK``:
the page and its count see one snapshot) and with the values converted, column by column. The
benchmark then checks that the hand-written rows equal the program's, value and type, so a ratio
always compares the same work.

Only the standard library here (and the domain's enums, the types of the values): the baseline runs
on a bare ``sqlite3`` connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from wiec_desktop.domain.enums import (
    ActionStatus,
    AuditKind,
    CaseStatus,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    OrganisationKind,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.services.listing.lists import ENTITY_LABELS  # the audit list's record-type names

OPEN_ACTIONS = "('open', 'in_progress')"
STALE_SIGNAL_DAYS = 14  # services.listing.lists.UNTRIAGED_AGE_LIMIT_DAYS


Convert = Callable[[Any], Any]


def _enum(kind: type[Enum]) -> Convert:
    """The stored value to its member (NULL stays None), as a dictionary look-up."""
    members: dict[Any, Any] = {member.value: member for member in kind}
    members[None] = None
    return members.__getitem__


def _nullable(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


DATE: Convert = date.fromisoformat  # a NOT NULL date column ('2026-03-01')
DATETIME: Convert = datetime.fromisoformat  # '2026-03-01 09:30:00.000000'
BOOL: Convert = bool  # a NOT NULL 0/1 column


def _reference(alias: str, prefix: str = "") -> str:
    """``2026-014`` (or ``A-2026-014``) of the row ``alias``; NULL when there is no such row."""
    reference = f"{alias}.year || '-' || printf('%03d', {alias}.number)"
    return f"'{prefix}' || {reference}" if prefix else reference


@dataclass(frozen=True)
class HandList:
    """One list page written by hand: columns, FROM, default filters and sort expressions."""

    name: str
    id: str
    select: str  # the columns after the id, in the program's order, with aliases
    from_: str
    order: dict[str, tuple[str, ...]]  # sort key -> expressions (column alias when omitted)
    default_sort: tuple[str, bool]
    ui_filters: dict[str, str] = field(default_factory=dict)  # filter name -> condition
    highlight_sql: str = ""  # a condition on the row, selected last
    highlight_py: Callable[[tuple[Any, ...]], bool] | None = None  # or derived from the row's values
    convert: dict[str, Convert] = field(default_factory=dict)  # column name -> its Python value

    @property
    def has_highlight(self) -> bool:
        return bool(self.highlight_sql) or self.highlight_py is not None


def _cases() -> HandList:
    return HandList(
        name="cases",
        id="c.id",
        select=f"""{_reference("c")} AS reference, c.title, c.status, t.name AS theme, a.name AS area,
  (SELECT min(o.name) FROM involvement i JOIN organisation o ON o.id = i.organisation_id
    WHERE i.case_id = c.id AND i.role = 'lead') AS lead,
  (SELECT count(*) FROM action x WHERE x.case_id = c.id AND x.status IN {OPEN_ACTIONS}) AS open_actions,
  (SELECT count(*) FROM action x WHERE x.case_id = c.id AND x.status IN {OPEN_ACTIONS}
    AND x.due_date < :today) AS overdue_actions,
  c.opened_on""",
        from_='"case" c LEFT JOIN theme t ON t.id = c.theme_id LEFT JOIN area a ON a.id = c.area_id',
        order={
            "reference": ("c.year", "c.number"),
            "title": ("c.title",),
            "status": ("c.status",),
            "theme": ("theme",),
            "area": ("area",),
            "lead": ("lead",),
            "open_actions": ("open_actions",),
            "overdue_actions": ("overdue_actions",),
            "opened_on": ("c.opened_on",),
        },
        default_sort=("reference", True),
        ui_filters={"open": "c.status != 'closed'"},
        highlight_py=lambda row: row[8] > 0,
        convert={"status": _enum(CaseStatus), "opened_on": DATE},
    )


def _organisations() -> HandList:
    return HandList(
        name="organisations",
        id="o.id",
        select=f"""o.name, o.kind,
  (SELECT count(*) FROM contact k WHERE k.organisation_id = o.id AND k.active = 1) AS contacts,
  (SELECT count(*) FROM involvement i JOIN "case" c ON c.id = i.case_id
    WHERE i.organisation_id = o.id AND c.status != 'closed') AS cases,
  (SELECT count(*) FROM action x WHERE x.owner_organisation_id = o.id
    AND x.status IN {OPEN_ACTIONS}) AS open_actions,
  (SELECT count(*) FROM action x WHERE x.owner_organisation_id = o.id
    AND x.status IN {OPEN_ACTIONS} AND x.due_date < :today) AS overdue_actions,
  o.active""",
        from_="organisation o",
        order={
            "name": ("o.name",),
            "kind": ("o.kind",),
            "contacts": ("contacts",),
            "cases": ("cases",),
            "open_actions": ("open_actions",),
            "overdue_actions": ("overdue_actions",),
            "active": ("o.active",),
        },
        default_sort=("name", False),
        ui_filters={"active": "o.active = 1"},
        highlight_py=lambda row: row[6] > 0,
        convert={"kind": _enum(OrganisationKind), "active": BOOL},
    )


def _contacts() -> HandList:
    return HandList(
        name="contacts",
        id="k.id",
        select="k.name, o.name AS organisation, k.function, k.email, k.phone, k.receives_reports",
        from_="contact k JOIN organisation o ON o.id = k.organisation_id",
        order={
            "name": ("k.name",),
            "organisation": ("organisation",),
            "function": ("k.function",),
            "email": ("k.email",),
            "phone": ("k.phone",),
            "receives_reports": ("k.receives_reports",),
        },
        default_sort=("name", False),
        convert={"receives_reports": BOOL},
    )


def _meetings() -> HandList:
    return HandList(
        name="meetings",
        id="m.id",
        select="""m.date, substr(m.start_time, 1, 5) AS time, m.kind, m.title, m.location, m.status,
  m.minutes_status,
  (SELECT count(*) FROM agenda_item g WHERE g.meeting_id = m.id) AS items,
  (SELECT count(*) FROM decision d JOIN agenda_item g ON g.id = d.agenda_item_id
    WHERE g.meeting_id = m.id) AS decisions,
  (SELECT count(*) FROM action x WHERE x.meeting_id = m.id) AS new_actions""",
        from_="meeting m",
        order={
            "date": ("m.date", "m.start_time"),
            "time": ("time",),
            "kind": ("m.kind",),
            "title": ("m.title",),
            "location": ("m.location",),
            "status": ("m.status",),
            "minutes_status": ("m.minutes_status",),
            "items": ("items",),
            "decisions": ("decisions",),
            "new_actions": ("new_actions",),
        },
        default_sort=("date", True),
        convert={
            "date": DATE,
            "kind": _enum(MeetingKind),
            "status": _enum(MeetingStatus),
            "minutes_status": _enum(MinutesStatus),
        },
    )


# Issue 15's escalation by hand: how often the deadline was moved (each new deadline that differs
# from the one before it: the previous new one, else the one the action was made with, which its
# "create" audit entry ends in), the days over the deadline, and the current assignment's thresholds.
_FIRST_DEADLINE = """(SELECT substr(a.detail, length(a.detail) - 9) FROM audit_event a
      WHERE a.entity_type = 'action' AND a.entity_id = u.action_id AND a.kind = 'create'
        AND a.detail LIKE '%; deadline ____-__-__' ORDER BY a.sequence LIMIT 1)"""
_MOVES = f"""(SELECT count(*) FROM action_update u WHERE u.action_id = x.id AND u.new_due_date IS NOT NULL
    AND u.new_due_date != coalesce(
      (SELECT e.new_due_date FROM action_update e WHERE e.action_id = u.action_id
         AND e.new_due_date IS NOT NULL
         AND (e.updated_on < u.updated_on OR (e.updated_on = u.updated_on AND e.id < u.id))
       ORDER BY e.updated_on DESC, e.id DESC LIMIT 1),
      {_FIRST_DEADLINE}))"""
_DAYS_LATE = "CAST(julianday(:today) - julianday(x.due_date) AS INTEGER)"
_CURRENT = "FROM assignment WHERE is_current = 1 ORDER BY id LIMIT 1"
_AFTER_MOVES = f"coalesce((SELECT escalate_after_moves {_CURRENT}), 2)"
_AFTER_WEEKS = f"coalesce((SELECT escalate_after_weeks {_CURRENT}), 4)"
_WEEKS_TEXT = f"""({_DAYS_LATE} / 7) || CASE WHEN {_DAYS_LATE} / 7 = 1 THEN ' week' ELSE ' weken' END
      || ' over de deadline'"""
_IS_LATE = f"(x.due_date IS NOT NULL AND {_DAYS_LATE} > {_AFTER_WEEKS} * 7)"
_IS_MOVED = f"({_MOVES} >= {_AFTER_MOVES})"
_ATTENTION = f"""CASE WHEN x.status NOT IN {OPEN_ACTIONS} THEN ''
    WHEN {_IS_MOVED} AND {_IS_LATE} THEN 'Deadline ' || {_MOVES} || '× verschoven, ' || {_WEEKS_TEXT}
    WHEN {_IS_MOVED} THEN 'Deadline ' || {_MOVES} || '× verschoven'
    WHEN {_IS_LATE} THEN {_WEEKS_TEXT}
    ELSE '' END"""


def _actions() -> HandList:
    reference = _reference("x", "A-")
    return HandList(
        name="actions",
        id="x.id",
        select=f"""CASE WHEN ({_ATTENTION}) != '' THEN '⚑ ' || {reference} ELSE {reference} END AS reference,
  x.description, o.name AS owner, k.name AS contact,
  {_reference("c")} AS "case", x.due_date, x.status, m.date AS meeting_date,
  {_ATTENTION} AS escalation""",
        from_="""action x JOIN organisation o ON o.id = x.owner_organisation_id
  LEFT JOIN contact k ON k.id = x.owner_contact_id LEFT JOIN "case" c ON c.id = x.case_id
  LEFT JOIN meeting m ON m.id = x.meeting_id""",
        order={
            "reference": ("x.year", "x.number"),
            "description": ("x.description",),
            "owner": ("owner",),
            "contact": ("contact",),
            "case": ("c.year", "c.number"),
            "due_date": ("x.due_date",),
            "status": ("x.status",),
            "meeting_date": ("m.date",),
        },
        default_sort=("due_date", False),
        ui_filters={"open": f"x.status IN {OPEN_ACTIONS}"},
        highlight_sql=f"x.status IN {OPEN_ACTIONS} AND x.due_date < :today",
        convert={
            "due_date": _nullable(DATE),
            "status": _enum(ActionStatus),
            "meeting_date": _nullable(DATE),
        },
    )


def _signals() -> HandList:
    return HandList(
        name="signals",
        id="s.id",
        select=f"""s.received_on, s.source, t.name AS theme, s.street, s.text, s.status,
  {_reference("c")} AS "case",
  CAST(julianday(:today) - julianday(s.received_on) AS INTEGER) AS age""",
        from_='signal s LEFT JOIN theme t ON t.id = s.theme_id LEFT JOIN "case" c ON c.id = s.case_id',
        order={
            "received_on": ("s.received_on",),
            "source": ("s.source",),
            "theme": ("theme",),
            "street": ("s.street",),
            "text": ("s.text",),
            "status": ("s.status",),
            "case": ("c.year", "c.number"),
            "age": ("age",),
        },
        default_sort=("received_on", True),
        highlight_sql="s.status = 'new' AND s.received_on < :stale",
        convert={"received_on": DATE, "source": _enum(SignalSource), "status": _enum(SignalStatus)},
    )


def _house_visits() -> HandList:
    return HandList(
        name="house_visits",
        id="v.id",
        select="""v.visited_on, a.street, a.number || a.addition AS number, v.outcome, v.rating,
  r.name AS round, v.visitors""",
        from_="""house_visit v JOIN address a ON a.id = v.address_id
  LEFT JOIN inventory_round r ON r.id = v.round_id""",
        order={
            "visited_on": ("v.visited_on",),
            "street": ("a.street", "a.number"),
            "number": ("a.number", "a.addition"),
            "outcome": ("v.outcome",),
            "rating": ("v.rating",),
            "round": ("round",),
            "visitors": ("v.visitors",),
        },
        default_sort=("visited_on", True),
        convert={"visited_on": DATE, "outcome": _enum(VisitOutcome)},
    )


def _reports() -> HandList:
    return HandList(
        name="reports",
        id="m.id",
        select="""m.date, m.title, m.kind, m.minutes_status,
  (SELECT count(*) FROM decision d JOIN agenda_item g ON g.id = d.agenda_item_id
    WHERE g.meeting_id = m.id) AS decisions,
  (SELECT count(*) FROM action x WHERE x.meeting_id = m.id) AS new_actions,
  (SELECT max(e.occurred_at) FROM audit_event e WHERE e.entity_type = 'meeting'
    AND e.entity_id = m.id AND e.kind IN ('export', 'send')) AS last_sent""",
        from_="meeting m",
        order={
            "date": ("m.date",),
            "title": ("m.title",),
            "kind": ("m.kind",),
            "minutes_status": ("m.minutes_status",),
            "decisions": ("decisions",),
            "new_actions": ("new_actions",),
            "last_sent": ("last_sent",),
        },
        default_sort=("date", True),
        ui_filters={"held": "m.status = 'held'"},  # part of the list itself, always on
        convert={
            "date": DATE,
            "kind": _enum(MeetingKind),
            "minutes_status": _enum(MinutesStatus),
            "last_sent": _nullable(DATETIME),
        },
    )


def _audit() -> HandList:
    labels = " ".join(f"WHEN '{key}' THEN '{label}'" for key, label in ENTITY_LABELS.items())
    return HandList(
        name="audit",
        id="e.id",
        select=f"""e.occurred_at, e.actor, e.kind, CASE e.entity_type {labels} ELSE e.entity_type END
  AS entity_type, e.entity_id, e.detail""",
        from_="audit_event e",
        order={
            "occurred_at": ("e.occurred_at",),
            "actor": ("e.actor",),
            "kind": ("e.kind",),
            "entity_type": ("entity_type",),
            "entity_id": ("e.entity_id",),
            "detail": ("e.detail",),
        },
        default_sort=("occurred_at", True),
        convert={"occurred_at": DATETIME, "kind": _enum(AuditKind)},
    )


HAND_LISTS: dict[str, HandList] = {
    hand.name: hand
    for hand in (
        _cases(),
        _organisations(),
        _contacts(),
        _meetings(),
        _actions(),
        _signals(),
        _house_visits(),
        _reports(),
        _audit(),
    )
}
# Filters that belong to the list itself (not the user's choice): always in the hand-written WHERE.
ALWAYS_ON = {"reports": ("held",)}


def _where(hand: HandList, filters: Sequence[str]) -> str:
    names = [*ALWAYS_ON.get(hand.name, ()), *filters]
    conditions = [hand.ui_filters[name] for name in dict.fromkeys(names)]
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def page_sql(
    hand: HandList, filters: Sequence[str], sort_key: str | None, descending: bool, limit: int
) -> str:
    """The hand-written query of one page: columns, filters, ORDER BY (NULLS LAST, id last), LIMIT."""
    key, desc = (sort_key, descending) if sort_key else hand.default_sort
    direction = "DESC" if desc else "ASC"
    order = [f"{expr} {direction} NULLS LAST" for expr in hand.order[key]]
    order.append(f"{hand.id} {direction}")
    highlight = f", {hand.highlight_sql} AS highlight" if hand.highlight_sql else ""
    return (
        f"SELECT {hand.id}, {hand.select}{highlight} FROM {hand.from_}{_where(hand, filters)} "
        f"ORDER BY {', '.join(order)} LIMIT {int(limit)}"
    )


def count_sql(hand: HandList, filters: Sequence[str]) -> str:
    """The hand-written row count of the same list (the joins never repeat a row)."""
    return f"SELECT count(*) FROM {hand.from_}{_where(hand, filters)}"


def parameters(today: date) -> dict[str, str]:
    """The named parameters of the hand-written queries."""
    return {"today": today.isoformat(), "stale": (today - timedelta(days=STALE_SIGNAL_DAYS)).isoformat()}


class HandPage:
    """Runs one hand-written page on a bare ``sqlite3`` connection as the program runs a page: in
    one read transaction, the first rows, the count when the page is full, the values converted
    (``HandList.convert``) and the highlight flag a bool, last."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        hand: HandList,
        filters: Sequence[str],
        sort_key: str | None,
        descending: bool,
        today: date,
        limit: int,
    ) -> None:
        self.connection = connection
        self.hand = hand
        self.page = page_sql(hand, filters, sort_key, descending, limit)
        self.count = count_sql(hand, filters)
        self.params = parameters(today)
        self.limit = limit
        self._converters: list[tuple[int, Convert]] | None = None  # found on the first run

    def __call__(self) -> tuple[int, list[tuple[Any, ...]]]:
        connection = self.connection
        began = not connection.in_transaction
        if began:  # sqlite3 begins none before a SELECT: the page and its count in one snapshot
            connection.execute("BEGIN")
        try:
            cursor = connection.execute(self.page, self.params)
            rows = cursor.fetchall()
            # a page that is not full is the count, by hand as in the program (ListSource.first_page)
            total = (
                len(rows)
                if len(rows) < self.limit
                else connection.execute(self.count, self.params).fetchone()[0]
            )
        finally:
            if began:
                connection.rollback()
        if self._converters is None:
            self._converters = converters(self.hand, [d[0] for d in cursor.description])
        return total, converted(rows, self._converters, self.hand.highlight_py)


def converters(hand: HandList, names: Sequence[str]) -> list[tuple[int, Convert]]:
    """(column index, conversion) of the page's columns named in ``hand.convert``, and the
    ``highlight_sql`` flag (0/1) to a bool. (A name the page lacks is left: the comparison with the
    program's rows, value and type, then says where they differ.)"""
    found = [(names.index(name), convert) for name, convert in hand.convert.items() if name in names]
    if hand.highlight_sql:
        found.append((len(names) - 1, BOOL))
    return found


def converted(
    rows: list[tuple[Any, ...]],
    converters: Sequence[tuple[int, Convert]],
    highlight_py: Callable[[tuple[Any, ...]], bool] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows with their stored values converted, column by column (each conversion mapped over
    its column at C speed), and ``highlight_py``'s flag appended."""
    if highlight_py is not None:
        rows = [(*row, highlight_py(row)) for row in rows]
    if not converters or not rows:
        return rows
    columns: list[Any] = list(zip(*rows, strict=True))
    for index, convert in converters:
        columns[index] = map(convert, columns[index])
    return list(zip(*columns, strict=True))


def plain(value: Any) -> Any:
    """A value as SQLite stores it (enum value, ISO date, 0/1), so both sides compare equal."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    return value


def program_rows(rows: Sequence[Any], with_highlight: bool) -> list[tuple[Any, ...]]:
    """The program's ``ListRow``s as plain tuples (``plain`` values), to compare with rows fetched
    by hand without ``HandPage``'s conversion: id, the values, the highlight flag."""
    out = []
    for row in rows:
        values = (row.id, *row.values, row.highlight) if with_highlight else (row.id, *row.values)
        out.append(tuple(plain(v) for v in values))
    return out


def typed_rows(rows: Sequence[Any], with_highlight: bool) -> list[tuple[Any, ...]]:
    """The program's ``ListRow``s as tuples of their values as they are: id, the values, the
    highlight flag; to compare, value and type, with ``HandPage``'s rows."""
    if with_highlight:
        return [(row.id, *row.values, row.highlight) for row in rows]
    return [(row.id, *row.values) for row in rows]


def hand_rows(rows: Sequence[tuple[Any, ...]], with_highlight: bool) -> list[tuple[Any, ...]]:
    """Rows fetched by hand without conversion, in ``program_rows``' shape (the highlight 0/1)."""
    if not with_highlight:
        return [tuple(row) for row in rows]
    return [(*row[:-1], int(bool(row[-1]))) for row in rows]


def first_difference(
    ours: Sequence[tuple[Any, ...]], theirs: Sequence[tuple[Any, ...]], *, types: bool = False
) -> str:
    """Where two row lists first differ, in words (no values: they may hold personal data);
    ``types``: a value of another type differs too (a date is not its ISO text, nor 1 True)."""
    if len(ours) != len(theirs):
        return f"{len(ours)} rows against {len(theirs)}"
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if len(a) != len(b):
            return f"row {index}: {len(a)} columns against {len(b)}"
        for column, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y or (types and type(x) is not type(y)):
                return f"row {index}, column {column}: {type(x).__name__} against {type(y).__name__}"
    return ""
