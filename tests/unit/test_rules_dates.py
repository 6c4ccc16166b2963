"""The place-and-date line (ô 4, PL1 II.4.b; docs/format/number-and-date.md): day always two
digits, month padded only for 1-2."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen.model.document import IssueDate
from docgen.rules.dates import BLANK, date_line, day_parts, format_day, format_month, parse_day

PLACES = st.sampled_from(["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Huế", "Cần Thơ"])
DATES = st.dates(min_value=dt.date(1945, 9, 2), max_value=dt.date(2100, 12, 31))

# Parses a line back. The day is two digits or blank; the month is `01`, `02`, 3…12 or blank.
LINE = re.compile(
    r"^(?P<place>[^,]+), ngày (?P<day>\d{2}|\s+) tháng (?P<month>0[12]|[3-9]|1[0-2]|\s+)"
    r" năm (?P<year>\d{4})$"
)


def parse_line(line: str) -> tuple[str, IssueDate]:
    """(place, date) read back from a date line; fails the test when the line is malformed."""
    match = LINE.match(line)
    assert match is not None, f"not a date line: {line!r}"
    day = None if not match["day"].strip() else int(match["day"])
    month = None if not match["month"].strip() else int(match["month"])
    return match["place"], IssueDate(int(match["year"]), month, day)


@given(st.integers(min_value=1, max_value=31))
@example(5)
@example(10)
def test_day_is_always_two_digits(day: int) -> None:
    text = format_day(day)
    assert len(text) == 2 and text.isdigit()
    assert int(text) == day


@given(st.integers(min_value=1, max_value=12))
def test_month_is_padded_only_for_january_and_february(month: int) -> None:
    text = format_month(month)
    assert int(text) == month
    if month in (1, 2):
        assert text == f"0{month}"
    else:
        assert not text.startswith("0")  # never `03`


@pytest.mark.parametrize(
    ("month", "text"),
    [(1, "01"), (2, "02"), (3, "3"), (9, "9"), (10, "10"), (11, "11"), (12, "12")],
)
def test_month_table(month: int, text: str) -> None:
    assert format_month(month) == text


@given(PLACES, DATES)
@example("Hà Nội", dt.date(2024, 3, 5))
@example("Hà Nội", dt.date(2020, 1, 5))
@example("Hà Nội", dt.date(2020, 2, 29))
@example("Hà Nội", dt.date(2024, 12, 31))
@example("Thành phố Hồ Chí Minh", dt.date(2019, 6, 29))
def test_full_date_line_round_trips(place: str, date: dt.date) -> None:
    line = date_line(place, IssueDate.of(date))
    assert parse_line(line) == (place, IssueDate.of(date))
    assert " tháng 0" not in line or date.month in (1, 2)


@pytest.mark.parametrize(
    ("date", "line"),
    [
        (dt.date(2024, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2024"),
        (dt.date(2020, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2020"),
        (dt.date(2024, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2024"),
        (dt.date(2023, 12, 15), "Hà Nội, ngày 15 tháng 12 năm 2023"),
        (dt.date(2024, 10, 1), "Hà Nội, ngày 01 tháng 10 năm 2024"),
    ],
)
def test_date_line_examples(date: dt.date, line: str) -> None:
    # The first two are the decree's own examples (PL1 Mục V and the ND30 document itself).
    assert date_line("Hà Nội", IssueDate.of(date)) == line


@given(PLACES, st.integers(min_value=1945, max_value=2100), st.integers(min_value=1, max_value=12))
@example("Hà Nội", 2023, 3)
def test_draft_with_blank_day_round_trips(place: str, year: int, month: int) -> None:
    line = date_line(place, IssueDate(year, month))
    assert f"ngày {BLANK} tháng {format_month(month)} năm {year}" in line
    assert parse_line(line) == (place, IssueDate(year, month))


@given(PLACES, st.integers(min_value=1945, max_value=2100))
def test_draft_with_blank_day_and_month_round_trips(place: str, year: int) -> None:
    line = date_line(place, IssueDate(year))
    assert line == f"{place}, ngày {BLANK} tháng {BLANK} năm {year}"
    assert parse_line(line) == (place, IssueDate(year))


def test_blank_is_only_spaces() -> None:
    assert BLANK and not BLANK.strip()


def test_reference_draft_date_line() -> None:
    # The reference dispatch leaves the day blank and keeps month and year (a draft for the signer).
    line = date_line("Hà Nội", IssueDate(2023, 3))
    assert " ".join(line.split()) == "Hà Nội, ngày tháng 3 năm 2023"  # the plain-text copy
    assert "ngày " + BLANK + " tháng" in line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2024", (2024, 3, 5)),
        ("5/3/2024", (2024, 3, 5)),
        (" 2024-03-05 ", (2024, 3, 5)),
        ("31/2/2024", (2024, 2, 31)),
        ("5.3.2024", None),
        ("2024/03/05", None),
        ("", None),
    ],
)
def test_day_parts_reads_the_forms_a_clerk_types(text: str, expected: object) -> None:
    assert day_parts(text) == expected


def test_parse_day_checks_the_calendar() -> None:
    assert parse_day("29/2/2024") == dt.date(2024, 2, 29)
    for bad in ("29/2/2023", "tháng 3", "5.3.2024"):
        with pytest.raises(ValueError):
            parse_day(bad)
