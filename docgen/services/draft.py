"""Draft: document YAML + agency profile → DOCX (and PDF), unnumbered unless the input gives a number."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import ConversionError, InputError
from docgen.files import write_atomic
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.model.document import Copy, Document
from docgen.render.context import (
    appendix_contexts,
    build_copy_context,
)
from docgen.render.convert import convert_many, soffice_path
from docgen.render.copy_block import append_block
from docgen.render.docx import check_docx, render_docx
from docgen.render.fonts import vietnamese_tnr_family
from docgen.render.geometry import compute_geometry
from docgen.render.template_build import APPENDIX_FILE, COPY_BLOCK
from docgen.services.render_batch import CompiledRenderer as CompiledRenderer
from docgen.services.render_batch import render_document as render_document
from docgen.services.render_batch import template_for as template_for


@dataclass(frozen=True)
class DraftResult:
    document: Document | Copy
    docx: Path
    pdf: Path | None
    appendices: tuple[Path, ...] = ()  #: appendix files written beside `docx` (and their PDFs)


def ensure_fonts_embedded(pdf: Path) -> None:
    """ConversionError unless every font the PDF uses is embedded (a PDF that shows differently
    on another machine is not the document the signer approved)."""
    from docgen.pdf.probe import unembedded_fonts

    missing = unembedded_fonts(pdf)
    if missing:
        raise ConversionError(
            f"tệp PDF dùng phông chữ không được nhúng: {', '.join(missing)}",
            source=str(pdf),
            hint="cài gói fonts-liberation2 rồi chạy lại; báo người quản trị nếu vẫn lỗi",
        )


def render_appendix_files(
    document: Document, agency: Agency, templates: Path
) -> list[tuple[str, bytes]]:
    """(Roman number, .docx bytes) of each appendix issued in its own file; [] when the appendices
    are in the main file. Each file numbers its pages from 1 (PL1 III.1.đ)."""
    if not document.appendices_separate:
        return []
    path = templates / f"{APPENDIX_FILE}.docx"
    geometry = compute_geometry(agency)
    return [
        (number, render_docx(path, context, agency, geometry))
        for number, context in appendix_contexts(document, agency)
    ]


def render_copy(request: CopyRequest, agency: Agency, templates: Path) -> bytes:
    """The copied document with the paper copy block on its last page (PL1-P2 II); an electronic
    copy's pages alone (its ô 14 line and signature go on the PDF when issued, PL1-P2 I.3;
    docs/format/copies.md).

    Sao y and sao lục copy the issued .docx as it is; a trích sao given as a document YAML is
    rendered anew first (PL1-P2: made by re-creating the full format with the extract).
    """
    if request.extract is not None:
        original = render_document(request.extract, agency, templates)
    else:
        check_docx(request.original)
        original = request.original.read_bytes()
    if request.copy.electronic:
        return original
    path = templates / f"{COPY_BLOCK}.docx"
    block = render_docx(
        path, build_copy_context(request.copy, agency), agency, compute_geometry(agency)
    )
    return append_block(original, block, source=str(request.original))


def _refuse_overwriting_inputs(output: Path, *, pdf: bool, inputs: tuple[Path, ...]) -> None:
    """A typo in `-o` must not replace the clerk's YAML or profile with a generated file."""
    targets = [output, output.with_suffix(".pdf")] if pdf else [output]
    if pdf and output.suffix.lower() == ".pdf":
        raise InputError(
            "tệp kết quả -o phải có đuôi .docx",
            source=str(output),
            hint="ví dụ: -o cong-van.docx (tệp PDF được tạo bên cạnh)",
        )
    for target in targets:
        for existing in inputs:
            if target.resolve() == existing.resolve():
                raise InputError(
                    "tệp kết quả trùng với tệp đầu vào, sẽ bị ghi đè",
                    source=str(target),
                    hint="chọn tên khác cho -o, ví dụ: -o cong-van.docx",
                )


def draft(
    source: Path, profile: Path, output: Path, *, pdf: bool, templates: Path, today: dt.date
) -> DraftResult:
    """Write `output` (.docx) and, with `pdf`, the PDF beside it. On any error nothing is written."""
    _refuse_overwriting_inputs(output, pdf=pdf, inputs=(source, profile))
    agency = load_profile(profile)
    document = load_input(source, agency, today=today)
    if pdf:  # fail before any work when the machine cannot make a faithful PDF
        soffice_path()
        vietnamese_tnr_family()
    extra: list[tuple[Path, bytes]] = []
    if isinstance(document, CopyRequest):
        data = render_copy(document, agency, templates)
        result_of: Document | Copy = document.copy
    else:
        data = render_document(document, agency, templates)
        result_of = document
        extra = [
            (output.with_name(f"{output.stem}-phu-luc-{number}.docx"), appendix)
            for number, appendix in render_appendix_files(document, agency, templates)
        ]
    files = [(output, data), *extra]
    if not pdf:
        for path, content in files:
            write_atomic(path, content)
        return DraftResult(result_of, output, None, tuple(p for p, _ in extra))
    with tempfile.TemporaryDirectory(prefix="docgen-draft-") as work:
        staged = []
        for path, content in files:
            staged.append(Path(work) / path.name)
            staged[-1].write_bytes(content)
        produced = convert_many(staged, Path(work) / "pdf", pdfa=agency.style.pdfa)
        for made in produced:
            ensure_fonts_embedded(made)
        for (path, _), made in zip(files, produced, strict=True):
            write_atomic(path.with_suffix(".pdf"), made.read_bytes())
    for path, content in files:
        write_atomic(path, content)
    return DraftResult(result_of, output, output.with_suffix(".pdf"), tuple(p for p, _ in extra))
