"""Page setup, fonts and page numbers (PL1 I.1–I.7; docs/format/README.md)."""

from __future__ import annotations

import math

from docgen.rules.check.common import style_problem
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import MARKS, Parts, canon
from docgen.rules.check.view import DocView, Paragraph
from docgen.rules.metrics import MM_PER_PT, text_width_mm

PAGE_A4 = declare("page_size_a4", "trang", "NĐ30 PL1 I.1")
PAGE_PORTRAIT = declare("page_orientation_portrait", "trang", "NĐ30 PL1 I.2")
MARGINS = declare("page_margins_in_range", "trang", "NĐ30 PL1 I.3")
FONT = declare("font_is_tnr", "toàn văn bản", "NĐ30 PL1 I.4")
COLOR = declare("font_color_black", "toàn văn bản", "NĐ30 PL1 I.4")
PAGE_NUMBER = declare("page_number_present", "số trang", "NĐ30 PL1 I.7")
PAGE_FIRST = declare("page_number_hidden_on_first", "số trang", "NĐ30 PL1 I.7")
PAGE_STYLE = declare("page_number_style", "số trang", "NĐ30 PL1 I.7")

#: closed ranges in mm (PL1 I.3); a file stores twips, so allow a rounding slack
MARGIN_RANGES = {
    "trên": (20.0, 25.0),
    "dưới": (20.0, 25.0),
    "trái": (30.0, 35.0),
    "phải": (15.0, 20.0),
}
MM_SLACK = 0.1
TNR = "times new roman"
LINE_HEIGHT = 1.15  # a single line of Times New Roman is about 1.15 × its size


def estimate_pages(view: DocView) -> float:
    """A rough page count from the text lengths (no layout engine): tells one page from several."""
    sec = view.sections[0]
    usable = max(sec.height_mm - sec.top_mm - sec.bottom_mm, 1.0)
    total = 0.0
    cells: dict[tuple[int, int], dict[int, float]] = {}
    for p in view.paragraphs:
        size = p.visible[0].size if p.visible else 12.0
        lines = sum(
            max(1, math.ceil(text_width_mm(part, size) / max(p.box_mm, 10.0)))
            for part in p.text.split("\n")
        )
        height = lines * size * MM_PER_PT * LINE_HEIGHT * (p.line or 1.0)
        height += (p.before_pt + p.after_pt) * MM_PER_PT
        if p.table < 0:
            total += height
        else:
            row = cells.setdefault((p.table, p.row), {})
            row[p.col] = row.get(p.col, 0.0) + height
    total += sum(max(cols.values()) for cols in cells.values())
    return total / usable


def _all_paragraphs(view: DocView) -> list[Paragraph]:
    found = list(view.paragraphs)
    for sec in view.sections[:1]:
        for _, paras in (*sec.headers, *sec.footers):
            found.extend(paras)
    return found


def check(parts: Parts, issued: bool) -> list[Finding]:
    view = parts.view
    out: list[Finding] = []
    seen: set[tuple[float, ...]] = set()
    for sec in view.sections:
        key = (sec.width_mm, sec.height_mm, sec.top_mm, sec.bottom_mm, sec.left_mm, sec.right_mm)
        if key in seen:
            continue
        seen.add(key)
        short, long = sorted((sec.width_mm, sec.height_mm))
        if abs(short - 210) > 1 or abs(long - 297) > 1:
            out.append(
                finding(
                    PAGE_A4,
                    Severity.ERROR,
                    f"khổ giấy {sec.width_mm:.0f} × {sec.height_mm:.0f} mm",
                    "Chọn khổ giấy A4 (210 × 297 mm) trong Bố cục › Khổ giấy.",
                )
            )
        if sec.width_mm > sec.height_mm:
            out.append(
                finding(
                    PAGE_PORTRAIT,
                    Severity.WARNING,
                    "trang nằm ngang",
                    "Trình bày theo chiều dài khổ A4; chỉ để ngang khi nội dung là bảng, biểu.",
                )
            )
        values = {"trên": sec.top_mm, "dưới": sec.bottom_mm, "trái": sec.left_mm}
        values["phải"] = sec.right_mm
        bad = [
            f"lề {side} {value:.1f} mm (phải {low:g}–{high:g} mm)"
            for side, value in values.items()
            for low, high in [MARGIN_RANGES[side]]
            if not low - MM_SLACK <= value <= high + MM_SLACK
        ]
        if bad:
            out.append(
                finding(
                    MARGINS,
                    Severity.ERROR,
                    "; ".join(bad),
                    "Đặt lề trên và dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm.",
                )
            )
    out.extend(_fonts(view))
    out.extend(_page_number(view))
    return out


def _fonts(view: DocView) -> list[Finding]:
    out: list[Finding] = []
    fonts: dict[str, list[str]] = {}
    colors: list[str] = []
    for p in _all_paragraphs(view):
        for run in p.visible:
            if run.font and run.font.strip().lower() != TNR:
                fonts.setdefault(run.font, []).append(run.text.strip())
            if run.color not in ("AUTO", "000000") and canon(p.text) not in MARKS:
                colors.append(f"{run.text.strip()} (màu {run.color})")
    for font, texts in sorted(fonts.items()):
        out.append(
            finding(
                FONT,
                Severity.ERROR,
                f"phông {font} ở {len(texts)} đoạn chữ, ví dụ: {texts[0]}",
                "Dùng phông Times New Roman (Unicode, TCVN 6909:2001) cho toàn bộ văn bản.",
            )
        )
    if colors:
        out.append(
            finding(
                COLOR,
                Severity.WARNING,
                colors[0],
                "Để chữ màu đen; chỉ dấu mức độ khẩn, độ mật mới in màu đỏ.",
            )
        )
    return out


def _page_number(view: DocView) -> list[Finding]:
    sec = view.sections[0]
    default = sec.header("default") or ()
    first = sec.header("first") or ()
    fields = [p for p in default if p.page_field]
    if not fields:
        in_footer = any(p.page_field for _, paras in sec.footers for p in paras)
        pages = estimate_pages(view)
        severity = Severity.ERROR if in_footer or pages > 1 else Severity.INFO
        found = "số trang đặt ở chân trang" if in_footer else "không có số trang ở đầu trang"
        return [
            finding(
                PAGE_NUMBER,
                severity,
                found,
                "Chèn số trang (trường PAGE) giữa lề trên, từ trang 2 trở đi.",
            )
        ]
    out: list[Finding] = []
    if not sec.title_page or any(p.page_field for p in first):
        out.append(
            finding(
                PAGE_FIRST,
                Severity.ERROR,
                "số trang hiện cả ở trang 1",
                "Bật “Trang đầu khác” (Different First Page) để trang 1 không có số trang.",
            )
        )
    problem = style_problem(fields, (13, 14), italic=False)
    if problem or any(p.align != "center" for p in fields):
        out.append(
            finding(
                PAGE_STYLE,
                Severity.ERROR,
                f"số trang {problem or 'không căn giữa'}",
                "Số trang bằng chữ số Ả Rập, cỡ 13–14, kiểu đứng, căn giữa lề trên.",
            )
        )
    return out
