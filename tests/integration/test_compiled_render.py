"""Templates compiled once (issue 7, fast rendering for batches): `CompiledRenderer.render` and
`render_document` give exactly the bytes of docxtpl's own path (`render_docx`: the template read,
patched, compiled and rendered for each document) for every example type, the reference dispatch
and generated dispatches; a template edited in Word is compiled anew; the caches stay bounded."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docgen.errors import InputError, TemplateError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.document import parse_document
from docgen.model.agency import Agency
from docgen.model.document import Document
from docgen.render import compiled as compiled_module
from docgen.render.compiled import STYLES_CACHE, CompiledTemplate, compiled_template
from docgen.render.context import build_context
from docgen.render.docx import render_docx
from docgen.render.geometry import compute_geometry
from docgen.render.package import FIXED_TIME
from docgen.services.draft import CompiledRenderer, render_document, template_for
from docgen.services.render_batch import document_layout
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, REFERENCE_YAML
from tests.integration.types_support import agency

WHO = agency()
#: one renderer for the whole module, so its compiled templates and caches serve many documents
RENDERER = CompiledRenderer(WHO, templates_dir())
DOCUMENTS = sorted(
    p.stem
    for p in EXAMPLES.glob("*.yaml")
    if not isinstance(load_input(p, WHO, today=FIXED_TODAY), CopyRequest)
)


def docxtpl_path(document: Document, who: Agency) -> bytes:
    """The document through docxtpl's own path, template read and compiled for it alone."""
    geometry, marks = document_layout(document, who)
    template = template_for(document, templates_dir())
    return render_docx(template, build_context(document, who), who, geometry, marks=marks)


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def assert_same(got: bytes, expected: bytes) -> None:
    assert members(got) == members(expected)  # the part that differs, when one does
    assert got == expected


def load(stem: str) -> Document:
    document = load_input(EXAMPLES / f"{stem}.yaml", WHO, today=FIXED_TODAY)
    assert isinstance(document, Document)
    return document


def sections(data: bytes) -> int:
    return len(docx.Document(io.BytesIO(data)).sections)


@pytest.fixture
def compiled_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the compiled renderer hands a document to docxtpl's path instead of rendering it."""

    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("rendered by the docxtpl fallback, not by the compiled template")

    monkeypatch.setattr(compiled_module, "render_docx", refuse)


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_every_example_type_gives_the_docxtpl_bytes(stem: str) -> None:
    document = load(stem)
    got = RENDERER.render(document)
    assert_same(got, docxtpl_path(document, WHO))
    assert got == render_document(document, WHO, templates_dir())


def test_single_section_documents_do_not_fall_back(compiled_only: None) -> None:
    rendered = [RENDERER.render(load(stem)) for stem in DOCUMENTS if not load(stem).appendices]
    assert len(rendered) >= 10 and all(sections(data) == 1 for data in rendered)


def test_appendix_in_the_same_file_goes_through_docxtpl_and_matches() -> None:
    document = load("bql-qd-giao-nhiem-vu")
    assert document.appendices and not document.appendices_separate
    got = RENDERER.render(document)
    assert sections(got) == 2  # the appendix section, with the blank first-page footer added
    assert_same(got, docxtpl_path(document, WHO))


def test_reference_dispatch_renders_the_same_bytes_every_time(compiled_only: None) -> None:
    document = load(REFERENCE_YAML.stem)
    first = RENDERER.render(document)
    assert RENDERER.render(document) == first == render_document(document, WHO, templates_dir())
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {FIXED_TIME}


# Generated dispatches: recipient lists, XML special characters and Vietnamese in every field.
LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
TEXT = st.text(
    alphabet=st.sampled_from([*LETTERS, *LETTERS.upper(), *" &<>'\"0123456789.,;:-()/%"]),
    min_size=1,
    max_size=80,
).map(str.strip)
BASE = yaml.safe_load(REFERENCE_YAML.read_text("utf-8"))


@st.composite
def dispatches(draw: st.DrawFn) -> dict[str, Any]:
    data = {
        **BASE,
        "trich_yeu": draw(TEXT),
        "kinh_gui": draw(st.lists(TEXT, min_size=1, max_size=5)),
        "noi_dung": draw(st.lists(TEXT, min_size=1, max_size=4)),
        "noi_nhan": {"nhu_tren": True, "cac_noi": draw(st.lists(TEXT, max_size=3))},
    }
    for key, choices in (("do_khan", ["khan", "hoa-toc"]), ("do_mat", ["mat", "toi-mat"])):
        value = draw(st.sampled_from([None, *choices]))
        if value:
            data[key] = value
    if draw(st.booleans()):
        data["phu_luc"] = [{"tieu_de": draw(TEXT), "noi_dung": draw(st.lists(TEXT, min_size=1))}]
    return data


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=dispatches())
def test_generated_dispatches_give_the_docxtpl_bytes(data: dict[str, Any]) -> None:
    try:
        document = parse_document(data, WHO, source="gen.yaml", today=FIXED_TODAY)
    except InputError:
        assume(False)  # a field the input reader refuses never reaches rendering
        raise
    assert_same(RENDERER.render(document), docxtpl_path(document, WHO))


def test_a_batch_of_recipients_reuses_one_compiled_template(compiled_only: None) -> None:
    document = load(REFERENCE_YAML.stem)
    renderer = CompiledRenderer(WHO, templates_dir())
    outputs = {}
    for name in ("Công ty A & B <Việt Nam>", "Công ty TNHH Điện tử Quang Minh", "X"):
        one = dataclasses.replace(document, recipients=(name,))
        outputs[name] = renderer.render(one)
    template = compiled_template(template_for(document, templates_dir()))
    assert template.cached_styles <= STYLES_CACHE and len(set(outputs.values())) == 3
    for (
        name,
        got,
    ) in outputs.items():  # (docxtpl_path calls render_docx itself, not the patched one)
        assert_same(got, docxtpl_path(dataclasses.replace(document, recipients=(name,)), WHO))


def test_styles_cache_stays_bounded() -> None:
    template = CompiledTemplate(templates_dir() / "quyet-dinh.docx")
    document = load("bql-qd-giao-nhiem-vu-da-ban-hanh")
    context = build_context(document, WHO)
    geometry = compute_geometry(WHO, trich_yeu=document.subject)
    for i in range(STYLES_CACHE + 5):
        varied = dataclasses.replace(geometry, trich_yeu_rule=40.0 + i)
        template.render(context, WHO, varied)
        assert template.cached_styles == min(i + 1, STYLES_CACHE)


def test_an_edited_template_is_compiled_anew(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.docx"
    shutil.copyfile(templates_dir() / "cong-van.docx", path)
    first = compiled_template(path)
    assert compiled_template(path) is first
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert compiled_template(path) is not first


@pytest.mark.parametrize(
    "text",
    ["{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ co_quan ", "{{ khong_co }}"],
)
def test_template_errors_read_as_docxtpl_path_errors(tmp_path: Path, text: str) -> None:
    template = tmp_path / "mau.docx"
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(template))
    geometry = compute_geometry(WHO)
    with pytest.raises(TemplateError) as expected:
        render_docx(template, {"co_quan": "x"}, WHO, geometry)
    with pytest.raises(TemplateError) as got:
        CompiledTemplate(template).render({"co_quan": "x"}, WHO, geometry)
    assert got.value.one_line() == expected.value.one_line()


def test_a_hand_made_template_with_picture_header_and_properties(tmp_path: Path) -> None:
    """Parts our templates lack: drawings (renumbered docPr ids), placeholders in the header, the
    footer and the core properties; rendered twice in a row with different values."""
    from PIL import Image

    picture = tmp_path / "dau.png"
    Image.new("RGB", (4, 4), "red").save(picture)
    template = tmp_path / "mau.docx"
    document = docx.Document()
    document.core_properties.title = "{{ co_quan }}"
    document.sections[0].header.paragraphs[0].text = "Số {{ so }}"
    document.sections[0].footer.paragraphs[0].text = "{%p if so %}"
    document.sections[0].footer.add_paragraph("{{ so }} & hết")
    document.sections[0].footer.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ co_quan }}")
    document.add_picture(str(picture))
    document.add_paragraph("{%p for x in ds %}")
    document.add_picture(str(picture))
    document.add_paragraph("{{ x }}")
    document.add_paragraph("{%p endfor %}")
    document.save(str(template))
    compiled = CompiledTemplate(template)
    geometry = compute_geometry(WHO)
    for context in (
        {"co_quan": "BAN <QUẢN LÝ> & Cộng", "so": "12", "ds": ["a", "b\nc"]},
        {"co_quan": "Ban", "so": "", "ds": []},
        {"co_quan": "Ban", "so": "", "ds": ["một\tcột"]},
    ):
        got = compiled.render(context, WHO, geometry)
        assert_same(got, render_docx(template, context, WHO, geometry))
    assert docx.Document(io.BytesIO(got)).core_properties.title == "Ban"
