"""Sending and receiving between agencies (liên thông văn bản): the edXML package and its status
messages as plain data (QCVN 102:2016/BTTTT; docs/exchange/edxml.md).

A package carries one document: a header that describes it (who sends it to whom, its number,
date, type, trích yếu, signer, deadline, urgency, …) and its files, the signed PDF first. A status
message answers a package: the receiver says it arrived, was refused, accepted, assigned, is being
handled or is done. How these are written as XML is `docgen.edxml`'s business, not the model's.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

#: the shape of an agency identifier (mã định danh, `000.00.00.H26`: QCVN 102:2016 under
#: TT 10/2016/TT-BTTTT, UNCONFIRMED), as the profile's `code` is checked
AGENCY_CODE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$")


class ExchangeStatus(enum.Enum):
    """The receiver's steps, as status codes of a status message (UNCONFIRMED codes: observed in
    implementations of the national platform, docs/exchange/edxml.md)."""

    DA_DEN = "01"  #: arrived (sent automatically on receipt)
    TU_CHOI = "02"  #: refused (a malformed or unsigned package; sent automatically)
    DA_TIEP_NHAN = "03"  #: accepted into the incoming register
    DA_PHAN_CONG = "04"  #: assigned to a unit or a person
    DANG_XU_LY = "05"  #: being handled
    HOAN_THANH = "06"  #: done

    @property
    def label(self) -> str:
        """The Vietnamese words a clerk reads in the register (`đã tiếp nhận`)."""
        return _LABELS[self]

    @property
    def slug(self) -> str:
        """The value of `--trang-thai` (`da-tiep-nhan`)."""
        return self.name.lower().replace("_", "-")

    @property
    def final(self) -> bool:
        """True when no later step follows (done, or refused)."""
        return self in (ExchangeStatus.HOAN_THANH, ExchangeStatus.TU_CHOI)

    @classmethod
    def from_code(cls, code: str) -> ExchangeStatus:
        """The status of `code` (`"06"`); raises ValueError for an unknown code."""
        return cls(code.strip())

    @classmethod
    def from_slug(cls, slug: str) -> ExchangeStatus:
        """The status of `slug` (`"hoan-thanh"`); raises KeyError for an unknown one."""
        return cls[slug.strip().upper().replace("-", "_")]


_LABELS = {
    ExchangeStatus.DA_DEN: "đã đến",
    ExchangeStatus.TU_CHOI: "từ chối tiếp nhận",
    ExchangeStatus.DA_TIEP_NHAN: "đã tiếp nhận",
    ExchangeStatus.DA_PHAN_CONG: "đã phân công",
    ExchangeStatus.DANG_XU_LY: "đang xử lý",
    ExchangeStatus.HOAN_THANH: "hoàn thành",
}

#: the statuses a clerk reports by hand (`docgen exchange status`): arrival and refusal are
#: reported by docgen itself when a package is received
REPORTABLE = (
    ExchangeStatus.DA_TIEP_NHAN,
    ExchangeStatus.DA_PHAN_CONG,
    ExchangeStatus.DANG_XU_LY,
    ExchangeStatus.HOAN_THANH,
)

#: Priority (độ khẩn) of the header: 0 thường, then the urgency levels of ô 10b (the same scale
#: as the metadata's Priority, ND30 PL6; the exchange's own values are UNCONFIRMED)
PRIORITY = {"": 0, "KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3}
URGENCY = {value: key for key, value in PRIORITY.items()}


@dataclass(frozen=True)
class Organ:
    """An agency taking part in the exchange: its identifier (mã định danh, `000.00.00.H26`) and
    its name."""

    code: str
    name: str = ""


@dataclass(frozen=True)
class DocumentRef:
    """Which document a status message (or a reply) answers: the issuing agency's code, the
    number and symbol (`05/BQL-KHTH`), the date of issue, the package's document identifier."""

    organ_id: str
    notation: str
    date: dt.date
    document_id: str


@dataclass(frozen=True)
class Trace:
    """One hop of the package: the agency that handled it and when (Vietnamese time)."""

    organ_id: str
    at: dt.datetime


@dataclass(frozen=True)
class Header:
    """What the package says about its document (every field travels unchanged)."""

    document_id: str
    sender: Organ
    receivers: tuple[Organ, ...]
    number: int
    symbol: str
    place: str
    date: dt.date
    type_name: str
    subject: str
    signer_name: str
    signer_position: str
    competence: str = ""  #: the authority of the signature (KT., TM., …); "" signing directly
    due_date: dt.date | None = None  #: hạn trả lời / hạn giải quyết
    urgency: str = ""  #: "", KHẨN, THƯỢNG KHẨN, HỎA TỐC (ô 10b)
    steering: int = 0  #: SteeringType (0: an ordinary document; UNCONFIRMED code list)
    type_code: int = 0  #: DocumentType/Type (the national code list is UNCONFIRMED: 0)
    responds_to: tuple[DocumentRef, ...] = ()  #: the documents this one answers
    pages: int = 0  #: PageAmount
    copies: int = 0  #: PromulgationAmount (số bản phát hành; 0 when not given)
    to_places: tuple[str, ...] = ()  #: the Nơi nhận of the document, as printed
    appendices: tuple[str, ...] = ()  #: the names of its phụ lục
    traces: tuple[Trace, ...] = ()

    @property
    def notation(self) -> str:
        """`05/BQL-KHTH`."""
        return f"{self.number:02d}/{self.symbol}"

    @property
    def reference(self) -> DocumentRef:
        """How a status message or a reply names this document."""
        return DocumentRef(self.sender.code, self.notation, self.date, self.document_id)


@dataclass(frozen=True)
class Attachment:
    """One file of the package; the first of a package is the signed document itself."""

    name: str
    content_type: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Package:
    """One document sent from one agency to others."""

    header: Header
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class StatusMessage:
    """The receiver's answer about a document it was sent."""

    responds_to: DocumentRef
    sender: Organ
    status: ExchangeStatus
    at: dt.datetime
    description: str = ""
    department: str = ""
    staff: str = ""


def document_id(organ_id: str, date: dt.date, notation: str) -> str:
    """The identifier of a package's document: `000.00.00.H26,2024/05/10,05/BQL-KHTH` (the
    sender's code, the date of issue and the number and symbol; the shape OBSERVED in the
    national platform's examples, UNCONFIRMED). Two packages of one document share it."""
    return f"{organ_id},{date:%Y/%m/%d},{notation}"


@dataclass(frozen=True)
class ExchangeLeg:
    """One counterpart of a register row in the exchange.

    On an outgoing row: a receiver the document was sent to (`sent`), and the last status it
    reported. On an incoming row: the sender it came from, and the last status reported back.
    """

    organ: Organ
    sent: dt.date | None = None
    status: ExchangeStatus | None = None
    status_at: dt.datetime | None = None

    def line(self) -> str:
        """`000.00.00.H01 (Sở Kế hoạch và Đầu tư): hoàn thành 20/05/2024` for the register."""
        who = f"{self.organ.code} ({self.organ.name})" if self.organ.name else self.organ.code
        if self.status is None:
            state = f"đã gửi {self.sent:%d/%m/%Y}" if self.sent else "đã gửi"
        else:
            state = self.status.label
            if self.status_at is not None:
                state += f" {self.status_at:%d/%m/%Y}"
        return f"{who}: {state}"


@dataclass(frozen=True)
class ExchangeOptions:
    """`[exchange]` of the profile: where packages are handed to (outbox) and taken from (inbox)
    the exchange connector; "" puts them under the archive root (`lien-thong/gui`,
    `lien-thong/nhan`). Paths are absolute (the loader resolves them against the profile's
    folder). `max_package_mb` caps a package received (and each of its files); `trust_roots`
    the certificates a received document's signature is checked against."""

    outbox: str = ""
    inbox: str = ""
    max_package_mb: float = 20.0
    trust_roots: tuple[str, ...] = ()
