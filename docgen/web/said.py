"""An error as a page says it: the message and what to do, without advice meant for the command
line (a `docgen …` command, an option such as --year), which a person in the browser cannot
follow. The services' errors are written for both; this is the one place that tells them apart."""

from __future__ import annotations

import re

from docgen.errors import DocgenError

_COMMAND_LINE = re.compile(r"`docgen|(?:^|[\s(])--[a-z]")


def for_the_page(hint: str) -> str:
    """`hint` when a person in the browser can follow it, else ""."""
    return "" if not hint or _COMMAND_LINE.search(hint) else hint


def line(error: DocgenError) -> str:
    """`message — hint` (the hint only when it is for the page)."""
    hint = for_the_page(error.hint or "")
    return f"{error.message} — {hint}" if hint else error.message
