"""The audit log (logboek): who did what to which record, and every export — as a hash chain.

It holds references (table and id, a file name, a count) and never personal data itself, and has no
foreign keys so that it survives the erasure of what it refers to.

Every entry carries a ``sequence`` (1, 2, 3 … without gaps), the ``entry_hash`` of the entry before
it (``previous_hash``) and its own ``entry_hash``: SHA-256 over :func:`canonical_entry`. A changed,
removed or inserted entry breaks the chain (``services.audit_log.verify_chain``). The chain is made
here, in ``before_flush``, for every ``AuditEvent`` that any code adds, in the order they were added,
inside the same transaction as the write they describe; a lock (``lock_chain``) makes concurrent
writers take turns, so that two of them never chain onto the same head.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import DateTime, Integer, String, event, inspect, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from wiec_desktop.domain.base import Base, IdMixin, enum_column, utcnow
from wiec_desktop.domain.enums import AuditKind

GENESIS_HASH = "0" * 64
"""The ``previous_hash`` of the first entry."""

CHAIN_LOCK_KEY = 0x57494543  # "WIEC": the PostgreSQL advisory lock that serialises chain writers


class AuditEvent(IdMixin, Base):
    __tablename__ = "audit_event"

    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[AuditKind] = mapped_column(enum_column(AuditKind, "audit_kind"))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


def canonical_entry(
    sequence: int,
    occurred_at: datetime,
    actor: str,
    kind: str,
    entity_type: str,
    entity_id: int | None,
    detail: str,
    previous_hash: str,
) -> bytes:
    """The bytes an entry's hash is taken over: a JSON array in a fixed order (never change it:
    every existing chain depends on it; migration 0005 holds a frozen copy)."""
    fields: list[Any] = [
        sequence,
        occurred_at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        actor,
        str(kind),
        entity_type,
        entity_id,
        detail,
        previous_hash,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash_of(
    sequence: int,
    occurred_at: datetime,
    actor: str,
    kind: str,
    entity_type: str,
    entity_id: int | None,
    detail: str,
    previous_hash: str,
) -> str:
    """The SHA-256 (hex) of one entry's canonical form."""
    canonical = canonical_entry(
        sequence, occurred_at, actor, kind, entity_type, entity_id, detail, previous_hash
    )
    return hashlib.sha256(canonical).hexdigest()


class ChainEntry(Protocol):
    """What the chain's check reads of an entry: an ``AuditEvent`` or a row of its columns."""

    id: int
    sequence: int
    occurred_at: datetime
    actor: str
    kind: str
    entity_type: str
    entity_id: int | None
    detail: str
    previous_hash: str
    entry_hash: str


def expected_hash(entry: ChainEntry | AuditEvent) -> str:
    """The hash ``entry`` should carry given what it holds now."""
    return entry_hash_of(
        entry.sequence,
        entry.occurred_at,
        entry.actor,
        AuditKind(entry.kind).value,
        entry.entity_type,
        entry.entity_id,
        entry.detail,
        entry.previous_hash,
    )


def lock_chain(session: Session) -> None:
    """Take the chain's write lock for the rest of the transaction, before its head is read.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: the database's write lock, taken by an
    UPDATE that changes nothing (the driver starts a transaction only at a write, so a head read
    before it could be stale by the time of the INSERT); a second writer waits (busy timeout). The
    unique ``sequence`` is the last guard on any database: a fork cannot be stored."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.execute(text("UPDATE audit_event SET id = id WHERE 0 = 1"))


def chain_head(session: Session) -> tuple[int, str]:
    """The sequence and hash of the last stored entry; ``(0, GENESIS_HASH)`` for an empty log."""
    row = (
        session.connection()
        .execute(
            select(AuditEvent.sequence, AuditEvent.entry_hash).order_by(AuditEvent.sequence.desc()).limit(1)
        )
        .first()
    )
    return (row[0], row[1]) if row is not None else (0, GENESIS_HASH)


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session: Session, _flush_context: Any, _instances: Any) -> None:
    """Give every new entry its place in the chain, in the order the entries were added."""
    new = [obj for obj in session.new if isinstance(obj, AuditEvent) and obj.entry_hash is None]
    if not new:
        return
    new.sort(key=lambda obj: inspect(obj).insert_order or 0)
    lock_chain(session)
    sequence, previous = chain_head(session)
    for entry in new:
        sequence += 1
        if entry.occurred_at is None:
            entry.occurred_at = utcnow()
        if entry.detail is None:
            entry.detail = ""
        entry.sequence = sequence
        entry.previous_hash = previous
        entry.entry_hash = expected_hash(entry)
        previous = entry.entry_hash
