"""Reading and verifying the audit log (logboek): pages with filters, and the hash chain's check.

The log is only read here, never changed: there is no method that edits or removes an entry. The
list (``audit_log_list``) is a ``ListSpec`` like every other list, with the filters the log viewer
offers (kind, record type, record id, period); ``verify_chain`` walks the whole chain in order and
names the first entry that was changed (``gewijzigd``), is missing (``ontbreekt``) or was put in
afterwards (``ingevoegd``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select

from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.audit import GENESIS_HASH, ChainEntry, expected_hash
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.listing.lists import ENTITY_LABELS
from wiec_desktop.services.listing.source import ListColumn, ListQuery, ListSource, ListSpec
from wiec_desktop.translation import QT_TRANSLATE_NOOP

CHANGED = "gewijzigd"
MISSING = "ontbreekt"
INSERTED = "ingevoegd"

EXTRA_ENTITY_LABELS = {"audit_event": "Logboek", "resident": "Bewoner", "agenda_item": "Agendapunt"}
VERIFY_BATCH = 2000


@dataclass(frozen=True)
class AuditFilter:
    """What the chair is looking for in the log; ``None`` means "any"."""

    kind: AuditKind | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    since: date | None = None  # from this day on (inclusive)
    until: date | None = None  # up to and including this day

    def as_filters(self) -> dict[str, Any]:
        """The named filters of ``audit_log_list`` for a ``ListQuery``."""
        return {
            "kind": self.kind,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "since": self.since,
            "until": self.until,
        }


@dataclass(frozen=True)
class AuditEntry:
    """One line of the log as the viewer and the Excel export show it."""

    id: int
    sequence: int
    occurred_at: datetime
    actor: str
    kind: AuditKind
    entity_type: str
    entity_id: int | None
    detail: str

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity_type)


@dataclass(frozen=True)
class BrokenEntry:
    """Where the chain breaks first: the entry's sequence number (and id when it exists) and why."""

    sequence: int
    entry_id: int | None
    reason: str  # CHANGED, MISSING or INSERTED


@dataclass(frozen=True)
class ChainReport:
    """The outcome of ``verify_chain``: ``checked`` entries, intact or broken at ``first_broken``."""

    ok: bool
    checked: int
    first_broken: BrokenEntry | None = None
    head_hash: str = GENESIS_HASH  # the last entry's hash: write it down to notice a cut-off tail
    anchor_sequence: int | None = None  # the intact entry that carries the hash asked for, if any


def entity_label(entity_type: str) -> str:
    """The Dutch name of a record type in the log ("Casus", "Overleg" …), else the type itself."""
    return ENTITY_LABELS.get(entity_type) or EXTRA_ENTITY_LABELS.get(entity_type) or entity_type


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _filter_kind(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(AuditEvent.kind == AuditKind(value))


def _filter_entity_type(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(AuditEvent.entity_type == str(value))


def _filter_entity_id(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(AuditEvent.entity_id == int(value))


def _filter_since(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(AuditEvent.occurred_at >= _day_start(value))


def _filter_until(stmt: Select[Any], value: Any) -> Select[Any]:
    return stmt.where(AuditEvent.occurred_at < _day_start(value + timedelta(days=1)))


def audit_log_list(broken_from: int | None = None) -> ListSpec:
    """The log viewer's list: newest first, with the sequence number, filterable, never editable;
    with ``broken_from`` the entries from that number on are highlighted (not to be trusted)."""
    labels = {**EXTRA_ENTITY_LABELS, **ENTITY_LABELS}
    entity = case(labels, value=AuditEvent.entity_type, else_=AuditEvent.entity_type)
    return ListSpec(
        name="audit_log",
        id_expr=AuditEvent.id,
        columns=(
            ListColumn("sequence", QT_TRANSLATE_NOOP("Columns", "Nr."), AuditEvent.sequence, kind="int"),
            ListColumn(
                "occurred_at",
                QT_TRANSLATE_NOOP("Columns", "Tijdstip"),
                AuditEvent.occurred_at,
                kind="datetime",
            ),
            ListColumn("actor", QT_TRANSLATE_NOOP("Columns", "Gebruiker"), AuditEvent.actor, give_way=2),
            ListColumn(
                "kind",
                QT_TRANSLATE_NOOP("Columns", "Handeling"),
                AuditEvent.kind,
                kind="enum",
                enum=AuditKind,
            ),
            ListColumn("entity_type", QT_TRANSLATE_NOOP("Columns", "Soort gegeven"), entity),
            ListColumn("entity_id", QT_TRANSLATE_NOOP("Columns", "Id"), AuditEvent.entity_id, kind="int"),
            ListColumn("detail", QT_TRANSLATE_NOOP("Columns", "Omschrijving"), AuditEvent.detail, give_way=1),
        ),
        from_clause=lambda s: s.select_from(AuditEvent),
        search_exprs=(AuditEvent.detail, entity),
        filters={
            "kind": _filter_kind,
            "entity_type": _filter_entity_type,
            "entity_id": _filter_entity_id,
            "since": _filter_since,
            "until": _filter_until,
        },
        default_sort=("sequence", True),
        highlight=AuditEvent.sequence >= broken_from if broken_from is not None else None,
    )


class AuditLogService(Service):
    """Reading the log page by page, the record types in it, and the chain's verification."""

    def list_source(self, broken_from: int | None = None) -> ListSource:
        """The pageable source of the log viewer (a Qt model wraps it); see ``audit_log_list``."""
        return ListSource(self.session_factory, audit_log_list(broken_from))

    def count(self, filters: AuditFilter | None = None) -> int:
        return self.list_source().count(ListQuery(filters=(filters or AuditFilter()).as_filters()))

    def page(self, filters: AuditFilter | None = None, offset: int = 0, limit: int = 200) -> list[AuditEntry]:
        """One page of entries matching ``filters``, newest first."""
        query = ListQuery(filters=(filters or AuditFilter()).as_filters())
        ids = [row.id for row in self.list_source().fetch(query, offset, limit)]
        if not ids:
            return []
        with self.reading() as session:
            events = session.scalars(select(AuditEvent).where(AuditEvent.id.in_(ids))).all()
            by_id = {event.id: _entry(event) for event in events}
        return [by_id[record_id] for record_id in ids if record_id in by_id]

    def entries(self, filters: AuditFilter | None = None, page_size: int = 1000) -> Iterator[AuditEntry]:
        """Every entry matching ``filters``, newest first, read a page at a time (for the export)."""
        offset = 0
        while True:
            page = self.page(filters, offset, page_size)
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def entity_types(self) -> list[tuple[str, str]]:
        """The record types that occur in the log: (type, Dutch label), sorted by label."""
        with self.reading() as session:
            types = session.scalars(select(AuditEvent.entity_type).distinct()).all()
        return sorted(((name, entity_label(name)) for name in types), key=lambda pair: pair[1].lower())

    def record_export(self, file_name: str, rows: int) -> None:
        """Log that the log itself was exported (the file name and the number of lines)."""
        self.record_file_export("audit_event", None, f"logboek (Excel) {file_name}: {rows} regels")

    def record_file_export(self, entity_type: str, entity_id: int | None, detail: str) -> None:
        """Log a file that left the program for which no service of its own does (an .ics
        invitation, an e-mail draft): ``detail`` names the document and the file, never people."""
        with self.transaction() as session:
            audit.record(session, AuditKind.EXPORT, entity_type, entity_id, detail)

    def verify_chain(self, anchor: str | None = None) -> ChainReport:
        """Walk the chain from the first entry and report the first one that does not fit; with
        ``anchor`` (a hash written down earlier) also which intact entry carries it."""
        columns = (
            AuditEvent.id,
            AuditEvent.sequence,
            AuditEvent.occurred_at,
            AuditEvent.actor,
            AuditEvent.kind,
            AuditEvent.entity_type,
            AuditEvent.entity_id,
            AuditEvent.detail,
            AuditEvent.previous_hash,
            AuditEvent.entry_hash,
        )
        with self.reading() as session:
            rows = session.execute(
                select(*columns).order_by(AuditEvent.sequence).execution_options(yield_per=VERIFY_BATCH)
            )
            return verify_events(rows, anchor)  # rows carry the columns of ChainEntry

    def entry_count(self) -> int:
        with self.reading() as session:
            return int(session.execute(select(func.count(AuditEvent.id))).scalar_one())


def verify_events(events: Iterable[ChainEntry], anchor: str | None = None) -> ChainReport:
    """Check ``events`` (in sequence order): each must follow the one before it (sequence + 1,
    ``previous_hash`` = its hash) and carry the hash of its own content.

    - the sequence jumps: the entries in between were removed (``ontbreekt``, at the first missing);
    - the link is broken but the entry points at the entry *two* back: the one before it was put in
      afterwards (``ingevoegd``, at that one);
    - the link is broken but the next entry points at this one: the chain goes on from here, so an
      entry before it was removed and the rest renumbered (``ontbreekt``, at this one);
    - the link is broken and the entry's own hash is wrong too: not written by the program
      (``ingevoegd``, at this one); with a sound hash: an entry before it is missing (``ontbreekt``);
    - the link holds but the content does not match the hash: changed afterwards (``gewijzigd``).
    """
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    before_previous: str | None = None
    previous_id: int | None = None
    anchor_sequence: int | None = None
    checked = 0
    for event, following in _with_next(events):
        broken = _break_at(event, following, expected_sequence, previous_hash, before_previous, previous_id)
        if broken is not None:
            return ChainReport(
                ok=False,
                checked=checked,
                first_broken=broken,
                head_hash=previous_hash,
                anchor_sequence=anchor_sequence,
            )
        checked += 1
        if anchor is not None and event.entry_hash == anchor.strip().lower():
            anchor_sequence = event.sequence
        expected_sequence += 1
        before_previous, previous_hash, previous_id = previous_hash, event.entry_hash, event.id
    return ChainReport(ok=True, checked=checked, head_hash=previous_hash, anchor_sequence=anchor_sequence)


def _break_at(
    event: ChainEntry,
    following: ChainEntry | None,
    expected_sequence: int,
    previous_hash: str,
    before_previous: str | None,
    previous_id: int | None,
) -> BrokenEntry | None:
    """Why the chain breaks at ``event`` (see ``verify_events``), or None when it fits."""
    own_hash_ok = expected_hash(event) == event.entry_hash
    if event.sequence > expected_sequence:
        return BrokenEntry(expected_sequence, None, MISSING)
    if event.sequence < expected_sequence:  # cannot happen while the unique constraint holds
        return BrokenEntry(event.sequence, event.id, INSERTED)
    if event.previous_hash != previous_hash:
        if before_previous is not None and event.previous_hash == before_previous:
            return BrokenEntry(event.sequence - 1, previous_id, INSERTED)
        if following is not None and following.previous_hash == event.entry_hash:
            return BrokenEntry(event.sequence, event.id, MISSING)
        return BrokenEntry(event.sequence, event.id, MISSING if own_hash_ok else INSERTED)
    if not own_hash_ok:
        return BrokenEntry(event.sequence, event.id, CHANGED)
    return None


def _with_next(events: Iterable[ChainEntry]) -> Iterator[tuple[ChainEntry, ChainEntry | None]]:
    """Each event with the one after it (None after the last)."""
    iterator = iter(events)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _entry(event: AuditEvent) -> AuditEntry:
    return AuditEntry(
        id=event.id,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor=event.actor,
        kind=AuditKind(event.kind),
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        detail=event.detail,
    )
