"""Reading an incoming document's page 1 (OCR text) into the fields a văn thư registers.

`read_page_one(text)` proposes the sender (tác giả), the number and symbol, the date, the type
name and the trích yếu of an ND30 document from the text of its first page, for the clerk to
confirm; every field it cannot find is left empty (None), never guessed. The heuristics follow
the ND30 layout (docs/records/ocr.md has them and their measured accuracy):

- Tesseract reads the two header columns line by line, so the Quốc hiệu and Tiêu ngữ share lines
  with the agency's name; they are cut out of every header line.
- Matching is done on a bare copy of the text (no diacritics, `đ`→`d`, lower case) of the same
  length, so "Sô", "nắm" and "Ngảy" misread by OCR still match, while the values are cut from the
  original text.
- Number and symbol: the first `Số: N/KÝ-HIỆU` of the page with a capital S and a colon (or at
  the start of a line); `Số 38/2020/QĐ-UBND` cited in the body has neither.
- Date: the first `ngày D tháng M năm YYYY` before the title, else the first on the page.
- Sender: the header lines above `Số:`; with two names (the parent organ on the first line),
  the name that starts with an organ word (Ban, Sở, Cục, Phòng, …) or follows a parent
  (UBND, Bộ, …).
- Type and trích yếu: a line that is a type name in capitals (QUYẾT ĐỊNH), then the lines after
  it; for a công văn the lines from `V/v` until `Kính gửi`. "V/v" and "Về việc" are left out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from docgen.model.kinds import Kind

#: lines of the header (above the number) looked at for the sender
_HEAD_LINES = 12
_D = {"Ð": "Đ", "ð": "đ", "–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'"}
_QUOC_HIEU = re.compile(r"c\s*o\s*n\s*g\s*h\s*o\s*a\s*x\s*a\s*h\s*o\s*i\s*c\s*h\s*u\s*"
                        r"n\s*g\s*h\s*i\s*a\s*v\s*i\s*e\s*t\s*n\s*a\s*m")  # fmt: skip
_TIEU_NGU = re.compile(r"d\s*o\s*c\s*l\s*a\s*p\W*t\s*u\s*d\s*o\W*h\s*a\s*n\s*h\s*p\s*h\s*u\s*c")
_NUMBER = re.compile(
    r"(?<![a-z])so\s*[:;.,]?\s*([0-9oil]{1,7})\s*/\s*"
    r"([a-z0-9](?:[a-z0-9.]|\s*-\s*)*[a-z0-9])"
)
_DATE = re.compile(
    r"ngay\s*([0-9oil]{1,2})\s*[,.]?\s*thang\s*([0-9oil]{1,2})\s*[,.]?\s*nam\s*([0-9oil]{4})"
)
_SYMBOL_CHAR = re.compile(r"[0-9A-Za-zĐđ.\-]")
_DIGITS = str.maketrans("oOilI", "00111")
_VV = re.compile(r"^\s*(v\s*/\s*v|ve\s+viec)\b[\s:.,]*")
_STOP = re.compile(r"^\s*(kinh\s*gui|can\s*cu|thuc\s*hien|theo\s+de\s+nghi|noi\s*nhan)\b")
#: first words of the issuing organ's name, under a parent organ (bare, lower case)
_ORGAN_WORDS = (
    "ban", "so", "cuc", "chi cuc", "vu", "phong", "van phong", "trung tam", "truong", "vien",
    "ubnd", "uy ban", "thanh tra", "kho bac", "cong an", "bo chi huy", "hoi dong", "benh vien",
    "cong ty", "tong cuc", "chi nhanh", "doi", "tram", "hoc vien", "dai hoc",
)  # fmt: skip
#: first words of a parent organ (cơ quan chủ quản) on the header's first line
_PARENT_WORDS = (
    "ubnd", "uy ban nhan dan", "bo", "tong cuc", "hdnd", "hoi dong nhan dan", "tinh uy",
    "thanh uy", "dang uy", "tap doan", "tong cong ty", "dai hoc", "chinh phu", "so",
)  # fmt: skip


@dataclass(frozen=True)
class Prefill:
    """What page 1 says, as read; "" or None where nothing was found."""

    sender: str = ""
    number: int | None = None
    symbol: str = ""
    date: dt.date | None = None
    type_name: str = ""
    subject: str = ""

    @property
    def notation(self) -> str:
        """`08/BQL-KHTH` (as `docgen receive --number` takes it), "" without number and symbol."""
        if self.number is None or not self.symbol:
            return ""
        return f"{self.number:02d}/{self.symbol}"

    @property
    def empty(self) -> bool:
        return self == Prefill()


def bare(text: str) -> str:
    """`text` without diacritics, `đ` as `d`, lower case, one character for each of `text`'s
    (so a match in it cuts the same span out of `text`). `text` must be NFC."""
    return "".join(_bare_char(c) for c in text)


def _bare_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    lower = base.lower()
    return lower if len(lower) == 1 else char


def normalise(text: str) -> str:
    """NFC, Icelandic Ð (OCR's Đ) as Đ, dashes as `-`, no carriage returns."""
    text = unicodedata.normalize("NFC", text).replace("\r", "")
    return "".join(_D.get(c, c) for c in text)


def _kind_titles() -> dict[str, Kind]:
    """Bare title line → kind: `quyet dinh` → Kind.QUYET_DINH (công văn and thư công have none)."""
    return {
        bare(normalise(k.info.name)): k for k in Kind if k not in (Kind.CONG_VAN, Kind.THU_CONG)
    }


_BY_TITLE = _kind_titles()


def read_page_one(text: str, *, not_after: dt.date | None = None) -> Prefill:
    """The fields read from the OCR text of an incoming document's page 1 (module docstring).

    `not_after`: a date later than this (the day of receipt) is a misreading and is dropped."""
    lines = [line.strip() for line in normalise(text).split("\n")]
    bares = [bare(line) for line in lines]
    number_at, number, symbol = _number(lines, bares)
    title_at, type_name = _title(bares)
    date = _date(bares, before=title_at if title_at is not None else len(lines))
    if date is not None and not_after is not None and date > not_after:
        date = None
    head = lines[:number_at] if number_at is not None else lines[:_HEAD_LINES]
    sender = _sender(head)
    subject = ""
    if title_at is not None:
        subject = _subject(lines, bares, title_at + 1)
    else:
        found = _vv(lines, bares, (number_at or 0))
        if found:
            type_name, subject = Kind.CONG_VAN.info.name, found
    return Prefill(sender, number, symbol, date, type_name, subject)


def _number(lines: list[str], bares: list[str]) -> tuple[int | None, int | None, str]:
    """(line index, number, symbol) of the document's own `Số:`; (None, None, "") without."""
    fallback: tuple[int, int, str] | None = None
    for at, (line, low) in enumerate(zip(lines, bares, strict=True)):
        for match in _NUMBER.finditer(low):
            start = match.start()
            if not line[start : start + 1].isupper():
                continue  # "số 38/2020/QĐ-UBND" cited in running text
            digits = match.group(1).translate(_DIGITS)
            symbol = _symbol(line[match.start(2) : match.end(2)])
            if not digits.isdigit() or not symbol or int(digits) == 0:
                continue
            colon = re.match(r"so\s*[:;.,]", low[start:]) is not None
            if colon or not line[:start].strip() or start == 0:
                return at, int(digits), symbol
            fallback = fallback or (at, int(digits), symbol)
    return fallback if fallback is not None else (None, None, "")


def _symbol(raw: str) -> str:
    """A symbol as printed, cleaned of OCR's spaces around `-`, a doubled Đ and a final dot."""
    symbol = re.sub(r"\s*-\s*", "-", raw)
    symbol = re.sub(r"Đ{2,}", "Đ", symbol)
    cut = next((i for i, c in enumerate(symbol) if not _SYMBOL_CHAR.fullmatch(c)), len(symbol))
    return symbol[:cut].strip(" .-")


def _date(bares: list[str], *, before: int) -> dt.date | None:
    """The first valid `ngày … tháng … năm …` above line `before`, else the first anywhere."""
    for limit in (before, len(bares)):
        for low in bares[:limit]:
            for match in _DATE.finditer(low):
                day, month, year = (int(g.translate(_DIGITS)) for g in match.groups())
                try:
                    found = dt.date(year, month, day)
                except ValueError:
                    continue
                if 1945 <= found.year <= 2100:
                    return found
    return None


def _strip_header_noise(line: str) -> str:
    """A header line without the Quốc hiệu, the Tiêu ngữ, a place-date and underlines."""
    for pattern in (_QUOC_HIEU, _TIEU_NGU):
        low = bare(line)
        match = pattern.search(low)
        if match:
            line = line[: match.start()] + " " + line[match.end() :]
    low = bare(line)
    date = re.search(r"[\w\s]*,?\s*ngay\s*[0-9oil]", low)
    if date:
        line = line[: date.start()]
    kept = [w for w in line.split() if sum(c.isalpha() for c in w) >= 1 or w.isdigit()]
    return " ".join(kept).strip(" -_.,;:")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts(low: str, words: tuple[str, ...]) -> bool:
    return any(low == w or low.startswith(w + " ") for w in words)


def _sender(head: list[str]) -> str:
    """The issuing organ's name from the header lines above the number (module docstring)."""
    names = [s for s in (_strip_header_noise(line) for line in head) if s and _is_caps(s)]
    names = names[:4]
    if len(names) <= 1:
        return names[0] if names else ""
    lows = [bare(n) for n in names]
    for at in range(1, len(names)):
        if _starts(lows[at], _ORGAN_WORDS):
            return " ".join(names[at:])
    if _starts(lows[0], _PARENT_WORDS):
        return " ".join(names[1:])
    return " ".join(names)


def _title(bares: list[str]) -> tuple[int | None, str]:
    """(line index, type name) of the first line that is a type name alone (`QUYẾT ĐỊNH`)."""
    for at, low in enumerate(bares[:40]):
        words = " ".join(re.sub(r"[^a-z ]", " ", low).split())
        kind = _BY_TITLE.get(words)
        if kind is not None and not low.rstrip().endswith(":"):
            return at, kind.info.name
    return None, ""


def _clean_subject(parts: list[str]) -> str:
    text = " ".join(" ".join(parts).split())
    low = bare(text)
    prefix = _VV.match(low)
    if prefix:
        text = text[prefix.end() :]
    return text.strip(" .;:-")


def _subject(lines: list[str], bares: list[str], start: int) -> str:
    """The trích yếu: the lines after the title, to a blank line, a line in capitals (the
    authority line of a quyết định) or the body's first words."""
    parts: list[str] = []
    for line, low in zip(lines[start:], bares[start:], strict=False):
        if not line:
            if parts:
                break
            continue
        if _STOP.match(low) or (_is_caps(line) and parts) or re.fullmatch(r"[-_.\s]+", line):
            break
        parts.append(line)
        if len(parts) >= 5:
            break
    return _clean_subject(parts)


def _vv(lines: list[str], bares: list[str], start: int) -> str:
    """A công văn's trích yếu: from the `V/v` line to `Kính gửi` or a blank line."""
    for at in range(start, min(len(lines), start + 15)):
        match = _VV.match(bares[at])
        if match is None or not match.group(1).startswith("v"):
            continue
        parts = [lines[at]]
        for line, low in zip(lines[at + 1 :], bares[at + 1 :], strict=False):
            if not line or _STOP.match(low) or _DATE.search(low):
                break
            parts.append(line)
            if len(parts) >= 5:
                break
        return _clean_subject(parts)
    return ""
