"""Effective formatting in a .docx: direct formatting, then the style chain, then the defaults.

Used by `docgen.render.inspect`. Word's rule for toggle properties (bold, italic, caps) across
style levels is an XOR; the first level that says something wins here, which is what every file we
have met means (styles almost never toggle bold on top of a bold base style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docgen.rules.check.view import Run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36000
_OFF = {"0", "false", "off", "none"}
_PAGE = re.compile(r"\bPAGE\b")
_LENGTH = re.compile(r"(-?[\d.]+)\s*(pt|in|mm|cm|px)?")
_UNIT_MM = {"pt": 25.4 / 72, "in": 25.4, "mm": 1.0, "cm": 10.0, "px": 25.4 / 96}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(element: Any, attr: str = "val") -> str | None:
    value = element.get(w(attr))
    return None if value is None else str(value)


def number(value: str | None, default: float = 0.0) -> float:
    """`value` as a number; `default` when it is missing or not a number (a damaged attribute
    must not stop the check)."""
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def twips_mm(value: str | None) -> float:
    return number(value) / TWIPS_PER_MM


def _on(element: Any) -> bool:
    value = wval(element)
    return value is None or value.lower() not in _OFF


@dataclass
class Styles:
    """The styles part, with the chains of paragraph and run properties it implies."""

    styles: dict[str, tuple[str | None, Any, Any]] = field(default_factory=dict)
    default_paragraph: str = ""
    default_rpr: Any = None
    default_ppr: Any = None
    theme_fonts: dict[str, str] = field(default_factory=dict)
    #: (numId, ilvl) → the character a bulleted list prints before the text ("-", "•" …)
    bullets: dict[tuple[str, str], str] = field(default_factory=dict)
    _chains: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Any | None, theme_fonts: dict[str, str]) -> Styles:
        result = cls(theme_fonts=theme_fonts)
        if root is None:
            return result
        for style in root.iter(w("style")):
            style_id = wval(style, "styleId") or ""
            based = style.find(w("basedOn"))
            result.styles[style_id] = (
                None if based is None else wval(based),
                style.find(w("pPr")),
                style.find(w("rPr")),
            )
            if wval(style, "type") == "paragraph" and wval(style, "default") in ("1", "true"):
                result.default_paragraph = style_id
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            result.default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            result.default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
        return result

    def chain(self, style_id: str, which: str) -> tuple[Any, ...]:
        """The `pPr` or `rPr` elements of `style_id` and the styles it is based on, nearest first."""
        key = (style_id, which)
        if key not in self._chains:
            found: list[Any] = []
            seen: set[str] = set()
            current: str | None = style_id
            while current and current not in seen and current in self.styles:
                seen.add(current)
                based, p_pr, r_pr = self.styles[current]
                element = p_pr if which == "p" else r_pr
                if element is not None:
                    found.append(element)
                current = based
            self._chains[key] = tuple(found)
        return self._chains[key]

    def paragraph_style(self, p_pr: Any | None) -> str:
        if p_pr is not None:
            style = p_pr.find(w("pStyle"))
            if style is not None:
                return wval(style) or self.default_paragraph
        return self.default_paragraph

    def run_chain(self, p_style: str, r_pr: Any | None) -> tuple[Any, ...]:
        levels: list[Any] = []
        if r_pr is not None:
            levels.append(r_pr)
            r_style = r_pr.find(w("rStyle"))
            if r_style is not None:
                levels.extend(self.chain(wval(r_style) or "", "r"))
        levels.extend(self.chain(p_style, "r"))
        if self.default_rpr is not None:
            levels.append(self.default_rpr)
        return tuple(levels)

    def para_chain(self, p_style: str, p_pr: Any | None) -> tuple[Any, ...]:
        levels = [] if p_pr is None else [p_pr]
        levels.extend(self.chain(p_style, "p"))
        if self.default_ppr is not None:
            levels.append(self.default_ppr)
        return tuple(levels)

    def read_numbering(self, root: Any | None) -> None:
        """Learn the bullet characters of the numbering part (lists typed with Word's bullets)."""
        if root is None:
            return
        abstract: dict[str, dict[str, str]] = {}
        for item in root.iterfind(w("abstractNum")):
            levels: dict[str, str] = {}
            for lvl in item.iterfind(w("lvl")):
                fmt, text = lvl.find(w("numFmt")), lvl.find(w("lvlText"))
                if fmt is not None and wval(fmt) == "bullet" and text is not None:
                    levels[wval(lvl, "ilvl") or "0"] = wval(text) or ""
            abstract[wval(item, "abstractNumId") or ""] = levels
        for num in root.iterfind(w("num")):
            ref = num.find(w("abstractNumId"))
            for ilvl, text in abstract.get(wval(ref) or "" if ref is not None else "", {}).items():
                self.bullets[(wval(num, "numId") or "", ilvl)] = text

    def bullet(self, levels: tuple[Any, ...]) -> str:
        """The bullet printed before a paragraph with these pPr levels ("" when it has none)."""
        for level in levels:
            num = level.find(w("numPr"))
            if num is None:
                continue
            num_id, ilvl = num.find(w("numId")), num.find(w("ilvl"))
            key = (
                "" if num_id is None else wval(num_id) or "",
                "0" if ilvl is None else wval(ilvl) or "0",
            )
            return self.bullets.get(key, "")
        return ""

    def _font(self, levels: tuple[Any, ...]) -> str:
        """The font of the first slot named (theme slots resolved); hAnsi shows Vietnamese letters."""
        for slot in ("hAnsi", "ascii"):
            for level in levels:
                fonts = level.find(w("rFonts"))
                if fonts is None:
                    continue
                theme = wval(fonts, f"{slot}Theme")
                if theme:
                    return self.theme_fonts.get(
                        "major" if theme.startswith("major") else "minor", ""
                    )
                name = wval(fonts, slot)
                if name:
                    return name
        return ""

    def run_props(self, text: str, levels: tuple[Any, ...]) -> Run:
        found: dict[str, Any] = {}
        for level in levels:
            for tag in ("sz", "b", "i", "caps", "color"):
                if tag not in found:
                    element = level.find(w(tag))
                    if element is not None:
                        found[tag] = element
        size = found.get("sz")
        points = number(wval(size), 20) / 2 if size is not None else 10.0
        color = found.get("color")
        return Run(
            text=text,
            font=self._font(levels),
            size=points,
            bold="b" in found and _on(found["b"]),
            italic="i" in found and _on(found["i"]),
            color=(wval(color) or "auto").upper() if color is not None else "AUTO",
            caps="caps" in found and _on(found["caps"]),
        )


def first_attr(levels: tuple[Any, ...], tag: str, attrs: tuple[str, ...]) -> str | None:
    """The value of the first of `attrs` on `tag` at the nearest level that sets it."""
    for level in levels:
        element = level.find(w(tag))
        if element is None:
            continue
        for attr in attrs:
            value = wval(element, attr)
            if value is not None:
                return value
    return None


def border(levels: tuple[Any, ...], side: str) -> bool:
    for level in levels:
        edge = level.find(f"{w('pBdr')}/{w(side)}")
        if edge is not None:
            return (wval(edge) or "nil") not in ("nil", "none")
    return False


def _vml_length(value: str) -> float:
    match = _LENGTH.match(value.strip())
    if not match:
        return 0.0
    return float(match.group(1)) * _UNIT_MM[match.group(2) or "pt"]


def drawn_lines(run: Any) -> list[float]:
    """Lengths in mm of the horizontal straight lines drawn in `run` (DrawingML, else VML)."""
    lengths: list[float] = []
    for holder in run.iter(f"{{{WP}}}anchor", f"{{{WP}}}inline"):
        geometry = holder.find(f".//{{{WPS}}}wsp//{{{A}}}prstGeom")
        extent = holder.find(f"{{{WP}}}extent")
        if geometry is None or extent is None:
            continue
        if geometry.get("prst") in ("line", "straightConnector1"):
            width = number(extent.get("cx")) / EMU_PER_MM
            if width >= 1 and number(extent.get("cy")) / EMU_PER_MM < 1:
                lengths.append(width)
    if lengths:
        return lengths
    for line in run.iter(f"{{{V}}}line"):
        start = [_vml_length(x) for x in (line.get("from") or "0,0").split(",")]
        end = [_vml_length(x) for x in (line.get("to") or "0,0").split(",")]
        if len(start) == 2 and len(end) == 2 and abs(end[1] - start[1]) < 1:
            lengths.append(abs(end[0] - start[0]))
    return lengths


@dataclass
class Collected:
    """What one walk over a paragraph's content found."""

    pieces: list[tuple[str, Any]] = field(default_factory=list)  #: (text, run's rPr)
    shapes: list[float] = field(default_factory=list)
    page_field: bool = False


_SKIP = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), f"{{{MC}}}Fallback"}
_RUN_TEXT = {w("t"): None, w("tab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "-"}


def collect(element: Any, out: Collected) -> Collected:
    """Walk a paragraph (or a container inside it) collecting run text, drawn lines and fields."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == w("r"):
            _run(child, out)
        elif tag == w("fldSimple"):
            out.page_field = out.page_field or bool(_PAGE.search(child.get(w("instr")) or ""))
            collect(child, out)
        else:  # hyperlink, ins, smartTag, sdt/sdtContent, customXml, moveTo
            collect(child, out)
    return out


def _run(run: Any, out: Collected) -> None:
    text: list[str] = []
    for child in run:
        tag = child.tag
        if tag in _RUN_TEXT:
            fixed = _RUN_TEXT[tag]
            text.append(fixed if fixed is not None else str(child.text or ""))
        elif tag == w("br"):
            text.append("\n")
        elif tag == w("instrText"):
            out.page_field = out.page_field or bool(_PAGE.search(child.text or ""))
        elif tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent"):
            out.shapes.extend(drawn_lines(child))
    if text:
        out.pieces.append(("".join(text), run.find(w("rPr"))))
