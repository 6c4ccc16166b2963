"""Fill a Word draft in place: the number after `Số:`, the day, month and year of the date line,
the `(Kèm theo … số … ngày …)` lines of its appendices and, for a batch, the Kính gửi line —
and nothing else. Every other byte of `word/document.xml` keeps its element, and every other
part of the package is copied as it was.

Paragraphs are addressed by their index in `read_docx`'s `DocView` (body paragraphs in reading
order, table cells flattened), so the reader that found the components and this writer agree.
Inside a paragraph, text is addressed by its offset in the paragraph's visible text (`w:t`, tabs,
breaks; deleted text and field instructions are not visible): Word splits `Số:      /BQL-KHTH`
into runs, bookmarks and fields as it pleases, and the offsets do not care. The new text goes into
the run that holds the keyword before the blank (`Số:`, `ngày`), so it takes that run's formatting.
A field (a MERGEFIELD or DATE standing in for a blank) is turned into its plain result first, so
Word cannot recompute it over the number.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed

from docgen.errors import InputError
from docgen.render.inspect_props import MC, w
from docgen.render.package import ZipEntry, deflate, write_zip

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: what stands in for a blank in a draft: spaces (also non-breaking), tabs, dots, underscores
_BLANK = r"[\s\u00a0\u2002-\u200b.…_]*"
_SO = re.compile(rf"(?P<key>Số\s*:?)(?P<blank>{_BLANK}\d*{_BLANK})(?=/)")
_REF_NUMBER = re.compile(rf"(?P<key>\bsố)(?P<blank>{_BLANK}\d*{_BLANK})(?=/)")
_DATE = re.compile(
    rf"(?P<k1>ngày)(?P<day>{_BLANK}\d*{_BLANK})(?P<k2>tháng)(?P<month>{_BLANK}\d*{_BLANK})"
    rf"(?P<k3>năm)(?P<year>{_BLANK}\d*)"
)
_KINH_GUI = re.compile(r"(?P<key>Kính\s+gửi\s*:?)(?P<rest>.*)$", re.S)
#: elements whose content is not visible text (as `inspect_props.collect` skips them)
_SKIP = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), f"{{{MC}}}Fallback"}
_FIXED = {w("tab"): "\t", w("cr"): "\n", w("br"): "\n", w("noBreakHyphen"): "-"}


@dataclass
class _Atom:
    """One piece of visible text in a paragraph: a `w:t`, or a tab/break element."""

    element: Any
    start: int
    text: str
    field: Any | None  #: the field whose result this piece is (begin fldChar or fldSimple)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_text(self) -> bool:
        return bool(self.element.tag == w("t"))


def body_paragraphs(body: Any) -> Iterator[Any]:
    """The `w:p` elements of `body` in the order `inspect.read_docx` numbers them."""
    for child in body:
        if child.tag == w("p"):
            yield child
        elif child.tag == w("tbl"):
            for tr in child.iterfind(w("tr")):
                for tc in tr.iterfind(w("tc")):
                    yield from body_paragraphs(tc)
        elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            yield from body_paragraphs(child)


def _atoms(paragraph: Any) -> list[_Atom]:
    atoms: list[_Atom] = []
    stack: list[list[Any]] = []  # open complex fields: [begin fldChar, separated?]

    def walk(element: Any, simple: Any | None) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == w("r"):
                run(child, simple)
            elif tag == w("fldSimple"):
                walk(child, child)
            else:  # hyperlink, ins, smartTag, sdt/sdtContent, customXml, moveTo, bookmarks
                walk(child, simple)

    def run(r: Any, simple: Any | None) -> None:
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    stack.append([child, False])
                elif kind == "separate" and stack:
                    stack[-1][1] = True
                elif kind == "end" and stack:
                    stack.pop()
                continue
            if tag == w("t") or tag in _FIXED:
                field = stack[-1][0] if stack and stack[-1][1] else simple
                if stack and not stack[-1][1]:
                    continue  # between begin and separate: the field's code, not shown
                text = str(child.text or "") if tag == w("t") else _FIXED[tag]
                start = atoms[-1].end if atoms else 0
                atoms.append(_Atom(child, start, text, field))

    walk(paragraph, None)
    return atoms


def paragraph_text(paragraph: Any) -> str:
    """The visible text of `paragraph` as the fill functions address it."""
    return "".join(atom.text for atom in _atoms(paragraph))


def _unfield(paragraph: Any, fields: set[Any]) -> None:
    """Turn each of `fields` (complex fields by their begin fldChar, or fldSimple elements) into
    plain text: its code and markers go, its result stays."""
    for field in fields:
        if field.tag == w("fldSimple"):
            parent = field.getparent()
            at = parent.index(field)
            for offset, child in enumerate(list(field)):
                parent.insert(at + offset, child)
            parent.remove(field)
        else:
            for element in _field_code(paragraph, field):
                _drop(element)
    for r in list(paragraph.iter(w("r"))):  # runs left with only their properties
        if all(child.tag == w("rPr") for child in r):
            _drop(r)


def _field_code(paragraph: Any, begin: Any) -> list[Any]:
    """The markers and code of the complex field that starts at `begin`: its begin, every
    instruction up to its separate marker, the separate and end markers (not its result)."""
    doomed: list[Any] = []
    state, depth = "", 0
    for element in paragraph.iter(w("fldChar"), w("instrText")):
        if not state:
            if element is begin:
                state, depth = "code", 1
                doomed.append(element)
            continue
        kind = element.get(w("fldCharType")) if element.tag == w("fldChar") else "code"
        depth += {"begin": 1, "end": -1}.get(kind or "", 0)
        if state == "code" or (kind == "separate" and depth == 1) or depth == 0:
            doomed.append(element)
        if kind == "separate" and depth == 1:
            state = "result"
        if depth == 0:
            break
    return doomed


def _drop(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def replace_span(paragraph: Any, start: int, end: int, text: str) -> None:
    """Replace the visible characters [start, end) of `paragraph` with `text`.

    Tabs and breaks in the span go; the new text joins the run holding the character before the
    span (the keyword), or failing that the first run of the span. A field showing any of the
    span becomes plain text first."""
    atoms = _atoms(paragraph)
    touched = {a.field for a in atoms if a.field is not None and a.start < end and a.end > start}
    if touched:
        _unfield(paragraph, touched)
        atoms = _atoms(paragraph)
    target = next((a for a in atoms if a.is_text and a.start < start <= a.end), None) or next(
        (a for a in atoms if a.is_text and start <= a.start < end), None
    )
    if target is None:
        raise ValueError(f"no text run at offset {start} to hold {text!r}")
    for atom in atoms:
        lo = min(max(start - atom.start, 0), len(atom.text))
        hi = max(min(end - atom.start, len(atom.text)), lo)
        if atom is target:
            _set(atom.element, atom.text[:lo] + text + atom.text[hi:])
        elif lo < hi:
            if atom.is_text:
                _set(atom.element, atom.text[:lo] + atom.text[hi:])
            else:
                _drop(atom.element)


def _set(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(_XML_SPACE, "preserve")


def _fill_group(paragraph: Any, match: re.Match[str], group: str, value: str) -> None:
    replace_span(paragraph, match.start(group), match.end(group), value)


@dataclass(frozen=True)
class DateValues:
    """The date line's values as the decree writes them (`05`, `3`, `2024`)."""

    day: str
    month: str
    year: str


def fill_number(paragraph: Any, number: str, *, reference: bool = False) -> bool:
    """Put `number` after `Số:` (or after `số` of a reference line), before the `/`; False when
    the paragraph has no such place."""
    text = paragraph_text(paragraph)
    match = (_REF_NUMBER if reference else _SO).search(text)
    if match is None:
        return False
    _fill_group(paragraph, match, "blank", f" {number}")
    return True


def fill_date(paragraph: Any, date: DateValues) -> bool:
    """Fill `ngày … tháng … năm …` with `date`; False when the paragraph has none. The groups are
    filled from the last one back, so the offsets of the earlier ones stay valid."""
    match = _DATE.search(paragraph_text(paragraph))
    if match is None:
        return False
    _fill_group(paragraph, match, "year", f" {date.year}")
    _fill_group(paragraph, match, "month", f" {date.month} ")
    _fill_group(paragraph, match, "day", f" {date.day} ")
    return True


def set_kinh_gui(paragraph: Any, line: str) -> bool:
    """Make the Kính gửi paragraph read `line` (`Kính gửi: Sở Công Thương.`); False when it has no
    `Kính gửi` label."""
    text = paragraph_text(paragraph)
    match = _KINH_GUI.search(text)
    target = _KINH_GUI.match(line)
    if match is None or target is None:
        return False
    replace_span(paragraph, match.start("key"), len(text), line)
    return True


@dataclass(frozen=True)
class Fill:
    """What to write where: paragraph indices (`DocView` order) and the texts."""

    number: str  #: `05`
    date: DateValues
    so: int | None  #: the `Số:` paragraph (None: a phụ lục file, which has none)
    date_line: int | None  #: the date paragraph (may be the `Số` paragraph in a one-line header)
    references: tuple[int, ...] = ()  #: `(Kèm theo … số … ngày …)` lines of in-file appendices
    kinh_gui: tuple[int, ...] = ()  #: the Kính gửi paragraph, then its item paragraphs
    kinh_gui_line: str = ""  #: when set: the Kính gửi becomes this one line, the items go


class _Package:
    def __init__(self, data: bytes, source: str) -> None:
        self.data = data
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.main = "word/document.xml"
            self.root = etree.fromstring(self.zip.read(self.main), _PARSER)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
            raise InputError(
                "không đọc được tệp Word để ghi số và ngày",
                source=source,
                hint="mở tệp bằng Word, lưu lại dạng .docx rồi chạy lại",
            ) from error

    @staticmethod
    def part_of(package: zipfile.ZipFile, name: str) -> Any | None:
        """An XML part of `package`; None when it cannot be read."""
        try:
            return etree.fromstring(package.read(name), _PARSER)
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile):
            return None

    def paragraphs(self) -> list[Any]:
        body = self.root.find(w("body"))
        return [] if body is None else list(body_paragraphs(body))

    def save(self) -> bytes:
        """The package with the changed body; every other member's compressed bytes are copied
        as they are (recompressing them was most of a fill's time)."""
        xml = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        entries = []
        for info in self.zip.infolist():
            if info.filename == self.main:
                entries.append(deflate(info.filename, xml))
            else:
                entries.append(self._entry(info))
        return write_zip(entries)

    def _entry(self, info: zipfile.ZipInfo) -> ZipEntry:
        """`info`'s member as it is stored, or deflated anew when it is stored otherwise."""
        plain = info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1
        if plain and info.filename.isascii():
            at = info.header_offset
            name_length, extra_length = struct.unpack("<HH", self.data[at + 26 : at + 30])
            start = at + 30 + name_length + extra_length
            raw = self.data[start : start + info.compress_size]
            return ZipEntry(info.filename.encode("ascii"), info.CRC, info.file_size, raw)
        return deflate(info.filename, self.zip.read(info))


def fill_draft(data: bytes, fill: Fill, *, source: str = "") -> bytes:
    """The .docx `data` with `fill` written in; InputError when a place to fill is not there."""
    package = _Package(data, source)
    paragraphs = package.paragraphs()

    def at(index: int, what: str) -> Any:
        if not 0 <= index < len(paragraphs):
            raise InputError(f"không tìm thấy {what} để ghi", source=source)
        return paragraphs[index]

    if fill.so is not None and not fill_number(at(fill.so, "dòng Số"), fill.number):
        raise InputError("không tìm thấy chỗ ghi số sau `Số:`", source=source, field="Số")
    if fill.date_line is not None and not fill_date(
        at(fill.date_line, "dòng ngày tháng"), fill.date
    ):
        raise InputError(
            "không tìm thấy `ngày … tháng … năm …` ở dòng địa danh", source=source, field="ngày"
        )
    for index in fill.references:
        p = at(index, "dòng Kèm theo")
        fill_number(p, fill.number, reference=True)
        fill_date(p, fill.date)
    if fill.kinh_gui_line and fill.kinh_gui:
        head, *items = (at(i, "dòng Kính gửi") for i in fill.kinh_gui)
        if not set_kinh_gui(head, fill.kinh_gui_line):
            raise InputError("không tìm thấy dòng `Kính gửi:`", source=source, field="Kính gửi")
        for item in items:
            _drop(item)
    return package.save()


#: tracked changes (Word's Track Changes): insertions, deletions, moves, formatting changes
_REVISION_TAGS = tuple(
    w(tag)
    for tag in (
        "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
        "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
        "cellIns", "cellDel", "cellMerge",
    )
)  # fmt: skip
_STORY = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


@dataclass(frozen=True)
class Revisions:
    """What Word still holds in a draft besides its text: tracked changes and comments."""

    changes: int
    comments: int

    def __bool__(self) -> bool:
        return bool(self.changes or self.comments)


#: a tracked change or comment marker, whatever the namespace prefix: the fast test that lets a
#: clean draft (nearly all of them) skip parsing its parts a second time
_MARKUP = re.compile(
    rb"<(?:[\w.-]+:)?(?:ins|del|moveFrom|moveTo|rPrChange|pPrChange|sectPrChange|tblPrChange|"
    rb"trPrChange|tcPrChange|tblGridChange|numberingChange|cellIns|cellDel|cellMerge|"
    rb"commentReference|comment)[\s/>]"
)


def pending_revisions(data: bytes, *, source: str = "") -> Revisions:
    """The tracked changes and comments left in the .docx `data` (body, headers, footers, notes,
    and the comments part itself)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in package.namelist() if _STORY.match(n) or n == "word/comments.xml"]
    if not any(_MARKUP.search(package.read(name)) for name in names):
        return Revisions(0, 0)
    changes = comments = 0
    for name in names:
        root = _Package.part_of(package, name)
        if root is None:
            continue
        if name == "word/comments.xml":
            comments = max(comments, sum(1 for _ in root.iter(w("comment"))))
        else:
            changes += sum(1 for _ in root.iter(*_REVISION_TAGS))
            comments += sum(1 for _ in root.iter(w("commentReference")))
    return Revisions(changes, comments)
