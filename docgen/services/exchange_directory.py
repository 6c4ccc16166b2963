"""The agency directory (danh bạ liên thông): the agencies the office exchanges documents with.

The administrator imports it from a sheet (XLSX or CSV UTF-8; a header row, then one agency a
row: `Mã định danh`, `Tên cơ quan`). The whole sheet is checked before anything is kept, every
bad row reported at once; the import then replaces the directory in one transaction. `send
--to` takes its codes from here, and a code it does not know is refused with the close ones.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.archive import exchange as store_exchange
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.recipients import header_key
from docgen.model.exchange import AGENCY_CODE, Organ

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 20000
SHOWN = 3
_CODE_HEADERS = {"ma", "ma_dinh_danh", "ma_co_quan", "ma_don_vi", "organid", "organ_id", "code"}
_NAME_HEADERS = {
    "ten", "ten_co_quan", "ten_don_vi", "co_quan", "don_vi", "organname", "organ_name", "name",
}  # fmt: skip
_HEADERS_HINT = "dòng 1 là tiêu đề cột: `Mã định danh` và `Tên cơ quan`"


@dataclass(frozen=True)
class Imported:
    count: int
    organs: tuple[Organ, ...]


def _error(source: str, message: str, hint: str = _HEADERS_HINT) -> InputError:
    return InputError(message, source=source, hint=hint)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the sheet (row number, cell texts), the header first."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise _error(source, "danh bạ phải là tệp .xlsx hoặc .csv", "lưu bảng tính dạng .xlsx")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _error(source, f"tệp lớn hơn {MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(source, "không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp") from None
    except OSError as error:
        raise _error(
            source, f"không đọc được tệp ({error.strerror})", "kiểm tra quyền đọc"
        ) from None
    if suffix == ".csv":
        return _csv(data, source)
    return _xlsx(data, source)


def _csv(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error(
            source, "tệp CSV không phải chữ UTF-8", "trong Excel chọn Lưu thành › CSV UTF-8"
        ) from None
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = []
    try:
        for index, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if any(c.strip() for c in cells):
                rows.append((index, cells))
    except csv.Error as error:
        raise _error(source, f"tệp CSV sai cấu trúc ({error})") from None
    return rows


def _xlsx(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _error(source, "tệp .xlsx bị hỏng (không mở được)") from None
    if len(infos) > 10_000 or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise _error(source, "tệp .xlsx giải nén ra quá lớn (nghi là tệp độc hại)")
    import openpyxl

    # openpyxl meets a damaged workbook with any exception type: one line for the clerk
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                sheet.reset_dimensions()
                rows = []
                for index, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                    texts = ["" if c is None else str(c) for c in cells]
                    if any(t.strip() for t in texts):
                        rows.append((index, texts))
                    if len(rows) > MAX_ROWS + 1:
                        break
            finally:
                book.close()
    except Exception:
        raise _error(source, "tệp .xlsx bị hỏng (không đọc được nội dung)") from None
    return rows


def read_directory(path: Path) -> tuple[Organ, ...]:
    """The agencies of the sheet at `path`, in sheet order; InputError naming every bad row."""
    source = str(path)
    rows = _rows(path)
    if not rows:
        raise _error(source, "tệp trống")
    (_, header), body = rows[0], rows[1:]
    keys = [header_key(h) for h in header]
    code_at = next((i for i, k in enumerate(keys) if k in _CODE_HEADERS), None)
    name_at = next((i for i, k in enumerate(keys) if k in _NAME_HEADERS), None)
    if code_at is None or name_at is None:
        raise _error(source, "không có cột mã định danh và cột tên cơ quan")
    if not body:
        raise _error(source, "danh bạ chưa có cơ quan nào", "thêm mỗi cơ quan một dòng")
    if len(body) > MAX_ROWS:
        raise _error(source, f"danh bạ có hơn {MAX_ROWS} dòng", "chia thành nhiều tệp")
    problems: list[str] = []
    organs: list[Organ] = []
    first: dict[str, int] = {}
    for row, cells in body:

        def cell(at: int, cells: list[str] = cells) -> str:
            raw = cells[at] if at < len(cells) else ""
            return " ".join(unicodedata.normalize("NFC", raw).split())

        code, name = cell(code_at).upper(), cell(name_at)
        if not AGENCY_CODE.match(code):
            problems.append(f"dòng {row}: mã `{code}` không đúng dạng 000.00.00.H26")
        elif code in first:
            problems.append(f"dòng {row}: mã {code} trùng với dòng {first[code]}")
        elif not name or len(name) > 200:
            problems.append(f"dòng {row}: thiếu tên cơ quan hoặc tên dài quá 200 ký tự")
        else:
            first[code] = row
            organs.append(Organ(code, name))
    if problems:
        more = f"; và {len(problems) - SHOWN} lỗi khác" if len(problems) > SHOWN else ""
        raise InputError(
            f"danh bạ có {len(problems)} lỗi: {'; '.join(problems[:SHOWN])}{more}",
            source=source,
            hint="sửa các dòng đó rồi nhập lại; danh bạ cũ vẫn giữ nguyên",
        )
    return tuple(organs)


def import_directory(store: RegisterStore, path: Path) -> Imported:
    """Replace the agency's directory by the sheet at `path` (nothing changes on a refusal)."""
    organs = read_directory(path)
    with store.unit_of_work() as uow:
        uow.queue(store_exchange.replace_statements(store.agency, organs))
        uow.commit()
    return Imported(len(organs), organs)


def directory(store: RegisterStore) -> list[Organ]:
    """The agency's directory, by code."""
    return store_exchange.directory(store.db, store.agency)


def resolve(store: RegisterStore, codes: Sequence[str]) -> tuple[Organ, ...]:
    """The directory's agencies of `codes` (each once, in the order given); InputError for a
    code the directory does not hold, with the close ones (by code or by name)."""
    known = {organ.code: organ for organ in directory(store)}
    if not known:
        raise InputError(
            "danh bạ liên thông chưa có cơ quan nào",
            field="--to",
            hint="người quản trị nhập danh bạ bằng `docgen exchange directory import DANH-BA.xlsx`.",
        )
    found: list[Organ] = []
    for raw in codes:
        code = raw.strip().upper()
        organ = known.get(code)
        if organ is None:
            raise InputError(
                f"không có mã `{raw}` trong danh bạ liên thông",
                field="--to",
                hint=_suggest(raw, list(known.values())),
            )
        if organ not in found:
            found.append(organ)
    if not found:
        raise InputError("chưa ghi nơi nhận", field="--to", hint="ví dụ --to 000.00.00.H01.")
    return tuple(found)


def _suggest(typed: str, organs: list[Organ]) -> str:
    # agency codes all look alike (`000.00.0x.H26`): only the closest ones are worth naming
    wanted_code = typed.strip().upper()
    ratios = {o.code: difflib.SequenceMatcher(None, wanted_code, o.code).ratio() for o in organs}
    best = max(ratios.values(), default=0.0)
    codes = [c for c, r in sorted(ratios.items()) if r == best and r >= 0.75][:3]
    wanted = header_key(typed)
    by_name = [o.code for o in organs if wanted and wanted in header_key(o.name)][:3]
    close = list(dict.fromkeys([*codes, *by_name]))
    if not close:
        return "xem danh bạ bằng `docgen exchange directory list`."
    names = {o.code: o.name for o in organs}
    return "có phải " + " hoặc ".join(f"{c} ({names[c]})" for c in close) + "?"
