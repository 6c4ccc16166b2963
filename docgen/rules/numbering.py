"""Number and symbol (ô 3): `Số: 05/BQL-KHTH` (PL1 II.3; docs/format/number-and-date.md)."""

from __future__ import annotations

import re

from docgen.model.agency import THU_CONG_UNNUMBERED, Numbering
from docgen.model.kinds import CopyKind, Kind
from docgen.model.number import DocumentNumber

#: what stands in for the number in a draft (PL3 templates leave blank space before the slash)
BLANK_NUMBER = "      "

_GROUP = r"[A-ZĐ][A-Za-zĐđ0-9.]*"
SYMBOL_RE = re.compile(rf"^{_GROUP}(-{_GROUP})+$")
_NUMBER_RE = re.compile(rf"^\s*(?:Số:?\s*)?0*([1-9]\d*)\s*/\s*({_GROUP}(?:-{_GROUP})+)\s*$")


def format_number(number: int) -> str:
    """`5` → `05`; `10` → `10`. Numbers start at 1 (ND30 Điều 15.1)."""
    if number < 1:
        raise ValueError(f"document numbers start at 1, got {number}")
    return f"{number:02d}"


def compose_symbol(kind: Kind, agency: str, unit: str = "") -> str:
    """The ký hiệu: `QĐ-BQL` for a named type, `BQL-KHTH` for a công văn (agency-unit).

    A công văn without a unit falls back to the agency abbreviation alone, which the checker flags.
    """
    abbreviation = kind.info.abbreviation
    if abbreviation is None:
        return f"{agency}-{unit}" if unit else agency
    return f"{abbreviation}-{agency}"


def takes_number(kind: Kind, numbering: Numbering) -> bool:
    """False for a thư công of an agency that leaves it unnumbered (no Số line, no register
    number; UNCONFIRMED, the profile's `[numbering] thu_cong`: docs/format/number-and-date.md);
    True otherwise."""
    return not (kind is Kind.THU_CONG and numbering.thu_cong == THU_CONG_UNNUMBERED)


def copy_symbol(kind: CopyKind, agency: str) -> str:
    """The ký hiệu of a copy: `SY-BQL`, `SL-BQL`, `TrS-BQL` (PL1-P2 II.1.c, PL3 Mẫu 3.1)."""
    return f"{kind.value[1]}-{agency}"


def so_line(number: int | None, symbol: str) -> str:
    """The ô 3 text: `Số: 05/BQL-KHTH`, or the draft form `Số:      /BQL-KHTH`."""
    shown = BLANK_NUMBER if number is None else format_number(number)
    return f"Số: {shown}/{symbol}"


def parse_number(text: str) -> DocumentNumber:
    """`"05/BQL-KHTH"`, `"5/BQL-KHTH"` or `"Số: 05/BQL-KHTH"` → DocumentNumber(5, "BQL-KHTH").

    Raises ValueError when `text` is not a number and symbol.
    """
    match = _NUMBER_RE.match(text)
    if not match:
        raise ValueError(f"not a number/symbol: {text!r}")
    return DocumentNumber(int(match.group(1)), match.group(2))


def is_valid_symbol(symbol: str) -> bool:
    """Groups of letters/digits joined by `-`, each starting with a capital, no spaces."""
    return bool(SYMBOL_RE.match(symbol))
