"""Receive an incoming document (văn bản đến; ND30 Điều 20–22, PL4 V; docs/records/register.md).

The PDF is checked (`pdf.intake`), takes the next số đến from the `den` stream, gets the ĐẾN box
on page 1 (an incremental update when it is signed, so the sender's signature stays valid), and
is filed: as stamped (`<stem>.pdf`) and exactly as received (`<stem>-ban-nhan-goc.pdf`, before
the stamp) under the records office, the stamped copy to the unit it is forwarded to. The stamp's
"Số và ký hiệu HS" is left blank to write in: no hồ sơ is assigned on receipt. The register row (Phụ lục IV mẫu VI columns), the catalogue row and the files come
together in one unit of work. A second registration of the same sender, number and date is
refused (PL6 III.1.h) before a number is taken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import catalogue, layout
from docgen.archive import processing as processing_table
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.fold import number_key
from docgen.archive.metadata import Extras
from docgen.archive.register import RegisterStore
from docgen.archive.unit_of_work import UnitOfWork
from docgen.errors import InputError, RegisterError
from docgen.model.agency import Agency
from docgen.model.register import DEN, EntryKey, RegisterEntry, catalogue_id
from docgen.pdf.den import DenStamp, stamp_den
from docgen.pdf.intake import inspect_pdf
from docgen.services.filing import Filing, seal, signature_verdict, stage
from docgen.services.ocr import Scan, for_filing

#: the symbol of incoming rows in the register: số đến have no symbol of their own
INCOMING_SYMBOL = "ĐẾN"
#: the name ending of the file kept exactly as received, before the ĐẾN stamp ("bản nhận gốc").
#: Archives made before it was named so hold `<stem>-nhan.pdf` (AS_RECEIVED_OLD); both are read
#: alike, since every check and backup takes the file names a document's own rows record.
AS_RECEIVED = "-ban-nhan-goc.pdf"
AS_RECEIVED_OLD = "-nhan.pdf"
_NOTATION = re.compile(r"^\s*(\d{1,9})\s*/\s*(\S+)\s*$")


@dataclass(frozen=True)
class Received:
    row: CatalogueRow
    entry: RegisterEntry
    stamped: Path
    #: the file exactly as received (bản nhận gốc), before the stamp, beside `stamped`
    as_received: Path
    #: the further files of `Addition.files`, by name, where they were placed
    added: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Addition:
    """What a document received as an edXML package adds to its receipt
    (`docgen.services.exchange_receive`): further files filed with it under the records office
    (`files`: the end of each name after the stem, and its bytes), the signer and the deadline
    the package gives, and two steps inside the unit of work: `check`, under the lock before a
    number is taken (the duplicate check by the sender's code), and `record`, after the row is
    recorded and before COMMIT (the exchange's events; it gets the row and the files' stem)."""

    files: Sequence[tuple[str, bytes]] = ()
    signer_name: str = ""
    signer_position: str = ""
    due_date: dt.date | None = None
    check: Callable[[UnitOfWork], None] | None = None
    record: Callable[[UnitOfWork, RegisterEntry, str], None] | None = None


def parse_notation(text: str, *, field: str = "--number") -> tuple[int, str]:
    """`1744/HD-SCT` → (1744, "HD-SCT"); InputError for anything else or an unsafe symbol."""
    match = _NOTATION.match(text)
    if match is None:
        raise InputError(
            f"số và ký hiệu `{text}` không đúng dạng",
            field=field,
            hint="ghi như trên văn bản, ví dụ 1744/HD-SCT.",
        )
    return int(match.group(1)), layout.check_symbol(match.group(2), field=field)


def preview_stamp(pdf: Path, agency: Agency, *, today: dt.date, to: str = "") -> bytes:
    """The incoming `pdf` with the ĐẾN stamp where `receive` will put it, the số đến left blank
    (it is taken when the document is registered): what the clerk checks before registering."""
    facts = inspect_pdf(pdf)
    stamp = DenStamp(agency.name, 0, today, layout.check_unit(to) if to else "")
    return stamp_den(pdf.read_bytes(), stamp, signed=facts.signed)


def receive(
    pdf: Path,
    *,
    archive: Path,
    store: RegisterStore,
    agency: Agency,
    sender: str,
    notation: str,
    date: dt.date,
    to: str = "",
    subject: str = "",
    type_name: str = "",
    instructions: str = "",
    urgency: str = "",
    addition: Addition | None = None,
    scan: Scan | None = None,
) -> Received:
    """Register, stamp and file the incoming `pdf`; returns its catalogue row and register row.

    `addition`: what a document received as a package adds (its further files, signer,
    deadline, and the exchange's steps inside the same unit of work). A scanned PDF is OCR'd
    (`scan`, or `services.ocr` now) before any number is taken (`ocr.for_filing`)."""
    more = addition or Addition()
    from docgen.services.issue import recover_staging

    number, symbol = parse_notation(notation)
    unit = layout.check_unit(to) if to else ""
    if not sender.strip():
        raise InputError(
            "chưa ghi cơ quan gửi", field="--from", hint="ví dụ --from 'Sở Công Thương'."
        )
    facts = inspect_pdf(pdf)
    data = pdf.read_bytes()
    verdict = signature_verdict(pdf)
    today = store.today()
    if date > today:
        raise InputError(
            f"ngày văn bản {date:%d/%m/%Y} sau ngày nhận {today:%d/%m/%Y}",
            field="--date",
            hint="kiểm tra ngày ghi trên văn bản.",
        )
    filed = for_filing(
        pdf, data, signed=facts.signed, text=facts.text, archive=archive, store=store, scan=scan
    )
    recover_staging(archive, store)
    with store.unit_of_work() as uow:
        # The chain lock first, so the duplicate check sees a registration committed while we
        # waited: on PostgreSQL two clerks receiving the same document at once otherwise both
        # passed it, and the second got the catalogue index's "số trùng" instead of this message.
        uow.lock()
        if more.check is not None:
            more.check(uow)
        duplicate = catalogue.incoming_duplicate(
            uow.db, store.agency, sender.strip(), number_key(number, symbol), date
        )
        if duplicate is not None:
            raise RegisterError(
                f"văn bản {number}/{symbol} ngày {date:%d/%m/%Y} của {sender.strip()} đã được "
                f"vào sổ văn bản đến ({duplicate})",
                source=str(pdf),
                hint="không vào sổ lần hai; tìm bản đã nhận bằng `docgen search`.",
            )
        arrival = uow.allocate(DEN, today.year)
        # "Số và ký hiệu HS" stays blank: VT.DEN (the metadata's FileNotation) names the records
        # office's incoming series, not a hồ sơ (`01.TCCB`), which records management assigns.
        stamp = DenStamp(agency.name, arrival, today, unit)
        stamped = stamp_den(filed.base, stamp, signed=facts.signed)
        stem = f"{arrival:04d}-{number}-{symbol}"
        entry = RegisterEntry(
            year=today.year,
            stream=DEN,
            number=arrival,
            symbol=INCOMING_SYMBOL,
            date=today,
            subject=subject,
            signer=sender.strip(),
            recipients=(f"{number}/{symbol}", date.isoformat()),
            holders=(unit,) if unit else (),
            note=instructions,
        )
        row = CatalogueRow(
            doc_id=catalogue_id(EntryKey(today.year, DEN, arrival)),
            agency=store.agency,
            direction="den",
            year=today.year,
            number=number,
            symbol=symbol,
            doc_date=date,
            kind="",
            type_name=type_name,
            subject=subject,
            signer="",
            organ=sender.strip(),
            recipients=(agency.name,),
            holders=("VT", unit) if unit else ("VT",),
            urgency=urgency,
            secrecy="",
            folder=layout.incoming_folder(today.year),
            metadata_sha="",
            signature=verdict,
            body=filed.body,
            arrival_number=arrival,
            arrival_date=today,
        )
        extras = Extras(
            organ_id=agency.code,
            ordinal=arrival,
            page_amount=facts.pages,
            instructions=instructions,
            register={"year": today.year, "stream": DEN, "number": arrival},
            signer_name=more.signer_name,
            signer_position=more.signer_position,
            due_date=more.due_date,
            ocr=filed.note(stem),
        )
        contents = {f"{stem}.pdf": stamped, f"{stem}{AS_RECEIVED}": data}
        contents |= {f"{stem}{end}": content for end, content in filed.files.items()}
        added = [f"{stem}{end}" for end, _ in more.files]
        contents |= {f"{stem}{end}": content for end, content in more.files}
        staging, row = stage(archive, uow, Filing(row, extras, contents))
        try:
            entry = replace(entry, files=dict(staging.files))
            manifest = seal(staging, row, stream=DEN, number=arrival)
            recorded = uow.record_issue(entry)
            # its follow-up row (Điều 23–24): waiting to be presented
            now = store.now().isoformat(timespec="microseconds")
            uow.queue(processing_table.write_statements(store.agency, recorded, now))
            if more.record is not None:
                more.record(uow, recorded, stem)
            uow.commit()
        except BaseException as error:
            staging.abandon(error)
            raise
    placed = {path.name: path for path in staging.place(manifest)}
    return Received(
        row,
        recorded,
        placed[f"{stem}.pdf"],
        placed[f"{stem}{AS_RECEIVED}"],
        tuple(placed[name] for name in added),
    )
