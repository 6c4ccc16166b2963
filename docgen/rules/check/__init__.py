"""The ND30 format checker (docs/format/checker.md): pure rules over a `DocView`.

`check_view(view, issued=...)` returns a `Report`; it never raises on a faulty document. Reading a
.docx into a `DocView` is `docgen.render.inspect.read_docx`; the file-level use case is
`docgen.services.check.check_docx`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from docgen.rules.check import (
    appendix,
    blocks,
    body,
    consistency,
    header,
    number_date,
    page,
    placeholders,
)
from docgen.rules.check import pdf_layout as pdf_layout  # declares the PDF layout rules
from docgen.rules.check.findings import (
    RULES,
    Finding,
    Report,
    RuleInfo,
    Severity,
    opening_words,
)
from docgen.rules.check.locate import Parts, locate
from docgen.rules.check.view import DocView, Paragraph

#: rule groups in the order a reader meets the components on the page
GROUPS: tuple[Callable[[Parts, bool], list[Finding]], ...] = (
    page.check,
    header.check,
    number_date.check,
    body.check,
    blocks.check,
    consistency.check,
    placeholders.check,
)
#: a phụ lục in a file of its own: no header, number, signature or Nơi nhận to check
APPENDIX_GROUPS: tuple[Callable[[Parts, bool], list[Finding]], ...] = (
    page.check,
    appendix.check,
    consistency.check,
    placeholders.check,
)


def check_view(view: DocView, *, issued: bool, source: str = "") -> Report:
    """All findings for `view`. `issued`: the document is about to be (or has been) issued, so a
    blank number or day is an error, not a note. A phụ lục file (`Phụ lục I`, its title and the
    `(Kèm theo …)` line, no header) is checked as an appendix."""
    parts = locate(view)
    groups = APPENDIX_GROUPS if parts.appendix is not None else GROUPS
    anchors = _anchors(parts)
    findings = [located(f, anchors) for group in groups for f in group(parts, issued)]
    return Report(source, issued, tuple(findings))


def _anchors(parts: Parts) -> dict[str, Paragraph | None]:
    """The paragraph a finding about each component points to, when its rule names none."""
    head = parts.appendix
    return {
        "ô 1": parts.quoc_hieu or parts.tieu_ngu,
        "ô 2": (parts.parent or parts.agency or (None,))[0],
        "ô 3": parts.so,
        "ô 4": parts.date,
        "ô 5a": parts.title,
        "ô 5b": parts.vv,
        "ô 6": None,  # the rule says which paragraph
        "ô 7a": (parts.signature or (None,))[0],
        "ô 7b": parts.signer,
        "ô 9a": parts.kinh_gui,
        "ô 9b": parts.noi_nhan,
        "phụ lục": head.label if head is not None else None,
    }


def located(found: Finding, anchors: dict[str, Paragraph | None]) -> Finding:
    """`found` with `where` set from the first component it names, unless its rule set it."""
    if found.where:
        return found
    for component in found.component.split(", "):
        anchor = anchors.get(component)
        if anchor is not None and anchor.text.strip():
            return replace(found, where=opening_words(anchor.text))
    return found


__all__ = ["RULES", "DocView", "Finding", "Report", "RuleInfo", "Severity", "check_view"]
