"""The appendices an issued document carries in files of their own (phụ lục, PL1 III.1;
docs/format/appendices.md):
rendered with the document's number, converted, signed when the profile signs, and filed with
the document (`services.issue` lists them in the register row's files and the metadata).

Paper (no [signing]): the `(Kèm theo … số … ngày …)` line is filled with the issued number and
date. Electronic ([signing]): the decree leaves that line unfilled on the appendix of an
electronic document (PL1 III.1.c; PL3 Mẫu 2.2 note 3); the agency's signature on each file
carries the number instead — `Số: 01/BQL-KHTH; <signing time>` top right of page 1, TNR 10,
with an invisible signature (PL1 II.8.b, `pdf.pipeline.finish_attachment`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from docgen.model.agency import Agency
from docgen.model.document import Document, IssueDate
from docgen.services.draft import ensure_fonts_embedded, render_appendix_files
from docgen.services.keys import KeyRing, open_keys


def appendix_stem(stem: str, roman: str) -> str:
    """`01-BQL-KHTH-phu-luc-I`: the document's file stem, then the appendix (as `draft` names it)."""
    return f"{stem}-phu-luc-{roman}"


def render_appendices(
    document: Document, agency: Agency, templates: Path, stem: str
) -> list[tuple[str, bytes]]:
    """(file stem, .docx bytes) of each separate appendix of the numbered `document`; [] when its
    appendices are in the main file."""
    shown = document
    if agency.signing is not None:  # electronic: the reference line keeps its blanks
        shown = replace(document, number=None, date=IssueDate(document.date.year))
    return [
        (appendix_stem(stem, roman), data)
        for roman, data in render_appendix_files(shown, agency, templates)
    ]


def finish_appendices(
    appendices: list[tuple[str, bytes]],
    agency: Agency,
    convert: Callable[[Path, Path], Path],
    work: Path,
    *,
    number_symbol: str,
    keys: KeyRing | None = None,
) -> list[tuple[str, bytes]]:
    """(file name, bytes) of each appendix's .docx and PDF, the PDF converted in `work`, its fonts
    checked and, for an electronic document, stamped top right and signed by the agency (with
    `keys` when held open, else its key opened for each)."""
    files: list[tuple[str, bytes]] = []
    for stem, data in appendices:
        docx = work / f"{stem}.docx"
        docx.write_bytes(data)
        pdf = convert(docx, work / "pdf")
        ensure_fonts_embedded(pdf)
        if agency.signing is not None:
            pdf = sign_appendix(pdf, work / f"{stem}.pdf", number_symbol, agency, keys)
        files += [(f"{stem}.docx", data), (f"{stem}.pdf", pdf.read_bytes())]
    return files


def sign_appendix(
    pdf: Path, out: Path, number_symbol: str, agency: Agency, keys: KeyRing | None = None
) -> Path:
    """`Số: <number_symbol>; <time>` top right of page 1, then the agency's invisible signature
    (PL1 II.8.b: an attachment carries the agency's signature only)."""
    from docgen.pdf.pipeline import finish_attachment

    signing = agency.signing
    assert signing is not None
    with contextlib.ExitStack() as stack:
        ring = keys or stack.enter_context(open_keys(agency))
        assert ring is not None
        finish_attachment(
            pdf, out, ring.agency, number_symbol=number_symbol,
            timestamp_url=signing.timestamp_url or None, ltv=ring.ltv,
        )  # fmt: skip
    return out
