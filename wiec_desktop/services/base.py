"""What every service shares: the session factory, the clock and the one-transaction helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.services.validation import NotFound

T = TypeVar("T")


class Service:
    """Base of the services: each public method is one transaction (``with self.transaction()``)."""

    def __init__(self, session_factory: sessionmaker[Session], today: Callable[[], date]) -> None:
        self.session_factory = session_factory
        self.today = today

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any exception."""
        with self.session_factory.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session


def get_or_raise(session: Session, model: type[T], record_id: int, what: str) -> T:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(what, record_id)
    return obj


def apply_changes(obj: object, changes: dict[str, Any], allowed: set[str]) -> None:
    """Set the given attributes (strings stripped); refuse fields that may not be changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Cannot change {sorted(unknown)} on {type(obj).__name__}")
    for key, value in changes.items():
        setattr(obj, key, value.strip() if isinstance(value, str) else value)
