"""Place and date line (ô 4): `Hà Nội, ngày 05 tháng 3 năm 2024` (PL1 II.4;
docs/format/number-and-date.md)."""

from __future__ import annotations

import datetime as dt
import re

from docgen.model.document import IssueDate

#: what stands in for a blank day or month in a draft (PL3: `ngày …… tháng …… năm ……`)
BLANK = "      "


def format_day(day: int) -> str:
    """Days below 10 get a leading zero: `05`."""
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Only January and February get a leading zero: `01`, `02`, `3` … `12` (never `03`)."""
    return f"{month:02d}" if month in (1, 2) else str(month)


def date_line(place: str, date: IssueDate) -> str:
    """`Hà Nội, ngày 05 tháng 3 năm 2024`; blanks stand for a day or month left to the clerk."""
    day = BLANK if date.day is None else format_day(date.day)
    month = BLANK if date.month is None else format_month(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


_DMY = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def day_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a day as a clerk types it — `05/03/2024`, `5/3/2024` or
    `2024-03-05` — without checking the calendar; None for any other form."""
    dmy = _DMY.fullmatch(text)
    if dmy:
        return int(dmy[3]), int(dmy[2]), int(dmy[1])
    iso = _ISO.fullmatch(text)
    return (int(iso[1]), int(iso[2]), int(iso[3])) if iso else None


def day_or_none(text: str) -> dt.date | None:
    """The day `text` names, or None when it names none (a form field left wrong or empty)."""
    try:
        return parse_day(text)
    except ValueError:
        return None


def parse_day(text: str) -> dt.date:
    """The day `text` names; ValueError when it is not one of the forms or not on the calendar."""
    parts = day_parts(text)
    if parts is None:
        raise ValueError(f"not a day: {text!r}")
    return dt.date(*parts)
