"""Closing a file (kết thúc hồ sơ, ND30 Điều 29.4; docs/records/hoso.md): its documents get
their order (DocOrdinal), the file its start and end dates and page count, and its cover (bìa hồ
sơ) and contents list (mục lục văn bản, with the closing note) are written as DOCX and PDF under
`ho-so/<year>/<UNIT>/<mã hồ sơ>/`. The forms are written first, the register after; if the
register refuses, the forms written are removed, so a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.archive import records as rs
from docgen.archive.catalogue import CatalogueRow
from docgen.archive.records_forms import Header, Line, contents_docx, cover_docx
from docgen.archive.register import RegisterStore
from docgen.archive.staging import sha256
from docgen.errors import ArchiveError, InputError
from docgen.files import write_atomic
from docgen.model.agency import Agency
from docgen.model.records import FileStatus, HoSo
from docgen.services.records import FileView, closed_refusal, get_file, view

#: converts DOCX files into PDFs in `out_dir` (same stems), in order; LibreOffice by default
FormsConverter = Callable[[Sequence[Path], Path], list[Path]]
COVER = "bia-ho-so"
CONTENTS = "muc-luc-van-ban"


def header_of(agency: Agency, unit: str) -> Header:
    found = agency.unit(unit)
    return Header(agency.parent, agency.name, found.name if found else unit, agency.place)


def title_of(row: CatalogueRow) -> str:
    """Tên loại và trích yếu: `Công văn V/v …`, `Kế hoạch Triển khai …`."""
    subject = row.subject.strip()
    if row.kind == "cong-van" and not subject.lower().startswith("v/v"):
        subject = f"V/v {subject}"
    return f"{row.type_name} {subject}".strip()


def lines_of(file_view: FileView) -> list[Line]:
    return [
        Line(
            ordinal=e.ordinal,
            notation=e.row.notation if e.row else e.item.doc_id,
            date=e.row.doc_date if e.row else None,
            title=title_of(e.row) if e.row else "",
            author=e.row.organ if e.row else "",
            pages=e.pages,
        )
        for e in file_view.entries
    ]


def convert_forms(pdfa: bool) -> FormsConverter:
    def convert(docx: Sequence[Path], out_dir: Path) -> list[Path]:
        from docgen.render.convert import convert_many

        return convert_many(list(docx), out_dir, pdfa=pdfa)

    return convert


def render_forms(docx: dict[str, bytes], convert: FormsConverter) -> dict[str, bytes]:
    """`docx` (stem -> DOCX bytes) and their PDFs, as file name -> bytes, converted at once."""
    with tempfile.TemporaryDirectory(prefix="docgen-hoso-") as scratch:
        work = Path(scratch)
        paths = []
        for stem, data in docx.items():
            path = work / f"{stem}.docx"
            path.write_bytes(data)
            paths.append(path)
        pdfs = convert(paths, work / "pdf")
        out = {f"{stem}.docx": data for stem, data in docx.items()}
        out.update({pdf.name: pdf.read_bytes() for pdf in pdfs})
    return out


@dataclass(frozen=True)
class Closed:
    hoso: HoSo
    view: FileView
    forms: dict[str, Path]  #: file name -> where it was written


def close(
    store: RegisterStore,
    archive: Path,
    agency: Agency,
    notation: str,
    *,
    end: dt.date,
    note: str = "",
    convert: FormsConverter | None = None,
) -> Closed:
    """Close the file `notation` on `end` (the day the work ended). Refused (nothing changed)
    when the file is not open, holds no document, or `end` is in the future or before its
    latest document."""
    hoso = get_file(store, notation)
    if hoso.closed:
        raise closed_refusal(hoso, "nào nữa (đã kết thúc)")
    file_view = view(store, hoso.notation)
    if not file_view.entries:
        raise ArchiveError(
            f"hồ sơ {hoso.notation} chưa có văn bản nào (bản gốc); không kết thúc được",
            hint="đưa văn bản vào bằng `docgen hoso assign SỐ MÃ`; hồ sơ không phát sinh văn bản "
            "thì để mở, không nộp lưu.",
        )
    today = store.today()
    dates = [e.row.doc_date for e in file_view.entries if e.row and e.row.doc_date]
    arrivals = [e.row.arrival_date for e in file_view.entries if e.row and e.row.arrival_date]
    latest = max([*dates, *arrivals], default=None)
    if end > today or (latest is not None and end < latest):
        after = f" và không trước ngày của văn bản cuối ({latest:%d/%m/%Y})" if latest else ""
        raise InputError(
            f"ngày kết thúc {end:%d/%m/%Y} không hợp lệ",
            field="--ngay",
            hint=f"ghi ngày công việc kết thúc, không sau hôm nay ({today:%d/%m/%Y}){after}.",
        )
    closed = replace(
        hoso,
        status=FileStatus.CLOSED,
        start_date=min(dates, default=None),
        end_date=end,
        pages=file_view.pages,
        documents=len(file_view.entries),
        note=note.strip(),
    )
    header = header_of(agency, hoso.unit)
    docx = {
        COVER: cover_docx(header, closed),
        CONTENTS: contents_docx(header, closed, lines_of(file_view)),
    }
    forms = render_forms(docx, convert or convert_forms(agency.style.pdfa))
    folder = archive / hoso.folder
    written: list[Path] = []
    try:
        for name, data in sorted(forms.items()):
            write_atomic(folder / name, data)
            written.append(folder / name)
        closed = replace(closed, forms={n: sha256(d) for n, d in forms.items()})
        db = store.db
        with db.transaction():
            current = rs.file(db, store.agency, hoso.notation, lock=True)
            if current is None or current.closed:
                raise closed_refusal(current or hoso, "nào nữa (vừa kết thúc)")
            held = {i.doc_id for i in rs.items(db, store.agency, hoso.notation)}
            if held != {e.item.doc_id for e in (*file_view.entries, *file_view.references)}:
                raise ArchiveError(
                    f"hồ sơ {hoso.notation} vừa có thêm văn bản trong lúc kết thúc",
                    hint="chạy lại lệnh kết thúc hồ sơ.",
                )
            for entry in file_view.entries:
                rs.set_ordinal(db, store.agency, hoso.notation, entry.item.doc_id, entry.ordinal)
            rs.update_file(db, store.agency, closed)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Closed(closed, view(store, hoso.notation), {p.name: p for p in written})
