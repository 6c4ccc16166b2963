"""Text fragments of a PDF page with their positions (pypdf's text visitor), in points from the
bottom-left corner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader


@dataclass(frozen=True)
class Fragment:
    text: str
    x: float
    y: float


def fragments(pdf: Path, page_index: int) -> list[Fragment]:
    page = PdfReader(pdf).pages[page_index]
    found: list[Fragment] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(text.strip(), float(x), float(y)))

    page.extract_text(visitor_text=visit)
    return found


def find(pdf: Path, page_index: int, startswith: str) -> Fragment:
    for fragment in fragments(pdf, page_index):
        if fragment.text.startswith(startswith):
            return fragment
    raise AssertionError(f"no text starting {startswith!r} on page {page_index + 1}")


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def page_size(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)
