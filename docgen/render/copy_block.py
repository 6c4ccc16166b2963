"""Appends the paper copy block (PL1-P2 II; docs/format/copies.md) to the copied document: on the
same sheet, right after its last part (after any appendix), below a full-width rule."""

from __future__ import annotations

import copy
import io

from docx import Document as open_document
from docx.oxml.ns import qn

from docgen.errors import InputError


def append_block(original: bytes, block: bytes, *, source: str = "") -> bytes:
    """The original .docx with the body of the rendered `block` appended at its end.

    Styles the block uses and the original lacks (a document typed by hand) are copied over, so the
    block keeps its look; the original's own styles win where both have one.
    """
    try:
        target = open_document(io.BytesIO(original))
    except Exception:  # python-docx raises several types for a damaged package
        raise InputError(
            "không đọc được tệp Word của bản gốc",
            source=source,
            hint="mở tệp bằng Word, lưu lại dạng .docx rồi thử lại",
        ) from None
    extra = open_document(io.BytesIO(block))
    styles = target.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    for style in extra.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) not in have:
            styles.append(copy.deepcopy(style))
    body = target.element.body
    final = body.find(qn("w:sectPr"))
    for element in extra.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        if final is not None:
            final.addprevious(copy.deepcopy(element))
        else:
            body.append(copy.deepcopy(element))
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()
