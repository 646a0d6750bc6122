"""What every service shares: the session factory, the clock and the one-transaction helper.

Errors are translated here, once, at the service boundary: inside ``transaction`` and ``reading``
(and ``storage_errors`` for the few readers outside a service) an SQLAlchemy error that is a known
storage condition — locked, read-only, disk full, damaged, unreachable, changed by someone else —
becomes its ``StorageError`` with a Dutch message; anything else passes unchanged, as a bug. That
holds for the whole transaction, its flush and its commit (a full disk or a read-only file mostly
shows at the commit), so a write on a full disk is ``DiskFull`` and the database stays whole.

``publishing(staged)`` ties an exported file to the transaction that logs it: the next transaction
in the block renames the staged file into place after its work is flushed and before it commits
(a failed rename rolls the log entry back; a failed commit takes the file back).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.services.validation import NotFound
from wiec_desktop.storage.errors import DatabaseConflict, classify
from wiec_desktop.storage.read_snapshot import begin_session_snapshot

if TYPE_CHECKING:
    from wiec_desktop.atomic_file import StagedFile

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


class Service:
    """Base of the services: each public method is one transaction (``with self.transaction()``)."""

    def __init__(self, session_factory: sessionmaker[Session], today: Callable[[], date]) -> None:
        self.session_factory = session_factory
        self.today = today

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any exception. Inside
        ``publishing(staged)``, the staged file is renamed into place just before the commit."""
        staged = _take_staged()
        try:
            with storage_errors(), self.session_factory.begin() as session:
                yield session
                if staged is not None:
                    session.flush()  # the log entry is written (or fails: a full disk) first
                    staged.publish()
        except BaseException:
            if staged is not None:
                staged.revert()  # the commit failed after the rename: the file goes too
            raise
        if staged is not None:
            staged.finish()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only (nothing is committed) whose statements all read one snapshot
        of the database: the figures of one answer agree with each other even when another
        connection commits in between (``storage/read_snapshot.py``: SQLite's driver begins no
        transaction before a SELECT, PostgreSQL takes a snapshot per statement at its default
        level)."""
        with storage_errors(), self.session_factory() as session:
            begin_session_snapshot(session)
            yield session


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn a known storage condition into its ``StorageError``; let anything else through."""
    try:
        yield
    except SQLAlchemyError as error:
        known = classify(error)
        if known is None:
            raise
        raise known from error


_STAGED: ContextVar[list[StagedFile] | None] = ContextVar("staged_export", default=None)


@contextmanager
def publishing(staged: StagedFile) -> Iterator[None]:
    """Let the next service transaction in this block publish ``staged`` (see the module's text);
    what is left beside the target is removed when the block ends. A block in which no
    transaction committed it raises ``RuntimeError`` (a bug: the file would appear unlogged)."""
    pending = [staged]
    token = _STAGED.set(pending)
    try:
        yield
        if pending:
            raise RuntimeError("no transaction published the staged export")
    finally:
        _STAGED.reset(token)
        staged.discard()


def _take_staged() -> StagedFile | None:
    pending = _STAGED.get()
    return pending.pop() if pending else None


def retry_when_stale(method: Callable[P, R]) -> Callable[P, R]:
    """Run a one-transaction service method again (once) when a row it changed was changed by
    someone else in between — e.g. an agenda edit while meeting mode autosaves the same item. The
    first attempt was rolled back entirely, so running it again is safe; a second conflict is real
    and propagates (as ``DatabaseConflict``, a plain message)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except DatabaseConflict:
            return method(*args, **kwargs)

    return wrapper


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
