"""Effective formatting of a python-docx paragraph: direct run/paragraph formatting, then the style
chain, then the document defaults — what Word and LibreOffice actually show."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.shared import Length

EMU_PER_MM = 36000


def _defaults_rpr(doc: Any) -> Any:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _style_chain(paragraph: Any) -> list[Any]:
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def size_pt(doc: Any, paragraph: Any) -> float:
    """The size of the paragraph's text (every run must agree), in points."""
    sizes = set()
    for run in paragraph.runs or [None]:
        value = run.font.size if run is not None else None
        if value is None:
            value = next((s.font.size for s in _style_chain(paragraph) if s.font.size), None)
        if value is None:
            sz = _defaults_rpr(doc).find(qn("w:sz"))
            value = Length(int(sz.get(qn("w:val"))) * 6350)
        sizes.add(round(value.pt, 1))
    assert len(sizes) == 1, f"mixed sizes {sizes} in {paragraph.text!r}"
    return sizes.pop()


def flag(paragraph: Any, name: str) -> bool:
    """Effective bold/italic of the paragraph's text (every run must agree)."""
    values = set()
    for run in paragraph.runs:
        value = getattr(run.font, name)
        if value is None:
            value = next(
                (
                    getattr(s.font, name)
                    for s in _style_chain(paragraph)
                    if getattr(s.font, name) is not None
                ),
                False,
            )
        values.add(bool(value))
    assert len(values) == 1, f"mixed {name} in {paragraph.text!r}"
    return values.pop()


def fonts(doc: Any, paragraph: Any) -> set[str]:
    """Every font name that applies to the paragraph's runs."""
    names = set()
    for run in paragraph.runs:
        name = run.font.name or next(
            (s.font.name for s in _style_chain(paragraph) if s.font.name), None
        )
        if name is None:
            r_fonts = _defaults_rpr(doc).find(qn("w:rFonts"))
            name = r_fonts.get(qn("w:ascii"))
        names.add(name)
    return names


def paragraph_format(paragraph: Any, attribute: str) -> Any:
    """A paragraph-format attribute, direct first, then from the style chain."""
    value = getattr(paragraph.paragraph_format, attribute)
    if value is None:
        value = next(
            (
                getattr(s.paragraph_format, attribute)
                for s in _style_chain(paragraph)
                if getattr(s.paragraph_format, attribute) is not None
            ),
            None,
        )
    return value


def mm(length: Any) -> float:
    return 0.0 if length is None else int(length) / EMU_PER_MM
