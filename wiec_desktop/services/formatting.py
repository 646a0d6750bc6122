"""Dutch formatting of dates and values for screens and documents."""

from __future__ import annotations

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
