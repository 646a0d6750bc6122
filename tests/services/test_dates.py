"""Reading typed Dutch dates: every accepted spelling of a real date gives that date back, and a
day, month and year that make no date are refused, never "corrected" to a nearby one."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wiec_desktop.services.dates import ImpossibleDate, UnreadableDate, format_dutch_date, parse_dutch_date
from wiec_desktop.services.formatting import MONTHS, long_date, short_date

TODAY = date(2026, 11, 10)
SEPARATORS = ("-", "/", ".", " ")

dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
todays = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


def spellings(value: date) -> list[str]:
    """Every way the chair may type ``value`` with a four-digit year."""
    d, m, y = value.day, value.month, value.year
    typed = [f"{d:02d}{sep}{m:02d}{sep}{y:04d}" for sep in SEPARATORS]
    typed += [f"{d}{sep}{m}{sep}{y:04d}" for sep in SEPARATORS]
    typed += [
        f"{d:02d}{m:02d}{y:04d}",
        f"{d} {MONTHS[m - 1]} {y:04d}",
        f"{d} {MONTHS[m - 1][:3]} {y:04d}",
        f"{d}-{MONTHS[m - 1][:3]}-{y:04d}",
        f"{y:04d}-{m:02d}-{d:02d}",
        short_date(value),
        long_date(value),
        f"  {d:02d} - {m:02d} - {y:04d}  ",
        f"{d:02d}-{m:02d}-{y:04d}".upper(),
    ]
    return typed


@given(dates)
def test_every_spelling_of_a_real_date_gives_that_date(value: date) -> None:
    for text in spellings(value):
        assert parse_dutch_date(text, TODAY) == value, text


@given(st.dates(), todays)
def test_the_field_s_own_text_reads_back_as_the_same_date(value: date, today: date) -> None:
    """What the date field shows (every year in four digits) is read back unchanged, year 1 to 9999."""
    assert parse_dutch_date(format_dutch_date(value), today) == value


def test_format_dutch_date() -> None:
    assert format_dutch_date(date(2026, 11, 3)) == "03-11-2026"
    assert format_dutch_date(date(5, 1, 9)) == "09-01-0005"
    assert format_dutch_date(None) == ""


@given(st.data(), todays)
def test_without_a_year_it_is_this_year(data: st.DataObject, today: date) -> None:
    year = st.dates(min_value=date(today.year, 1, 1), max_value=date(today.year, 12, 31))
    value = data.draw(year)
    d, m = value.day, value.month
    for text in (f"{d:02d}-{m:02d}", f"{d}/{m}", f"{d}.{m}.", f"{d:02d}{m:02d}", f"{d} {MONTHS[m - 1]}"):
        assert parse_dutch_date(text, today) == value, text


@given(st.data(), todays)
def test_a_two_digit_year_is_the_nearest_one_at_most_fifty_years_ahead(
    data: st.DataObject, today: date
) -> None:
    window = st.dates(min_value=date(today.year - 49, 1, 1), max_value=date(today.year + 50, 12, 31))
    value = data.draw(window)
    d, m, yy = value.day, value.month, value.year % 100
    assert parse_dutch_date(f"{d:02d}-{m:02d}-{yy:02d}", today) == value
    assert parse_dutch_date(f"{d}/{m}/{yy:02d}", today) == value
    assert parse_dutch_date(f"{d:02d}{m:02d}{yy:02d}", today) == value


def _exists(day: int, month: int, year: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


impossible = st.tuples(
    st.integers(min_value=0, max_value=99), st.integers(min_value=0, max_value=99), st.integers(1, 9999)
).filter(lambda dmy: not _exists(*dmy))


@given(impossible)
def test_a_date_that_does_not_exist_is_refused_in_every_spelling(dmy: tuple[int, int, int]) -> None:
    d, m, y = dmy
    expected = f"{d:02d}-{m:02d}-{y:04d} bestaat niet."
    typed = [f"{d:02d}{sep}{m:02d}{sep}{y:04d}" for sep in SEPARATORS]
    typed += [f"{d}{sep}{m}{sep}{y:04d}" for sep in SEPARATORS]
    typed.append(f"{d:02d}{m:02d}{y:04d}")
    for text in typed:
        with pytest.raises(ImpossibleDate) as refused:
            parse_dutch_date(text, TODAY)
        assert str(refused.value) == expected, text


@given(st.text(max_size=40), todays)
def test_any_text_gives_a_date_or_a_dutch_message(text: str, today: date) -> None:
    try:
        value = parse_dutch_date(text, today)
    except ValueError as error:
        assert isinstance(error, ImpossibleDate | UnreadableDate)
        assert str(error).endswith(".") and str(error)[:1].strip()
    else:
        assert isinstance(value, date)


def test_the_examples_of_the_issue() -> None:
    for text in ("15-11-2026", "15-11-26", "15/11/2026", "15.11.2026", "15112026", "15-11"):
        assert parse_dutch_date(text, TODAY) == date(2026, 11, 15), text
    assert parse_dutch_date("vandaag", TODAY) == TODAY
    assert parse_dutch_date("Morgen", TODAY) == TODAY + timedelta(days=1)
    assert parse_dutch_date("overmorgen", TODAY) == TODAY + timedelta(days=2)
    assert parse_dutch_date("gisteren", TODAY) == TODAY - timedelta(days=1)
    with pytest.raises(ImpossibleDate, match=r"^31-02-2026 bestaat niet\.$"):
        parse_dutch_date("31-02-2026", TODAY)
    with pytest.raises(ImpossibleDate, match=r"^31-02-2027 bestaat niet\.$"):
        parse_dutch_date("31-2-27", TODAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een datum in, bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
        ("abc", "‘abc’ is geen datum. Typ bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
        ("151", "‘151’ is geen datum. Typ bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
        ("15 brumaire", "‘15 brumaire’ is geen datum. Typ bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
        ("15-11-202", "‘15-11-202’ is geen datum. Typ bijvoorbeeld 15-11-2026, 15-11 of vandaag."),
        ("maandag 10 november 2026", "10-11-2026 is een dinsdag, geen maandag."),
        ("29-02", "29-02-2026 bestaat niet."),
        ("00-01-2026", "00-01-2026 bestaat niet."),
        ("15-00-2026", "15-00-2026 bestaat niet."),
    ],
)
def test_what_is_refused_and_how_it_is_said(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_dutch_date(text, TODAY)
    assert str(refused.value) == message


def test_a_long_unreadable_text_is_shortened_in_the_message() -> None:
    with pytest.raises(UnreadableDate) as refused:
        parse_dutch_date("x" * 200, TODAY)
    assert len(str(refused.value)) < 100
