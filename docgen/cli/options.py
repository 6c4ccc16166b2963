"""Parsing of command-line values shared by the commands."""

from __future__ import annotations

import datetime as dt

from docgen.errors import InputError
from docgen.rules.dates import parse_day


def day_option(text: str, option: str) -> dt.date:
    """The day given to `option` (`05/03/2024`, `5/3/2024`, `2024-03-05`); InputError naming it."""
    try:
        return parse_day(text)
    except ValueError:
        raise InputError(
            f"ngày `{text}` không đúng dạng hoặc không có trên lịch",
            field=option,
            hint="ghi dạng 05/03/2024",
        ) from None
