"""The manifest of a batch: what was issued to whom, one row per recipient, read from the register
(so it always matches it), as XLSX (openpyxl) or CSV (UTF-8 with BOM, which Excel opens as such)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from docgen.errors import InputError
from docgen.files import write_atomic
from docgen.model.register import EntryStatus
from docgen.services.batch import BatchResult
from docgen.services.issue import folder_for

HEADERS = (
    "Dòng",
    "Người nhận",
    "Địa chỉ",
    "Email",
    "Số, ký hiệu",
    "Ngày",
    "Trạng thái",
    "Tệp PDF",
    "SHA-256 tệp PDF",
    "Ghi chú",
)
_STATUS = {
    EntryStatus.ISSUED: "đã ban hành",
    EntryStatus.RESERVED: "đang giữ số",
    EntryStatus.CANCELLED: "đã hủy số",
}


def manifest_rows(result: BatchResult) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for item, entry in result.entries:
        pdf = next((name for name in sorted(entry.files) if name.endswith(".pdf")), "")
        path = f"{folder_for(entry)}/{pdf}" if pdf else ""
        day = f"{entry.date:%d/%m/%Y}" if entry.date else ""
        for recipient in item.rows:
            rows.append(
                (
                    recipient.row, recipient.name, recipient.address, recipient.email,
                    entry.number_symbol, day, _STATUS.get(entry.status, str(entry.status)),
                    path, entry.files.get(pdf, ""), entry.note,
                )
            )  # fmt: skip
    return rows


def default_path(recipients_file: Path, batch_id: str) -> Path:
    """`nguoi-nhan.ket-qua-<lô>.xlsx` beside the sheet."""
    return recipients_file.with_name(f"{recipients_file.stem}.ket-qua-{batch_id}.xlsx")


def write_manifest(result: BatchResult, path: Path) -> Path:
    """Write the manifest to `path` (.xlsx or .csv) atomically; returns `path`."""
    rows = manifest_rows(result)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)
        write_atomic(path, ("\ufeff" + text.getvalue()).encode("utf-8"))
        return path
    if suffix != ".xlsx":
        raise InputError(
            "tệp kết quả phải là .xlsx hoặc .csv",
            source=str(path),
            hint="đặt tên tệp kết quả đuôi .xlsx hoặc .csv",
        )
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kết quả"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in zip("ABCDEFGHIJ", (6, 40, 30, 24, 16, 11, 14, 48, 66, 24), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    data = io.BytesIO()
    book.save(data)
    write_atomic(path, data.getvalue())
    return path
