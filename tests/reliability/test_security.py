"""Hostile input is refused or neutralised: Jinja sandbox escapes in a template, template syntax
typed into a field, path traversal through abbreviations and symbols, a zip bomb given to check."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.errors import InputError, ProfileError, TemplateError
from docgen.inputs.profile import load_profile, parse_profile
from docgen.render.docx import render_docx
from docgen.render.geometry import compute_geometry
from docgen.services.check import check_docx
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, REFERENCE_YAML

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ co_quan.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_template_sandbox_escape_is_refused(tmp_path: Path, payload: str) -> None:
    template = tmp_path / "evil.docx"
    document = docx.Document()
    document.add_paragraph(payload)
    document.save(str(template))
    agency = load_profile(REFERENCE_PROFILE)
    with pytest.raises(TemplateError):
        render_docx(template, {"co_quan": "x"}, agency, compute_geometry(agency))


def draft_docx(source: Path, out: Path) -> None:
    draft(source, REFERENCE_PROFILE, out, pdf=False, templates=templates_dir(), today=FIXED_TODAY)


def test_template_syntax_typed_into_a_field_is_not_run(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(REFERENCE_YAML.read_text("utf-8"))
    data["trich_yeu"] = "{{ config }} " + data["trich_yeu"]
    source = tmp_path / "cv.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(InputError, match="trich_yeu"):
        draft_docx(source, tmp_path / "cv.docx")
    assert not (tmp_path / "cv.docx").exists()


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("agency", "abbreviation", "../../etc"),
        ("agency", "abbreviation", "BQL/KHTH"),
        ("units", "../x", "Phòng X"),
        ("units", "KH TH", "Phòng X"),
    ],
)
def test_path_like_abbreviations_are_refused(section: str, key: str, value: str) -> None:
    import tomllib

    data = tomllib.loads(REFERENCE_PROFILE.read_text("utf-8"))
    data.setdefault(section, {})[key] = value
    with pytest.raises(ProfileError):
        parse_profile(data, source="docgen.toml")


def test_a_unit_outside_the_profile_cannot_reach_a_path(tmp_path: Path) -> None:
    text = REFERENCE_YAML.read_text("utf-8").replace("don_vi: KHTH", "don_vi: ../../tmp")
    source = tmp_path / "cv.yaml"
    source.write_text(text, "utf-8")
    with pytest.raises(InputError, match="don_vi"):
        draft_docx(source, tmp_path / "cv.docx")


def test_zip_bomb_docx_is_refused_without_inflating_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document>")
            chunk = b" " * (1 << 20)
            for _ in range(200):  # 200 MB of spaces: a few hundred KB compressed
                part.write(chunk)
            part.write(b"</w:document>")
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024
    start = time.monotonic()
    with pytest.raises(InputError, match="lớn bất thường"):
        check_docx(data)
    assert time.monotonic() - start < 20
