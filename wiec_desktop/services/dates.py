"""Reading a date the way a Dutch chair types it, without Qt: ``parse_dutch_date(text, today)``.

Accepted (spaces around the text do not matter, letters may be capitals):

- day, month and year with ``-``, ``/``, ``.`` or a space between them: ``15-11-2026``, ``15/11/2026``,
  ``15.11.2026``, ``5-1-2026``; a two-digit year is the nearest such year up to 50 years ahead
  (``15-11-26`` is 2026 in 2026, ``15-11-80`` is 1980);
- day and month only, for this year: ``15-11``, ``15/11``, ``15.11.``;
- digits only: ``15112026`` (ddmmjjjj), ``151126`` (ddmmjj), ``1511`` (ddmm, this year);
- the month by name: ``15 november 2026``, ``15 nov``, ``15-nov-26``, also after the day of the week as
  the program writes dates (``dinsdag 15 november 2026``, which must then be that day);
- the ISO form ``2026-11-15`` (what a spreadsheet pastes);
- ``vandaag``, ``morgen``, ``overmorgen``, ``gisteren``, ``eergisteren``.

A date that does not exist (``31-02-2026``) is refused with a Dutch message, never moved to a date
that does: :class:`ImpossibleDate`. Text that is no date at all: :class:`UnreadableDate`. Both are
``ValueError`` subclasses whose message is meant for the chair.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from wiec_desktop.services.formatting import MONTHS, WEEKDAYS

RELATIVE_DAYS = {"eergisteren": -2, "gisteren": -1, "vandaag": 0, "morgen": 1, "overmorgen": 2}
MONTH_NUMBERS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, start=1)},
    "mrt": 3,
    "sept": 9,
}
WEEKDAY_NUMBERS: dict[str, int] = {
    **{name: number for number, name in enumerate(WEEKDAYS)},
    **{name[:2]: number for number, name in enumerate(WEEKDAYS)},
    **{name[:3]: number for number, name in enumerate(WEEKDAYS)},
}
TWO_DIGIT_YEARS_AHEAD = 50  # "15-11-76" in 2026 is 2076; "15-11-77" is 1977
EXAMPLE = "15-11-2026, 15-11 of vandaag"
SHOWN_CHARACTERS = 30  # of unreadable text repeated in the message

_SEPARATOR = r"[-/. ]"
_NUMERIC = re.compile(rf"^(\d{{1,2}}){_SEPARATOR}(\d{{1,2}})(?:{_SEPARATOR}(\d{{2}}|\d{{4}}))?\.?$")
_DIGITS = re.compile(r"^\d+$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[-. ]?([a-z]+)\.?(?:[-. ]?(\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class UnreadableDate(ValueError):
    """Text that cannot be read as a date; the message says how to type one."""


class ImpossibleDate(ValueError):
    """A day, month and year that do not make a date, such as 31-02-2026."""


def parse_dutch_date(text: str, today: date) -> date:
    """The date ``text`` means (see the module's docstring); ``today`` anchors ``vandaag`` and
    dates typed without a year. Raises :class:`UnreadableDate` or :class:`ImpossibleDate`."""
    cleaned = re.sub(r"\s*([-/.])\s*", r"\1", " ".join(text.lower().split()))  # "15 - 11" → "15-11"
    if not cleaned:
        raise UnreadableDate("Vul een datum in, bijvoorbeeld " + EXAMPLE + ".")
    if cleaned in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[cleaned])
    weekday, rest = _split_weekday(cleaned)
    day, month, year = _parts(rest, today, text)
    value = _existing(day, month, year)
    if weekday is not None and value.weekday() != weekday:
        raise ImpossibleDate(
            f"{format_dutch_date(value)} is een {WEEKDAYS[value.weekday()]}, geen {WEEKDAYS[weekday]}."
        )
    return value


def format_dutch_date(value: date | None) -> str:
    """``03-11-2026``: how the date field shows a date (every year with four digits); '' for None."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}" if value is not None else ""


def _split_weekday(cleaned: str) -> tuple[int | None, str]:
    """``dinsdag 15 november 2026`` → (1, ``15 november 2026``); text without a weekday unchanged."""
    first, _space, rest = cleaned.partition(" ")
    first = first.rstrip(",.")
    if rest and first in WEEKDAY_NUMBERS and rest[:1].isdigit():
        return WEEKDAY_NUMBERS[first], rest
    return None, cleaned


def _parts(cleaned: str, today: date, original: str) -> tuple[int, int, int]:
    """Day, month and year as typed (not yet checked to exist)."""
    if _DIGITS.match(cleaned):
        if len(cleaned) == 8:
            return int(cleaned[:2]), int(cleaned[2:4]), int(cleaned[4:])
        if len(cleaned) == 6:
            return int(cleaned[:2]), int(cleaned[2:4]), _full_year(cleaned[4:], today)
        if len(cleaned) == 4:
            return int(cleaned[:2]), int(cleaned[2:]), today.year
        raise _unreadable(original)
    for pattern, month_of in ((_NUMERIC, _number), (_NAMED_MONTH, MONTH_NUMBERS.get)):
        found = pattern.match(cleaned)
        if found is None:
            continue
        month = month_of(found.group(2))
        if month is None:
            raise _unreadable(original)
        year = _full_year(found.group(3), today) if found.group(3) else today.year
        return int(found.group(1)), month, year
    found = _ISO.match(cleaned)
    if found is not None:
        return int(found.group(3)), int(found.group(2)), int(found.group(1))
    raise _unreadable(original)


def _number(text: str) -> int:
    return int(text)


def _full_year(digits: str, today: date) -> int:
    """Four digits as they are; two digits: the nearest such year at most 50 years ahead."""
    if len(digits) == 4:
        return int(digits)
    year = today.year // 100 * 100 + int(digits)
    if year > today.year + TWO_DIGIT_YEARS_AHEAD:
        year -= 100
    elif year <= today.year + TWO_DIGIT_YEARS_AHEAD - 100:
        year += 100
    return year


def _existing(day: int, month: int, year: int) -> date:
    """The date itself, or :class:`ImpossibleDate` naming what was typed."""
    if 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    raise ImpossibleDate(f"{day:02d}-{month:02d}-{year:04d} bestaat niet.")


def _unreadable(text: str) -> UnreadableDate:
    shown = " ".join(text.split())
    if len(shown) > SHOWN_CHARACTERS:
        shown = shown[: SHOWN_CHARACTERS - 1] + "…"
    return UnreadableDate(f"‘{shown}’ is geen datum. Typ bijvoorbeeld {EXAMPLE}.")


__all__ = ["ImpossibleDate", "UnreadableDate", "format_dutch_date", "parse_dutch_date"]
