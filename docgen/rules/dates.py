"""Place and date line (ô 4): `Hà Nội, ngày 05 tháng 3 năm 2024` (spec §5, PL1 II.4)."""

from __future__ import annotations

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
