"""A year of an agency's documents for the records-management tests (issue 18): 300 outgoing and
500 incoming documents across the 4 units of the example profile, filed through the filing
service's own steps (`services.filing.stage` / `seal`, the register's unit of work, the catalogue
row and metadata file of `services.issue.numbered_filing`) with small generated PDFs, so no
LibreOffice runs and the whole year files in seconds; a few outgoing PDFs carry a real (test
PKI) digital signature.

Each document is written for one file of the plan: its trích yếu holds words of that file's
title and its type is the title's (a `Kế hoạch` for a plan file), the way a clerk's documents
resemble the file they go in; `Doc.target` says which. The plan is the example units' rows built
from the shipped Thông tư 10/2022 table, with its retention periods, written as the XLSX an
administrator edits (`inputs.plan.template_xlsx`).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
from pypdf import PdfWriter

from docgen.archive.catalogue import CatalogueRow
from docgen.archive.layout import incoming_folder
from docgen.archive.metadata import Extras
from docgen.archive.register import RegisterStore
from docgen.archive.unit_of_work import UnitOfWork
from docgen.inputs.plan import PLAN_SHEET, template_xlsx
from docgen.model.agency import Agency
from docgen.model.document import Signature
from docgen.model.kinds import Kind
from docgen.model.records import PlanRow
from docgen.model.register import DEN, HANH_CHINH, RegisterEntry
from docgen.rules.records import rule
from docgen.services.filing import INTACT, UNSIGNED, Filing, seal, stage
from docgen.services.issue import numbered_filing

YEAR = 2025
UNITS = ("KHTH", "VP", "QLDN", "QHXD")
OUTGOING, INCOMING = 300, 500
#: (unit, table row) of each file of the plan; codes are numbered through the list
PLAN_ROWS: tuple[tuple[str, str], ...] = (
    ("KHTH", "1.04"),  # kế hoạch, báo cáo năm: Vĩnh viễn
    ("KHTH", "1.06"),  # kế hoạch, báo cáo quý, tháng: 05 năm
    ("KHTH", "2.04"),  # công văn quy hoạch, kế hoạch, thống kê: 10 năm
    ("KHTH", "2.03"),  # báo cáo thống kê 6 tháng, quý: 05 năm
    ("VP", "1.02"),  # hội nghị tổng kết: Vĩnh viễn
    ("VP", "10.02"),  # thi đua, khen thưởng: 20 năm
    ("VP", "12.06"),  # công văn hành chính, quản trị: 05 năm
    ("VP", "5.05"),  # công văn tài chính, kế toán: 10 năm
    ("QLDN", "4.03"),  # công văn lao động, tiền lương: 10 năm
    ("QLDN", "9.02"),  # khiếu nại, tố cáo: 15 năm
    ("QLDN", "11.02"),  # góp ý dự thảo: 10 năm
    ("QHXD", "6.03"),  # công văn xây dựng cơ bản: 10 năm
    ("QHXD", "6.02"),  # sửa chữa, cải tạo trụ sở: 20 năm
    ("QHXD", "2.01"),  # quy hoạch dài hạn: Vĩnh viễn
)
#: type name of the documents written for a file, by the first word of its title
_TYPES = {
    "kế hoạch": ("Kế hoạch", "ke-hoach", Kind.KE_HOACH),
    "báo cáo": ("Báo cáo", "bao-cao", Kind.BAO_CAO),
}
SENDERS = ("Sở Công Thương", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "UBND Thành phố Hà Nội")
PLACES = ("tại Khu công nghiệp Thăng Long", "tại Khu công nghiệp Nội Bài", "của các doanh nghiệp")
SIGNATURE = Signature((), "Trưởng ban", "Lê Quang Long")


def plan_rows() -> list[PlanRow]:
    rows = []
    for index, (unit, code) in enumerate(PLAN_ROWS, 1):
        entry = rule(code)
        assert entry is not None, code
        rows.append(
            PlanRow(
                code=f"{index:02d}", title=entry.title, retention=entry.retention, unit=unit,
                heading=f"{entry.group}. {entry.group_title}", basis=entry.code,
            )
        )  # fmt: skip
    return rows


def write_plan(path: Path, agency: Agency) -> Path:
    path.write_bytes(template_xlsx(plan_rows(), agency, YEAR))
    return path


def edit_plan(path: Path, cell: str, value: object) -> Path:
    """Change one cell (`D3`) of the plan sheet of the XLSX at `path`, as the administrator would."""
    book = openpyxl.load_workbook(path)
    book[PLAN_SHEET][cell] = value
    book.save(path)
    return path


@dataclass(frozen=True)
class Doc:
    """One document of the year before it is filed: which file it is written for."""

    direction: str  #: di or den
    target: str  #: the plan row's code
    unit: str
    type_name: str
    kind: str
    subject: str
    date: dt.date
    pages: int
    signed: bool = False
    sender: str = ""


def _subject(rng: random.Random, title: str) -> str:
    """A trích yếu sharing most of the title's words, as a clerk's would."""
    words = title.replace(",", "").split()
    keep = [w for w in words if rng.random() < 0.85 or w[0].isupper()]
    return f"{' '.join(keep)} {rng.choice(PLACES)}"


def documents(seed: int = 18) -> list[Doc]:
    """The year's 800 documents in date order (the register takes them in that order)."""
    rng = random.Random(seed)
    rows = plan_rows()
    docs: list[Doc] = []
    for direction, count in (("di", OUTGOING), ("den", INCOMING)):
        for index in range(count):
            row = rows[index % len(rows)]
            first = " ".join(row.title.split()[:2]).lower().rstrip(",")
            type_name, kind, _ = _TYPES.get(first, ("Công văn", "cong-van", Kind.CONG_VAN))
            day = dt.date(YEAR, 1, 2) + dt.timedelta(days=index * 360 // count)
            docs.append(
                Doc(
                    direction, row.code, row.unit, type_name, kind, _subject(rng, row.title),
                    day, pages=1 + index % 3, signed=direction == "di" and index % 60 == 0,
                    sender=SENDERS[index % len(SENDERS)] if direction == "den" else "",
                )
            )  # fmt: skip
    return docs


def pdf_bytes(doc: Doc, index: int) -> bytes:
    writer = PdfWriter()
    for _ in range(doc.pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Subject": f"{index} {doc.subject}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Signer:
    """Signs PDFs with a test PKI made once (pyHanko, as `docgen sign` does)."""

    def __init__(self, folder: Path, agency: Agency) -> None:
        from docgen.pdf.devpki import make_dev_pki
        from docgen.pdf.sign import Pkcs12Signer

        pki = make_dev_pki(folder, agency=agency.name, password="ho-so")
        self.signer = Pkcs12Signer(pki.agency_p12, "ho-so")
        self.folder = folder

    def sign(self, data: bytes, index: int) -> bytes:
        from docgen.pdf.sign import sign_file

        source = self.folder / f"in-{index}.pdf"
        target = self.folder / f"out-{index}.pdf"
        source.write_bytes(data)
        sign_file(source, target, self.signer)
        return target.read_bytes()


def _record(root: Path, uow: UnitOfWork, filing: Filing, entry: RegisterEntry) -> CatalogueRow:
    """Stage `filing`, record `entry` with its files and commit `uow`, then place the files
    (the filing service's order: nothing is in place before the register has the row)."""
    staging, row = stage(root, uow, filing)
    manifest = seal(staging, row, stream=entry.stream, number=entry.number)
    uow.record_issue(replace(entry, files=dict(staging.files)))
    uow.commit()
    staging.place(manifest)
    return row


def file_document(
    store: RegisterStore,
    root: Path,
    agency: Agency,
    doc: Doc,
    pdf: bytes,
    number: int,
    verdict: str = UNSIGNED,
) -> CatalogueRow:
    """File `doc` as the outgoing document it is (`verdict` its signature's) or as a received
    one (`number` the sender's number)."""
    if doc.direction == "di":
        return file_outgoing(store, root, agency, doc, pdf, verdict)
    return file_incoming(store, root, agency, doc, pdf, number)


def file_outgoing(
    store: RegisterStore, root: Path, agency: Agency, doc: Doc, pdf: bytes, verdict: str
) -> CatalogueRow:
    """Number, register and file one outgoing document, as the issue service's last step does."""
    symbol = f"{agency.abbreviation}-{doc.unit}"
    with store.unit_of_work() as uow:
        number = uow.allocate(HANH_CHINH, doc.date.year)
        entry = RegisterEntry(
            year=doc.date.year, stream=HANH_CHINH, number=number, symbol=symbol, date=doc.date,
            kind=_TYPES.get(doc.type_name.lower(), ("", "", Kind.CONG_VAN))[2],
            subject=doc.subject, signer=f"TRƯỞNG BAN, {SIGNATURE.name}",
            recipients=(SENDERS[number % len(SENDERS)],), holders=("VT", doc.unit),
        )  # fmt: skip
        stem = f"{number:02d}-{symbol}"
        filing = numbered_filing(
            entry, agency, f"docx {stem}".encode(), pdf, stem, verdict, kind=doc.kind,
            type_name=doc.type_name, subject=doc.subject, signature=SIGNATURE,
            holders=("VT", doc.unit), body=doc.subject,
        )  # fmt: skip
        return _record(root, uow, filing, entry)


def file_incoming(
    store: RegisterStore, root: Path, agency: Agency, doc: Doc, pdf: bytes, number: int
) -> CatalogueRow:
    """Register and file one received document (số đến), as the receive service does, without
    drawing the ĐẾN stamp (its own tests cover it)."""
    symbol = "CV-SCT"
    with store.unit_of_work() as uow:
        arrival = uow.allocate(DEN, doc.date.year)
        stem = f"{arrival:04d}-{number}-{symbol}"
        entry = RegisterEntry(
            year=doc.date.year, stream=DEN, number=arrival, symbol="ĐẾN", date=doc.date,
            subject=doc.subject, signer=doc.sender, recipients=(f"{number}/{symbol}", doc.date.isoformat()),
            holders=(doc.unit,),
        )  # fmt: skip
        row = CatalogueRow(
            doc_id=f"den/{doc.date.year}/{arrival}", agency=store.agency, direction="den",
            year=doc.date.year, number=number, symbol=symbol, doc_date=doc.date, kind="",
            type_name=doc.type_name, subject=doc.subject, signer="", organ=doc.sender,
            recipients=(agency.name,), holders=("VT", doc.unit), urgency="", secrecy="",
            folder=incoming_folder(doc.date.year), metadata_sha="", signature=UNSIGNED,
            body=doc.subject, arrival_number=arrival, arrival_date=doc.date,
        )  # fmt: skip
        extras = Extras(
            organ_id=agency.code, ordinal=arrival, page_amount=doc.pages,
            register={"year": doc.date.year, "stream": DEN, "number": arrival},
        )  # fmt: skip
        contents = {f"{stem}.pdf": pdf, f"{stem}-ban-nhan-goc.pdf": pdf}
        return _record(root, uow, Filing(row, extras, contents), entry)


@dataclass(frozen=True)
class Year:
    docs: tuple[Doc, ...]
    rows: tuple[CatalogueRow, ...]  #: in the order of `docs`

    def target(self, doc_id: str) -> str:
        return next(
            d.target for d, r in zip(self.docs, self.rows, strict=True) if r.doc_id == doc_id
        )


def file_year(store: RegisterStore, root: Path, agency: Agency, work: Path) -> Year:
    """File the year's 800 documents (outgoing first, each stream in date order)."""
    signer: Signer | None = None
    docs = documents()
    rows = []
    for index, doc in enumerate(docs):
        pdf, verdict = pdf_bytes(doc, index), UNSIGNED
        if doc.signed:
            signer = signer or Signer(work / "pki", agency)
            pdf, verdict = signer.sign(pdf, index), INTACT
        rows.append(file_document(store, root, agency, doc, pdf, 100 + index, verdict))
    return Year(tuple(docs), tuple(rows))
