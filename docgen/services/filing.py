"""Filing: a document's files into the archive under the record rules (ND30 Điều 19;
docs/records/filing.md).

The original (signed PDF, plus the DOCX source when there is one) goes to the records office's
folder, each unit holding a copy gets the PDF in its file of the year, and one metadata file
(ND30 PL6 Phần II) goes beside the original. Files are staged, the catalogue row is queued in the
same unit of work as the register row, and the files are placed after COMMIT (`archive.staging`),
so a crash leaves either everything or nothing. `file_pdf` files a PDF signed or issued elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import catalogue, layout
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.metadata import Extras, encode, metadata
from docgen.archive.register import RegisterStore
from docgen.archive.staging import Manifest, Staging, sha256
from docgen.archive.unit_of_work import UnitOfWork
from docgen.errors import ArchiveError, InputError
from docgen.model.agency import Agency
from docgen.pdf.intake import PdfFacts, inspect_pdf
from docgen.services.ocr import Scan, for_filing

#: signature verdicts recorded in the catalogue and the metadata, re-checked by `archive check`
UNSIGNED, INTACT, BROKEN = "khong-ky", "nguyen-ven", "hong"


@dataclass(frozen=True)
class Filing:
    """A document ready to file: its row (files not yet set), metadata extras, file contents."""

    row: CatalogueRow
    extras: Extras
    contents: dict[str, bytes]  #: name -> bytes, into the records office's folder; the row's
    #: `stem` names the metadata file and its `unit_copies` what each holder unit gets


def signature_verdict(path: Path) -> str:
    """`khong-ky` without signatures, `nguyen-ven` when every one is intact and valid, else `hong`.

    Trust is not judged here (the archive keeps no trust list); `docgen verify --trust` does it.
    """
    from docgen.pdf.verify import signatures_intact

    intact = signatures_intact(path)
    if intact is None:
        return UNSIGNED
    return INTACT if intact else BROKEN


def stage(archive: Path, uow: UnitOfWork, filing: Filing) -> tuple[Staging, CatalogueRow]:
    """Stage the files and the metadata file and queue the catalogue row in `uow`.

    Returns the staging folder (its `files` include the metadata file) and the final row.
    """
    uow.lock()  # filing order (`seq`) is taken under the chain head's lock: no two alike
    seq = int(uow.read(catalogue.NEXT_SEQ)[0])
    staging = Staging(archive)
    try:
        for name in sorted(filing.contents):
            staging.add(name, filing.contents[name])
        row = replace(filing.row, files=dict(staging.files), seq=seq)
        units = row.holders[1:]
        copies = {u: f"{layout.unit_folder(u, row.year)}/{row.copy_name}" for u in units}
        meta = encode(metadata(row, replace(filing.extras, copies=copies)))
        staging.add(f"{row.stem}.json", meta)
        row = replace(row, metadata_sha=sha256(meta))
        uow.queue(catalogue.insert_statements(uow.db.backend.name, row))
    except BaseException:
        staging.discard()
        raise
    return staging, row


def seal(staging: Staging, row: CatalogueRow, *, stream: str = "", number: int = 0) -> Manifest:
    """Write the staging manifest: the records office folder, the row's `unit_copies` copied to
    each holder unit's file of the year, and the row's id when no register number stands for it."""
    copies = {layout.unit_folder(u, row.year): list(row.unit_copies) for u in row.holders[1:]}
    return staging.seal(
        year=row.year,
        stream=stream,
        number=number,
        target=row.folder,
        copies=copies,
        doc_id="" if stream else row.doc_id,
    )


_NUMBER_LINE = re.compile(r"Số:\s*(\d+)\s*/\s*([^\s/]+)")
_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def identity_from_text(text: str) -> tuple[int, str, dt.date] | None:
    """(number, symbol, date) read from a docgen-made PDF's text (`Số: 05/BQL-KHTH`, `…, ngày 05
    tháng 3 năm 2024`), or None when either line is missing."""
    number = _NUMBER_LINE.search(text)
    date = _DATE_LINE.search(text)
    if number is None or date is None:
        return None
    day, month, year = (int(g) for g in date.groups())
    try:
        return int(number.group(1)), number.group(2).strip(), dt.date(year, month, day)
    except ValueError:
        return None


def file_pdf(
    pdf: Path,
    *,
    archive: Path,
    store: RegisterStore,
    agency: Agency,
    number: int | None = None,
    symbol: str | None = None,
    date: dt.date | None = None,
    subject: str = "",
    type_name: str = "",
    signer: str = "",
    organ: str = "",
    holders: tuple[str, ...] = (),
    secrecy: str = "",
    urgency: str = "",
    scan: Scan | None = None,
) -> CatalogueRow:
    """File `pdf` (signed or issued elsewhere) byte-identical under the records office; an
    unsigned scan with its OCR text layer instead, a signed one with its OCR copy beside it
    (`scan`, or `services.ocr` now; `ocr.for_filing`).

    Number, symbol and date come from the arguments, else from the text of a docgen-made PDF.
    Raises InputError for a refused PDF or a missing/unsafe identity, ArchiveError when the same
    number and symbol of that year is already filed.
    """
    from docgen.services.issue import recover_staging

    facts: PdfFacts = inspect_pdf(pdf)
    if number is None or symbol is None or date is None:
        found = identity_from_text(facts.text)
        if found is None:
            raise InputError(
                "không đọc được số, ký hiệu và ngày từ tệp PDF",
                source=str(pdf),
                hint="ghi rõ --number, --symbol và --date (ví dụ --number 5 --symbol BQL-KHTH "
                "--date 05/03/2024).",
            )
        number = found[0] if number is None else number
        symbol = found[1] if symbol is None else symbol
        date = found[2] if date is None else date
    symbol = layout.check_symbol(symbol)
    units = tuple(layout.check_unit(u, field="--holder") for u in holders)
    recover_staging(archive, store)
    data = pdf.read_bytes()
    filed = for_filing(
        pdf, data, signed=facts.signed, text=facts.text, archive=archive, store=store, scan=scan
    )
    stem = layout.stem(number, symbol)
    doc_id = f"luu/{date.year}/{stem}"
    verdict = signature_verdict(pdf)
    with store.unit_of_work() as uow:
        # The chain lock first: the duplicate check and the ordinal (a count) must see every
        # filing committed before ours; on PostgreSQL two clerks otherwise got the same ordinal.
        uow.lock()
        if catalogue.get(uow.db, doc_id) is not None:
            raise ArchiveError(
                f"văn bản số {number:02d}/{symbol} năm {date.year} đã được lưu trước đây",
                source=str(pdf),
                hint="tìm bằng `docgen search` trước khi lưu lại.",
            )
        count = uow.read(
            "SELECT count(*) FROM documents WHERE agency = ? AND direction = 'luu' AND year = ?",
            (store.agency, date.year),
        )
        row = CatalogueRow(
            doc_id=doc_id,
            agency=store.agency,
            direction="luu",
            year=date.year,
            number=number,
            symbol=symbol,
            doc_date=date,
            kind="",
            type_name=type_name,
            subject=subject,
            signer=signer,
            organ=organ or agency.name,
            recipients=(),
            holders=("VT", *units),
            urgency=urgency,
            secrecy=secrecy,
            folder=layout.filed_folder(date.year),
            metadata_sha="",
            signature=verdict,
            body=filed.body,
        )
        extras = Extras(
            organ_id=agency.code,
            ordinal=int(count[0]) + 1,
            page_amount=facts.pages,
            signer_name=signer,
            ocr=filed.note(stem),
        )
        contents = {f"{stem}.pdf": filed.base}
        contents |= {f"{stem}{end}": content for end, content in filed.files.items()}
        filing = Filing(row, extras, contents)
        staging, row = stage(archive, uow, filing)
        try:
            manifest = seal(staging, row)
            uow.commit()
        except BaseException as error:
            staging.abandon(error)
            raise
    staging.place(manifest)
    return row
