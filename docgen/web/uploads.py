"""Uploaded files, checked by their content, not their name: a Word draft (.docx), a PDF, a sheet of
recipients (.xlsx or .csv). A zip that would inflate far beyond its size (a zip bomb) is refused."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import UploadedFile

from docgen.web.config import MAX_UPLOAD_MB

#: what any real Office file inflates to at most, and at most this many times its size
MAX_INFLATED = 200 * 1024 * 1024
MAX_RATIO = 200


class Refused(Exception):
    """An upload that is not what the form asks for; the message says so in Vietnamese."""


def read(upload: UploadedFile | None, *, what: str) -> bytes:
    if upload is None:
        raise Refused(f"chưa chọn tệp {what}")
    if upload.size is not None and upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise Refused(f"tệp quá lớn (trên {MAX_UPLOAD_MB} MB)")
    return bytes(upload.read())


def _zip(data: bytes, needed: str, what: str) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused(f"tệp không phải {what}") from None
    names = set(package.namelist())
    if needed not in names:
        raise Refused(f"tệp không phải {what}")
    inflated = sum(info.file_size for info in package.infolist())
    if inflated > MAX_INFLATED or inflated > MAX_RATIO * max(len(data), 1):
        raise Refused("tệp nén bất thường (giải nén ra quá lớn), không nhận")


def docx(upload: UploadedFile | None) -> bytes:
    data = read(upload, what="Word (.docx)")
    _zip(data, "word/document.xml", "Word (.docx)")
    return data


def pdf(upload: UploadedFile | None) -> bytes:
    data = read(upload, what="PDF")
    if not data.startswith(b"%PDF-"):
        raise Refused("tệp không phải PDF")
    return data


def sheet(upload: UploadedFile | None) -> tuple[bytes, str]:
    """The sheet's bytes and its suffix (`.xlsx` or `.csv`), told apart by content."""
    data = read(upload, what="bảng tính (.xlsx hoặc .csv)")
    if data.startswith(b"PK"):
        _zip(data, "xl/workbook.xml", "bảng tính Excel (.xlsx)")
        return data, ".xlsx"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("tệp không phải bảng tính .xlsx hay .csv (UTF-8)") from None
    if "\x00" in text:
        raise Refused("tệp không phải bảng tính .csv")
    return data, ".csv"
