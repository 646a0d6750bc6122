"""Dutch formatting of dates and values for screens and documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def short_date(value: date | None) -> str:
    """``03-11-2026`` (the chair's everyday notation); '' for no date."""
    return value.strftime("%d-%m-%Y") if value else ""


def long_date(value: date) -> str:
    """``dinsdag 3 november 2026``."""
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def timestamp(value: datetime | None) -> str:
    return value.strftime("%d-%m-%Y %H:%M") if value else ""


def percent(share: float | None) -> str:
    """ "63%" ("—" for no share)."""
    return "—" if share is None else f"{round(100 * share)}%"


def decimal(value: float | None, digits: int = 1) -> str:
    """ "6,4" ("—" for no value)."""
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")


def period(start: object, end: object) -> str:
    """ "3 maart 2026 t/m 7 april 2026" from two dates (either may be None)."""
    if start is None and end is None:
        return "—"
    if end is None:
        return f"vanaf {_day(start)}"
    if start is None:
        return f"tot en met {_day(end)}"
    return f"{_day(start)} t/m {_day(end)}"


def _day(value: object) -> str:
    return long_date(value).split(" ", 1)[1]  # type: ignore[arg-type]  # without the weekday


def join_dutch(parts: Iterable[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def counted(count: int, one: str, many: str) -> str:
    """``1 dag``, ``3 dagen``: the number with the word in singular or plural."""
    return f"{count} {one if count == 1 else many}"


def age_text(days: int) -> str:
    """How long ago something came in: ``vandaag``, ``1 dag oud``, ``9 dagen oud``."""
    return "vandaag" if days == 0 else f"{counted(days, 'dag', 'dagen')} oud"
