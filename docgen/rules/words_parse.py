"""Read Vietnamese number words back into a number (the reverse of `docgen.rules.words`).

Used by the round-trip property tests and by a checker that compares `Bằng chữ: …` with the figures.
It accepts every variant the writer can produce and the common spoken ones: `linh`/`lẻ`,
`bốn`/`tư`, `lăm`/`nhăm`, `mốt`, `nghìn`/`ngàn`, `tỷ`/`tỉ`, `không nghìn` for an empty group, a
leading `âm`, a trailing `đồng`, `chẵn` or full stop, any capitalisation. Inside a group of three
digits it is strict (`một trăm năm`, `mười năm`, `hai mươi mười` are refused: they are ambiguous or
not Vietnamese); the order of the group words (`nghìn`, `triệu`, `tỷ`) is not checked.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from docgen.errors import InputError

#: The digit words 0–9 (docs/amounts-in-words.md).
DIGITS: tuple[str, ...] = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_DIGIT_VALUE = {word: value for value, word in enumerate(DIGITS)}
_GROUP_WORDS = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9}
# Units allowed after `mười` (10–19) and after `hai mươi` … `chín mươi`.
_AFTER_MUOI = {**_DIGIT_VALUE, "lăm": 5, "tư": 4}
_AFTER_MUOI.pop("không")
_AFTER_MUOI.pop("năm")  # `mười năm` is "ten years"; 15 is `mười lăm`
_AFTER_MUOI_T = {**_AFTER_MUOI, "mốt": 1, "nhăm": 5}
_TRAILING = ("đồng", "chẵn")
_BILLION = 10**9
_HINT = (
    "viết như «một nghìn không trăm linh năm», phần thập phân sau «phẩy», số âm bắt đầu bằng «âm»."
)


def words_to_number(text: str) -> Decimal:
    """Return the number that Vietnamese `text` spells: `Một tỷ không trăm linh năm triệu đồng` →
    Decimal(1005000000); `âm mười hai phẩy không năm` → Decimal("-12.05").

    Raises InputError (one Vietnamese line) naming the word it could not read.
    """
    tokens = unicodedata.normalize("NFC", text).lower().replace(".", " ").split()
    while tokens and tokens[-1] in _TRAILING:
        tokens.pop()
    negative = bool(tokens) and tokens[0] == "âm"
    if negative:
        tokens.pop(0)
    if "phẩy" in tokens:
        cut = tokens.index("phẩy")
        integer, fraction_words = tokens[:cut], tokens[cut + 1 :]
        fraction = _read_fraction(fraction_words, text)
    else:
        integer, fraction = tokens, ""
    whole = _read_integer(integer, text)
    number = Decimal(f"{whole}.{fraction}") if fraction else Decimal(whole)
    return number.copy_negate() if negative else number


def _read_fraction(tokens: list[str], text: str) -> str:
    """Return the decimal digits spelled after `phẩy`: leading `không`s, then a number."""
    zeros = 0
    while zeros < len(tokens) and tokens[zeros] == DIGITS[0]:
        zeros += 1
    if not tokens:
        raise _bad(text, "không có chữ số nào sau «phẩy»")
    rest = tokens[zeros:]
    return "0" * zeros + (str(_read_integer(rest, text)) if rest else "")


def _read_integer(tokens: list[str], text: str) -> int:
    """Return the integer spelled by `tokens` (groups of three digits joined by group words)."""
    if not tokens:
        raise _bad(text, "không có chữ số nào")
    if tokens == [DIGITS[0]]:
        return 0
    # `stack` holds the values read so far. The writer reads N as `<N // 10⁹> tỷ <N % 10⁹>`, so a
    # `tỷ` multiplies everything before it (`hai tỷ ba trăm triệu tỷ` = 2 300 000 000 × 10⁹);
    # `nghìn` and `triệu` multiply the group just read and any smaller values before it
    # (`một nghìn triệu`, an old way to say 10⁹, is accepted too).
    stack: list[int] = []
    position = 0
    while position < len(tokens):
        word = tokens[position]
        if word in _GROUP_WORDS:
            if position == 0:
                raise _bad(text, f"«{word}» không đứng sau một số")
            small = 0
            power = 10 ** _GROUP_WORDS[word]
            while stack and (stack[-1] < power or power == _BILLION):
                small += stack.pop()
            stack.append(small * power)
            position += 1
            continue
        value, position = _read_group(tokens, position, text)
        stack.append(value)
        if position < len(tokens) and tokens[position] not in _GROUP_WORDS:
            raise _bad(text, f"thiếu «nghìn», «triệu» hay «tỷ» trước «{tokens[position]}»")
    return sum(stack)


def _read_group(tokens: list[str], start: int, text: str) -> tuple[int, int]:
    """Return (value, next position) of one group 0–999 starting at `tokens[start]`."""

    def at(i: int) -> str:
        return tokens[i] if i < len(tokens) else ""

    i = start
    value = 0
    if start and at(i) in ("linh", "lẻ") and at(i + 1) in _DIGIT_VALUE:
        # Spoken `một nghìn lẻ năm` (what num2words writes) for 1 005: accepted, not written.
        return _DIGIT_VALUE[at(i + 1)], i + 2
    if at(i) in _DIGIT_VALUE and at(i + 1) == "trăm":
        value, i = _DIGIT_VALUE[at(i)] * 100, i + 2
        if at(i) in ("linh", "lẻ"):
            if at(i + 1) not in _DIGIT_VALUE or at(i + 1) == DIGITS[0]:
                raise _bad(text, f"sau «{at(i)}» cần một chữ số từ một đến chín")
            return value + _DIGIT_VALUE[at(i + 1)], i + 2
    word = at(i)
    if word == "mười":
        unit = _AFTER_MUOI.get(at(i + 1))
        return (value + 10 + unit, i + 2) if unit is not None else (value + 10, i + 1)
    if word in _DIGIT_VALUE and at(i + 1) == "mươi" and _DIGIT_VALUE[word] >= 2:
        unit = _AFTER_MUOI_T.get(at(i + 2))
        tens = value + 10 * _DIGIT_VALUE[word]
        return (tens + unit, i + 3) if unit is not None else (tens, i + 2)
    if i > start:  # hundreds read; what follows must be a group word or the end
        if word and word not in _GROUP_WORDS:
            raise _bad(
                text, f"không hiểu «{word}» sau «trăm» (viết «linh {word}» hay «{word} mươi»?)"
            )
        return value, i
    if word in _DIGIT_VALUE:
        return _DIGIT_VALUE[word], i + 1
    raise _bad(text, f"không hiểu từ «{word}»")


def _bad(text: str, why: str) -> InputError:
    return InputError(f"số bằng chữ «{text.strip()}»: {why}", hint=_HINT)
