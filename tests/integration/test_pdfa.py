"""PDF/A-2b output for archiving (`pdfa = true` in the profile's [format])."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.render.convert import pdfa_part
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, REFERENCE_YAML, needs_libreoffice

pytestmark = pytest.mark.libreoffice


def test_draft_pdf_is_pdfa_2b_when_the_profile_asks(tmp_path: Path) -> None:
    needs_libreoffice()
    profile = tmp_path / "docgen.toml"
    profile.write_text(
        REFERENCE_PROFILE.read_text("utf-8").replace("pdfa = false", "pdfa = true"),
        "utf-8",
    )
    result = draft(
        REFERENCE_YAML,
        profile,
        tmp_path / "cv.docx",
        pdf=True,
        templates=templates_dir(),
        today=FIXED_TODAY,
    )
    assert result.pdf is not None and pdfa_part(result.pdf) == "2B"


def test_default_pdf_is_not_pdfa(reference_pdf: Path) -> None:
    assert pdfa_part(reference_pdf) == ""
