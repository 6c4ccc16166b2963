"""Check a Word file against the ND30 format: read it, run the rules, return the report.

`docgen issue` calls `check_docx(..., issued=True)` before taking a number and refuses on errors.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import InputError
from docgen.render.inspect import read_docx
from docgen.rules.check import Report, check_view


def check_docx(source: Path | str | bytes, issued: bool = False, *, name: str = "") -> Report:
    """The findings for `source` (a path or the bytes of a .docx).

    `issued`: the document is being issued, so a blank number or day is an error, not a note.
    Raises InputError when the file is missing or not a readable .docx; never on a badly
    formatted document — that is what the report is for.
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
    return check_view(view, issued=issued, source=label)
