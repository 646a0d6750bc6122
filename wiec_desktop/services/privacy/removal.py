"""What retention and erasure share: the log entry of a removal, the hook for other stores that keep
copies of the removed text, and compacting the database file afterwards.

``ON_ERASE`` — the hook for the search index (issue: full-text search, not built yet). Every
function in this list is called inside the removal's transaction with the session and an
``ErasedRecords`` naming the rows that were deleted or changed; a search index must drop or
re-index those rows there, so that no copy of an erased name survives in it. Register with
``ON_ERASE.append(function)``; nothing else needs to change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain.enums import ErasureKind
from wiec_desktop.domain.erasure import Erasure
from wiec_desktop.services.audit import current_actor
from wiec_desktop.storage.compaction import Compaction, compact


@dataclass(frozen=True)
class ErasedRecords:
    """The rows a removal deleted (``deleted``) or changed (``changed``), as (table, id) pairs."""

    kind: ErasureKind
    deleted: tuple[tuple[str, int], ...] = ()
    changed: tuple[tuple[str, int], ...] = ()


ErasureHook = Callable[[Session, ErasedRecords], None]
ON_ERASE: list[ErasureHook] = []


def notify_erased(session: Session, records: ErasedRecords) -> None:
    """Call every ``ON_ERASE`` hook inside the removal's transaction."""
    for hook in list(ON_ERASE):
        hook(session, records)


def log_erasure(
    session: Session,
    kind: ErasureKind,
    *,
    resident_id: int | None = None,
    residents: int = 0,
    visits: int = 0,
    signals: int = 0,
    passages: int = 0,
    terms: int = 0,
) -> Erasure:
    """Add the erasure log entry (counts and references only, never the removed data)."""
    entry = Erasure(
        kind=kind,
        actor=current_actor(),
        resident_id=resident_id,
        residents=residents,
        visits=visits,
        signals=signals,
        passages=passages,
        terms=terms,
    )
    session.add(entry)
    return entry


def compact_database(session_factory: sessionmaker[Session]) -> Compaction:
    """Rebuild the database file after a removal (SQLite; nothing on a server), outside any
    transaction, so that the removed bytes are gone from the file and its WAL."""
    engine = session_factory.kw.get("bind")
    if not isinstance(engine, Engine):  # pragma: no cover - every factory here is bound to an engine
        return Compaction(vacuumed=False, wal_emptied=False)
    return compact(engine)
