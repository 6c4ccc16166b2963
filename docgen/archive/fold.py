"""Search folding: the one way text is normalised before it is indexed or searched.

NFC first (a file typed with decomposed marks reads the same), then every diacritic dropped and
`đ`/`Đ` turned into `d` by hand (U+0111 has no Unicode decomposition, so SQLite's
`remove_diacritics` and PostgreSQL's `unaccent` miss it: environment notes, trap 9), lower case,
and every run of non-alphanumeric characters one space. The same function folds the stored text and
the clerk's query, so both databases compare like with like.

`fold_search()` is what the full-text index holds and what a free-text query is matched with. On
top of `fold()`, numbers are read the Vietnamese way: `.` between thousands is dropped (`5.500
triệu` is the one number 5500, not a 500 to find for `500 triệu`), a decimal comma becomes `p`
(`2,5 tỷ` is `2p5 ty`, one number: neither 2 tỷ nor 5 tỷ), a number loses its leading zeros
(ND30 dates write `ngày 05 tháng 02`, a clerk types `5 tháng 2`; `05/BQL-KHTH` and `5/BQL-KHTH`
meet) and `%` reads as the words `phần trăm` (so `10%` is not any 10).
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_D = {ord("đ"): "d", ord("Đ"): "d"}
_LEADING_ZEROS = re.compile(r"\b0+(?=[0-9])")
_THOUSANDS = re.compile(r"(?<=[0-9])\.(?=[0-9]{3}(?![0-9]))")
_DECIMAL = re.compile(r"(?<=[0-9]),(?=[0-9])")


class _Bare(dict[int, str]):
    """Code point -> the character without its marks, `đ` as `d`, lower case; filled as met.

    Per character this is what decomposing the whole text and dropping every combining mark
    does (a decomposition never reaches across characters, and the marks it would reorder are
    all dropped), but `str.translate` runs it in C: folding is most of the cost of filing a row.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", _D.get(code, chr(code)))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        self[code] = bare
        return bare


_BARE = _Bare()


def fold(text: str) -> str:
    """`"Xét chọn ĐẦU TƯ"` → `"xet chon dau tu"`: lower case ASCII words separated by one space."""
    bare = unicodedata.normalize("NFC", text).translate(_BARE)
    return _NON_WORD.sub(" ", bare).strip()


def fold_search(text: str) -> str:
    """`"Giảm 1,5%, ngày 05/02: 1.200 triệu"` → `"giam 1p5 phan tram ngay 5 2 1200 trieu"`:
    `fold()` with numbers read as above (`0` stays `0`)."""
    numbers = _DECIMAL.sub("p", _THOUSANDS.sub("", text)).replace("%", " phần trăm ")
    return _LEADING_ZEROS.sub("", fold(numbers))


def number_key(number: int, symbol: str) -> str:
    """`(5, "bql-khth")` → `"5/BQL-KHTH"`: the number without leading zeros, the symbol folded
    to upper-case ASCII, so `05/BQL-KHTH`, `5/BQL-KHTH` and `5/bql-khth` meet."""
    return f"{number}/{fold_symbol(symbol)}"


def fold_symbol(symbol: str) -> str:
    """A symbol (or a fragment of one) as compared: upper-case ASCII, `Đ` as `D`, no spaces."""
    return "-".join(fold(part).upper().replace(" ", "") for part in symbol.split("-"))
