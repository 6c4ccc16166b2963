"""A phụ lục in a file of its own (PL1 III.1; docs/format/appendices.md): `Phụ lục I`, its title
and the `(Kèm theo … số … ngày … tháng … năm … của …)` reference line. Such a file has no header,
number, signature or Nơi nhận of its own: those rules are not run on it (see `check_view`).

The reference line's number and day are blanks in a draft (a note) and filled in an issued paper
document (an error when blank); on the appendix of an electronic document the decree leaves them
blank (PL1 III.1.c; PL3 Mẫu 2.2), the agency signature's top-right line carrying the number.
"""

from __future__ import annotations

import re

from docgen.rules.check.body import running_text
from docgen.rules.check.common import listed, style_finding
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import AppendixHead, Parts, nfc
from docgen.rules.dates import format_day, format_month
from docgen.rules.numbering import format_number

LABEL_STYLE = declare("appendix_label_style", "phụ lục", "NĐ30 PL1 III.1.b")
LABEL_ROMAN = declare("appendix_label_roman", "phụ lục", "NĐ30 PL1 III.1.b")
TITLE = declare("appendix_title_style", "phụ lục", "NĐ30 PL1 III.1.b")
REFERENCE = declare("appendix_reference_format", "phụ lục", "NĐ30 PL1 III.1.c")
REFERENCE_STYLE = declare("appendix_reference_style", "phụ lục", "NĐ30 PL1 III.1.c")
REFERENCE_BLANK = declare("appendix_reference_blank", "phụ lục", "NĐ30 PL1 III.1.c, PL3 Mẫu 2.2")

_LABEL = re.compile(r"^Phụ lục(?:\s+(?P<numeral>\S+))?$", re.I)
_ROMAN = re.compile(r"^[IVXLC]+$")
_BLANK = r"[.…_]*"
_REFERENCE = re.compile(
    r"^\(Kèm theo (?P<what>.+?) số\s*(?P<number>[^/\s]*)\s*/\s*(?P<symbol>\S+)\s+"
    rf"ngày\s*(?P<day>\d+|{_BLANK})\s*tháng\s*(?P<month>\d+|{_BLANK})\s*năm (?P<year>\d{{4}}) "
    r"của (?P<issuer>.+)\)$"
)
_EXAMPLE = "(Kèm theo Quyết định số 05/QĐ-BQL ngày 05 tháng 3 năm 2024 của Ban Quản lý …)"


def check(parts: Parts, issued: bool) -> list[Finding]:
    head = parts.appendix
    if head is None:
        return []
    return [
        *_label(head),
        *_title(head),
        *_reference(head, issued),
        *running_text(parts, end_mark=False),
    ]


def _label(head: AppendixHead) -> list[Finding]:
    label = head.label
    out = listed(
        style_finding(LABEL_STYLE, [label], "dòng “Phụ lục”", (14, 14), bold=True, italic=False)
    )
    if not out and label.align != "center":
        out.append(
            finding(
                LABEL_STYLE,
                Severity.ERROR,
                "dòng “Phụ lục” không căn giữa",
                "Dòng “Phụ lục I”: cỡ 14 pt, đứng, đậm, căn giữa.",
            )
        )
    match = _LABEL.match(" ".join(nfc(label.text).split()))
    numeral = match["numeral"] if match else None
    if numeral is not None and not _ROMAN.match(numeral):
        out.append(
            finding(
                LABEL_ROMAN,
                Severity.WARNING,
                " ".join(label.text.split()),
                "Đánh số phụ lục bằng chữ số La Mã: Phụ lục I, Phụ lục II, …",
            )
        )
    return out


def _title(head: AppendixHead) -> list[Finding]:
    if not head.title:
        return [
            finding(
                TITLE,
                Severity.ERROR,
                "không có tên phụ lục dưới dòng “Phụ lục”",
                "Ghi tên phụ lục bằng chữ in hoa, cỡ 13–14 pt, đứng, đậm, căn giữa.",
            )
        ]
    found = style_finding(
        TITLE, head.title, "tên phụ lục", (13, 14), bold=True, italic=False, caps=True
    )
    if found is None and any(p.align != "center" for p in head.title):
        found = finding(
            TITLE,
            Severity.ERROR,
            "tên phụ lục không căn giữa",
            "Tên phụ lục: chữ in hoa, cỡ 13–14 pt, đứng, đậm, căn giữa.",
        )
    return listed(found)


def _reference(head: AppendixHead, issued: bool) -> list[Finding]:
    line = head.reference
    text = " ".join(nfc(line.text).split())
    out = listed(style_finding(REFERENCE_STYLE, [line], "dòng “Kèm theo”", (13, 14), italic=True))
    if not out and line.align != "center":
        out.append(
            finding(
                REFERENCE_STYLE,
                Severity.ERROR,
                "dòng “Kèm theo” không căn giữa",
                "Dòng “(Kèm theo …)”: chữ nghiêng, cỡ 13–14 pt, căn giữa dưới tên phụ lục.",
            )
        )
    match = _REFERENCE.match(text)
    if match is None:
        out.append(
            finding(
                REFERENCE,
                Severity.ERROR,
                text,
                f"Ghi đủ tên loại, số, ký hiệu, ngày tháng năm và cơ quan ban hành: “{_EXAMPLE}”.",
            )
        )
        return out
    problems = []
    number, day, month = match["number"], match["day"], match["month"]
    if number.isdigit() and number != format_number(int(number)):
        problems.append(f"số {number} (viết {format_number(int(number))})")
    elif number.strip(".…_") and not number.isdigit():
        problems.append(f"số “{number}” không phải chữ số")
    if day.isdigit() and day != format_day(int(day)):
        problems.append(f"ngày {day} (viết {format_day(int(day))})")
    if month.isdigit() and month != format_month(int(month)):
        problems.append(f"tháng {month} (viết {format_month(int(month))})")
    if problems:
        out.append(
            finding(
                REFERENCE,
                Severity.ERROR,
                f"{text} ({'; '.join(problems)})",
                "Số và ngày dưới 10 có số 0 ở trước; chỉ tháng 1, 2 có số 0 ở trước.",
            )
        )
    blank = [
        what
        for what, value in (("số", number), ("ngày", day), ("tháng", month))
        if not value.isdigit()
    ]
    if blank:
        out.append(
            finding(
                REFERENCE_BLANK,
                Severity.ERROR if issued else Severity.INFO,
                f"dòng “Kèm theo” để trống {', '.join(blank)}",
                "Văn thư ghi số, ngày tháng của văn bản khi ban hành văn bản giấy; phụ lục của văn "
                "bản điện tử để trống, số và thời điểm ký nằm ở chữ ký số góc trên bên phải.",
            )
        )
    return out
