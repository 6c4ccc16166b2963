"""Recipient spreadsheets for mail merge: an XLSX or CSV file, one recipient a row, headers first.

The whole sheet is read and validated before anything is used: every bad row is collected (its
Excel row number, header = row 1) and reported at once in a `RecipientsError`, whose `problems`
list all of them for the CLI. Column headers are matched without diacritics or case (`Tên`, `ten`,
`Tên đơn vị`, `ten_don_vi` …); the name column is required, address, email and code optional, any
other column is kept in `Recipient.extra` under its header.

Cell text is NFC-normalised, not refused: unlike the document YAML a clerk types, a spreadsheet is
pasted together from web pages, PDFs and other people's files, where decomposed Vietnamese is
common and invisible. Whitespace (line breaks inside a cell included) collapses to single spaces.

CSV: UTF-8 with or without BOM; the separator is `,`, `;` (what Excel writes under a Vietnamese
locale) or a tab, whichever the header line uses most. Any other encoding is refused with the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from docgen.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024
#: total unpacked size of an XLSX: a real sheet of 10,000 recipients is a few MB; a zip bomb is more
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_COLUMNS = 100
MAX_NAME = 250  #: characters; the longest real enterprise names are about 150
MAX_TEXT = 1000  #: characters in any other cell
SHOWN = 3  #: problems quoted in the one-line message; `problems` holds them all

_JINJA_MARKS = ("{{", "{%", "{#", "}}", "%}", "#}")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected XLSX and old .xls
_D = str.maketrans({"đ": "d", "Đ": "D"})

#: field -> the headers that mean it, folded (no diacritics, lower case, `_` between words)
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "ten", "ten_don_vi", "ten_doanh_nghiep", "ten_co_quan", "ten_to_chuc", "ten_cong_ty",
        "ten_nguoi_nhan", "nguoi_nhan", "don_vi", "doanh_nghiep", "co_quan", "name",
    ),
    "address": ("dia_chi", "dia_chi_tru_so", "tru_so", "address"),
    "email": ("email", "e_mail", "thu_dien_tu", "dia_chi_email", "dia_chi_thu_dien_tu"),
    "code": ("ma", "ma_so", "ma_don_vi", "ma_doanh_nghiep", "ma_dn", "code", "id"),
}  # fmt: skip
_FIELD_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_LIMITS = {"name": MAX_NAME, "address": MAX_TEXT, "email": 254, "code": 64}


@dataclass(frozen=True)
class Recipient:
    """One row of the sheet: `row` is its Excel row number (the header is row 1)."""

    row: int
    name: str
    address: str = ""
    email: str = ""
    code: str = ""
    #: the other columns, by header as written (NFC, trimmed)
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  #: the header as written, "" for the row as a whole
    message: str

    def line(self) -> str:
        where = f"dòng {self.row} ({self.column})" if self.column else f"dòng {self.row}"
        return f"{where}: {self.message}"


class RecipientsError(InputError):
    """Some rows of a recipient sheet are wrong; `problems` lists every one, in row order."""

    def __init__(self, problems: tuple[RowProblem, ...], *, source: str) -> None:
        self.problems = problems
        shown = "; ".join(p.line() for p in problems[:SHOWN])
        more = f"; và {len(problems) - SHOWN} lỗi khác" if len(problems) > SHOWN else ""
        super().__init__(
            f"bảng người nhận có {len(problems)} lỗi: {shown}{more}",
            hint="sửa các dòng đó trong bảng tính rồi chạy lại; chưa cấp số nào",
            source=source,
        )


def load_recipients(path: Path, *, limit: int = 10000) -> tuple[Recipient, ...]:
    """Every recipient of the XLSX or CSV sheet at `path`, in sheet order.

    Raises InputError for a file that cannot be read as a sheet (missing, too big, not XLSX/CSV,
    password-protected, not UTF-8, empty, no name column, more than `limit` rows) and
    RecipientsError (an InputError) naming every bad row.
    """
    source = str(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise _error(source, "chỉ đọc được bảng tính .xlsx hoặc .csv", _RESAVE)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _error(
                source, f"tệp lớn hơn {MAX_FILE_BYTES // 2**20} MB", "chia thành nhiều tệp"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(source, "không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp") from None
    except IsADirectoryError:
        raise _error(source, "là một thư mục", "chỉ đến tệp .xlsx hoặc .csv") from None
    except OSError as error:
        raise _error(
            source, f"không đọc được tệp ({error.strerror})", "kiểm tra quyền đọc tệp"
        ) from None
    if not data.strip():
        raise _error(source, "tệp trống", "dòng 1 là tiêu đề cột (Tên, Địa chỉ, Email, Mã)")
    if data.startswith(_OLE_MAGIC):
        raise _error(
            source,
            "tệp Excel có mật khẩu hoặc ở dạng .xls cũ",
            "mở trong Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx (Excel Workbook)",
        )
    if data.startswith(_ZIP_MAGIC):
        rows = _xlsx_rows(data, source, limit)
    elif path.suffix.lower() not in {".csv", ".txt"}:
        raise _error(source, "tệp không phải bảng tính Excel (.xlsx)", _RESAVE)
    else:
        rows = _csv_rows(data, source, limit)
    return _recipients(rows, source, limit)


_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".txt"}
_RESAVE = "mở trong Excel và lưu lại dạng Excel Workbook (.xlsx) hoặc CSV UTF-8"


def _error(source: str, message: str, hint: str) -> InputError:
    return InputError(message, hint=hint, source=source)


def _too_many(source: str, limit: int) -> InputError:
    return _error(source, f"có hơn {limit} dòng người nhận", "chia thành nhiều tệp nhỏ hơn")


# --- reading: the sheet as (row number, cell texts) -------------------------------------------


def _xlsx_rows(data: bytes, source: str, limit: int) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the first worksheet; the header row first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _error(source, "tệp .xlsx bị hỏng (không mở được)", _RESAVE) from None
    # zipfile never yields more than an entry's declared size, so the sum bounds the work
    if len(infos) > 10_000 or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise _error(source, "tệp .xlsx giải nén ra quá lớn (nghi là tệp độc hại)", _RESAVE)
    if "xl/workbook.xml" not in names:
        raise _error(source, "tệp nén này không phải bảng tính Excel (.xlsx)", _RESAVE)
    # openpyxl meets damaged files with any exception type (KeyError, TypeError, XML errors …):
    # all of them mean the same thing to a clerk, so one broad handler turns them into one line.
    # Its warnings (unsupported extensions, no default style) concern formatting docgen ignores.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_workbook(data, source, limit)
    except InputError:
        raise
    except Exception:
        raise _error(source, "tệp .xlsx bị hỏng (không đọc được nội dung)", _RESAVE) from None


def _read_workbook(data: bytes, source: str, limit: int) -> list[tuple[int, list[str]]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not book.worksheets:
            raise _error(source, "bảng tính không có trang tính nào", _RESAVE)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the stored dimension may claim a million rows: ignore it
        header: list[str] = []
        start = 0
        for index, cells in enumerate(sheet.iter_rows(max_row=10), start=1):
            header = [_cell_text(c.value, getattr(c, "number_format", None)) for c in cells]
            if any(header):
                start = index
                break
        if not start:
            return []
        width = max(i for i, text in enumerate(header, 1) if text)
        if width > MAX_COLUMNS:
            raise _error(source, f"dòng tiêu đề có hơn {MAX_COLUMNS} cột", "xóa các cột thừa")
        rows = [(start, header[:width])]
        last = 2 * limit + 1000  # blank rows between are skipped, but not a million of them
        for index, cells in enumerate(sheet.iter_rows(min_row=start + 1, max_col=width), start + 1):
            if index > last:
                raise _error(
                    source,
                    f"bảng tính còn dữ liệu sau dòng {last} (tối đa {limit} người nhận)",
                    "xóa các dòng thừa ở cuối bảng hoặc chia thành nhiều tệp",
                )
            if len(rows) > limit + 1:
                raise _too_many(source, limit)
            texts = [_cell_text(c.value, getattr(c, "number_format", None)) for c in cells]
            if any(texts):
                rows.append((index, texts))
        if len(rows) > limit + 1:
            raise _too_many(source, limit)
        return rows
    finally:
        book.close()


def _cell_text(value: object, number_format: object) -> str:
    """A cell as the clerk sees it: a number without `.0`, a code formatted `0000` with its
    leading zeros, a date as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if isinstance(number_format, str) and re.fullmatch(r"0+", number_format) and value >= 0:
            digits = digits.zfill(len(number_format))
        return digits
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _csv_rows(data: bytes, source: str, limit: int) -> list[tuple[int, list[str]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(source, "tệp CSV ở bảng mã UTF-16, không phải UTF-8", _CSV_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error(source, "tệp CSV không phải chữ UTF-8", _CSV_UTF8) from None
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # ties go to the comma
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, list[str]]] = []
    try:
        for index, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                rows.append((index, cells[:MAX_COLUMNS]))
                if len(rows) > limit + 1:
                    raise _too_many(source, limit)
    except csv.Error as error:
        raise _error(source, f"tệp CSV sai cấu trúc ({error})", _CSV_UTF8) from None
    return rows


_CSV_UTF8 = "trong Excel chọn Lưu thành › CSV UTF-8 (Comma delimited) (*.csv), hoặc lưu dạng .xlsx"


# --- validation -------------------------------------------------------------------------------


def header_key(header: str) -> str:
    """`"Tên đơn vị"` → `"ten_don_vi"`: how headers are compared (no diacritics, no case)."""
    bare = unicodedata.normalize("NFD", unicodedata.normalize("NFC", header).translate(_D))
    ascii_only = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", "_", ascii_only).strip("_")


def _clean(raw: str) -> tuple[str, str]:
    """(text, problem): the cell NFC-normalised with whitespace collapsed, or why it is refused."""
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in text):
        return text, "có ký tự điều khiển không in được (xóa rồi gõ lại)"
    if "\ufffd" in text:
        return text, "có ký tự lỗi bảng mã (�): chép lại từ tệp gốc"
    if any(mark in text for mark in _JINJA_MARKS):
        return text, "có dấu ngoặc mẫu `{{`, `{%` hoặc `{#` (xóa các dấu ngoặc nhọn kép)"
    return text, ""


def _columns(header: list[str], source: str) -> tuple[dict[int, str], list[str]]:
    """Column index -> field (`name`, …, or `extra`), and the headers as written."""
    titles: list[str] = []
    fields: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, raw in enumerate(header):
        title, problem = _clean(raw)
        titles.append(title)
        if problem:
            raise InputError(f"tiêu đề cột `{title}` {problem}", source=source, field="dòng 1")
        if not title:
            continue
        key = _FIELD_OF.get(header_key(title), "extra:" + header_key(title))
        if key in seen:
            raise InputError(
                f"hai cột cùng nghĩa: `{seen[key]}` và `{title}`",
                hint="xóa hoặc đổi tên một cột",
                source=source,
                field="dòng 1",
            )
        seen[key] = title
        fields[index] = key if ":" not in key else "extra"
    if "name" not in seen:
        shown = [f"`{t[:40]}`" for t in titles if t]
        more = f" và {len(shown) - 10} cột khác" if len(shown) > 10 else ""
        found = ", ".join(shown[:10]) + more if shown else "(không có)"
        raise InputError(
            f"không có cột tên người nhận; các cột đã thấy: {found}",
            hint="đặt tiêu đề cột tên là `Tên` (hoặc `ten`, `Tên đơn vị`, `ten_doanh_nghiep`)",
            source=source,
            field="dòng 1",
        )
    return fields, titles


def _recipients(
    rows: list[tuple[int, list[str]]], source: str, limit: int
) -> tuple[Recipient, ...]:
    if not rows:
        raise _error(source, "tệp không có dòng nào", "dòng 1 là tiêu đề cột (Tên, Địa chỉ, …)")
    (_, header), body = rows[0], rows[1:]
    fields, titles = _columns(header, source)
    if not body:
        raise _error(
            source, "chưa có người nhận nào (chỉ có dòng tiêu đề)", "thêm mỗi người nhận một dòng"
        )
    if len(body) > limit:
        raise _too_many(source, limit)
    problems: list[RowProblem] = []
    read = [_recipient(n, cells, fields, titles, problems) for n, cells in body]
    # duplicates are looked for among every name and code that is fine in itself
    _duplicates([r for r, _ in read], "name", "tên", titles, fields, problems)
    _duplicates([r for r, _ in read], "code", "mã", titles, fields, problems)
    if problems:
        raise RecipientsError(tuple(sorted(problems, key=lambda p: p.row)), source=source)
    return tuple(r for r, _ in read)


def _recipient(
    row: int,
    cells: list[str],
    fields: dict[int, str],
    titles: list[str],
    problems: list[RowProblem],
) -> tuple[Recipient, bool]:
    """The row as a Recipient (a refused cell left empty) and whether every cell was fine."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    bad = len(problems)
    for index, kind in fields.items():
        text, problem = _clean(cells[index] if index < len(cells) else "")
        limit = _LIMITS.get(kind, MAX_TEXT)
        if not problem and len(text) > limit:
            problem = f"dài {len(text)} ký tự, quá {limit} ký tự"
        if not problem and kind == "name" and not text:
            problem = "thiếu tên người nhận"
        if not problem and kind == "email" and text and not _EMAIL.match(text):
            problem = f"`{text}` không phải địa chỉ email (mỗi ô một địa chỉ, dạng ten@mien.vn)"
        if problem:
            problems.append(RowProblem(row, titles[index], problem))
        elif kind == "extra":
            extra[titles[index]] = text
        else:
            values[kind] = text
    values.setdefault("name", "")
    return Recipient(row=row, **values, extra=MappingProxyType(extra)), len(problems) == bad


def _duplicates(
    recipients: list[Recipient],
    kind: str,
    label: str,
    titles: list[str],
    fields: dict[int, str],
    problems: list[RowProblem],
) -> None:
    """A problem for every recipient whose name (any case) or code an earlier row already has."""
    column = next((titles[i] for i, k in fields.items() if k == kind), "")
    first: dict[str, int] = {}
    for recipient in recipients:
        value = getattr(recipient, kind)
        key = value.casefold()
        if not key:
            continue
        if key in first:
            problems.append(
                RowProblem(
                    recipient.row, column, f"{label} trùng với dòng {first[key]} (`{value}`)"
                )
            )
        else:
            first[key] = recipient.row
