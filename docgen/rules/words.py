"""Vietnamese numbers and amounts in words (docs/amounts-in-words.md): `Một tỷ không trăm linh
năm triệu đồng`.

Why not plain `num2words(n, lang="vi")`: its group logic is wrong for official text (measured, see
docs/environment.md trap 8): a non-leading group with a zero hundreds digit loses `không trăm`
(1005 → "một nghìn lẻ năm", 1 021 000 → "một triệu hai mươi mốt nghìn"), `lẻ` is hard-wired,
decimals are read from a two-place float (12,5 → "mười hai phẩy năm mươi"), negatives index a
tuple backwards (−5 → "mười lăm"), 10¹⁵ is "một trăm nghìn tỷ", and there is no currency. What it
gets right is the reading of 10–99 (`mười`, `mười một`, `mười lăm`, `hai mươi mốt`, `hai mươi
lăm`, never `mươi`/`mười` mixed up), so that part is taken from it and everything around it (groups,
padding, `linh`/`lẻ`, `tư`, recursion above `tỷ`, decimals, sign, currency) is done here.

The reverse, `words_to_number`, lives in `docgen.rules.words_parse` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from num2words import num2words

from docgen.errors import InputError
from docgen.rules.amounts import Amount, format_number, parse_amount
from docgen.rules.words_parse import DIGITS, words_to_number

__all__ = [
    "DEFAULT_STYLE",
    "WordsStyle",
    "amount_in_words",
    "format_number",
    "money_filter",
    "number_to_words",
    "parse_amount",
    "words_filter",
    "words_to_number",
]

_BILLION = 10**9


@dataclass(frozen=True)
class WordsStyle:
    """How to spell a number; the defaults are the standard (northern) forms of
    docs/amounts-in-words.md.

    - `linh`: the word between hundreds and a lone unit, `linh` (105 → một trăm linh năm) or `lẻ`.
    - `four`: the unit 4 after `hai mươi` … `chín mươi`: `bốn` or `tư`. After `mười` and after
      `linh`/`lẻ` it is always `bốn` (formal writing, reading rule 5).
    - `thousand`: `nghìn` or `ngàn`; `billion`: `tỷ` or `tỉ`.
    - `skip_empty_groups`: 1.000.500 → `một triệu năm trăm` (True) or `một triệu không nghìn năm
      trăm` (False, num2words' older habit): an all-zero group between two read groups is `không …`.
    - `capitalise`: `amount_in_words` starts with a capital (`Một …`), as accounting practice does.
      `number_to_words` is always lower case: it is used inside sentences.
    - `chan`: `amount_in_words` adds `chẵn` after the currency when there are no decimals.
    """

    linh: Literal["linh", "lẻ"] = "linh"
    four: Literal["bốn", "tư"] = "bốn"
    thousand: Literal["nghìn", "ngàn"] = "nghìn"
    billion: Literal["tỷ", "tỉ"] = "tỷ"
    skip_empty_groups: bool = True
    capitalise: bool = True
    chan: bool = False

    def __post_init__(self) -> None:
        allowed = {
            "linh": ("linh", "lẻ"),
            "four": ("bốn", "tư"),
            "thousand": ("nghìn", "ngàn"),
            "billion": ("tỷ", "tỉ"),
        }
        for name, choices in allowed.items():
            if getattr(self, name) not in choices:
                raise InputError(
                    f"kiểu đọc số: «{getattr(self, name)}» không dùng được cho {name}",
                    hint=f"chọn một trong: {', '.join(choices)}.",
                )


DEFAULT_STYLE = WordsStyle()


def number_to_words(value: Amount, style: WordsStyle = DEFAULT_STYLE) -> str:
    """Return `value` in lower-case Vietnamese words: 1005 → `một nghìn không trăm linh năm`.

    `value` is an int, Decimal, float or a string as a clerk types it (`1.005.000`, `12,5`; see
    `parse_amount`). Zero is `không`; a negative number starts with `âm`; decimals follow `phẩy`,
    leading zeros of the fraction read one by one and the rest as a number (0,05 → `không phẩy không
    năm`, 12,25 → `mười hai phẩy hai mươi lăm`); trailing zeros of the fraction are not read
    (12,50 reads as 12,5). Raises InputError for a value `parse_amount` refuses.
    """
    number = parse_amount(value)
    sign, digits, exponent = number.as_tuple()
    text = "".join(map(str, digits))
    assert isinstance(exponent, int)  # parse_amount refuses NaN and infinities
    if exponent >= 0:
        integer, fraction = int(text) * 10**exponent, ""
    else:
        text = text.rjust(-exponent + 1, "0")
        integer, fraction = int(text[:exponent]), text[exponent:].rstrip("0")
    words = _read_integer(integer, style)
    if fraction:
        zeros = len(fraction) - len(fraction.lstrip("0"))
        words += ["phẩy", *[DIGITS[0]] * zeros, *_read_positive(int(fraction), style, leading=True)]
    if sign and (integer or fraction):
        words.insert(0, "âm")
    return " ".join(words)


def amount_in_words(
    value: Amount, currency: str | None = "đồng", style: WordsStyle = DEFAULT_STYLE
) -> str:
    """Return the amount as written after `Bằng chữ:`: 1250000 → `Một triệu hai trăm năm mươi
    nghìn đồng`.

    `currency` is appended after the words (None or "" for none); with `style.chan` and no decimals
    `chẵn` follows it. The first letter is a capital unless `style.capitalise` is False.
    Raises InputError for a value `parse_amount` refuses.
    """
    words = number_to_words(value, style)
    if currency and currency.strip():
        words = f"{words} {currency.strip()}"
    if style.chan and "phẩy" not in words.split():
        words = f"{words} chẵn"
    return words[0].upper() + words[1:] if style.capitalise else words


def words_filter(value: Amount, style: WordsStyle = DEFAULT_STYLE) -> str:
    """Jinja filter `so_thanh_chu`: the number in lower-case words (`number_to_words`)."""
    return number_to_words(value, style)


def money_filter(
    value: Amount, currency: str | None = "đồng", style: WordsStyle = DEFAULT_STYLE
) -> str:
    """Jinja filter `tien_bang_chu`: the amount in words with its currency (`amount_in_words`)."""
    return amount_in_words(value, currency, style)


def _read_integer(n: int, style: WordsStyle) -> list[str]:
    """Return the words of a non-negative integer (`không` for zero)."""
    return _read_positive(n, style, leading=True) if n else [DIGITS[0]]


def _read_positive(n: int, style: WordsStyle, *, leading: bool) -> list[str]:
    """Return the words of n > 0; `leading` when nothing was read before it (no padding).

    Above 10⁹ the part before `tỷ` is itself read as a number (reading rule 2), so 10¹² is
    `một nghìn tỷ` and 10¹⁸ is `một tỷ tỷ`.
    """
    high, low = divmod(n, _BILLION)
    words: list[str] = []
    if high:
        words += [*_read_positive(high, style, leading=leading), style.billion]
        leading = False
    if low:
        words += _read_below_billion(low, style, leading=leading)
    return words


def _read_below_billion(n: int, style: WordsStyle, *, leading: bool) -> list[str]:
    """Return the words of 0 < n < 10⁹ as groups `triệu`, `nghìn`, units.

    After a leading group every group is read in full (`không trăm`, reading rule 4); all-zero
    groups are skipped, or read `không nghìn` when `style.skip_empty_groups` is off (only between
    read groups: a trailing empty group is never read).
    """
    groups = ((n // 10**6, "triệu"), (n // 1000 % 1000, style.thousand), (n % 1000, ""))
    nonzero = [i for i, (group, _) in enumerate(groups) if group]
    first = nonzero[0] if leading else 0
    words: list[str] = []
    for i in range(first, nonzero[-1] + 1):
        group, name = groups[i]
        if group:
            words += _read_group(group, style, padded=not (leading and i == first))
        elif style.skip_empty_groups:
            continue
        else:
            words.append(DIGITS[0])
        if name:
            words.append(name)
    return words


def _read_group(n: int, style: WordsStyle, *, padded: bool) -> list[str]:
    """Return the words of a group 0 < n < 1000; `padded` adds `không trăm` when hundreds are 0."""
    hundreds, rest = divmod(n, 100)
    words = [DIGITS[hundreds], "trăm"] if hundreds or padded else []
    if not rest:
        return words
    if rest < 10:
        return [*words, style.linh, DIGITS[rest]] if words else [DIGITS[rest]]
    tens_words = list(_tens_and_units(rest))
    if rest > 20 and rest % 10 == 4:
        tens_words[-1] = style.four
    return words + tens_words


@cache
def _tens_and_units(n: int) -> tuple[str, ...]:
    """Return num2words' reading of 10 ≤ n ≤ 99 (`mười lăm`, `hai mươi mốt`, `chín mươi lăm`).

    This is the part num2words gets right; `tests/unit/test_words.py` checks all 90 readings so an
    upgrade that changes them is caught.
    """
    return tuple(str(num2words(n, lang="vi")).split())
