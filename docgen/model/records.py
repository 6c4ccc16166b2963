"""Records management (ND30 Chương IV, Điều 28–31; docs/records/hoso.md): the file plan (danh mục
hồ sơ), the files (hồ sơ) opened from it, the documents in each file, retention periods.

A plan row has a code (`05`, `01.TCCB`), a title, a retention period and the unit that keeps the
file; the file of a row is named `<year>.<code>.<unit>` (mã hồ sơ, `2025.05.KHTH`). A document is
in at most one file as its original and may be referenced from others. A file is open while
documents are added, closed (kết thúc hồ sơ) with its end date and page count, handed over to the
agency archive (nộp lưu) and, when its retention has run out and an appraisal decided so, its
content is disposed of (tiêu hủy) while its register rows, metadata and the disposal record stay.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Retention:
    """A retention period (thời hạn bảo quản): a whole number of years, or permanent (None).

    The period runs from the year the work ended (the file's end date), so a file closed in 2025
    with 10 years may be appraised for disposal from 2035 on.
    """

    years: int | None  #: None: Vĩnh viễn

    @property
    def permanent(self) -> bool:
        return self.years is None

    @property
    def label(self) -> str:
        """`Vĩnh viễn`, `05 năm`, `20 năm` (two digits, as the decree writes `05 năm`)."""
        return "Vĩnh viễn" if self.years is None else f"{self.years:02d} năm"

    def ends(self, end_year: int) -> int | None:
        """The last year of retention of a file whose work ended in `end_year`; None when
        permanent. A 10-year file of 2025 is kept through 2035."""
        return None if self.years is None else end_year + self.years

    @property
    def transferred(self) -> bool:
        """Files kept 05 years or more go to the agency archive (Điều 31.3.c) and have their
        sheets numbered (Điều 29.4.c)."""
        return self.years is None or self.years >= 5

    def stored(self) -> int:
        """How the register stores it: 0 for permanent, else the years."""
        return 0 if self.years is None else self.years

    @classmethod
    def from_stored(cls, value: int) -> Retention:
        return cls(None if int(value) == 0 else int(value))


PERMANENT = Retention(None)


@dataclass(frozen=True)
class RetentionRule:
    """One row of the shipped table of common records (Thông tư 10/2022/TT-BNV): its group
    (nhóm), its code in the table, the kind of records, the period and the article it cites.
    `confirmed` is False for a row not read in the circular itself (docs/records/retention.md)."""

    group: str  #: `1`
    group_title: str  #: `Tài liệu tổng hợp`
    code: str  #: `1.5`
    title: str
    retention: Retention
    article: str  #: `TT 10/2022/TT-BNV, Phụ lục I, nhóm 1, mục 5`
    confirmed: bool = False
    note: str = ""


@dataclass(frozen=True)
class PlanRow:
    """One file of the danh mục hồ sơ (ND30 PL5 I): heading (đề mục), code (số và ký hiệu),
    title, retention, the unit that keeps it, the person who makes it, the table row it follows
    (`basis`, a RetentionRule code, may be empty) and a note."""

    code: str
    title: str
    retention: Retention
    unit: str
    heading: str = ""
    maker: str = ""
    basis: str = ""
    note: str = ""

    def notation(self, year: int) -> str:
        return file_notation(year, self.code, self.unit)


@dataclass(frozen=True)
class Plan:
    """A version of the file plan of `year`: the rows in the order of the list."""

    year: int
    version: int
    rows: tuple[PlanRow, ...]
    imported_at: str = ""
    source: str = ""

    @property
    def permanent(self) -> int:
        return sum(1 for row in self.rows if row.retention.permanent)

    def footer(self) -> str:
        """The form's closing line (PL5): `Danh mục hồ sơ này có … hồ sơ, bao gồm: …`."""
        return (
            f"Danh mục hồ sơ này có {len(self.rows)} hồ sơ, bao gồm: {self.permanent} hồ sơ "
            f"bảo quản vĩnh viễn; {len(self.rows) - self.permanent} hồ sơ bảo quản có thời hạn."
        )


def file_notation(year: int, code: str, unit: str) -> str:
    """Mã hồ sơ: `2025.05.KHTH` (year, the plan row's code, the unit keeping the file)."""
    return f"{year}.{code}.{unit}"


class FileStatus(enum.Enum):
    """Where a file is in its life."""

    OPEN = "mo"  #: documents are added
    CLOSED = "ket-thuc"  #: kết thúc hồ sơ (Điều 29.4)
    RECEIVED = "nop-luu"  #: received by the agency archive (Điều 30)
    DISPOSED = "tieu-huy"  #: content disposed of after appraisal

    @property
    def label(self) -> str:
        return {
            "mo": "đang mở",
            "ket-thuc": "đã kết thúc",
            "nop-luu": "đã nộp lưu",
            "tieu-huy": "đã tiêu hủy",
        }[self.value]


class Role(enum.Enum):
    """How a document is in a file: its original (one file only) or a reference."""

    ORIGINAL = "goc"
    REFERENCE = "tham-chieu"

    @property
    def label(self) -> str:
        return "bản gốc" if self is Role.ORIGINAL else "tham chiếu"


@dataclass(frozen=True)
class HoSo:
    """A file (hồ sơ) as the register keeps it."""

    notation: str
    year: int
    code: str
    unit: str
    title: str
    retention: Retention
    status: FileStatus = FileStatus.OPEN
    heading: str = ""
    maker: str = ""
    basis: str = ""
    opened_on: dt.date | None = None
    start_date: dt.date | None = None  #: the date of its earliest document, set on closing
    end_date: dt.date | None = None  #: the end of the work (kết thúc), set on closing
    pages: int = 0  #: pages of its original documents, set on closing
    documents: int = 0  #: its original documents, set on closing
    note: str = ""
    forms: dict[str, str] = field(default_factory=dict)  #: cover/contents file -> SHA-256
    folder: str = ""  #: where its forms are, relative to the archive root

    @property
    def closed(self) -> bool:
        return self.status is not FileStatus.OPEN

    def retention_ends(self) -> int | None:
        """The last year of retention; None when permanent or not closed yet."""
        if self.end_date is None:
            return None
        return self.retention.ends(self.end_date.year)


@dataclass(frozen=True)
class Item:
    """A document in a file: its catalogue id, role, pages and position (DocOrdinal, set when
    the file is closed; 0 before)."""

    notation: str
    doc_id: str
    role: Role
    pages: int
    ordinal: int = 0
