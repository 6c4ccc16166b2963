"""Check a Word file against the ND30 format: read it, run the rules, return the report.

`docgen issue` calls `check_docx(..., issued=True)` before taking a number and refuses on errors.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen.errors import InputError
from docgen.pdf.layout_check import bottom_block_alone
from docgen.render.inspect import read_docx
from docgen.rules.check import Report, check_view, pdf_layout
from docgen.rules.check.locate import locate
from docgen.rules.check.view import DocView


def check_docx(source: Path | str | bytes, issued: bool = False, *, name: str = "") -> Report:
    """The findings for `source` (a path or the bytes of a .docx).

    `issued`: the document is being issued, so a blank number or day is an error, not a note.
    Raises InputError when the file is missing or not a readable .docx; never on a badly
    formatted document — that is what the report is for. A path with a PDF beside it (same name,
    not older) also gets the findings of its laid-out pages (`with_layout`).
    """
    if isinstance(source, str):
        source = Path(source)
    if isinstance(source, Path):
        label = name or str(source)
        if not source.is_file():
            raise InputError(
                "không tìm thấy tệp cần kiểm tra", source=label, hint="kiểm tra lại đường dẫn"
            )
        data = source.read_bytes()
    else:
        label, data = name or "<bytes>", source
    view = read_docx(data, label)
    report = check_view(view, issued=issued, source=label)
    if isinstance(source, Path):
        pdf = source.with_suffix(".pdf")
        if pdf.is_file() and pdf.stat().st_mtime >= source.stat().st_mtime:
            report = with_layout(report, view, pdf)
    return report


def block_openers(view: DocView) -> tuple[str, ...]:
    """The texts that open the bottom block of `view`: `Nơi nhận:` and the first signature line."""
    parts = locate(view)
    found = [p.text for p in (parts.noi_nhan, *parts.signature[:1]) if p is not None]
    return tuple(found) or ("Nơi nhận:",)


def with_layout(report: Report, view: DocView, pdf: Path) -> Report:
    """`report` with the findings only the laid-out pages show, read from `pdf` (the PDF made
    from the same file: `docgen draft --pdf`, or the issued one)."""
    if not bottom_block_alone(pdf, first_lines=block_openers(view)):
        return report
    return replace(report, findings=(*report.findings, pdf_layout.bottom_block_alone(pdf.name)))
