"""A .docx template compiled once, rendered many times: the same bytes as `render_docx`, without
re-reading the .docx, re-running docxtpl's XML clean-up or re-compiling Jinja for each document.

What docxtpl does on each render, and what is left per document here:

- body, headers, footers: `patch_xml` + Jinja compile happen once; per document the compiled
  templates are rendered and finished as `render_xml_part` finishes them (docxtpl's own
  `resolve_listing` and `fix_tables` are called), then parsed and laid out;
- core properties (title, subject, …): compiled once, rendered per document;
- styles: the layout of the styles part depends on the profile, the geometry and the marks only,
  so each such combination is laid out and compressed once (a small LRU);
- every other part (numbering, theme, stylesWithEffects, …) is compressed once and its deflated
  bytes reused; the zip is written with a fixed time, in python-docx's order (`render.package`).

Templates this cannot reproduce exactly are rendered by `render_docx` instead: a template with
footnotes or a header/footer part used twice (at compile time), and a rendered document with more
than one section (an appendix in the same file), because the layout then adds footer parts.
Context values are plain values and docxtpl RichText, as `render.context` builds them: docxtpl's
InlineImage, Subdoc and hyperlink helpers need a DocxTemplate of their own and add parts.
"""

from __future__ import annotations

import copy
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx.document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import nsmap
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Template

from docgen.model.agency import Agency
from docgen.render.docx import Filters, check_docx, make_environment, render_docx, template_errors
from docgen.render.geometry import Geometry
from docgen.render.layout import layout_body, layout_styles
from docgen.render.package import ZipEntry, deflate, package_members, write_zip

#: the core properties docxtpl renders as templates (`DocxTemplate.render_properties`)
CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
#: styles parts kept per compiled template: one per (profile, geometry, marks) in use
STYLES_CACHE = 8
_PARAGRAPH = re.compile(r"<w:p([ >])")
_PARAGRAPH_BACK = re.compile(r"\n<w:p([ >])")
_ESCAPED = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))


@dataclass
class _Part:
    """A header or footer: its member name, compiled template and last output (batches of one
    dispatch render the same header again and again)."""

    name: str
    template: Template
    encoding: str
    last: tuple[str, ZipEntry] | None = None


class CompiledTemplate:
    """One .docx template, read and compiled once (construction raises TemplateError as
    `render_docx` would); `render` gives the bytes `render_docx` gives for the same arguments.

    Not for sharing between threads (its small caches are unlocked); a process may keep many.
    """

    def __init__(self, path: Path, filters: Filters | None = None) -> None:
        check_docx(path)
        self.path = path
        self._filters = filters
        self._styles: OrderedDict[tuple[Agency, Geometry, tuple[str, ...]], ZipEntry] = (
            OrderedDict()
        )
        self._core_last: tuple[tuple[str, ...], ZipEntry] | None = None
        helper = DocxTemplate(str(path))
        with template_errors(path):
            helper.init_docx()
            self._compile(helper, make_environment(filters))

    def _compile(self, helper: DocxTemplate, env: Any) -> None:
        document = helper.docx
        main = document.part
        self._body = env.from_string(
            _PARAGRAPH.sub(r"\n<w:p\1", helper.patch_xml(helper.get_xml()))
        )
        self._parts: list[_Part] = []
        for uri in (helper.HEADER_URI, helper.FOOTER_URI):
            for _, part in helper.get_headers_footers(uri):
                xml = helper.get_part_xml(part)
                source = _PARAGRAPH.sub(r"\n<w:p\1", helper.patch_xml(xml))
                self._parts.append(
                    _Part(
                        _member(part),
                        env.from_string(source),
                        helper.get_headers_footers_encoding(xml),
                    )
                )
        core = document.core_properties
        self._core_templates = [env.from_string(getattr(core, p)) for p in CORE_PROPERTIES]
        self._core_part = main.package.part_related_by(RT.CORE_PROPERTIES)
        names = [p.name for p in self._parts]
        #: False when `render` hands every document to `render_docx` (see the module docstring)
        self.compiled = len(set(names)) == len(names) and not any(
            part.content_type == _FOOTNOTES for part in main.package.parts
        )
        self._root = copy.deepcopy(document.element)  # w:document, the body re-rendered each time
        self._main_name = _member(main)
        self._styles_name = _member(main._styles_part)
        members = package_members(document)
        self._styles_source = dict(members)[self._styles_name]
        dynamic = {self._main_name, self._styles_name, _member(self._core_part), *names}
        self._members = [
            (name, None if name in dynamic else deflate(name, data)) for name, data in members
        ]

    def render(
        self,
        context: Mapping[str, Any],
        agency: Agency,
        geometry: Geometry,
        *,
        marks: tuple[str, ...] = (),
    ) -> bytes:
        """The rendered document as .docx bytes, identical to `render_docx(path, context, …)`."""
        if not self.compiled:
            return render_docx(
                self.path, context, agency, geometry, marks=marks, filters=self._filters
            )
        values = dict(context)
        with template_errors(self.path):
            body = _finish(self._body.render(values))
            if body.count("<w:sectPr") > 1:  # an appendix section: its footers are new parts
                return render_docx(
                    self.path, context, agency, geometry, marks=marks, filters=self._filters
                )
            parts = {part.name: self._render_part(part, values) for part in self._parts}
            core = tuple(t.render(values) for t in self._core_templates)
        parts[_member(self._core_part)] = self._core_entry(core)
        parts[self._styles_name] = self._styles_entry(agency, geometry, marks)
        parts[self._main_name] = self._main_entry(body, agency, geometry)
        return write_zip(entry or parts[name] for name, entry in self._members)

    @property
    def cached_styles(self) -> int:
        """How many laid-out styles parts are kept (at most STYLES_CACHE)."""
        return len(self._styles)

    def _main_entry(self, body: str, agency: Agency, geometry: Geometry) -> ZipEntry:
        """word/document.xml: docxtpl's table fix and docPr numbering, then the body layout."""
        root = copy.deepcopy(self._root)
        # No reference to the parsed body is kept, so python-docx's element classes wrap it
        # once it is in `root` (which layout_body's Document proxy needs).
        root.replace(root.body, _fix_docpr_ids(DocxTemplate.fix_tables(None, body)))
        no_part: Any = None  # sections and tables need no part; nothing else is touched
        layout_body(docx.document.Document(root, no_part), agency, geometry)
        return deflate(self._main_name, serialize_part_xml(root))

    def _render_part(self, part: _Part, values: dict[str, Any]) -> ZipEntry:
        xml = _finish(part.template.render(values))
        if part.last is None or part.last[0] != xml:
            element = parse_xml(xml.encode(part.encoding))
            part.last = (xml, deflate(part.name, serialize_part_xml(element)))
        return part.last[1]

    def _core_entry(self, values: tuple[str, ...]) -> ZipEntry:
        if self._core_last is None or self._core_last[0] != values:
            element = copy.deepcopy(self._core_part.element)
            properties = CoreProperties(element)
            for name, value in zip(CORE_PROPERTIES, values, strict=True):
                setattr(properties, name, value)
            entry = deflate(_member(self._core_part), serialize_part_xml(element))
            self._core_last = (values, entry)
        return self._core_last[1]

    def _styles_entry(self, agency: Agency, geometry: Geometry, marks: tuple[str, ...]) -> ZipEntry:
        key = (agency, geometry, marks)
        entry = self._styles.get(key)
        if entry is None:
            element = parse_xml(self._styles_source)
            layout_styles(element, agency, geometry, marks=marks)
            entry = deflate(self._styles_name, serialize_part_xml(element))
            self._styles[key] = entry
            if len(self._styles) > STYLES_CACHE:
                self._styles.popitem(last=False)
        else:
            self._styles.move_to_end(key)
        return entry


def _member(part: Any) -> str:
    return str(part.partname.membername)


def _finish(xml: str) -> str:
    """What `DocxTemplate.render_xml_part` does to Jinja's output."""
    xml = _PARAGRAPH_BACK.sub(r"<w:p\1", xml)
    for escaped, plain in _ESCAPED:
        xml = xml.replace(escaped, plain)
    return str(DocxTemplate.resolve_listing(None, xml))


def _fix_docpr_ids(tree: Any) -> Any:
    """`DocxTemplate.fix_docpr_ids`: drawings numbered from 1001 in document order."""
    for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=nsmap), start=1001):
        element.attrib["id"] = str(number)
    return tree


#: compiled templates kept by `compiled_template`: every official template fits
CACHE_SIZE = 16
_CACHE: OrderedDict[tuple[str, int, int], CompiledTemplate] = OrderedDict()


def compiled_template(path: Path) -> CompiledTemplate:
    """`path` compiled (with the standard filters), from a small cache keyed by the file's path,
    modification time and size: a template edited in Word is compiled anew."""
    try:
        stat = path.stat()
    except OSError:
        check_docx(path)  # the clerk-facing error for a missing or unreadable template
        raise
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = CompiledTemplate(path)
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return found
