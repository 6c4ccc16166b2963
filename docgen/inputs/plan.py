"""The file plan (danh mục hồ sơ) as an XLSX the administrator edits: the template docgen writes
and the sheet it reads back (docs/records/hoso.md).

The first sheet holds the plan, one file per row, under the header row: Đề mục, Mã hồ sơ, Tiêu
đề hồ sơ, Thời hạn bảo quản, Đơn vị lập hồ sơ, Người lập hồ sơ, Căn cứ (the row of the shipped
table of Thông tư 10/2022/TT-BNV), Ghi chú. Further sheets list the shipped table and the
agency's units, for reference. Reading checks every row and refuses the sheet at the first bad
cell with one line naming the row, the column and what to do (`InputError`); nothing is stored
from a sheet that has one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputError
from docgen.inputs.recipients import _xlsx_rows
from docgen.model.agency import Agency
from docgen.model.records import PlanRow
from docgen.rules.records import normalise_code, parse_retention, retention_table, rule

PLAN_SHEET = "Danh mục hồ sơ"
TABLE_SHEET = "Bảng TT 10-2022"
UNITS_SHEET = "Đơn vị"
#: (key, header) of each column of the plan sheet, in order
COLUMNS = (
    ("heading", "Đề mục"),
    ("code", "Mã hồ sơ"),
    ("title", "Tiêu đề hồ sơ"),
    ("retention", "Thời hạn bảo quản"),
    ("unit", "Đơn vị lập hồ sơ"),
    ("maker", "Người lập hồ sơ"),
    ("basis", "Căn cứ (TT 10/2022)"),
    ("note", "Ghi chú"),
)
REQUIRED = ("code", "title", "retention", "unit")
WIDTHS = (34, 12, 60, 18, 16, 22, 16, 24)
RETENTION_CHOICES = (
    "Vĩnh viễn",
    "70 năm",
    "50 năm",
    "30 năm",
    "20 năm",
    "15 năm",
    "10 năm",
    "05 năm",
)
MAX_ROWS = 2000
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def roman(number: int) -> str:
    return _ROMAN[number - 1] if 1 <= number <= len(_ROMAN) else str(number)


def table_rows() -> list[PlanRow]:
    """The shipped table as plan rows: one per table row, numbered 01… through the list (PL5
    I.2, the first way), the heading the table's group in Roman numerals, no unit yet."""
    rows = []
    for index, entry in enumerate(retention_table(), 1):
        rows.append(
            PlanRow(
                code=f"{index:02d}",
                title=entry.title,
                retention=entry.retention,
                unit="",
                heading=f"{roman(int(entry.group))}. {entry.group_title}",
                basis=entry.code,
            )
        )
    return rows


def template_xlsx(rows: Sequence[PlanRow], agency: Agency, year: int) -> bytes:
    """The plan sheet pre-filled with `rows`, the shipped table and the units beside it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PLAN_SHEET
    for index, ((_, header), width) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
        cell = sheet.cell(row=1, column=index + 1, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, 2):
        values = (
            row.heading, row.code, row.title, row.retention.label, row.unit, row.maker,
            row.basis, row.note,
        )  # fmt: skip
        for index, value in enumerate(values):
            cell = sheet.cell(row=number, column=index + 1, value=value or None)
            cell.number_format = "@"  # text: `01` keeps its zero
    last = max(len(rows) + 1, 200)
    retention = DataValidation(
        type="list", formula1=f'"{",".join(RETENTION_CHOICES)}"', allow_blank=True
    )
    retention.add(f"D2:D{last}")
    units = [u.abbreviation for u in agency.units]
    sheet.add_data_validation(retention)
    if units:
        unit_list = DataValidation(type="list", formula1=f'"{",".join(units)}"', allow_blank=True)
        unit_list.add(f"E2:E{last}")
        sheet.add_data_validation(unit_list)

    table = book.create_sheet(TABLE_SHEET)
    headers = ("Nhóm", "Mã", "Hồ sơ, tài liệu", "Thời hạn bảo quản", "Điều khoản", "Xác nhận")
    table.append(headers)
    for entry in retention_table():
        table.append(
            (
                f"{entry.group}. {entry.group_title}", entry.code, entry.title,
                entry.retention.label, entry.article,
                "đã đối chiếu" if entry.confirmed else "CHƯA ĐỐI CHIẾU (UNCONFIRMED)",
            )
        )  # fmt: skip
    for index, width in enumerate((34, 8, 70, 16, 44, 26)):
        table.column_dimensions[_letter(index)].width = width
    unit_sheet = book.create_sheet(UNITS_SHEET)
    unit_sheet.append(("Viết tắt", "Tên đơn vị"))
    for unit in agency.units:
        unit_sheet.append((unit.abbreviation, unit.name))
    unit_sheet.column_dimensions["B"].width = 40
    book.properties.title = f"Danh mục hồ sơ năm {year} — {agency.name}"
    book.properties.creator = "docgen"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Sheet:
    source: str
    columns: dict[str, int]  #: key -> column index (0-based)
    header_row: int

    def where(self, row: int, key: str) -> str:
        index = self.columns[key]
        title = dict(COLUMNS)[key]
        return f"dòng {row}, cột {_letter(index)} ({title})"

    def error(self, row: int, key: str, message: str, hint: str) -> InputError:
        return InputError(message, source=self.source, field=self.where(row, key), hint=hint)


def _fold(text: str) -> str:
    from docgen.rules.records import words

    return " ".join(words(text)) or text.strip().lower()


def _header(rows: list[tuple[int, list[str]]], source: str) -> _Sheet:
    if not rows:
        raise InputError(
            "bảng danh mục hồ sơ trống",
            source=source,
            hint="xuất mẫu bằng `docgen hoso plan --template` rồi điền vào.",
        )
    number, header = rows[0]
    wanted = {_fold(title): key for key, title in COLUMNS}
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        key = wanted.get(_fold(text))
        if key is not None and key not in columns:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            raise InputError(
                f"thiếu cột `{dict(COLUMNS)[key]}`",
                source=source,
                field=f"dòng {number}",
                hint="giữ nguyên dòng tiêu đề của mẫu `docgen hoso plan --template`.",
            )
    return _Sheet(source, columns, number)


def read_plan(path: Path, agency: Agency) -> tuple[PlanRow, ...]:
    """The plan rows of the XLSX at `path`, checked: every required cell filled, codes of the
    right shape and unique, retention `Vĩnh viễn` or a number of years, units of the profile,
    `Căn cứ` a row of the shipped table. InputError naming the first bad cell."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            f"không đọc được tệp ({error.strerror})", source=source, hint="kiểm tra đường dẫn."
        ) from error
    rows = _xlsx_rows(data, source, MAX_ROWS)
    sheet = _header(rows, source)
    units = {u.abbreviation for u in agency.units}
    seen: dict[str, int] = {}
    plan: list[PlanRow] = []
    for number, cells in rows[1:]:
        cell = {k: (cells[i].strip() if i < len(cells) else "") for k, i in sheet.columns.items()}
        if not any(cell.get(k) for k in REQUIRED):
            continue  # a heading-only or blank row
        for key in REQUIRED:
            if not cell.get(key):
                raise sheet.error(
                    number,
                    key,
                    f"chưa ghi {dict(COLUMNS)[key].lower()}",
                    "điền ô này hoặc xóa dòng.",
                )
        code = normalise_code(cell["code"])
        if code is None:
            raise sheet.error(
                number,
                "code",
                f"mã hồ sơ `{cell['code']}` không đúng dạng",
                "ghi số thứ tự và (nếu có) chữ viết tắt của đề mục, ví dụ 05 hoặc 01.TCCB.",
            )
        if code in seen:
            raise sheet.error(
                number,
                "code",
                f"mã hồ sơ {code} trùng với dòng {seen[code]}",
                "mỗi hồ sơ trong danh mục một mã riêng; đánh lại số thứ tự.",
            )
        seen[code] = number
        retention = parse_retention(cell["retention"])
        if retention is None:
            raise sheet.error(
                number,
                "retention",
                f"thời hạn bảo quản `{cell['retention']}` không rõ",
                "ghi `Vĩnh viễn` hoặc số năm, ví dụ `20 năm` (theo Thông tư 10/2022/TT-BNV).",
            )
        unit = cell["unit"].upper()
        if unit not in units:
            known = ", ".join(sorted(units)) or "(chưa khai báo đơn vị nào)"
            raise sheet.error(
                number,
                "unit",
                f"đơn vị `{cell['unit']}` không có trong hồ sơ cơ quan",
                f"dùng một đơn vị ở mục [units] của docgen.toml: {known}.",
            )
        basis = cell.get("basis", "")
        if basis and rule(basis) is None:
            raise sheet.error(
                number,
                "basis",
                f"căn cứ `{basis}` không có trong bảng Thông tư 10/2022 của docgen",
                f"ghi một mã ở trang `{TABLE_SHEET}` của mẫu, hoặc để trống.",
            )
        plan.append(
            PlanRow(
                code=code,
                title=" ".join(cell["title"].split()),
                retention=retention,
                unit=unit,
                heading=cell.get("heading", ""),
                maker=cell.get("maker", ""),
                basis=basis,
                note=cell.get("note", ""),
            )
        )
    if not plan:
        raise InputError(
            "bảng danh mục hồ sơ không có hồ sơ nào",
            source=source,
            hint="mỗi dòng một hồ sơ: mã, tiêu đề, thời hạn bảo quản, đơn vị.",
        )
    return tuple(plan)
