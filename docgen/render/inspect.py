"""Read ANY .docx into the neutral `DocView` the format checker works on (zip + lxml, no Word).

Ours or typed by hand, with or without our styles: every paragraph gets its effective formatting
(`inspect_props`), its place (body, or table/row/column), and the width its lines can take.
A file that is not a readable .docx raises one `InputError` in Vietnamese.
"""

from __future__ import annotations

import io
import posixpath
import threading
import zipfile
from collections import OrderedDict
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from docgen.errors import InputError
from docgen.render.inspect_props import (
    TWIPS_PER_MM,
    A,
    Collected,
    Styles,
    border,
    collect,
    first_attr,
    number,
    twips_mm,
    w,
    wval,
)
from docgen.rules.check.view import DocView, Paragraph, Section, Table

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DEFAULT_PAD_MM = 108 / TWIPS_PER_MM
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_ALIGN = {
    "both": "both",
    "distribute": "both",
    "center": "center",
    "right": "right",
    "end": "right",
}


def _bad(source: str, why: str) -> InputError:
    return InputError(
        f"không đọc được tệp Word: {why}",
        source=source,
        hint="mở tệp bằng Word, lưu lại dạng .docx (Word Document) rồi kiểm tra lại",
    )


#: the largest part we decompress: real documents are far below it; a "zip bomb" is far above
MAX_PART_BYTES = 64 * 1024 * 1024


#: parsed parts other than the body, by their bytes: a template's drafts (and a draft and its
#: filled copy) share styles, theme, numbering, headers — parsed once. The trees are only read.
_PARTS: OrderedDict[bytes, Any] = OrderedDict()
_PARTS_KEPT = 48
_PARTS_LOCK = threading.Lock()


def _parsed(name: str, raw: bytes) -> Any:
    if name.endswith("/document.xml") or len(raw) > 4 * 1024 * 1024:
        return etree.fromstring(raw, _PARSER)
    with _PARTS_LOCK:
        tree = _PARTS.get(raw)
        if tree is not None:
            _PARTS.move_to_end(raw)
            return tree
    tree = etree.fromstring(raw, _PARSER)
    with _PARTS_LOCK:
        _PARTS[raw] = tree
        if len(_PARTS) > _PARTS_KEPT:
            _PARTS.popitem(last=False)
    return tree


class _Package:
    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise _bad(
                source, "tệp không phải .docx (không phải tệp nén Office Open XML)"
            ) from error
        self.names = set(self.zip.namelist())

    def xml(self, name: str) -> Any | None:
        if name not in self.names:
            return None
        try:
            # Read at most MAX_PART_BYTES + 1, whatever the zip header claims: a tiny file that
            # inflates to gigabytes must be refused, not decompressed into memory.
            with self.zip.open(name) as stream:
                raw = stream.read(MAX_PART_BYTES + 1)
            if len(raw) > MAX_PART_BYTES:
                raise _bad(self.source, f"phần `{name}` lớn bất thường (trên 64 MB khi giải nén)")
            return _parsed(name, raw)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as error:
            raise _bad(self.source, f"phần `{name}` bị hỏng") from error

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (type, target path) of `part`'s relationships."""
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        found: dict[str, tuple[str, str]] = {}
        for rel in [] if root is None else root.iter(f"{{{PKG}}}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
        return found


def _theme_fonts(root: Any | None) -> dict[str, str]:
    fonts: dict[str, str] = {}
    if root is not None:
        for key in ("major", "minor"):
            latin = root.find(f".//{{{A}}}{key}Font/{{{A}}}latin")
            if latin is not None:
                fonts[key] = latin.get("typeface", "")
    return fonts


class _Reader:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []

    def paragraph(
        self, p: Any, *, box: float, table: int = -1, row: int = 0, col: int = 0
    ) -> Paragraph:
        st = self.styles
        p_pr = p.find(w("pPr"))
        style = st.paragraph_style(p_pr)
        levels = st.para_chain(style, p_pr)
        found = collect(p, Collected())
        runs = tuple(st.run_props(text, st.run_chain(style, r_pr)) for text, r_pr in found.pieces)
        bullet = st.bullet(levels)  # what Word prints before an item of a bulleted list
        left = twips_mm(first_attr(levels, "ind", ("left", "start")))
        right = twips_mm(first_attr(levels, "ind", ("right", "end")))
        first = 0.0
        for level in levels:
            ind = level.find(w("ind"))
            if ind is not None and (wval(ind, "hanging") or wval(ind, "firstLine")):
                hanging = wval(ind, "hanging")
                first = -twips_mm(hanging) if hanging else twips_mm(wval(ind, "firstLine"))
                break
        rule = first_attr(levels, "spacing", ("lineRule",)) or "auto"
        line_value = first_attr(levels, "spacing", ("line",))
        line = number(line_value) / 240 if line_value and rule == "auto" else None
        if line_value is None:
            line = 1.0
        return Paragraph(
            index=len(self.paragraphs),
            text=(f"{bullet} " if bullet else "") + "".join(text for text, _ in found.pieces),
            runs=runs,
            style=style,
            align=_ALIGN.get(first_attr(levels, "jc", ("val",)) or "left", "left"),
            left_mm=left,
            right_mm=right,
            first_line_mm=first,
            before_pt=number(first_attr(levels, "spacing", ("before",))) / 20,
            after_pt=number(first_attr(levels, "spacing", ("after",))) / 20,
            line=line,
            border_top=border(levels, "top"),
            border_bottom=border(levels, "bottom"),
            shapes_mm=tuple(found.shapes),
            table=table,
            row=row,
            col=col,
            box_mm=box - left - right,
            page_field=found.page_field,
        )

    def blocks(self, parent: Any, *, box: float, where: tuple[int, int, int] | None) -> None:
        """Paragraphs of `parent` in order; tables inside a cell are flattened into that cell."""
        for child in parent:
            if child.tag == w("p"):
                t, r, c = where or (-1, 0, 0)
                self.paragraphs.append(self.paragraph(child, box=box, table=t, row=r, col=c))
            elif child.tag == w("tbl"):
                self.table(child, box=box, where=where)
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                self.blocks(child, box=box, where=where)

    def table(self, tbl: Any, *, box: float, where: tuple[int, int, int] | None) -> Table:
        grid = [twips_mm(wval(col, "w")) for col in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        tbl_pr = tbl.find(w("tblPr"))
        pad = DEFAULT_PAD_MM
        indent = 0.0
        if tbl_pr is not None:
            margin = tbl_pr.find(f"{w('tblCellMar')}/{w('left')}")
            if margin is not None:
                pad = twips_mm(wval(margin, "w"))
            ind = tbl_pr.find(w("tblInd"))
            if ind is not None and wval(ind, "type") in (None, "dxa"):
                indent = twips_mm(wval(ind, "w"))
        info = Table(tuple(grid), indent, pad)
        index = len(self.tables) if where is None else where[0]
        if where is None:
            self.tables.append(info)
        for r, tr in enumerate(tbl.iterfind(w("tr"))):
            position = 0
            for c, tc in enumerate(tr.iterfind(w("tc"))):
                tc_pr = tc.find(w("tcPr"))
                span_el = None if tc_pr is None else tc_pr.find(w("gridSpan"))
                span = max(1, int(number(wval(span_el), 1))) if span_el is not None else 1
                width = sum(grid[position : position + span])
                if not width and tc_pr is not None and tc_pr.find(w("tcW")) is not None:
                    width = twips_mm(wval(tc_pr.find(w("tcW")), "w"))
                position += span
                inner = (width or box) - 2 * pad
                self.blocks(tc, box=inner, where=where or (index, r, c))
        return info


def _section(sect: Any, pkg: _Package, rels: dict[str, tuple[str, str]], reader: _Reader) -> Any:
    size = sect.find(w("pgSz"))
    margins = sect.find(w("pgMar"))
    width = twips_mm(None if size is None else wval(size, "w")) or 210.0
    height = twips_mm(None if size is None else wval(size, "h")) or 297.0

    def margin(side: str) -> float:
        return abs(twips_mm(None if margins is None else wval(margins, side)))

    text_width = width - margin("left") - margin("right")
    parts: dict[str, dict[str, tuple[Paragraph, ...]]] = {"header": {}, "footer": {}}
    for kind in ("header", "footer"):
        for ref in sect.iterfind(w(f"{kind}Reference")):
            target = rels.get(ref.get(f"{{{R}}}id", ""))
            root = None if target is None else pkg.xml(target[1])
            if root is None:
                continue
            sub = _Reader(reader.styles)
            sub.blocks(root, box=text_width, where=None)
            parts[kind][wval(ref, "type") or "default"] = tuple(sub.paragraphs)
    title = sect.find(w("titlePg"))
    return (
        width,
        height,
        (margin("top"), margin("bottom"), margin("left"), margin("right")),
        title is not None and (wval(title) or "1").lower() not in ("0", "false", "off"),
        parts,
    )


def read_docx(data: bytes, source: str = "") -> DocView:
    """The `DocView` of the .docx in `data`; `source` names the file in error messages.

    Raises InputError when `data` is not a readable Word (.docx) file.
    """
    pkg = _Package(data, source)
    try:
        return _read(pkg, source)
    except (ValueError, TypeError, KeyError, IndexError, zipfile.BadZipFile) as error:
        # a part that parses but holds nonsense; --verbose shows the cause
        raise _bad(source, f"nội dung tệp không hợp lệ ({type(error).__name__})") from error


def _read(pkg: _Package, source: str) -> DocView:
    main = next(
        (t for typ, t in pkg.rels("").values() if typ.endswith("/officeDocument")),
        "word/document.xml",
    )
    root = pkg.xml(main)
    body = None if root is None else root.find(w("body"))
    if body is None:
        raise _bad(source, "thiếu phần nội dung `word/document.xml`")
    rels = pkg.rels(main)
    by_type = {typ.rsplit("/", 1)[-1]: target for typ, target in rels.values()}
    styles = Styles.parse(
        pkg.xml(by_type["styles"]) if "styles" in by_type else None,
        _theme_fonts(pkg.xml(by_type["theme"]) if "theme" in by_type else None),
    )
    styles.read_numbering(pkg.xml(by_type["numbering"]) if "numbering" in by_type else None)
    sects = [*body.iterfind(f"{w('p')}/{w('pPr')}/{w('sectPr')}"), body.find(w("sectPr"))]
    reader = _Reader(styles)
    sections: list[Section] = []
    inherited: dict[str, dict[str, tuple[Paragraph, ...]]] = {"header": {}, "footer": {}}
    for sect in [s for s in sects if s is not None] or [etree.Element(w("sectPr"))]:
        width, height, (top, bottom, left, right), title, parts = _section(sect, pkg, rels, reader)
        for kind in ("header", "footer"):  # a section without a reference inherits the previous
            inherited[kind] = {**inherited[kind], **parts[kind]}
        sections.append(
            Section(
                width,
                height,
                top,
                bottom,
                left,
                right,
                title,
                tuple(sorted(inherited["header"].items())),
                tuple(sorted(inherited["footer"].items())),
            )
        )
    reader.blocks(body, box=sections[0].text_width_mm, where=None)
    return DocView(tuple(reader.paragraphs), tuple(reader.tables), tuple(sections))
