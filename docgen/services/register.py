"""The register's use cases that print or list it: the rows of a year as the book shows them, and
the printed book (Phụ lục IV: sổ đăng ký văn bản đi, or đến) as XLSX, DOCX or PDF. The command line
and the web application both call these."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.archive.export import (
    cover_for,
    incoming_type_names,
    register_docx,
    register_page,
    register_rows,
    register_xlsx,
    select,
)
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.model.register import COPIES_NOI_NHAN, DEN, EntryKey, RegisterEntry, is_secret_stream

FORMATS = ("xlsx", "docx", "pdf")


@dataclass(frozen=True)
class Book:
    """Rows of one year of one stream (all streams but `den` when `stream` is None)."""

    year: int
    stream: str | None
    rows: tuple[RegisterEntry, ...]
    type_names: dict[int, str]  #: incoming rows: số đến → the type name of the document

    @property
    def incoming(self) -> bool:
        return self.stream == DEN


def book(store: RegisterStore, year: int, stream: str | None) -> Book:
    """The register rows of `year` (one `stream`; None: the outgoing streams), with each row's
    Điều 18 links and, for the incoming register, the received documents' type names."""
    rows = register_rows(store, year, stream)
    if stream is None:
        rows = [r for r in rows if r.stream != DEN]
    names = incoming_type_names(store, year) if stream == DEN else {}
    return Book(year, stream, tuple(rows), names)


def book_keys(
    store: RegisterStore, year: int, stream: str | None, *, secret_allowed: bool = True
) -> list[EntryKey]:
    """The numbers of the rows `book(store, year, stream)` lists, in its order, without reading
    the rows (cheap: a page is `book_page` of a slice); without `secret_allowed`, not those of
    the secret streams (the register keeps secret documents there and nowhere else, Điều 15.2:
    `checks.secrecy` refuses any other row)."""
    keys = store.keys(year, stream)
    return [
        k
        for k in keys
        if (stream is not None or k.stream != DEN)
        and (secret_allowed or not is_secret_stream(k.stream))
    ]


def book_page(
    store: RegisterStore, year: int, stream: str | None, keys: Sequence[EntryKey]
) -> Book:
    """The rows of `keys` (a slice of `book_keys`) exactly as `book` shows them, and for the
    incoming register their type names: what one page of the register shows, read alone."""
    rows = register_page(store, year, stream, keys)
    names = incoming_type_names(store, year, [r.number for r in rows]) if stream == DEN else {}
    return Book(year, stream, tuple(rows), names)


@dataclass(frozen=True)
class Printed:
    name: str  #: `so-dang-ky-di-BQL-2024.xlsx`
    data: bytes
    rows: int


def print_book(
    store: RegisterStore,
    *,
    abbreviation: str,
    name: str,
    parent: str,
    year: int,
    stream: str,
    fmt: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    volume: str = "01",
    copies: str = COPIES_NOI_NHAN,
) -> Printed:
    """The register of `stream` in `year` printed in the Phụ lục IV form as `fmt` (xlsx, docx or
    pdf; pdf through LibreOffice), the rows between the dates when given."""
    if fmt not in FORMATS:
        raise InputError(
            f"không in được sổ dạng `{fmt}`", field="--format", hint="dùng xlsx, docx hoặc pdf"
        )
    incoming = stream == DEN
    rows = select(register_rows(store, year, stream), date_from, date_to)
    cover = cover_for(
        name, parent, year, rows, date_from, date_to, volume, store.head(), incoming=incoming
    )
    names = incoming_type_names(store, year) if incoming else {}
    kind = "den" if incoming else "di"
    file_name = f"so-dang-ky-{kind}-{abbreviation}-{year}.{fmt}"
    if fmt == "xlsx":
        data = register_xlsx(cover, rows, copies=copies, type_names=names)
    elif fmt == "docx":
        data = register_docx(cover, rows, copies=copies, type_names=names)
    else:
        from docgen.render.convert import convert_to_pdf

        with tempfile.TemporaryDirectory(prefix="docgen-register-") as scratch:
            docx = Path(scratch) / f"{Path(file_name).stem}.docx"
            docx.write_bytes(register_docx(cover, rows, copies=copies, type_names=names))
            data = convert_to_pdf(docx, Path(scratch) / "pdf").read_bytes()
    return Printed(file_name, data, len(rows))
