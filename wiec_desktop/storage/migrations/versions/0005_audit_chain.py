"""tamper-evident audit log: a hash chain over the entries

Revision ID: 0005_audit_chain
Revises: 0004_minutes_snapshot
Create Date: 2026-12-03 09:00:00.000000

``audit_event`` gets ``sequence`` (1, 2, 3 … unique, no gaps), ``previous_hash`` and ``entry_hash``
(SHA-256 hex). Existing entries are chained here in the order they were written (by id). The kind
``erase`` (an erasure on request, "Gewist") joins the ``audit_kind`` check constraint.

The canonical form is copied here on purpose (``_canonical``): the chain written by this migration
must stay what it is even if the program's code moves on; it must equal
``wiec_desktop.domain.audit.canonical_entry`` (a test keeps them equal).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_audit_chain"
down_revision = "0004_minutes_snapshot"
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64
OLD_KINDS = ("create", "update", "delete", "status", "export", "send", "import")
NEW_KINDS = (*OLD_KINDS, "erase")
CHECK_NAME = "ck_audit_event_audit_kind"


def _canonical(
    sequence: int,
    occurred_at: datetime,
    actor: str,
    kind: str,
    entity_type: str,
    entity_id: int | None,
    detail: str,
    previous_hash: str,
) -> bytes:
    fields: list[Any] = [
        sequence,
        occurred_at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        actor,
        kind,
        entity_type,
        entity_id,
        detail,
        previous_hash,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _kind_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _set_kinds(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK_NAME), type_="check")
        batch_op.create_check_constraint(op.f(CHECK_NAME), sa.text(_kind_check(kinds)))


def _backfill() -> None:
    """Chain the existing entries in the order they were written."""
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer()),
        sa.column("occurred_at", sa.DateTime()),
        sa.column("actor", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("entity_type", sa.String()),
        sa.column("entity_id", sa.Integer()),
        sa.column("detail", sa.String()),
        sa.column("sequence", sa.Integer()),
        sa.column("previous_hash", sa.String()),
        sa.column("entry_hash", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            audit.c.id,
            audit.c.occurred_at,
            audit.c.actor,
            audit.c.kind,
            audit.c.entity_type,
            audit.c.entity_id,
            audit.c.detail,
        ).order_by(audit.c.id)
    ).all()
    previous = GENESIS_HASH
    updates: list[dict[str, Any]] = []
    for sequence, row in enumerate(rows, start=1):
        digest = hashlib.sha256(
            _canonical(
                sequence,
                row.occurred_at,
                row.actor,
                row.kind,
                row.entity_type,
                row.entity_id,
                row.detail,
                previous,
            )
        ).hexdigest()
        updates.append(
            {
                "row_id": row.id,
                "sequence": sequence,
                "previous_hash": previous,
                "entry_hash": digest,
            }
        )
        previous = digest
    if updates:
        connection.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("row_id"))
            .values(
                sequence=sa.bindparam("sequence"),
                previous_hash=sa.bindparam("previous_hash"),
                entry_hash=sa.bindparam("entry_hash"),
            ),
            updates,
        )


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _set_kinds(NEW_KINDS)
    _backfill()
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("sequence", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("previous_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_sequence"), ["sequence"])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM audit_event WHERE kind = 'erase'"))
    _set_kinds(OLD_KINDS)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_sequence"), type_="unique")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("previous_hash")
        batch_op.drop_column("sequence")
