"""Taking an action back: images of rows kept in memory while the "Ongedaan maken" bar shows.

A service whose action can be undone hands out a frozen token holding ``RowImage``s of the rows as
they were before the action; its ``undo(token)`` puts them back in one transaction: an existing row
gets its old values again, a deleted row is inserted again under its own id. Nothing about undo is
stored in the database — a token lives only as long as the window keeps it. A row that was changed
by someone else in the meantime, an id or number taken again, or a record referred to that no
longer exists makes the undo refuse (``too_late``) instead of overwriting newer work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from wiec_desktop.services.validation import ValidationError

UNDO_FIELD = "undo"
UNDO_TOO_LATE = "Dit is intussen gewijzigd en kan niet meer ongedaan worden gemaakt."
# Kept as they were when a row is inserted again; left to the ORM when an existing row is restored.
_BOOKKEEPING = ("id", "version", "created_at", "updated_at")


@dataclass(frozen=True)
class RowImage:
    """One row as it was: its model, id and column values. The values may hold personal data (a
    resident's name), so they stay out of ``repr`` and therefore out of any log."""

    model: type[Any]
    row_id: int
    values: tuple[tuple[str, Any], ...] = field(repr=False)

    def value(self, key: str) -> Any:
        return dict(self.values)[key]


def image(obj: Any) -> RowImage:
    """The current column values of an ORM object (flushed, so that it has its id)."""
    mapper = sa_inspect(obj).mapper
    values = tuple((attr.key, getattr(obj, attr.key)) for attr in mapper.column_attrs)
    return RowImage(type(obj), obj.id, values)


def put_back(session: Session, images: Iterable[RowImage]) -> list[Any]:
    """Each row as it was, in the order given (parents before children): an existing row gets its
    old values back, a deleted one is inserted again with its own id. Returns the objects."""
    restored = []
    for row in images:
        obj = session.get(row.model, row.row_id)
        if obj is None:
            obj = row.model(**dict(row.values))
            session.add(obj)
        else:
            for key, value in row.values:
                if key not in _BOOKKEEPING:
                    setattr(obj, key, value)
        session.flush()
        restored.append(obj)
    return restored


def too_late(message: str = UNDO_TOO_LATE) -> ValidationError:
    """The refusal to undo (a plain message for the chair)."""
    return ValidationError({UNDO_FIELD: message})


def require_free(session: Session, row: RowImage, message: str = UNDO_TOO_LATE) -> None:
    """Refuse (with ``message``) when the id of a deleted row has been given to a new row meanwhile."""
    if session.get(row.model, row.row_id) is not None:
        raise too_late(message)
