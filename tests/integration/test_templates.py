"""The committed templates are what the builder code produces, and use only placeholders the
context provides (a template can't silently print nothing where a value was expected)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from jinja2 import meta

from docgen.render.context import build_context
from docgen.render.docx import make_environment
from docgen.render.template_build import BUILDERS, TEMPLATES_DIR, write_templates
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, REFERENCE_YAML


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("slug", sorted(BUILDERS))
def test_committed_template_is_what_the_code_builds(tmp_path: Path, slug: str) -> None:
    write_templates(tmp_path)
    built, committed = parts(tmp_path / f"{slug}.docx"), parts(TEMPLATES_DIR / f"{slug}.docx")
    assert built.keys() == committed.keys()
    for name in built:
        assert built[name] == committed[name], (
            f"{name} differs: run `python -m docgen.render.template_build` and commit the result"
        )


def test_templates_dir_holds_exactly_the_built_templates() -> None:
    assert sorted(p.stem for p in templates_dir().glob("*.docx")) == sorted(BUILDERS)


@pytest.mark.parametrize("slug", sorted(BUILDERS))
def test_template_uses_only_placeholders_the_context_provides(slug: str) -> None:
    from docgen.inputs.document import load_document
    from docgen.inputs.profile import load_profile

    agency = load_profile(REFERENCE_PROFILE)
    context = build_context(load_document(REFERENCE_YAML, agency, today=FIXED_TODAY), agency)
    template = DocxTemplate(str(templates_dir() / f"{slug}.docx"))
    template.init_docx()
    env = make_environment()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    used: set[str] = set()
    for source in sources:
        used |= meta.find_undeclared_variables(env.parse(source))
    assert used, "no placeholder found: the lint is not reading the template"
    assert used <= set(context), f"placeholders without a value: {sorted(used - set(context))}"
