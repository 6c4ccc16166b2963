"""Rendering a document's .docx from its type's template: once (`render_document`) or for a batch
(`CompiledRenderer`), both through templates compiled once (`render.compiled`)."""

from __future__ import annotations

from pathlib import Path

from docgen.errors import TemplateError
from docgen.model.agency import Agency
from docgen.model.document import Document
from docgen.render.compiled import CompiledTemplate, compiled_template
from docgen.render.context import build_context, sentence
from docgen.render.geometry import Geometry, compute_geometry
from docgen.render.template_build import TEMPLATE_OF
from docgen.rules.blocks import kinh_gui


def template_for(document: Document, templates: Path) -> Path:
    """The template file of the document's type (types sharing a decree template share ours)."""
    slug = TEMPLATE_OF.get(document.kind)
    if slug is None:
        known = ", ".join(sorted(k.info.slug for k in TEMPLATE_OF))
        raise TemplateError(
            f"chưa có mẫu cho loại văn bản `{document.kind.info.slug}`",
            source=str(templates),
            hint=f"docgen soạn được: {known}",
        )
    path = templates / f"{slug}.docx"
    if not path.exists():
        raise TemplateError(
            f"không có tệp mẫu `{slug}.docx` cho loại văn bản `{document.kind.info.slug}`",
            source=str(path),
            hint="chạy `python -m docgen.render.template_build` để tạo lại các mẫu",
        )
    return path


def document_layout(document: Document, agency: Agency) -> tuple[Geometry, tuple[str, str]]:
    """The geometry of `document` (from its Kính gửi and trích yếu) and its secrecy and urgency
    marks: what the layout step needs besides the agency profile."""
    inline = None
    if len(document.recipients) == 1:
        inline = kinh_gui(
            list(document.recipients), single_period=agency.style.kinh_gui_single_period
        ).inline
    info = document.kind.info
    named = info.abbreviation is not None and info.has_trich_yeu
    geometry = compute_geometry(
        agency,
        recipients=document.recipients,
        kinh_gui_inline=inline,
        trich_yeu=sentence(document.subject) if named else "",
    )
    marks = (
        document.secrecy.value if document.secrecy else "",
        document.urgency.value if document.urgency else "",
    )
    return geometry, marks


def _render(compiled: CompiledTemplate, document: Document, agency: Agency) -> bytes:
    geometry, marks = document_layout(document, agency)
    return compiled.render(build_context(document, agency), agency, geometry, marks=marks)


def render_document(document: Document, agency: Agency, templates: Path) -> bytes:
    """The .docx bytes of `document`: context from the rules, geometry from the texts, layout applied.
    The same input gives the same bytes (zip entries carry a fixed time)."""
    return _render(compiled_template(template_for(document, templates)), document, agency)


class CompiledRenderer:
    """Renders many documents of one agency: each type's template is read and compiled on first
    use and kept for the renderer's life (a template edited during a batch does not change the
    batch). `render(document)` gives the bytes `render_document(document, agency, templates)`
    gives. Documents with an appendix in the same file are rendered by docxtpl itself (their
    layout adds footer parts); they come out identical, only slower.

    One renderer per thread: its caches are not locked. Memory stays bounded: per template, the
    compressed unchanged parts and at most `render.compiled.STYLES_CACHE` styles parts.
    """

    def __init__(self, agency: Agency, templates: Path) -> None:
        self.agency = agency
        self.templates = templates
        self._compiled: dict[Path, CompiledTemplate] = {}

    def render(self, document: Document) -> bytes:
        path = template_for(document, self.templates)
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = compiled_template(path)
        return _render(compiled, document, self.agency)
