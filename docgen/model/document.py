"""The document model: what a clerk describes in YAML, independent of Word or PDF."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from docgen.model.kinds import CopyKind, Kind


class Authority(enum.Enum):
    """Signing authority prefixes (ND30 Điều 13, PL1 II.7.b; docs/format/signature.md); the value
    is the literal prefix."""

    TM = "TM."
    Q = "Q."
    KT = "KT."
    TL = "TL."
    TUQ = "TUQ."


class Urgency(enum.Enum):
    """Mức độ khẩn (ô 10b)."""

    KHAN = "KHẨN"
    THUONG_KHAN = "THƯỢNG KHẨN"
    HOA_TOC = "HỎA TỐC"


class Secrecy(enum.Enum):
    """Độ mật (ô 10a); a secret document always has its own number stream."""

    MAT = "MẬT"
    TOI_MAT = "TỐI MẬT"
    TUYET_MAT = "TUYỆT MẬT"


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


class Role(enum.Enum):
    """What a body paragraph is, which decides its style (PL1 II.6; docs/format/body.md)."""

    TEXT = "text"  #: running text, khoản `1.` and điểm `a)` (justified, first-line indent)
    CAN_CU = "can-cu"  #: a legal basis (italic)
    AUTHORITY = "authority"  #: the issuing authority of a quyết định/nghị quyết (CAPS bold centred)
    VERB = "verb"  #: `QUYẾT ĐỊNH:` / `QUYẾT NGHỊ:` (CAPS bold centred)
    HEADING = "heading"  #: `Phần I`, `Chương I`, `Mục 1` (bold centred)
    HEADING_TITLE = "heading-title"  #: the title under a heading (CAPS bold centred)
    DIEU = "dieu"  #: `Điều 1. Title` (bold, first-line indent)


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph (ô 6): justified, first-line indent. Items are paragraphs too."""

    runs: tuple[Run, ...]
    role: Role = Role.TEXT

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class AuthorityLine:
    """One `<prefix> <OFFICE>` line of a signature block, e.g. KT. + TRƯỞNG BAN."""

    authority: Authority
    office: str


@dataclass(frozen=True)
class Signature:
    """Ô 7a/7b: authority lines, the signer's own position (may be empty for Q.), the name."""

    authorities: tuple[AuthorityLine, ...]
    position: str
    name: str
    key: str = ""  #: the signer's key in the agency profile, when the input named one


@dataclass(frozen=True)
class Luu:
    """The `Lưu:` line (ô 9b last line) and ô 12.

    `units` are the drafting units that keep a copy besides VT; `archive_copies` is the number of
    archive copies; `drafter` the drafter's initials and `issued_copies` the number issued (ô 12).
    """

    units: tuple[str, ...]
    archive_copies: int | None = None
    drafter: str | None = None
    issued_copies: int | None = None


@dataclass(frozen=True)
class IssueDate:
    """The ô 4 date. A draft may leave the day (and the month) blank for the records office."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def complete(self) -> bool:
        return self.month is not None and self.day is not None

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @classmethod
    def of(cls, value: dt.date) -> IssueDate:
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True)
class Appendix:
    """A phụ lục (PL1 III.1; docs/format/appendices.md): numbered I, II, … in order, with its own
    pages."""

    title: str
    body: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Document:
    """One official document as the clerk described it.

    `number` is None for a draft (the `Số:` line keeps its blank), as is the day of `date`.
    `recipients` is the Kính gửi list; `noi_nhan` the further Nơi nhận items (without `Như trên`).
    `nhu_tren` puts `Như trên` first in Nơi nhận; a string adds its note in parentheses.
    `body` is the whole ô 6 in order, type-specific lines included (căn cứ, `QUYẾT ĐỊNH:`, Điều,
    giấy mời time and place, …): `rules.structure` builds it from the clerk's fields.
    `second_signature` is the biên bản secretary's (left column); `appendices` follow the main
    text in the same file, each on its own pages, or with `appendices_separate` each in its file.
    `title` is the ô 5a line when it is not the type name: a thư công's `Thư chúc mừng`.
    `show_noi_nhan` False leaves the Nơi nhận block out (a thư công that names none).
    """

    kind: Kind
    unit: str
    subject: str
    date: IssueDate
    body: tuple[Paragraph, ...]
    signature: Signature
    luu: Luu
    recipients: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    nhu_tren: bool | str = False
    number: int | None = None
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    second_signature: Signature | None = None
    appendices: tuple[Appendix, ...] = ()
    appendices_separate: bool = False  #: each appendix in a file of its own
    title: str = ""
    show_noi_nhan: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Copy:
    """A paper copy of an issued document (PL1-P2 II; docs/format/copies.md): the block under a
    full-width rule on the
    copy's last page. `number` comes from the agency's copy stream (None in a draft); Nơi nhận is
    `noi_nhan` then `- Lưu: VT.` (Mẫu 3.1), or `- Lưu: VT, VP.` with the `luu` units, which keep
    a copy in their files besides VT.

    `electronic`: an electronic copy (PL1-P2 I.3): the copied pages with the ô 14 line
    (copy form, copying agency, signing time) top right of page 1 and the agency's digital
    signature instead of the paper block; it still takes its number from the copy stream.
    """

    kind: CopyKind
    date: IssueDate
    signature: Signature
    number: int | None = None
    noi_nhan: tuple[str, ...] = ()
    luu: tuple[str, ...] = ()
    electronic: bool = False

    @property
    def is_draft(self) -> bool:
        return self.number is None
