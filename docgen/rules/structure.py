"""The structure of ô 6 (PL1 II.6; docs/format/body.md): căn cứ lines, the issuing-authority and
`QUYẾT ĐỊNH:` lines, Phần/Chương/Mục headings, Điều/khoản/điểm numbering, and the type-specific lines
(giấy mời time and place, giấy giới thiệu validity, biên bản opening lines).

Every function returns model paragraphs with their `Role`; the template gives each role its style.
"""

from __future__ import annotations

import datetime as dt

from docgen.model.document import IssueDate, Paragraph, Role, Run, Signature
from docgen.model.kinds import Kind
from docgen.rules.dates import format_day, format_month
from docgen.rules.numbering import BLANK_NUMBER, format_number
from docgen.rules.text import strip_end_punctuation, upper

#: điểm letters: the Vietnamese alphabet without ă â ê ô ơ ư and f j w z (docs/format/body.md)
LETTERS = "abcdđeghiklmnopqrstuvxy"
#: the verb line under the căn cứ (PL3 Mẫu 1.1–1.3)
VERBS = {Kind.QUYET_DINH: "QUYẾT ĐỊNH:", Kind.NGHI_QUYET: "QUYẾT NGHỊ:"}
#: heading words, largest first, and whether they are numbered in Roman (Phần, Chương) or Arabic
#: (Mục, Tiểu mục) — PL1 II.6.đ
HEADINGS = {
    "phan": ("Phần", True),
    "chuong": ("Chương", True),
    "muc": ("Mục", False),
    "tieu_muc": ("Tiểu mục", False),
}
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """`4` → `IV`; numbers start at 1."""
    if n < 1:
        raise ValueError(f"Roman numerals start at 1, got {n}")
    out = []
    for value, mark in _ROMAN:
        count, n = divmod(n, value)
        out.append(mark * count)
    return "".join(out)


def letter(n: int) -> str:
    """The n-th điểm letter (1 → `a`, 5 → `đ`); past `y` the letters double (`aa`)."""
    if n < 1:
        raise ValueError(f"điểm letters start at 1, got {n}")
    q, r = divmod(n - 1, len(LETTERS))
    return LETTERS[r] * (q + 1)


def plain(text: str, role: Role = Role.TEXT) -> Paragraph:
    return Paragraph((Run(text),), role)


def can_cu(items: list[str]) -> list[Paragraph]:
    """One italic line per legal basis, each ending `;`, the last `.` (PL1 II.6.a)."""
    cleaned = [strip_end_punctuation(item) for item in items]
    return [
        Paragraph((Run(f"{t}{';' if i < len(cleaned) - 1 else '.'}", italic=True),), Role.CAN_CU)
        for i, t in enumerate(cleaned)
    ]


def authority_office(signature: Signature) -> str:
    """The head's office the document issues under: the office a KT./TL./Q. signer acts for, else
    the signer's own position (`Trưởng ban`)."""
    if signature.authorities:
        return signature.authorities[0].office
    return signature.position


def authority_line(text: str) -> Paragraph:
    """`TRƯỞNG BAN BAN QUẢN LÝ …` (PL3 Mẫu 1.2: THẨM QUYỀN BAN HÀNH, CAPS bold centred)."""
    return plain(upper(" ".join(text.split())), Role.AUTHORITY)


def verb(kind: Kind) -> Paragraph | None:
    """`QUYẾT ĐỊNH:` / `QUYẾT NGHỊ:` for the types that have one, else None."""
    text = VERBS.get(kind)
    return plain(text, Role.VERB) if text else None


def heading(key: str, number: int, title: str) -> list[Paragraph]:
    """`Phần I` + `TITLE`, `Chương II` + `TITLE`, `Mục 3` + `TITLE`, `Tiểu mục 1` + `TITLE`."""
    word, is_roman = HEADINGS[key]
    shown = roman(number) if is_roman else str(number)
    return [plain(f"{word} {shown}", Role.HEADING), plain(upper(title), Role.HEADING_TITLE)]


def dieu(number: int, title: str, first: tuple[Run, ...] = ()) -> Paragraph:
    """`Điều 1. Title` all bold; without a title, `Điều 1.` bold followed by `first` (its text)."""
    if title:
        return Paragraph(
            (Run(f"Điều {number}. {strip_end_punctuation(title)}", bold=True),), Role.DIEU
        )
    return Paragraph((Run(f"Điều {number}.", bold=True), Run(" "), *first), Role.DIEU)


def numbered(mark: str, runs: tuple[Run, ...]) -> Paragraph:
    """A khoản (`1.`) or điểm (`a)`) paragraph: the mark, a space, the text."""
    return Paragraph((Run(f"{mark} "), *runs))


def labelled(label: str, value: str) -> Paragraph:
    """`Thời gian: 08 giờ 00, …` — the label in bold, as Mẫu 1.7 and 1.9 set them out."""
    return Paragraph((Run(f"{label}: ", bold=True), Run(value)))


def date_words(date: dt.date) -> str:
    """`ngày 05 tháng 3 năm 2024` (the ô 4 rules for leading zeros)."""
    return f"ngày {format_day(date.day)} tháng {format_month(date.month)} năm {date.year}"


def validity(until: dt.date) -> Paragraph:
    """The giấy giới thiệu validity line (PL3 Mẫu 1.8)."""
    return plain(f"Giấy này có giá trị đến hết {date_words(until)}.")


def reference_line(
    kind: Kind, number: int | None, symbol: str, date: IssueDate, issuer: str
) -> str:
    """`(Kèm theo Quyết định số 12/QĐ-BQL ngày 05 tháng 3 năm 2024 của …)` (PL1 III.1.c); a draft
    keeps the blanks the records office fills in."""
    shown = BLANK_NUMBER if number is None else format_number(number)
    day = "      " if date.day is None else format_day(date.day)
    month = "      " if date.month is None else format_month(date.month)
    return (
        f"(Kèm theo {kind.info.name} số {shown}/{symbol} ngày {day} tháng {month} "
        f"năm {date.year} của {issuer})"
    )


def sentence_case_agency(name: str, place: str) -> str:
    """`BAN QUẢN LÝ … HÀ NỘI` → `Ban Quản lý … Hà Nội`: as running text writes an agency name
    (the place name keeps its capitals; `Quản lý` after `Ban` as PL2 writes it)."""
    text = name.lower()
    text = text[:1].upper() + text[1:]
    if text.startswith("Ban quản lý"):
        text = "Ban Quản lý" + text[len("Ban quản lý") :]
    if place and text.endswith(place.lower()):
        text = text[: -len(place)] + place
    return text
