"""What was changed in a PDF after a signature: the file as signed (the bytes its /ByteRange
covers) against the file as it is now, page by page.

Signature fields added later (the agency's signature after the signer's) and validation data
(a DSS) are not changes; an added or removed page, changed page content, and an annotation
(a comment, a drawing, a stamp) added or removed are, each named with its page number.
"""

from __future__ import annotations

import io
from typing import Any


def _content(page: Any) -> bytes:
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(bytes(s.read_bytes()) for s in streams)


def _is_signature_widget(annot: Any) -> bool:
    field = annot
    for _ in range(8):  # a widget's field may be its parent (and that one's parent)
        if field.get("/FT") == "/Sig":
            return True
        field = field.get("/Parent")
        if field is None:
            return False
    return False


def _annotations(page: Any) -> list[tuple[str, str]]:
    """(subtype, a fingerprint) of each annotation of `page` that is not a signature widget."""
    found = []
    for annot in page.obj.get("/Annots", []):
        if _is_signature_widget(annot):
            continue
        subtype = str(annot.get("/Subtype", "/?"))
        rect = tuple(round(float(v), 1) for v in annot.get("/Rect", []))
        contents = str(annot.get("/Contents", ""))
        found.append((subtype, f"{subtype}{rect}{contents}"))
    return found


#: how a clerk calls an annotation subtype
_KIND = {
    "/Text": "ghi chú",
    "/FreeText": "chữ viết thêm",
    "/Ink": "nét vẽ tay",
    "/Stamp": "con dấu/hình đóng thêm",
    "/Square": "hình vẽ",
    "/Circle": "hình vẽ",
    "/Line": "đường kẻ",
    "/Highlight": "tô sáng",
    "/Link": "liên kết",
}


def changes_after(data: bytes, signed_end: int) -> list[str]:
    """The changes from `data[:signed_end]` (the revision a signature covers) to `data`, one
    Vietnamese phrase each ("thêm 1 trang", "nội dung trang 2 bị thay đổi", "thêm ghi chú ở
    trang 1"); [] when none is found or either revision cannot be read."""
    import pikepdf

    try:
        before = pikepdf.open(io.BytesIO(data[:signed_end]))
        after = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError:
        return []
    with before, after:
        phrases: list[str] = []
        old, new = len(before.pages), len(after.pages)
        if new > old:
            phrases.append(f"thêm {new - old} trang")
        elif new < old:
            phrases.append(f"bớt {old - new} trang")
        for index in range(min(old, new)):
            was, now = before.pages[index], after.pages[index]
            number = index + 1
            if _content(was) != _content(now):
                phrases.append(f"nội dung trang {number} bị thay đổi")
            old_annots = _annotations(was)
            new_annots = _annotations(now)
            added = [a for a in new_annots if a not in old_annots]
            removed = [a for a in old_annots if a not in new_annots]
            for subtype, _ in added:
                phrases.append(f"thêm {_KIND.get(subtype, 'chú thích')} ở trang {number}")
            for subtype, _ in removed:
                phrases.append(f"xóa {_KIND.get(subtype, 'chú thích')} ở trang {number}")
        return phrases
