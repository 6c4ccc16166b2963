"""The header: Quốc hiệu and Tiêu ngữ (ô 1), agency names (ô 2), the two-column table and the short
rules under the Tiêu ngữ and the agency name (PL1 II.1–II.2; docs/format/header.md)."""

from __future__ import annotations

import re

from docgen.rules.check.common import listed, style_finding
from docgen.rules.check.findings import Finding, RuleInfo, Severity, declare, finding
from docgen.rules.check.locate import (
    QUOC_HIEU,
    TIEU_NGU,
    Mark,
    Parts,
    canon,
    nfc,
    segment,
    shown,
)
from docgen.rules.check.view import Paragraph
from docgen.rules.metrics import text_width_mm, wrap

TWO_COLUMNS = declare("header_two_columns", "ô 1, ô 2", "NĐ30 PL1 II.1.a, IV.2")
QH_PRESENT = declare("quoc_hieu_present", "ô 1", "NĐ30 PL1 II.1.a")
QH_SPELLING = declare("quoc_hieu_spelling", "ô 1", "NĐ30 PL1 II.1.a, Mục V")
QH_STYLE = declare("quoc_hieu_style", "ô 1", "NĐ30 PL1 II.1.a")
QH_UNWRAPPED = declare("quoc_hieu_unwrapped", "ô 1", "NĐ30 PL1 II.1.a")
TN_PRESENT = declare("tieu_ngu_present", "ô 1", "NĐ30 PL1 II.1.b")
TN_FORMAT = declare("tieu_ngu_format", "ô 1", "NĐ30 PL1 II.1.b")
TN_STYLE = declare("tieu_ngu_style", "ô 1", "NĐ30 PL1 II.1.b")
TN_RULE = declare("tieu_ngu_rule", "ô 1", "NĐ30 PL1 II.1.b")
AGENCY_PRESENT = declare("agency_present", "ô 2", "NĐ30 PL1 II.2")
AGENCY_STYLE = declare("agency_style", "ô 2", "NĐ30 PL1 II.2.b")
PARENT_STYLE = declare("parent_agency_style", "ô 2", "NĐ30 PL1 II.2.a")
AGENCY_RULE = declare("agency_rule", "ô 2", "NĐ30 PL1 II.2.b")
SIZES = declare("sizes_consistent", "ô 1, ô 4, ô 6", "NĐ30 PL1 Mục V chú thích 1")

_CONG_HOA = re.compile(r"C[ỘộOo]NG\s+H", re.I)
_DOC_LAP = re.compile(r"Độc\s+lập", re.I)
#: a rule of "1/3 to 1/2" the text line: allow a little for rounding to twips and for measuring
SHORT_RULE = (1 / 3 - 0.02, 1 / 2 + 0.02)
FULL_RULE = (0.9, 1.1)


def _size(p: Paragraph) -> tuple[float, bool]:
    run = p.visible[0] if p.visible else None
    return (run.size, run.bold) if run else (13.0, True)


def longest_line_mm(paras: tuple[Paragraph, ...]) -> float:
    """Width of the longest printed line of `paras` (manual breaks kept, long lines wrapped)."""
    widest = 0.0
    for p in paras:
        size, bold = _size(p)
        for part in p.text.split("\n"):
            for line in wrap(part, p.box_mm, size, bold=bold) or [""]:
                widest = max(widest, text_width_mm(line, size, bold=bold))
    return widest


def rule_share_finding(
    info: RuleInfo, mark: Mark | None, text_mm: float, share: tuple[float, float], what: str
) -> Finding | None:
    """A finding when the rule under a text is missing or its length is not `share` of the text."""
    low, high = share
    wanted = "bằng độ dài dòng chữ" if share == FULL_RULE else "dài 1/3 đến 1/2 dòng chữ"
    fix = f"Kẻ một đường nét liền dưới {what}, {wanted} ({text_mm * low:.0f}–{text_mm * high:.0f} mm), căn giữa."
    if mark is None:
        return finding(info, Severity.ERROR, f"không có đường kẻ dưới {what}", fix)
    if text_mm <= 0 or not low <= mark.length_mm / text_mm <= high:
        return finding(
            info,
            Severity.ERROR,
            f"đường kẻ dài {mark.length_mm:.1f} mm, dòng chữ dài {text_mm:.1f} mm",
            fix,
        )
    return None


def check(parts: Parts, issued: bool) -> list[Finding]:
    out: list[Finding] = []
    qh, tn = parts.quoc_hieu, parts.tieu_ngu
    if qh is None:
        out.append(
            finding(
                QH_PRESENT,
                Severity.ERROR,
                "không thấy dòng Quốc hiệu",
                f"Ghi Quốc hiệu “{QUOC_HIEU}” ở góc trên bên phải trang 1.",
            )
        )
    else:
        out.extend(_quoc_hieu(parts, qh))
    if tn is None:
        out.append(
            finding(
                TN_PRESENT,
                Severity.ERROR,
                "không thấy dòng Tiêu ngữ",
                f"Ghi Tiêu ngữ “{TIEU_NGU}” ngay dưới Quốc hiệu, có đường kẻ dưới.",
            )
        )
    else:
        out.extend(_tieu_ngu(parts, tn))
    out.extend(_agency(parts))
    out.extend(_sizes(parts))
    return out


def _sizes(parts: Parts) -> list[Finding]:
    """Sizes move together (PL1 Mục V footnote 1: Tiêu ngữ 14 with place-date 14, or 13 with 13);
    the body keeps one size throughout."""
    problems = []
    tn, date = parts.tieu_ngu, parts.date
    tn_size = tn.visible[0].size if tn is not None and tn.visible else None
    date_size = date.visible[0].size if date is not None and date.visible else None
    if tn_size is not None and date_size is not None and tn_size != date_size:
        problems.append(f"Tiêu ngữ cỡ {tn_size:g} nhưng địa danh, ngày tháng cỡ {date_size:g}")
    body_sizes = sorted({run.size for p in parts.body for run in p.visible})
    if len(body_sizes) > 1:
        problems.append(f"nội dung dùng nhiều cỡ chữ ({', '.join(f'{s:g}' for s in body_sizes)})")
    if not problems:
        return []
    return [
        finding(
            SIZES,
            Severity.WARNING,
            "; ".join(problems),
            "Tăng, giảm cỡ chữ thống nhất: Tiêu ngữ và địa danh, ngày tháng cùng cỡ (13 hoặc 14); "
            "toàn bộ nội dung một cỡ.",
        )
    ]


def _quoc_hieu(parts: Parts, qh: Paragraph) -> list[Finding]:
    out: list[Finding] = []
    text = " ".join(segment(nfc(shown(qh)), _CONG_HOA).split())
    if text != QUOC_HIEU and canon(text) == QUOC_HIEU:
        out.append(
            finding(
                QH_SPELLING,
                Severity.INFO,
                text,
                f"Nên viết đúng như Phụ lục I: “{QUOC_HIEU}” (dấu thanh đặt trên chữ “ò”).",
            )
        )
    elif canon(text) != QUOC_HIEU:
        out.append(finding(QH_SPELLING, Severity.ERROR, text, f"Ghi đúng Quốc hiệu “{QUOC_HIEU}”."))
    out.extend(
        listed(
            style_finding(QH_STYLE, [qh], "Quốc hiệu", (12, 13), bold=True, italic=False, caps=True)
        )
    )
    if qh.table < 0 or qh.col == 0 or not any(p.table == qh.table for p in parts.agency):
        out.append(
            finding(
                TWO_COLUMNS,
                Severity.ERROR,
                "Quốc hiệu và tên cơ quan không nằm ở hai cột của một bảng",
                "Trình bày phần đầu văn bản bằng bảng hai cột không viền: trái là tên cơ quan, "
                "số, ký hiệu; phải là Quốc hiệu, Tiêu ngữ, địa danh và ngày tháng.",
            )
        )
    size, bold = _size(qh)
    needed = text_width_mm(text, size, bold=bold)
    if "\n" in qh.text or needed > qh.box_mm:
        out.append(
            finding(
                QH_UNWRAPPED,
                Severity.ERROR,
                f"Quốc hiệu cần {needed:.1f} mm nhưng ô chỉ rộng {qh.box_mm:.1f} mm (bị xuống dòng)",
                "Mở rộng cột phải của bảng tiêu đề để Quốc hiệu nằm trên một dòng.",
            )
        )
    return out


def _tieu_ngu(parts: Parts, tn: Paragraph) -> list[Finding]:
    out: list[Finding] = []
    text = " ".join(segment(nfc(tn.text), _DOC_LAP).split())
    if text != TIEU_NGU:
        out.append(
            finding(
                TN_FORMAT,
                Severity.ERROR,
                text,
                f"Ghi đúng “{TIEU_NGU}”: chữ thường, viết hoa chữ đầu mỗi cụm, "
                "giữa các cụm có gạch nối và cách chữ.",
            )
        )
    out.extend(listed(style_finding(TN_STYLE, [tn], "Tiêu ngữ", (13, 14), bold=True, italic=False)))
    size, bold = _size(tn)
    bad = rule_share_finding(
        TN_RULE, parts.tieu_ngu_rule, text_width_mm(text, size, bold=bold), FULL_RULE, "Tiêu ngữ"
    )
    if bad:
        out.append(bad)
    return out


def _agency(parts: Parts) -> list[Finding]:
    if not parts.agency:
        return [
            finding(
                AGENCY_PRESENT,
                Severity.ERROR,
                "không thấy tên cơ quan ban hành",
                "Ghi tên cơ quan ban hành (chữ in hoa, đậm) ở cột trái phần đầu văn bản.",
            )
        ]
    out: list[Finding] = []
    out.extend(
        listed(
            style_finding(
                AGENCY_STYLE,
                parts.agency,
                "tên cơ quan ban hành",
                (12, 13),
                bold=True,
                italic=False,
                caps=True,
            )
        )
    )
    out.extend(
        listed(
            style_finding(
                PARENT_STYLE,
                parts.parent,
                "tên cơ quan chủ quản",
                (12, 13),
                bold=False,
                italic=False,
                caps=True,
            )
        )
    )
    bad = rule_share_finding(
        AGENCY_RULE,
        parts.agency_rule,
        longest_line_mm(parts.agency),
        SHORT_RULE,
        "tên cơ quan ban hành",
    )
    if bad:
        out.append(bad)
    return out
