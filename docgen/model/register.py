"""The register (sổ đăng ký): number streams, register rows and the annotations linking them.

One counter per (agency, year, stream) (ND30 Điều 15; docs/records/register.md). The default
administrative stream is shared by every administrative type including công văn; an agency may
give a type its own stream; secret documents, copies (bản sao), incoming documents (đến) and each
advisory body (Hội đồng, Ban, Tổ) issuing in its own name always have their own. The outgoing
register has the ten columns of Phụ lục IV mẫu I; docgen keeps status, type, stream, year and
file digests beside them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from docgen.model.document import Secrecy
from docgen.model.exchange import ExchangeLeg
from docgen.model.kinds import Kind
from docgen.model.processing import Handling

#: Stream keys. A key is a short ASCII identifier; the counter is per (agency, year, key).
HANH_CHINH = "hanh_chinh"  #: administrative documents, công văn included (the default)
MAT = "mat"  #: secret documents (MẬT / TỐI MẬT / TUYỆT MẬT), ND30 Điều 15.2
BAN_SAO = "ban_sao"  #: every kind of copy (sao y, trích sao, sao lục), PL1-P2 II.1.c
DEN = "den"  #: incoming documents (số đến), ND30 Điều 22.2
ADVISORY_PREFIX = "tu_van:"  #: + the advisory body's key, e.g. `tu_van:hdtd`
SECRET_SUFFIX = ":mat"  #: a secret stream of an advisory body: `tu_van:hdtd:mat`


#: `[register] copies` of the profile: where column (7) Số lượng bản of the outgoing register
#: comes from (docs/records/register.md). Paper copies are made one per Nơi nhận item (ND30 Điều
#: 17.1.a), so "noi-nhan" counts them when ô 12 gives no count of copies issued …
COPIES_NOI_NHAN = "noi-nhan"
#: … and "phat-hanh" prints ô 12's count only, leaving the column blank without it
COPIES_PHAT_HANH = "phat-hanh"


def is_secret_stream(stream: str) -> bool:
    """True for a stream that only secret documents may use (`mat`, `…:mat`)."""
    return stream == MAT or stream.endswith(SECRET_SUFFIX)


def format_number(number: int) -> str:
    """The number as printed: two digits at least (`05`, `12`, `1600`), ND30 PL1 II.3.a."""
    return f"{number:02d}"


@dataclass(frozen=True)
class NumberingPolicy:
    """Which stream a document takes its number from: the agency's choice within the decree.

    `own_streams` maps a type to its own stream key (for example `{Kind.QUYET_DINH: "qd"}`);
    every other administrative type shares `hanh_chinh`. `advisory_bodies` are the keys of the
    advisory bodies that issue in their own name.
    """

    own_streams: Mapping[Kind, str] = field(default_factory=dict)
    advisory_bodies: frozenset[str] = frozenset()

    def stream_for(
        self,
        kind: Kind,
        *,
        secrecy: Secrecy | None = None,
        advisory_body: str | None = None,
    ) -> str:
        """The stream key for an outgoing document.

        A secret document always goes to a secret stream (the advisory body's own when it issues
        in its own name). Raises KeyError when `advisory_body` is not one of `advisory_bodies`.
        """
        if advisory_body is not None:
            if advisory_body not in self.advisory_bodies:
                raise KeyError(advisory_body)
            base = ADVISORY_PREFIX + advisory_body
            return base + SECRET_SUFFIX if secrecy is not None else base
        if secrecy is not None:
            return MAT
        return self.own_streams.get(kind, HANH_CHINH)


class EntryStatus(enum.Enum):
    """Where a number is in its life: held for a draft, issued, or cancelled (never reused)."""

    RESERVED = "reserved"
    ISSUED = "issued"
    CANCELLED = "cancelled"


class AnnotationKind(enum.Enum):
    """ND30 Điều 18: a later document corrects, recalls or replaces an issued one."""

    DINH_CHINH = "dinh_chinh"  #: correction of format/technique/procedure errors (a công văn)
    THU_HOI = "thu_hoi"  #: recall
    THAY_THE = "thay_the"  #: replacement for content errors

    @property
    def label(self) -> str:
        """The Vietnamese word printed in the Ghi chú column."""
        return {"dinh_chinh": "Đính chính", "thu_hoi": "Thu hồi", "thay_the": "Thay thế"}[
            self.value
        ]


@dataclass(frozen=True, order=True)
class EntryKey:
    """Identifies one number: (year, stream, number) within the register's agency."""

    year: int
    stream: str
    number: int


def catalogue_id(key: EntryKey) -> str:
    """The catalogue id of the register row `key`'s document: `den/2024/12` (số đến 12),
    `di/2024/hanh_chinh/5` (number 5 of the stream)."""
    if key.stream == DEN:
        return f"den/{key.year}/{key.number}"
    return f"di/{key.year}/{key.stream}/{key.number}"


def key_of(doc_id: str) -> EntryKey | None:
    """The register row of a catalogue id (`catalogue_id`'s inverse); None for a document filed
    without a number or an id of no such shape."""
    parts = doc_id.split("/")
    if parts[0] == DEN and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return EntryKey(int(parts[1]), DEN, int(parts[2]))
    if parts[0] == "di" and len(parts) == 4 and parts[1].isdigit() and parts[3].isdigit():
        return EntryKey(int(parts[1]), parts[2], int(parts[3]))
    return None


@dataclass(frozen=True)
class Annotation:
    """`target` was corrected/recalled/replaced (`kind`), by the document `by` when there is one."""

    kind: AnnotationKind
    target: EntryKey
    by: EntryKey | None = None
    note: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the register with the ten columns of Phụ lục IV mẫu I and docgen's own fields.

    Columns: (1) `number`/`symbol`, (2) `date`, (3) `kind` + `subject`, (4) `signer`,
    (5) `recipients`, (6) `holders` (đơn vị, người nhận bản lưu), (7) `copies`, (8) `dispatched`
    (ngày chuyển), (9) `receipt` (ký nhận), (10) `note` (ghi chú). `files` maps a file name to its
    SHA-256 (hex). `source` is the SHA-256 of the draft the entry was issued from, when known, so
    one draft cannot be issued twice. `cancel_reason` is set for a cancelled number; `annotations`
    are the Điều 18 links that concern this entry; `exchange` its counterparts in the electronic
    exchange (liên thông: the receivers it was sent to, or the sender it came from).
    """

    year: int
    stream: str
    number: int
    symbol: str
    status: EntryStatus = EntryStatus.ISSUED
    date: dt.date | None = None
    kind: Kind | None = None
    subject: str = ""
    signer: str = ""
    recipients: tuple[str, ...] = ()
    holders: tuple[str, ...] = ()
    copies: int | None = None
    dispatched: dt.date | None = None
    receipt: str = ""
    note: str = ""
    secrecy: Secrecy | None = None
    files: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    cancel_reason: str = ""
    annotations: tuple[Annotation, ...] = ()
    exchange: tuple[ExchangeLeg, ...] = ()
    #: an incoming row's handling (Điều 23–24: assigned, given to a person, done), when any
    handling: Handling | None = None

    @property
    def key(self) -> EntryKey:
        return EntryKey(self.year, self.stream, self.number)

    @property
    def number_symbol(self) -> str:
        """Column (1): `05/BQL-KHTH`."""
        return f"{format_number(self.number)}/{self.symbol}"

    @property
    def type_and_subject(self) -> str:
        """Column (3): the type name then the trích yếu (`Công văn V/v …` for a công văn)."""
        if self.kind is None:
            return self.subject
        if self.kind is Kind.CONG_VAN:
            return f"{self.kind.info.name} V/v {self.subject}".strip()
        return f"{self.kind.info.name} {self.subject}".strip()

    def printed_copies(self, source: str = COPIES_NOI_NHAN) -> int | None:
        """Column (7) Số lượng bản: ô 12's count of copies issued (`copies`) when the document
        gives one; else, with `source` COPIES_NOI_NHAN, one copy per Nơi nhận item (ND30 Điều
        17.1.a): each Kính gửi recipient and further Nơi nhận item (`recipients`, `Như trên`
        not counted twice) and each holder on the Lưu line (`holders`, VT included).

        None (a blank cell) for a number not issued, with COPIES_PHAT_HANH and no count, or
        with nothing to count. An item naming many bodies (`Các Sở, ngành`) counts as one.
        """
        if self.copies is not None:
            return self.copies
        if source != COPIES_NOI_NHAN or self.status is not EntryStatus.ISSUED:
            return None
        return (len(self.recipients) + len(self.holders)) or None

    @property
    def delivery(self) -> str:
        """Column (9) Ký nhận as printed: who signed for the document, then, for an outgoing
        document sent by exchange, each receiver with the last status it reported (`đã đến`,
        `đã tiếp nhận`, `đang xử lý`, `hoàn thành`)."""
        parts = [self.receipt] if self.receipt else []
        if self.stream != DEN:
            parts += [leg.line() for leg in self.exchange]
        return "; ".join(parts)

    def _other(self, key: EntryKey) -> str:
        """`03 (hanh_chinh)`; `03 năm 2025 (hanh_chinh)` when `key` is of another year."""
        year = f" năm {key.year}" if key.year != self.year else ""
        return f"{format_number(key.number)}{year} ({key.stream})"

    @property
    def remarks(self) -> str:
        """Column (10): the clerk's note, then why the number is empty or what changed it."""
        parts = [self.note] if self.note else []
        if self.status is EntryStatus.RESERVED:
            parts.append("Giữ số")
        if self.status is EntryStatus.CANCELLED:
            parts.append(f"Hủy số: {self.cancel_reason}")
        for link in self.annotations:
            text = link.kind.label
            if link.by is not None and link.target == self.key:
                text += f" bởi số {self._other(link.by)}"
            elif link.by is not None:
                text += f" số {self._other(link.target)}"
            if link.note:
                text += f": {link.note}"
            parts.append(text)
        if self.handling is not None:
            parts += self.handling.remarks()
        return "; ".join(parts)
