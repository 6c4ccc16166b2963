"""A neutral picture of a .docx that the format rules read (plain frozen dataclasses, no python-docx).

`docgen.render.inspect.read_docx` builds it from any Word file: ours, or one typed by hand with or
without our styles. Every value is the *effective* one — direct formatting, then the style chain,
then the document defaults — so the rules never look at styles themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text with its effective character formatting."""

    text: str
    font: str  #: the font that shows the text ("" when the file names none)
    size: float  #: points
    bold: bool
    italic: bool
    color: str  #: "auto" or RRGGBB in capitals
    caps: bool = False  #: shown in capitals whatever the typed case (w:caps)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, where it sits, and its effective paragraph formatting.

    `table` is -1 for a paragraph of the body, else the index of the top-level table holding it,
    with its `row` and `col`. `box_mm` is the width its lines (and its borders) can take: the page
    text width or the cell's inner width, less the paragraph's left and right indents.
    """

    index: int
    text: str  #: line breaks inside the paragraph are "\n"
    runs: tuple[Run, ...]
    style: str = ""
    align: str = "left"  #: left, center, right, both
    left_mm: float = 0.0
    right_mm: float = 0.0
    first_line_mm: float = 0.0  #: negative for a hanging indent
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: float | None = 1.0  #: multiple of single spacing; None for exact / at-least spacing
    border_top: bool = False
    border_bottom: bool = False
    shapes_mm: tuple[float, ...] = ()  #: lengths of horizontal lines drawn in this paragraph
    table: int = -1
    row: int = 0
    col: int = 0
    box_mm: float = 160.0
    page_field: bool = False  #: holds a PAGE field

    @property
    def visible(self) -> tuple[Run, ...]:
        """The runs that show something other than spaces."""
        return tuple(run for run in self.runs if run.text.strip())


@dataclass(frozen=True)
class Table:
    """A top-level table: its column widths and how far it starts from the left margin."""

    cols_mm: tuple[float, ...]
    indent_mm: float = 0.0
    pad_mm: float = 1.905  #: left and right cell margin


@dataclass(frozen=True)
class Section:
    """Page setup of one section and the paragraphs of its headers and footers by type."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    title_page: bool  #: a different first-page header (w:titlePg)
    headers: tuple[tuple[str, tuple[Paragraph, ...]], ...] = ()  #: ("default"|"first"|"even", …)
    footers: tuple[tuple[str, tuple[Paragraph, ...]], ...] = ()

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm

    def header(self, kind: str) -> tuple[Paragraph, ...] | None:
        return dict(self.headers).get(kind)

    def footer(self, kind: str) -> tuple[Paragraph, ...] | None:
        return dict(self.footers).get(kind)


@dataclass(frozen=True)
class DocView:
    """The whole document: body paragraphs in reading order (cells flattened), tables, sections."""

    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]
    sections: tuple[Section, ...]
