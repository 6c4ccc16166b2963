"""Findings about the laid-out pages, read from a PDF of the document (not from the .docx): the
services compute the layout question in `pdf.layout_check` and make the finding here."""

from __future__ import annotations

from docgen.rules.check.findings import Finding, Severity, declare, finding

LAST_PAGE = declare("bottom_block_not_alone_on_last_page", "trang", "NĐ30 PL1 II.7, II.9 (suy ra)")
#: the rules only a PDF can trigger (the .docx checker's trigger test lists them apart)
PDF_RULES = frozenset({LAST_PAGE.rule})


def bottom_block_alone(pdf_name: str) -> Finding:
    """The warning for a PDF whose last page holds only Nơi nhận and the signature block."""
    return finding(
        LAST_PAGE,
        Severity.WARNING,
        f"{pdf_name}: trang cuối chỉ có phần Nơi nhận và chữ ký, không có dòng nội dung nào",
        "Đưa đoạn nội dung cuối sang cùng trang với chữ ký (giữ với đoạn sau: Keep with next), "
        "hoặc rút gọn để văn bản vừa trang trước.",
    )
