"""Writing the audit log (logboek) inside the caller's transaction: references only, no personal data.

Each entry is chained to the one before it (sequence number, previous hash, own hash) when the
session flushes, in the order ``record`` was called, in the same transaction as the change it
describes (see ``wiec_desktop.domain.audit``); several ``record`` calls before a flush are fine.
Reading and verifying the log: ``services.audit_log``.

Taking an action back ("Ongedaan maken") is logged with the kind of what the undo does — restoring
a deleted record is a ``CREATE``, sending a signal back to the inbox a ``STATUS`` — and a detail that
starts with ``UNDONE``, so that every undo can be found in the log. (A kind of its own would change
the ``audit_kind`` check constraint, i.e. the schema.)
"""

from __future__ import annotations

import getpass

from sqlalchemy.orm import Session

from wiec_desktop.domain import AuditEvent
from wiec_desktop.domain.enums import AuditKind

UNDONE = "ongedaan gemaakt"


def current_actor() -> str:
    """The operating-system user, to attribute changes (a shared server will use its own login)."""
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name available (rare containers)
        return "onbekend"


def record(
    session: Session,
    kind: AuditKind,
    entity_type: str,
    entity_id: int | None,
    detail: str = "",
    actor: str | None = None,
) -> None:
    """Add an audit event; ``detail`` must name references (a number, a file name), never people."""
    session.add(
        AuditEvent(
            actor=actor or current_actor(),
            kind=kind,
            entity_type=entity_type,
            entity_id=entity_id,
            detail=detail[:500],
        )
    )


def record_undo(
    session: Session, kind: AuditKind, entity_type: str, entity_id: int | None, detail: str
) -> None:
    """An entry for an action taken back: ``detail`` (references only) says what was undone."""
    record(session, kind, entity_type, entity_id, f"{UNDONE}: {detail}")
