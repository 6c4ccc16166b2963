"""The finishing sequences for an issued PDF: stamp first, sign last (PL1 II.8.a–b;
docs/format/signature.md).

- main document: signature image in the located signature block, marks, then the agency's
  visible signature whose appearance is the seal, over the left third of the signature;
- attachment in a separate file: the top-right line (number/symbol; signing time), then the
  agency's invisible signature carrying the same time;
- electronic copy: the ô 14 line (form of copy; copying agency; signing time), then the same.

Services call these with plain values; nothing here reads settings.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.pdf.placement import SignaturePlacement, attachment_line_text, copy_line_text
from docgen.pdf.sign import AgencySigner, Ltv, SignResult, VisibleSeal, sign_file, signing_time
from docgen.pdf.stamp import SignatureStamp, plan_signature, stamp_file
from docgen.pdf.styles import DEFAULT_LINE, TextLineStyle

#: The signature field of the signer's own digital signature (ô 7c); further blocks signed by
#: their own signers (a biên bản's secretary, the other party of a hợp đồng) add `_2`, `_3`, …
SIGNER_FIELD = "ChuKySoNguoiKy"
PERSON_REASON = "Chữ ký số của người có thẩm quyền"


@dataclass(frozen=True)
class BlockSignature:
    """Another signature block signed by its own signer before the main one: `stamp` finds the
    block (position line, name) and carries the image that is the signature's appearance."""

    stamp: SignatureStamp
    key: AgencySigner
    field_name: str


@dataclass(frozen=True)
class Finished:
    """What was done to an issued PDF."""

    signed: SignResult
    placement: SignaturePlacement | None = None
    top_right: str | None = None


def finish_main_document(
    src: Path,
    dst: Path,
    signer: AgencySigner,
    *,
    signature: SignatureStamp,
    seal_image: Path,
    marks: Sequence[str] = (),
    signed_at: dt.datetime | None = None,
    timestamp_url: str | None = None,
    personal: AgencySigner | None = None,
    others: Sequence[BlockSignature] = (),
    ltv: Ltv | None = None,
) -> Finished:
    """Put the signer's signature image and `marks` on `src`, then sign with the seal visible.

    Without `personal`, the signature image is stamped into the page (a scanned signature).
    With `personal` (the signer's own key, ô 7c, PL1 II.7.d), the image is instead the appearance of
    the signer's digital signature, made first; the agency's signature with the seal follows as
    an incremental update (PL1 II.8.a). `signature.seal_image` is ignored: the seal is always the
    agency signature's own appearance, placed by `place_seal`. `others`: further blocks, each
    signed by its own signer with its image, before the main block (in the order given). `ltv`
    makes every signature PAdES B-LT. Writes `dst`; `src` is untouched.
    """
    when = signing_time(signed_at)
    with tempfile.TemporaryDirectory(prefix="docgen-stamp-") as work:
        stamped = Path(work) / "stamped.pdf"
        plain = SignatureStamp(
            signature.position,
            signature.name,
            signature.signature_image,
            None,
            signature.signature_style,
            signature.seal_style,
        )
        if personal is None:
            placement = stamp_file(src, stamped, signature=plain, marks=marks).placement
            assert placement is not None  # a signature stamp always yields a placement
        else:
            placement = plan_signature(src, plain)
            if marks:
                stamp_file(src, stamped, marks=marks)
            else:
                stamped = src
        blocks = list(others)
        if personal is not None:
            blocks.append(BlockSignature(plain, personal, SIGNER_FIELD))
        for i, block in enumerate(blocks):
            where = placement if block.key is personal else plan_signature(stamped, block.stamp)
            by_signer = Path(work) / f"by-signer-{i}.pdf"
            image = VisibleSeal(where.page_index, where.signature, block.stamp.signature_image)
            sign_file(
                stamped, by_signer, block.key, visible=image, signed_at=when,
                field_name=block.field_name, reason=PERSON_REASON, timestamp_url=timestamp_url,
                ltv=ltv,
            )  # fmt: skip
            stamped = by_signer
        visible = VisibleSeal(placement.page_index, placement.seal, seal_image)
        signed = sign_file(
            stamped, dst, signer, visible=visible, signed_at=when, timestamp_url=timestamp_url,
            ltv=ltv,
        )  # fmt: skip
    return Finished(signed, placement)


def _line_then_invisible_signature(
    src: Path,
    dst: Path,
    signer: AgencySigner,
    line: str,
    when: dt.datetime,
    line_style: TextLineStyle,
    timestamp_url: str | None,
    ltv: Ltv | None = None,
) -> Finished:
    with tempfile.TemporaryDirectory(prefix="docgen-stamp-") as work:
        stamped = Path(work) / "stamped.pdf"
        stamp_file(src, stamped, top_right=line, top_right_style=line_style)
        signed = sign_file(
            stamped, dst, signer, signed_at=when, timestamp_url=timestamp_url, ltv=ltv
        )
    return Finished(signed, None, line)


def finish_copy(
    src: Path,
    dst: Path,
    signer: AgencySigner,
    *,
    form: str,
    agency: str,
    signed_at: dt.datetime | None = None,
    line_style: TextLineStyle = DEFAULT_LINE,
    timestamp_url: str | None = None,
    ltv: Ltv | None = None,
) -> Finished:
    """An electronic copy (ô 14): `SAO Y; <agency>; <ISO time>` top right of page 1, then the
    copying agency's invisible signature carrying the same time (PL1-P2 I.3)."""
    when = signing_time(signed_at)
    line = copy_line_text(form, agency, when)
    return _line_then_invisible_signature(
        src, dst, signer, line, when, line_style, timestamp_url, ltv
    )


def finish_attachment(
    src: Path,
    dst: Path,
    signer: AgencySigner,
    *,
    number_symbol: str,
    signed_at: dt.datetime | None = None,
    line_style: TextLineStyle = DEFAULT_LINE,
    timestamp_url: str | None = None,
    ltv: Ltv | None = None,
) -> Finished:
    """Stamp `Số: <number_symbol>; <ISO time>` top right of page 1, then sign invisibly.

    The line and the signature carry the same time (`signed_at`, default now, in Vietnam time).
    """
    when = signing_time(signed_at)
    line = attachment_line_text(number_symbol, when)
    return _line_then_invisible_signature(
        src, dst, signer, line, when, line_style, timestamp_url, ltv
    )
