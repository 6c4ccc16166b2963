"""Stamping a rendered PDF: signature image, seal, marks and the top-right line, before signing.

`stamp_file` is the file-level helper; `plan_signature` is the locate-then-place step it uses, kept
public so the signer can put the visible seal signature exactly where the seal belongs. Stamping
rewrites the file, so it refuses a PDF that is already signed (docs/environment.md trap 7): after
signing, only incremental updates are allowed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import SignatureError
from docgen.pdf.geometry import Box, mm
from docgen.pdf.locate import find_number_anchor, find_signature_block, page_size
from docgen.pdf.overlay import ImageItem, MarkItem, OverlayPage, render_overlays, top_right_line
from docgen.pdf.placement import SignaturePlacement, place_marks, place_signature_and_seal
from docgen.pdf.styles import (
    DEFAULT_LINE,
    DEFAULT_SEAL,
    DEFAULT_SIGNATURE,
    SealStyle,
    SignatureStyle,
    TextLineStyle,
    mark_style,
)


@dataclass(frozen=True)
class SignatureStamp:
    """What to draw in the signature block and how to find it.

    `position` is the line right above the space for signing (e.g. "TRƯỞNG BAN", the last line of
    ô 7a) and `name` the signer's full name (ô 7b), both as they appear in the document.
    `seal_image` None leaves the seal to the agency's visible digital signature (PL1 II.8.a).
    """

    position: str
    name: str
    signature_image: Path
    seal_image: Path | None = None
    signature_style: SignatureStyle = DEFAULT_SIGNATURE
    seal_style: SealStyle = DEFAULT_SEAL


@dataclass(frozen=True)
class StampResult:
    """What `stamp_file` did: the signature placement (None without a signature stamp)."""

    placement: SignaturePlacement | None
    mark_boxes: tuple[Box, ...] = ()


def image_aspect(path: Path) -> float:
    """Width / height of the image at `path`; SignatureError when it is not a readable image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, UnidentifiedImageError) as error:
        raise SignatureError(
            "không đọc được ảnh", source=str(path), hint="dùng tệp PNG nền trong suốt."
        ) from error
    return width / height


def plan_signature(pdf: Path, stamp: SignatureStamp) -> SignaturePlacement:
    """Where the signature image and the seal go in `pdf` (located by its text, then placed)."""
    block = find_signature_block(pdf, stamp.position, stamp.name)
    aspect = image_aspect(stamp.signature_image)
    return place_signature_and_seal(block, stamp.signature_style, stamp.seal_style, aspect)


def is_signed(pdf: Path) -> bool:
    """True when `pdf` holds a filled signature field (so rewriting it would break a signature)."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            form = doc.Root.get("/AcroForm")
            fields: Any = form.get("/Fields", []) if form is not None else []
            return any(f.get("/FT") == "/Sig" and "/V" in f for f in fields)
    except pikepdf.PdfError as error:
        raise SignatureError(
            f"không đọc được tệp PDF ({error})", source=str(pdf), hint="kiểm tra tệp có phải PDF."
        ) from error


def _default_anchor(page_height: float) -> Box:
    """Where ô 10a/10b hang when page 1 has no "Số:" line: the usual place of the number, in the
    left header column (30 mm margin + half of an 80 mm column), 45 mm below the top edge."""
    return Box.around(mm(70), page_height - mm(45), mm(60), mm(6))


def stamp_file(
    src: Path,
    dst: Path,
    *,
    signature: SignatureStamp | None = None,
    top_right: str | None = None,
    top_right_style: TextLineStyle = DEFAULT_LINE,
    marks: Sequence[str] = (),
) -> StampResult:
    """Write `src` with the stamps laid over its pages to `dst` (which may be `src`).

    - `signature`: the signature image (and the seal, if given) in the located signature block;
    - `top_right`: a line in the top right corner of page 1 (attachment line PL1 II.8.b, copy line
      PL1-P2 I.3);
    - `marks`: secrecy/urgency stamps (e.g. "MẬT", "HỎA TỐC") under the number on page 1.

    Fonts are embedded; the output is deterministic for the same inputs. Raises SignatureError if
    `src` is already signed or unreadable, InputError for an unknown mark.
    """
    if is_signed(src):
        raise SignatureError(
            "tệp đã được ký số; đóng dấu lúc này sẽ làm mất hiệu lực chữ ký",
            source=str(src),
            hint="đóng dấu trên bản chưa ký rồi ký lại.",
        )
    overlays: dict[int, OverlayPage] = {}

    def page(index: int) -> OverlayPage:
        if index not in overlays:
            overlays[index] = OverlayPage(index, *page_size(src, index))
        return overlays[index]

    placement = None
    if signature is not None:
        placement = plan_signature(src, signature)
        items = page(placement.page_index).items
        items.append(ImageItem(signature.signature_image, placement.signature))
        if signature.seal_image is not None:
            # The seal is drawn last: it lies over the signature, as ink does on paper.
            items.append(ImageItem(signature.seal_image, placement.seal))
    if top_right:
        first = page(0)
        first.items.append(top_right_line(top_right, first.width, first.height, top_right_style))
    mark_boxes: list[Box] = []
    if marks:
        styles = [mark_style(m) for m in marks]
        first = page(0)
        anchor = find_number_anchor(src) or _default_anchor(first.height)
        mark_boxes = place_marks(anchor, styles)
        first.items.extend(MarkItem(s, b) for s, b in zip(styles, mark_boxes, strict=True))
    _overlay(src, dst, [overlays[i] for i in sorted(overlays)])
    return StampResult(placement, tuple(mark_boxes))


def _overlay(src: Path, dst: Path, pages: list[OverlayPage]) -> None:
    """Lay each overlay page 1:1 over its target page and save atomically to `dst`."""
    import io

    import pikepdf

    try:
        with pikepdf.open(src) as doc:
            if pages:
                with pikepdf.open(io.BytesIO(render_overlays(pages))) as over:
                    for n, target in enumerate(pages):
                        dest = doc.pages[target.page_index]
                        dest.add_overlay(over.pages[n], pikepdf.Rectangle(*dest.mediabox))
            fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=dst.parent)
            os.close(fd)
            try:
                doc.save(tmp, deterministic_id=True)
                os.replace(tmp, dst)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except pikepdf.PdfError as error:
        raise SignatureError(
            f"không ghi được tệp đã đóng dấu ({error})", source=str(src), hint="kiểm tra tệp PDF."
        ) from error
