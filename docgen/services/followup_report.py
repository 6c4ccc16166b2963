"""The follow-up report as a browser chart (server-rendered SVG: the web application's CSP allows
no inline script or style, and no chart library is needed for a few bars) and as an XLSX
workbook (openpyxl): the table with a bar chart, and the follow-up register's lines (Sổ theo dõi
giải quyết văn bản đến, ND30 PL4 VIII, seven columns)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from html import escape

from docgen.archive import processing as table
from docgen.model.processing import OUTCOME_LABELS, Stage, receivers_text
from docgen.model.register import format_number
from docgen.rules.processing import outcome
from docgen.services.followup import REPORT_COLUMNS, Report

#: the bars' colours (fill attributes), by count, with enough contrast on white for the labels
COLOURS = {
    "on_time": "#1b7f3b",
    "late": "#b35c00",
    "overdue": "#b3261e",
    "pending": "#2f5f9e",
}
_PARTS = ("on_time", "late", "overdue", "pending")

#: Sổ theo dõi giải quyết văn bản đến, PL4 VIII (C): its seven columns
TRACKING_HEADERS = (
    "Số đến",
    "Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
_TRACKING_WIDTHS = (9, 48, 28, 14, 30, 20, 22)


def chart_svg(rep: Report) -> str:
    """A stacked horizontal bar per unit: done on time, done late, overdue, pending; the count
    written in each part wide enough to hold it, a legend under the bars. Text is escaped; no
    style attributes (the CSP), presentation attributes only."""
    rows = [r for r in rep.rows if r.received] or list(rep.rows)
    label_w, bar_w, row_h, top = 230, 460, 30, 34
    most = max((r.received for r in rows), default=0) or 1
    height = top + row_h * max(len(rows), 1) + 56
    width = label_w + bar_w + 60
    title = f"Kết quả giải quyết văn bản đến {rep.period}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="bieu-do-tieu-de">',
        f'<title id="bieu-do-tieu-de">{escape(title)}</title>',
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#1a1a1a">'
        f"{escape(title)}</text>",
    ]
    if not rows:
        out.append(f'<text x="0" y="{top + 18}" font-size="13" fill="#1a1a1a">Không có văn bản '
                   "nào trong thời gian này.</text>")  # fmt: skip
    for index, row in enumerate(rows):
        y = top + index * row_h
        name = rep.name(row.lead)
        out.append(
            f'<text x="{label_w - 8}" y="{y + 19}" font-size="13" text-anchor="end" '
            f'fill="#1a1a1a">{escape(name[:34])}</text>'
        )
        x = float(label_w)
        for part in _PARTS:
            value = int(getattr(row, part))
            if not value:
                continue
            w = bar_w * value / most
            tip = f"{name}: {OUTCOME_LABELS[_outcome_key(part)]} {value}"
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{COLOURS[part]}"><title>{escape(tip)}</title></rect>'
            )
            if w >= 9 * len(str(value)) + 6:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 19}" font-size="12" text-anchor="middle" '
                    f'fill="#ffffff">{value}</text>'
                )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + 19}" font-size="12" fill="#1a1a1a">'
            f"{row.received}</text>"
        )
    legend_y = top + row_h * max(len(rows), 1) + 18
    x = 0
    for part in _PARTS:
        text = OUTCOME_LABELS[_outcome_key(part)]
        out.append(
            f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{COLOURS[part]}"/>'
            f'<text x="{x + 19}" y="{legend_y + 12}" font-size="12" fill="#1a1a1a">'
            f"{escape(text)}</text>"
        )
        x += 26 + 7 * len(text)
    out.append("</svg>")
    return "".join(out)


def _outcome_key(part: str) -> str:
    return {"on_time": "dung_han", "late": "tre_han", "overdue": "qua_han",
            "pending": "dang_xu_ly"}[part]  # fmt: skip


def tracking_cells(
    row: table.Row, today: dt.date, names: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The seven cells of one line of the follow-up register (PL4 VIII) for `row`."""
    names = names or {}
    source = ", ".join(p for p in (row.notation, row.sender) if p)
    described = f"{source}: {row.subject}" if row.subject else source
    person = names.get(row.assignee, row.assignee) if row.assignee else ""
    receivers = receivers_text(row.lead, person, row.cooperating)
    state = row.stage.label
    if row.progress and row.stage is not Stage.DA_XU_LY:
        state += f": {row.progress}"
    if row.closed_on is not None:
        state += f" ngày {row.closed_on:%d/%m/%Y}"
    counted = OUTCOME_LABELS[outcome(row.deadline, row.closed_on, today)]
    note = "Lưu hồ sơ; " if row.closed_on is not None and not row.reply else ""
    return (
        format_number(row.number),
        described,
        receivers,
        f"{row.deadline:%d/%m/%Y}" if row.deadline else "",
        state,
        row.reply,
        note + counted,
    )


def report_xlsx(
    rep: Report,
    lines: Sequence[table.Row],
    *,
    agency_name: str,
    names: Mapping[str, str] | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """The report as an XLSX workbook: sheet "Tổng hợp" (the table and a bar chart of it), sheet
    "Theo dõi giải quyết" (one line per document, PL4 VIII). The same report gives the same
    bytes (fixed dates inside, members dated 1980-01-01)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet
    from openpyxl.writer.excel import ExcelWriter

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = "Times New Roman"
    book = Workbook()
    stamp = created or dt.datetime.combine(rep.today, dt.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "docgen"

    default = book.active
    assert default is not None
    book.remove(default)
    summary: Worksheet = book.create_sheet("Tổng hợp")
    summary["A1"] = agency_name
    summary["A2"] = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT VĂN BẢN ĐẾN"
    summary["A3"] = (
        f"Văn bản đến {rep.period}" + (f", đơn vị chủ trì {rep.name(rep.unit)}" if rep.unit else "")
        + f"; tính đến ngày {rep.today:%d/%m/%Y}"
    )  # fmt: skip
    for ref, bold in (("A1", True), ("A2", True), ("A3", False)):
        summary[ref].font = Font(name=font, bold=bold, size=13)
    headers = ["Đơn vị chủ trì", *(title for _, title in REPORT_COLUMNS)]
    first = 5
    for column, title in enumerate(headers, start=1):
        cell = summary.cell(row=first, column=column, value=title)
        cell.font = Font(name=font, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        summary.column_dimensions[get_column_letter(column)].width = 34 if column == 1 else 15
    body = [*rep.rows, rep.total]
    for index, counts in enumerate(body):
        total = index == len(body) - 1
        values = [
            "Tổng cộng" if total else rep.name(counts.lead),
            *(getattr(counts, f) for f, _ in REPORT_COLUMNS),
        ]
        for column, value in enumerate(values, start=1):
            cell = summary.cell(row=first + 1 + index, column=column, value=value)
            cell.font = Font(name=font, size=12, bold=total)
            cell.border = box
    if rep.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = "Kết quả giải quyết theo đơn vị"
        data = Reference(summary, min_col=3, max_col=6, min_row=first,
                         max_row=first + len(rep.rows))  # fmt: skip
        labels = Reference(summary, min_col=1, min_row=first + 1, max_row=first + len(rep.rows))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        for series, part in zip(chart.series, _PARTS, strict=True):
            series.graphicalProperties.solidFill = COLOURS[part].lstrip("#")
        chart.height, chart.width = 3 + 1.2 * len(rep.rows), 22
        summary.add_chart(chart, f"A{first + len(body) + 3}")

    sheet = book.create_sheet("Theo dõi giải quyết")
    for column, (title, width) in enumerate(
        zip(TRACKING_HEADERS, _TRACKING_WIDTHS, strict=True), start=1
    ):
        sheet.column_dimensions[get_column_letter(column)].width = width
        head = sheet.cell(row=1, column=column, value=title)
        number = sheet.cell(row=2, column=column, value=f"({column})")
        for cell in (head, number):
            cell.font = Font(name=font, bold=cell is head, size=12)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = box
    for offset, row in enumerate(lines, start=3):
        for column, text in enumerate(tracking_cells(row, rep.today, names), start=1):
            cell = sheet.cell(row=offset, column=column, value=text or None)
            cell.font = Font(name=font, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = box
    sheet.print_title_rows = "1:2"
    sheet.freeze_panes = "A3"
    for each in (summary, sheet):
        each.page_setup.orientation = "landscape"
        each.page_setup.paperSize = 9  # A4

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def file_name(rep: Report, abbreviation: str) -> str:
    """`bao-cao-xu-ly-van-ban-den-BQL-KHTH-20240501-20240531.xlsx`."""
    unit = f"-{rep.unit}" if rep.unit else ""
    return (
        f"bao-cao-xu-ly-van-ban-den-{abbreviation}{unit}-"
        f"{rep.date_from:%Y%m%d}-{rep.date_to:%Y%m%d}.xlsx"
    )
