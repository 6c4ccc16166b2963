"""Search folding: the one way text is normalised before it is indexed or searched.

NFC first (a file typed with decomposed marks reads the same), then every diacritic dropped and
`đ`/`Đ` turned into `d` by hand (U+0111 has no Unicode decomposition, so SQLite's
`remove_diacritics` and PostgreSQL's `unaccent` miss it: environment notes, trap 9), lower case,
and every run of non-alphanumeric characters one space. The same function folds the stored text and
the clerk's query, so both databases compare like with like.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """`"Xét chọn ĐẦU TƯ"` → `"xet chon dau tu"`: lower case ASCII words separated by one space."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).translate(_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", bare).strip()


def number_key(number: int, symbol: str) -> str:
    """`(5, "bql-khth")` → `"5/BQL-KHTH"`: the number without leading zeros, the symbol folded
    to upper-case ASCII, so `05/BQL-KHTH`, `5/BQL-KHTH` and `5/bql-khth` meet."""
    return f"{number}/{fold_symbol(symbol)}"


def fold_symbol(symbol: str) -> str:
    """A symbol (or a fragment of one) as compared: upper-case ASCII, `Đ` as `D`, no spaces."""
    return "-".join(fold(part).upper().replace(" ", "") for part in symbol.split("-"))
