"""Amounts as a clerk types them, and as Vietnamese text writes them (docs/amounts-in-words.md).

Vietnamese practice writes `.` between thousands and `,` before decimals: `1.250.000`, `12,5`,
`1.234.567,89`. `parse_amount` reads what a clerk types (`1.005.000.000`, `1 005 000 000`,
`1005000000`, `12,5`, `-5`, `1.250.000 đồng`) into an exact `Decimal`; `format_number` writes a
number back in the Vietnamese convention.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from docgen.errors import InputError

#: What `parse_amount` accepts: an int, an exact Decimal, a float (from YAML) or a typed string.
Amount = int | float | Decimal | str

#: Integer digits beyond this are refused: no agency amount is that large, and a pasted run of
#: digits would otherwise print a paragraph of words.
MAX_INTEGER_DIGITS = 30
#: Decimal places beyond this are refused for the same reason.
MAX_FRACTION_DIGITS = 20

# The default decimal context keeps 28 significant digits and would silently round a 30-digit
# amount; every operation that can round goes through this one, wide enough for any accepted value.
_EXACT = Context(prec=MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 10)

_MINUS_SIGNS = (
    "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (what word processors turn "-" into)
)
_SPACES = "\u00a0\u202f\u2009\u2007"  # no-break, narrow no-break, thin and figure spaces
_CURRENCY_SUFFIX = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SPACE_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+")
_HINT = (
    "viết số như 1.250.000 hoặc 1250000, phần thập phân sau dấu phẩy (12,5); "
    "dấu chấm chỉ dùng để ngăn cách hàng nghìn."
)


def parse_amount(value: object, *, field: str = "") -> Decimal:
    """Return `value` as an exact Decimal (integral values get exponent 0).

    Accepts int, Decimal and float (read through its shortest repr, so `12.5` stays `12.5`), and
    strings as a clerk types them: `1.005.000.000`, `1 005 000 000`, `1005000000`, `12,5`,
    `1.234.567,89`, a leading `-`/`−`, and a trailing `đồng`/`đ`/`VNĐ`.
    Raises InputError (one Vietnamese line with a hint) for anything else: `12.5` (a dot is a
    thousands separator in Vietnamese), `1,250,000`, booleans, NaN, infinity, empty text,
    more than `MAX_INTEGER_DIGITS` integer digits.
    """
    if isinstance(value, bool):
        raise _bad(value, field, "là giá trị đúng/sai, không phải số")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _bad(value, field, "không phải một số hữu hạn")
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _bad(value, field, "không phải một số hữu hạn")
        number = value
    elif isinstance(value, str):
        number = _parse_text(value, field)
    else:
        raise _bad(value, field, f"có kiểu {type(value).__name__}, không phải số")
    if number and number.adjusted() >= MAX_INTEGER_DIGITS:
        raise _bad(value, field, f"có quá {MAX_INTEGER_DIGITS} chữ số phần nguyên")
    if -int(number.normalize(_EXACT).as_tuple().exponent) > MAX_FRACTION_DIGITS:
        raise _bad(value, field, f"có quá {MAX_FRACTION_DIGITS} chữ số thập phân")
    if number == _integral(number):
        # `Decimal("1E+3")` and `Decimal("5.00")` both become plain integers.
        number = number.quantize(Decimal(1), context=_EXACT)
    return number


def _integral(number: Decimal) -> Decimal:
    return number.to_integral_value(context=_EXACT)


def _parse_text(text: str, field: str) -> Decimal:
    """Return the Decimal a clerk meant by `text`; raise InputError when it is not clear."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    cleaned = _CURRENCY_SUFFIX.sub("", cleaned).strip()
    negative = bool(cleaned) and cleaned[0] in _MINUS_SIGNS
    if negative or cleaned.startswith("+"):
        cleaned = cleaned[1:].strip()
    integer, comma, fraction = cleaned.partition(",")
    if comma and not _PLAIN.fullmatch(fraction):
        raise _bad(text, field, "có phần sau dấu phẩy không phải chữ số")
    if _PLAIN.fullmatch(integer) or _DOT_GROUPS.fullmatch(integer):
        digits = integer.replace(".", "")
    elif _SPACE_GROUPS.fullmatch(integer):
        digits = integer.replace(" ", "")
    elif not cleaned:
        raise _bad(text, field, "để trống")
    else:
        raise _bad(text, field, "không phải số viết theo kiểu Việt Nam")
    try:
        number = Decimal(f"{digits}.{fraction}" if comma else digits)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise _bad(text, field, "không phải số") from None
    return number.copy_negate() if negative else number


def _bad(value: object, field: str, why: str) -> InputError:
    return InputError(f"số «{value}» {why}", hint=_HINT, field=field)


def format_number(value: object, decimals: int | None = None) -> str:
    """Return `value` written the Vietnamese way: `1.250.000`, `12,5`, `-1.234.567,89`.

    `value` is anything `parse_amount` accepts. With `decimals`, the number is rounded half-up to
    that many decimal places (`format_number(1234.5, 2)` → `1.234,50`); without it the digits given
    are kept (`Decimal("12.50")` → `12,50`). No separator is wanted for years and document numbers
    (docs/amounts-in-words.md): do not pass those here.
    """
    number = parse_amount(value)
    if decimals is not None:
        if not 0 <= decimals <= MAX_FRACTION_DIGITS:
            raise InputError(
                f"số chữ số thập phân {decimals} không dùng được",
                hint=f"dùng một số nguyên từ 0 đến {MAX_FRACTION_DIGITS}.",
            )
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, _EXACT)
    sign = "-" if number < 0 else ""
    text = f"{number.copy_abs():f}"
    integer, _, fraction = text.partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    if sign and not grouped.strip("0.") and not fraction.strip("0"):
        sign = ""  # -0 and -0,00 are written without a sign
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
