"""Something another program or thread does at an exact moment of a service call: right after the
service ran a given SQL statement. Uses SQLAlchemy's engine events (a public seam), not the
services' private helpers, so a test of a race keeps working when the service is rewritten."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def once_after(engine: Engine, fragment: str, action: Callable[[], object]) -> Iterator[list[str]]:
    """Run ``action()`` once, right after the first statement on ``engine`` whose SQL contains
    ``fragment`` (case and spacing ignored). Yields the list of statements that set it off (one
    at most), so the test can check that the moment came."""
    wanted = " ".join(fragment.split()).casefold()
    fired: list[str] = []

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not fired and wanted in " ".join(statement.split()).casefold():
            fired.append(statement)
            action()

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield fired
    finally:
        event.remove(engine, "after_cursor_execute", after)
