"""Where archived files live under the archive root (documented for people in archive/README.md).

    van-thu/<year>/van-ban-di/<stream>/<NN>-<SYMBOL>.{pdf,docx,json}   originals of issued documents
    van-thu/<year>/van-ban-den/<NNNN>-<NUMBER>-<SYMBOL>.{pdf,json}      received (stamped ĐẾN)
    van-thu/<year>/van-ban-den/<NNNN>-<NUMBER>-<SYMBOL>-ban-nhan-goc.pdf  as received, unstamped
    van-thu/<year>/van-ban-luu/<NN>-<SYMBOL>.{pdf,json}                 filed by hand
    don-vi/<UNIT>/<year>/<file name>.pdf                                 each holding unit's copy

`van-thu` is the records office (VT, ND30 Điều 19.1.a); `don-vi/<UNIT>/<year>` is the unit's file
(hồ sơ) of the year (Điều 19.1.b). Names are built only from checked parts: a symbol or a unit
holding a path separator or `..` is refused before anything is written.
"""

from __future__ import annotations

import re

from docgen.errors import InputError

RECORDS = "van-thu"
UNITS = "don-vi"
OUTGOING = "van-ban-di"
INCOMING = "van-ban-den"
FILED = "van-ban-luu"
#: the records office's file notation (FileNotation, ND30 PL6; docs/records/filing.md) by direction:
#: the series a document is in at the records office (issued, received, filed by hand), not a
#: hồ sơ of a danh mục hồ sơ (`01.TCCB`), which the ĐẾN stamp leaves blank to write in
FILE_NOTATION = {"di": "VT.DI", "den": "VT.DEN", "luu": "VT.LUU"}
#: top-level names the archive owns; anything else under these is an extra file
OWNED = (RECORDS, UNITS)

_SYMBOL = re.compile(r"^[^\W_][\w.&-]*$")
_UNIT = re.compile(r"^[^\W_][\w-]*$")


def check_symbol(symbol: str, *, field: str = "--symbol") -> str:
    """`symbol` when it is safe as part of a file name (letters, digits, `-`, `.`, `&`; no `..`).

    Raises InputError naming `field` otherwise.
    """
    text = symbol.strip()
    if not _SYMBOL.match(text) or ".." in text:
        raise InputError(
            f"ký hiệu `{symbol}` có ký tự không được phép (dấu /, \\, .. hoặc khoảng trắng)",
            field=field,
            hint="ghi ký hiệu như trên văn bản, ví dụ BQL-KHTH hoặc HD-SCT.",
        )
    return text


def check_unit(unit: str, *, field: str = "--to") -> str:
    """An upper-case unit abbreviation safe as a folder name; InputError otherwise."""
    text = unit.strip().upper()
    if not _UNIT.match(text):
        raise InputError(
            f"tên viết tắt đơn vị `{unit}` có ký tự không được phép",
            field=field,
            hint="ghi tên viết tắt đơn vị, ví dụ KHTH.",
        )
    return text


def stem(number: int, symbol: str) -> str:
    """`05-BQL-KHTH`: number and symbol, the slash (not allowed in a file name) as `-`."""
    return f"{number:02d}-{check_symbol(symbol)}"


def outgoing_folder(year: int, stream: str) -> str:
    # A stream key may hold `:` (`tu_van:hdtd`); it is kept readable but not a separator.
    return f"{RECORDS}/{year}/{OUTGOING}/{stream.replace(':', '_')}"


def incoming_folder(year: int) -> str:
    return f"{RECORDS}/{year}/{INCOMING}"


def filed_folder(year: int) -> str:
    return f"{RECORDS}/{year}/{FILED}"


def unit_folder(unit: str, year: int) -> str:
    return f"{UNITS}/{check_unit(unit)}/{year}"
