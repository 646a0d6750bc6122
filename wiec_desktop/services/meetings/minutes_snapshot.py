"""Approved minutes kept as they were approved: a frozen dataclass (``MinutesData``) as JSON text
and back, so that the same approved minutes always give the same document.

The codec follows the dataclasses' own type hints (nested dataclasses, tuples, ``X | None``,
dates, times, the domain's string enums, str/int/bool), so a field added to the minutes later is
stored without changes here; a field missing from an older snapshot takes its default. The JSON is
written with sorted keys, as ASCII (any text, even a lone surrogate, is stored escaped) and with a
version number (``VERSION``). ``SnapshotError``: text that is not a
snapshot this version can read. No Qt, no database: the caller stores the text.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, time
from enum import Enum
from functools import cache
from typing import Any, TypeVar

VERSION = 1
T = TypeVar("T")


class SnapshotError(ValueError):
    """Stored text that is not a readable snapshot (damaged, or made by a newer version)."""


def dumps(data: object) -> str:
    """``data`` (a dataclass instance) as compact JSON text with sorted keys."""
    return json.dumps(
        {"version": VERSION, "data": _encode(data)}, ensure_ascii=True, sort_keys=True, separators=(",", ":")
    )


def loads(kind: type[T], text: str) -> T:
    """The ``kind`` dataclass stored by ``dumps``; ``SnapshotError`` when it cannot be read."""
    try:
        stored = json.loads(text)
        if not isinstance(stored, dict) or stored.get("version") != VERSION:
            raise SnapshotError("unknown snapshot version")
        return _decode(kind, stored["data"])  # type: ignore[no-any-return]
    except SnapshotError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise SnapshotError(str(error)) from error


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time):  # datetime is not used by the minutes
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot keep {type(value).__name__} in a snapshot")


def _decode(kind: Any, value: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _decode(inner, value)
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(kind)
        return tuple(_decode(inner, item) for item in _list(value))
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise SnapshotError(f"{kind.__name__}: expected an object")
        hints = _hints(kind)
        values = {
            field.name: _decode(hints[field.name], value[field.name])
            for field in dataclasses.fields(kind)
            if field.init and field.name in value
        }
        return kind(**values)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise SnapshotError("expected true or false")
        return value
    if kind in (str, int, float):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SnapshotError(f"expected {kind.__name__}")
        return value
    raise SnapshotError(f"cannot read {kind!r} from a snapshot")


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise SnapshotError("expected a list")
    return value


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


__all__ = ["VERSION", "SnapshotError", "dumps", "loads"]
