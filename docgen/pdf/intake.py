"""Reading a PDF that comes from outside before it is archived: refuse what is not safe to keep.

`inspect_pdf` checks, in order: not empty, starts like a PDF, opens, not encrypted, not more pages
than `max_pages`, no Flate stream that inflates beyond `max_inflated` bytes (a decompression
bomb is stopped after reading at most that much), then extracts the text of each page for search.
Nothing is written; the file's bytes are never changed.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import InputError

MAX_PAGES = 2000
MAX_INFLATED = 256 * 1024 * 1024  #: bytes, summed over every compressed stream of the file
_HINT = "xin lại bản PDF gốc từ nơi gửi rồi chạy lại."


@dataclass(frozen=True)
class PdfFacts:
    """What the archive needs to know about a PDF: its pages, text and whether it is signed."""

    pages: int
    text: str
    signed: bool


def _refuse(path: Path, what: str, hint: str = _HINT) -> InputError:
    return InputError(what, source=str(path), hint=hint)


def _inflated_size(doc: Any, limit: int, path: Path) -> int:
    """The total inflated size of the Flate streams, stopping (InputError) past `limit`."""
    import pikepdf

    total = 0
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
        if names[:1] != ["/FlateDecode"]:
            continue
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(obj.read_raw_bytes(), limit - total + 1)
        except zlib.error:
            continue  # a damaged stream is the text extractor's business, not a bomb
        total += len(chunk)
        if total > limit or inflater.unconsumed_tail:
            raise _refuse(
                path,
                f"tệp PDF giải nén ra hơn {limit // (1024 * 1024)} MB (nghi là bom giải nén), "
                "không lưu",
            )
    return total


def inspect_pdf(
    path: Path, *, max_pages: int = MAX_PAGES, max_inflated: int = MAX_INFLATED
) -> PdfFacts:
    """The facts of the PDF at `path`; InputError (nothing written) when it must be refused."""
    import pikepdf
    from pypdf import PdfReader

    if not path.is_file():
        raise _refuse(path, "không tìm thấy tệp", "kiểm tra đường dẫn tệp PDF.")
    data = path.read_bytes()
    if not data:
        raise _refuse(path, "tệp rỗng (0 byte), không phải PDF")
    if b"%PDF-" not in data[:1024]:
        raise _refuse(path, "tệp không phải PDF (không có đầu %PDF-)")
    try:
        doc = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise _refuse(path, "tệp PDF được mã hóa bằng mật khẩu, không lưu được") from error
    except pikepdf.PdfError as error:
        raise _refuse(path, f"tệp PDF hỏng, không đọc được ({error})") from error
    with doc:
        if doc.is_encrypted:
            raise _refuse(path, "tệp PDF được mã hóa, không lưu được bản mã hóa")
        pages = len(doc.pages)
        if pages > max_pages:
            raise _refuse(
                path,
                f"tệp PDF có {pages} trang, quá giới hạn {max_pages} trang",
                "tách tệp thành nhiều văn bản rồi lưu từng phần.",
            )
        _inflated_size(doc, max_inflated, path)
        form = doc.Root.get("/AcroForm")
        fields: Any = form.get("/Fields", []) if form is not None else []
        signed = any(f.get("/FT") == "/Sig" and "/V" in f for f in fields)
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds; the clerk needs one message
        raise _refuse(path, f"không đọc được chữ trong tệp PDF ({type(error).__name__})") from error
    return PdfFacts(pages, text, signed)
