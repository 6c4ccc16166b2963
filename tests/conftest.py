"""Shared test set-up.

In CI (`CI=true`) a skipped test is a failure: a test that needs a real part (LibreOffice,
PostgreSQL, pdftoppm) may skip on a developer machine that lacks it, never in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = ROOT / "tests" / "artifacts"

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every real part must be present: {report.longrepr}"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files for a person to look at (PNG pages, PDFs); git-ignored."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


EXAMPLES = ROOT / "examples" / "bql-hanoi"
REFERENCE_YAML = EXAMPLES / "bql-khth-moi-xet-chon-spcncl.yaml"
REFERENCE_PROFILE = EXAMPLES / "docgen.toml"
FIXED_TODAY = __import__("datetime").date(2024, 3, 5)


def needs_libreoffice() -> None:
    """Skip (a failure in CI) when LibreOffice or a Vietnamese TNR font is missing."""
    import shutil

    from docgen.errors import SystemDependencyError
    from docgen.render.fonts import vietnamese_tnr_family

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    try:
        vietnamese_tnr_family()
    except SystemDependencyError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def reference_draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference dispatch drafted to DOCX (no PDF)."""
    from docgen.services.draft import draft
    from docgen.services.settings import templates_dir

    out = tmp_path_factory.mktemp("reference") / "cong-van.docx"
    draft(
        REFERENCE_YAML,
        REFERENCE_PROFILE,
        out,
        pdf=False,
        templates=templates_dir(),
        today=FIXED_TODAY,
    )
    return out


@pytest.fixture(scope="session")
def reference_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference dispatch drafted to DOCX and PDF with the real LibreOffice."""
    needs_libreoffice()
    from docgen.services.draft import draft
    from docgen.services.settings import templates_dir

    out = tmp_path_factory.mktemp("reference-pdf") / "cong-van.docx"
    result = draft(
        REFERENCE_YAML,
        REFERENCE_PROFILE,
        out,
        pdf=True,
        templates=templates_dir(),
        today=FIXED_TODAY,
    )
    assert result.pdf is not None
    return result.pdf


@pytest.fixture(scope="session")
def tokens(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The session's SoftHSM2 tokens and test PKI (`tests.support.tokens.Tokens`)."""
    from tests.support.tokens import start_tokens

    return start_tokens(tmp_path_factory.mktemp("tokens"))
