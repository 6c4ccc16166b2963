"""Sending between agencies (liên thông): an issued document as an edXML package into the
outbox (docs/exchange/edxml.md); the status messages: `docgen.services.exchange_status`.

The outbox and the inbox are folders the agency's exchange connector (whatever talks to the
national or provincial platform) reads and fills: docgen writes a package as a hidden temporary
file, records the event in the register, and only then gives the file its name, so a connector
never sees a package the register does not know of. Every send and every status is an event of
the register row concerned (`docgen.archive.exchange_fold`), hash-chained with the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.archive import catalogue
from docgen.archive import exchange as stored
from docgen.archive import exchange_fold as ev
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.metadata import decode
from docgen.archive.register import RegisterStore
from docgen.archive.staging import sha256
from docgen.archive.unit_of_work import UnitOfWork
from docgen.edxml.build import build_package
from docgen.edxml.parse import read
from docgen.edxml.safe import Limits
from docgen.errors import ArchiveError, InputError, ProfileError
from docgen.model.agency import Agency
from docgen.model.exchange import (
    Attachment,
    DocumentRef,
    Header,
    Organ,
    Package,
    Trace,
    document_id,
)
from docgen.model.register import DEN, EntryKey, EntryStatus, RegisterEntry, catalogue_id
from docgen.services.exchange_directory import resolve
from docgen.services.filing import INTACT, UNSIGNED, signature_verdict
from docgen.services.incoming import INCOMING_SYMBOL, parse_notation

#: the folders under the archive root when the profile names none
OUTBOX = "lien-thong/gui"
INBOX = "lien-thong/nhan"
#: under the inbox: packages received, and packages refused (with a `.ly-do.txt` beside each)
PROCESSED = "processed"
REFUSED = "refused"


# -- where, and who -------------------------------------------------------------------------


def outbox_of(agency: Agency, archive: Path) -> Path:
    """The folder packages are handed to the connector in."""
    return Path(agency.exchange.outbox) if agency.exchange.outbox else archive / OUTBOX


def inbox_of(agency: Agency, archive: Path) -> Path:
    """The folder the connector puts received packages in."""
    return Path(agency.exchange.inbox) if agency.exchange.inbox else archive / INBOX


def limits_of(agency: Agency) -> Limits:
    return Limits.megabytes(agency.exchange.max_package_mb)


def own_organ(agency: Agency) -> Organ:
    """This agency as the exchange names it; ProfileError without `[agency] code`."""
    if not agency.code:
        raise ProfileError(
            "hồ sơ cơ quan chưa có mã định danh, chưa gửi nhận liên thông được",
            field="agency.code",
            hint='ghi code = "000.00.00.H26" (mã định danh 13 ký tự của cơ quan) ở mục [agency].',
        )
    return Organ(agency.code, agency.name)


def local_now(store: RegisterStore) -> dt.datetime:
    """Now in Vietnamese time, to the second and without an offset (as a package writes it)."""
    return store.now().replace(tzinfo=None, microsecond=0)


# -- the header as the register keeps it ------------------------------------------------------


def _ref_data(ref: DocumentRef) -> dict[str, str]:
    return {
        "organ_id": ref.organ_id,
        "notation": ref.notation,
        "date": ref.date.isoformat(),
        "document_id": ref.document_id,
    }


def _ref_from(data: Any) -> DocumentRef:
    return DocumentRef(
        data["organ_id"], data["notation"], dt.date.fromisoformat(data["date"]), data["document_id"]
    )


def header_data(header: Header) -> dict[str, Any]:
    """`header` as JSON data (the payload of the `exchange_received` event): every field."""
    return {
        "document_id": header.document_id,
        "sender": ev.organ_data(header.sender),
        "receivers": [ev.organ_data(o) for o in header.receivers],
        "number": header.number,
        "symbol": header.symbol,
        "place": header.place,
        "promulgation_date": header.date.isoformat(),
        "type_name": header.type_name,
        "type_code": header.type_code,
        "subject": header.subject,
        "signer_name": header.signer_name,
        "signer_position": header.signer_position,
        "competence": header.competence,
        "due_date": header.due_date.isoformat() if header.due_date else None,
        "urgency": header.urgency,
        "steering": header.steering,
        "responds_to": [_ref_data(r) for r in header.responds_to],
        "pages": header.pages,
        "copies": header.copies,
        "to_places": list(header.to_places),
        "appendices": list(header.appendices),
        "traces": [{"organ_id": t.organ_id, "at": t.at.isoformat()} for t in header.traces],
    }


def header_from(data: Any) -> Header:
    """The header `header_data` gave."""
    due = data.get("due_date")
    return Header(
        document_id=data["document_id"],
        sender=ev.organ_from(data["sender"]),
        receivers=tuple(ev.organ_from(o) for o in data["receivers"]),
        number=int(data["number"]),
        symbol=data["symbol"],
        place=data["place"],
        date=dt.date.fromisoformat(data["promulgation_date"]),
        type_name=data["type_name"],
        type_code=int(data["type_code"]),
        subject=data["subject"],
        signer_name=data["signer_name"],
        signer_position=data["signer_position"],
        competence=data["competence"],
        due_date=dt.date.fromisoformat(due) if due else None,
        urgency=data["urgency"],
        steering=int(data["steering"]),
        responds_to=tuple(_ref_from(r) for r in data["responds_to"]),
        pages=int(data["pages"]),
        copies=int(data["copies"]),
        to_places=tuple(data["to_places"]),
        appendices=tuple(data["appendices"]),
        traces=tuple(
            Trace(t["organ_id"], dt.datetime.fromisoformat(t["at"])) for t in data["traces"]
        ),
    )


# -- handing a file to the connector ----------------------------------------------------------


class Handoff:
    """A package written into a folder as a hidden temporary file before the register's COMMIT,
    renamed to its name after it (`done`), removed if the COMMIT does not happen (`drop`)."""

    def __init__(self, folder: Path, name: str, data: bytes) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.final = folder / name
        if self.final.exists():
            raise ArchiveError(
                f"đã có tệp {self.final}",
                hint="tệp gói tin cũ chưa được chuyển đi: kiểm tra trình kết nối liên thông.",
            )
        self.temp = folder / f".{name}.tmp"
        with open(self.temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def done(self) -> Path:
        os.replace(self.temp, self.final)
        return self.final

    def drop(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.temp.unlink()


def hand_over(uow: UnitOfWork, handoffs: Sequence[Handoff]) -> list[Path]:
    """COMMIT `uow`, then name the packages; on any failure before, remove them."""
    try:
        uow.commit()
    except BaseException:
        for handoff in handoffs:
            handoff.drop()
        raise
    return [handoff.done() for handoff in handoffs]


# -- sending a document -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    entry: RegisterEntry
    package: Path
    header: Header
    files: tuple[str, ...]  #: the names of the files the package carries, the document first


def _issued(store: RegisterStore, notation: str, year: int) -> tuple[RegisterEntry, CatalogueRow]:
    number, symbol = parse_notation(notation, field="SỐ/KÝ HIỆU")
    row = store.db.one(
        "SELECT stream FROM events WHERE agency = ? AND year = ? AND type = 'issue'"
        " AND number = ? AND symbol = ?",
        (store.agency, year, number, symbol),
    )
    entry = store.entry(EntryKey(year, str(row[0]), number)) if row else None
    if entry is None or entry.stream == DEN:
        raise InputError(
            f"không có văn bản số {number:02d}/{symbol} năm {year} trong sổ văn bản đi",
            field="SỐ/KÝ HIỆU",
            hint="xem số đã cấp bằng `docgen register show`; văn bản năm khác: thêm --year.",
        )
    if entry.status is not EntryStatus.ISSUED:
        raise InputError(
            f"số {entry.number_symbol} năm {year} chưa ban hành ({entry.remarks})",
            hint="chỉ gửi liên thông văn bản đã ban hành.",
        )
    if entry.secrecy is not None:
        raise InputError(
            f"văn bản {entry.number_symbol} là văn bản mật ({entry.secrecy.value}), không gửi qua "
            "trục liên thông",
            hint="văn bản mật chuyển theo quy định bảo vệ bí mật nhà nước, không qua mạng.",
        )
    filed = catalogue.get(store.db, catalogue_id(entry.key))
    if filed is None:
        raise ArchiveError(
            f"văn bản {entry.number_symbol} có trong sổ nhưng không có trong kho lưu trữ",
            hint="chạy `docgen archive check` và báo người quản trị.",
        )
    return entry, filed


def _file(archive: Path, row: CatalogueRow, name: str) -> bytes:
    path = archive / row.folder / name
    try:
        data = path.read_bytes()
    except OSError:
        raise ArchiveError(
            f"thiếu tệp {path} của văn bản {row.notation}",
            hint="chạy `docgen archive check`; không gửi bản không còn nguyên.",
        ) from None
    expected = row.metadata_sha if name == f"{row.stem}.json" else row.files.get(name)
    if sha256(data) != expected:
        raise ArchiveError(
            f"tệp {path} đã bị thay đổi sau khi lưu (mã SHA-256 không khớp)",
            hint="chạy `docgen archive check`; không gửi bản không còn nguyên.",
        )
    return data


def _replies(store: RegisterStore, arrivals: Sequence[str]) -> tuple[DocumentRef, ...]:
    refs = []
    for text in arrivals:
        key = arrival_key(store, text)
        received = stored.row_events(store.db, store.agency, key, [ev.RECEIVED])
        if not received:
            raise InputError(
                f"văn bản đến số {key.number:02d} năm {key.year} không nhận qua liên thông",
                field="--tra-loi",
                hint="chỉ ghi văn bản đến đã nhận bằng gói tin edXML.",
            )
        refs.append(header_from(received[0].data["header"]).reference)
    return tuple(refs)


def arrival_key(store: RegisterStore, text: str, year: int | None = None) -> EntryKey:
    """The incoming row `12` or `12/ĐẾN` (of `year`, default this year) names; InputError for
    another form or a number not in the incoming register."""
    number, _, symbol = text.strip().partition("/")
    if not number.isdigit() or int(number) == 0 or symbol.strip() not in ("", INCOMING_SYMBOL):
        raise InputError(
            f"số đến `{text}` không đúng dạng",
            field="SỐ ĐẾN",
            hint=f"ghi số đến như trong sổ văn bản đến, ví dụ 12 hoặc 12/{INCOMING_SYMBOL}.",
        )
    key = EntryKey(year or store.today().year, DEN, int(number))
    if store.entry(key) is None:
        raise InputError(
            f"không có số đến {key.number:02d} năm {key.year} trong sổ văn bản đến",
            field="SỐ ĐẾN",
            hint="xem sổ bằng `docgen register show --den`; năm khác: thêm --year.",
        )
    return key


def _competence(signer: str) -> str:
    """The authority lines of the register's signer column (`KT. TRƯỞNG BAN, PHÓ TRƯỞNG BAN,
    Nguyễn Văn Ngân` → `KT. TRƯỞNG BAN`); "" when the signer signs in their own right."""
    parts = [p.strip() for p in signer.split(",")]
    return ", ".join(parts[:-2]) if len(parts) > 2 else ""


def package_of(
    store: RegisterStore,
    agency: Agency,
    archive: Path,
    entry: RegisterEntry,
    row: CatalogueRow,
    receivers: tuple[Organ, ...],
    *,
    due_date: dt.date | None = None,
    steering: int = 0,
    replies: tuple[DocumentRef, ...] = (),
) -> Package:
    """The package of the issued document `entry` (filed as `row`) for `receivers`."""
    own = own_organ(agency)
    assert entry.date is not None
    meta = decode(_file(archive, row, f"{row.stem}.json"))
    signer = meta.get("SignerInfo", {})
    appendices = sorted(n for n in row.unit_copies if n != row.copy_name)
    attachments = (
        Attachment(row.copy_name, "application/pdf", _file(archive, row, row.copy_name), "Văn bản"),
        *(Attachment(n, "application/pdf", _file(archive, row, n), "Phụ lục") for n in appendices),
    )
    header = Header(
        document_id=document_id(own.code, entry.date, entry.number_symbol),
        sender=own,
        receivers=receivers,
        number=entry.number,
        symbol=entry.symbol,
        place=agency.place,
        date=entry.date,
        type_name=row.type_name,
        subject=entry.subject,
        signer_name=str(signer.get("FullName", "")),
        signer_position=str(signer.get("Position", "")),
        competence=_competence(entry.signer),
        due_date=due_date,
        urgency=row.urgency,
        steering=steering,
        responds_to=replies,
        pages=int(meta.get("PageAmount") or 0),
        copies=entry.printed_copies(agency.register.copies) or 0,
        to_places=entry.recipients,
        appendices=tuple(appendices),
        traces=(Trace(own.code, local_now(store)),),
    )
    return Package(header, attachments)


def send(
    store: RegisterStore,
    agency: Agency,
    archive: Path,
    notation: str,
    to: Sequence[str],
    *,
    year: int | None = None,
    due_date: dt.date | None = None,
    steering: int = 0,
    replies: Sequence[str] = (),
) -> Sent:
    """Write the package of the issued document `notation` (`05/BQL-KHTH`, of `year`) for the
    directory's agencies `to` into the outbox and record the dispatch in the register (column
    (8) ngày chuyển, the receivers and their status in column (9)).

    Refused (InputError/ArchiveError/ProfileError, nothing written) when: this agency has no
    code, a receiver is not in the directory, the document is not issued, secret, unsigned or its
    signature broken, a file changed since it was filed, or the header breaks the schema.
    """
    from docgen.services.issue import recover_staging

    own = own_organ(agency)
    recover_staging(archive, store)
    year = year or store.today().year
    entry, row = _issued(store, notation, year)
    receivers = resolve(store, to)
    if own.code in (r.code for r in receivers):
        raise InputError(
            f"{own.code} là mã của chính cơ quan này", field="--to", hint="bỏ mã đó khỏi --to."
        )
    if due_date is not None and entry.date is not None and due_date < entry.date:
        raise InputError(
            f"hạn trả lời {due_date:%d/%m/%Y} trước ngày văn bản {entry.date:%d/%m/%Y}",
            field="--han-tra-loi",
        )
    # the files first (each still what was filed), then the signature of the document
    package = package_of(
        store, agency, archive, entry, row, receivers,
        due_date=due_date, steering=steering, replies=_replies(store, replies),
    )  # fmt: skip
    verdict = signature_verdict(archive / row.folder / row.copy_name)
    if verdict != INTACT:
        what = "chưa được ký số" if verdict == UNSIGNED else "có chữ ký số không còn nguyên vẹn"
        raise InputError(
            f"văn bản {entry.number_symbol} {what}, nơi nhận sẽ từ chối gói tin",
            hint="chỉ gửi liên thông văn bản đã ký số khi ban hành ([signing] của hồ sơ cơ quan).",
        )
    data = build_package(package)
    if read(data, Limits(len(data), len(data)), "gói tin vừa lập") != package:
        raise ArchiveError(  # what docgen writes it must read back unchanged
            "gói tin edXML vừa lập đọc lại không khớp",
            hint="báo người phát triển (docgen.edxml).",
        )
    header = package.header
    with store.unit_of_work() as uow:
        uow.lock()
        count = len(stored.row_events(store.db, store.agency, entry.key, [ev.SENT]))
        name = f"vb-{entry.year}-{row.stem}-{count + 1:02d}.edxml"
        handoff = Handoff(outbox_of(agency, archive), name, data)
        try:
            payload = {
                "sent": uow.today().isoformat(),
                "at": header.traces[0].at.isoformat(),
                "document_id": header.document_id,
                "package": name,
                "to": [ev.organ_data(o) for o in receivers],
                "files": [a.name for a in package.attachments],
            }
            uow.record_exchange(ev.SENT, entry.key, payload)
        except BaseException:
            handoff.drop()
            raise
        (path,) = hand_over(uow, [handoff])
    sent = store.entry(entry.key)
    assert sent is not None
    return Sent(sent, path, header, tuple(a.name for a in package.attachments))
