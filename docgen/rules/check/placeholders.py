"""Placeholders of docgen's Word templates left unfilled (`«Trích yếu nội dung»`).

`docgen templates export` writes templates whose blanks are marked `«…»`, so that a specialist
sees at once what to type; a draft that still holds one is not ready to sign or issue.
"""

from __future__ import annotations

import re

from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import Parts

#: a blank of docgen's Word templates; typed text never uses «» in Vietnamese documents (“…”)
PLACEHOLDER = re.compile(r"«[^«»\n]{1,80}»")
LEFT = declare("template_placeholder_filled", "toàn văn bản", "mẫu Word của docgen")


def check(parts: Parts, issued: bool) -> list[Finding]:
    out = []
    for p in parts.view.paragraphs:
        match = PLACEHOLDER.search(p.text)
        if match is None:
            continue
        out.append(
            finding(
                LEFT,
                Severity.ERROR if issued else Severity.WARNING,
                f"còn chỗ trống của mẫu chưa điền: {match.group(0)}",
                "Thay chỗ trống trong ngoặc «…» bằng nội dung (hoặc xóa nếu không dùng).",
                at=p.text,
            )
        )
    return out
