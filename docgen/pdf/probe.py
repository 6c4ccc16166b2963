"""Reading back what is drawn on a PDF page: image placements and font embedding.

Used by the tests to measure the seal and signature boxes from the output itself, and by checks
that every font in a PDF is embedded (so the document looks the same on any machine).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import SignatureError
from docgen.pdf.geometry import Box

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PlacedImage:
    """An image XObject as drawn on a page: its pixel size and its box in page space."""

    page_index: int
    pixels: tuple[int, int]
    box: Box
    #: "page" for the page content, or the name of the annotation field whose appearance draws it
    source: str


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF row-vector convention (apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _unit_box(m: Matrix) -> Box:
    points = [_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _matrix(value: Any) -> Matrix:
    numbers = [float(v) for v in value]
    return (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5])


def _walk(stream_owner: Any, ctm: Matrix, depth: int = 0) -> Iterator[tuple[Any, Matrix]]:
    """(image XObject, CTM) for every image drawn by `stream_owner`, forms followed recursively."""
    import pikepdf

    if depth > 8:  # a malicious or broken file could nest forms without end
        return
    resources = stream_owner.get("/Resources", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(stream_owner):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = multiply(_matrix(operands), ctm)
        elif op == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Image":
                yield xobject, ctm
            elif xobject.get("/Subtype") == "/Form":
                inner = _matrix(xobject.get("/Matrix", IDENTITY))
                yield from _walk(xobject, multiply(inner, ctm), depth + 1)


def _appearance_matrix(annotation: Any, form: Any) -> Matrix:
    """Map a widget's appearance form space onto the page: its BBox (after /Matrix) to /Rect."""
    x0, x1 = sorted(float(v) for v in annotation.Rect[0::2])
    y0, y1 = sorted(float(v) for v in annotation.Rect[1::2])
    rect = Box(x0, y0, x1, y1)
    matrix = _matrix(form.get("/Matrix", IDENTITY))
    bx0, by0, bx1, by1 = (float(v) for v in form.BBox)
    corners = [_apply(matrix, x, y) for x, y in ((bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1))]
    tx0, ty0 = min(p[0] for p in corners), min(p[1] for p in corners)
    tx1, ty1 = max(p[0] for p in corners), max(p[1] for p in corners)
    sx = rect.width / (tx1 - tx0) if tx1 > tx0 else 1.0
    sy = rect.height / (ty1 - ty0) if ty1 > ty0 else 1.0
    fit: Matrix = (sx, 0.0, 0.0, sy, rect.x0 - tx0 * sx, rect.y0 - ty0 * sy)
    return multiply(matrix, fit)


def _normal_appearance(annotation: Any) -> Any:
    """The annotation's normal appearance stream, or None (absent, or a per-state dictionary)."""
    import pikepdf

    appearances = annotation.get("/AP")
    normal = appearances.get("/N") if appearances is not None else None
    return normal if isinstance(normal, pikepdf.Stream) else None


def placed_images(pdf: Path) -> list[PlacedImage]:
    """Every image drawn in `pdf`: page contents and annotation (signature) appearances."""
    import pikepdf

    found: list[PlacedImage] = []
    try:
        with pikepdf.open(pdf) as doc:
            for index, page in enumerate(doc.pages):
                for image, ctm in _walk(page.obj, IDENTITY):
                    size = (int(image.Width), int(image.Height))
                    found.append(PlacedImage(index, size, _unit_box(ctm), "page"))
                for annot in page.obj.get("/Annots", []):
                    normal = _normal_appearance(annot)
                    if normal is None:
                        continue
                    name = str(annot.get("/T", ""))
                    for image, ctm in _walk(normal, _appearance_matrix(annot, normal)):
                        size = (int(image.Width), int(image.Height))
                        found.append(PlacedImage(index, size, _unit_box(ctm), name))
    except pikepdf.PdfError as error:
        raise SignatureError(f"không đọc được tệp PDF ({error})", source=str(pdf)) from error
    return found


def _fonts_in(resources: Any, seen: set[tuple[int, int]], depth: int = 0) -> Iterator[Any]:
    import pikepdf

    if resources is None or depth > 8:
        return
    for font in resources.get("/Font", pikepdf.Dictionary()).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts_in(xobject.get("/Resources"), seen, depth + 1)


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams inside the font itself
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def unembedded_fonts(pdf: Path) -> list[str]:
    """Base names of the fonts `pdf` uses without embedding them (empty when all are embedded)."""
    import pikepdf

    missing: list[str] = []
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            resources = [page.obj.get("/Resources")]
            for annot in page.obj.get("/Annots", []):
                normal = _normal_appearance(annot)
                if normal is not None:
                    resources.append(normal.get("/Resources"))
            for res in resources:
                for font in _fonts_in(res, seen):
                    if not _embedded(font):
                        missing.append(str(font.get("/BaseFont", "?")))
    return sorted(set(missing))
