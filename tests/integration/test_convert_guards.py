"""The conversion guards: soffice exits 0 when it fails, may hang, may be missing, and the fonts may
lack Vietnamese. Fake `soffice`/`fc-list` programs on PATH play those parts; one test uses the real
LibreOffice on a corrupt input."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.errors import ConversionError, SystemDependencyError
from docgen.render import fonts
from docgen.render.convert import convert_to_pdf
from tests.conftest import REFERENCE_PROFILE, REFERENCE_YAML, needs_libreoffice


def fake_program(directory: Path, name: str, script: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "bin"
    directory.mkdir()
    monkeypatch.setenv("PATH", f"{directory}{os.pathsep}{os.environ['PATH']}")
    fonts.vietnamese_tnr_family.cache_clear()
    yield directory
    fonts.vietnamese_tnr_family.cache_clear()


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return int(exit_info.value.code or 0), capsys.readouterr().err


def draft_pdf(out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`docgen draft` of the reference dispatch to `out` with --pdf."""
    args = ["draft", str(REFERENCE_YAML), "--profile", str(REFERENCE_PROFILE), "-o", str(out)]
    return run_cli([*args, "--pdf"], capsys)


def test_no_vietnamese_font_refuses_the_pdf_and_names_the_package(
    fake_bin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_program(fake_bin, "fc-list", 'echo "DejaVu Sans"; echo "Liberation Sans"')
    out = tmp_path / "out" / "cv.docx"
    code, err = draft_pdf(out, capsys)
    assert code == SystemDependencyError.exit_code
    assert err.count("\n") == 1 and "fonts-liberation2" in err
    assert not out.parent.exists()


def test_missing_libreoffice_names_the_package(
    fake_bin: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(fake_bin))  # nothing else: no soffice anywhere
    out = tmp_path / "cv.docx"
    code, err = draft_pdf(out, capsys)
    assert code == SystemDependencyError.exit_code
    assert "libreoffice-writer-nogui" in err and not out.exists()


def test_soffice_exiting_0_without_output_is_an_error(
    fake_bin: Path, reference_draft: Path, tmp_path: Path
) -> None:
    fake_program(fake_bin, "soffice", "echo 'Error: source file could not be loaded'; exit 0")
    out = tmp_path / "out"
    with pytest.raises(ConversionError, match="không tạo ra tệp PDF"):
        convert_to_pdf(reference_draft, out)
    assert not out.exists() or list(out.iterdir()) == []


def test_hung_soffice_is_killed_after_the_timeout(
    fake_bin: Path, reference_draft: Path, tmp_path: Path
) -> None:
    fake_program(fake_bin, "soffice", "sleep 60")
    start = time.monotonic()
    with pytest.raises(ConversionError, match="không trả lời"):
        convert_to_pdf(reference_draft, tmp_path, timeout=1)
    assert time.monotonic() - start < 30


def test_text_file_named_docx_is_refused_before_libreoffice(tmp_path: Path) -> None:
    fake = tmp_path / "not-a-document.docx"
    fake.write_text("this is plain text")
    with pytest.raises(ConversionError, match=r"\.docx hợp lệ"):
        convert_to_pdf(fake, tmp_path / "out")


@pytest.mark.libreoffice
def test_real_libreoffice_on_a_corrupt_docx_fails_cleanly(tmp_path: Path) -> None:
    needs_libreoffice()
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
        archive.writestr("[Content_Types].xml", "garbage")
    with pytest.raises(ConversionError):
        convert_to_pdf(broken, tmp_path / "out")
    assert not (tmp_path / "out" / "broken.pdf").exists()


def test_a_pdf_with_a_font_not_embedded_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    from docgen.services.draft import ensure_fonts_embedded

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)  # a PDF core font: referenced, never embedded
    pdf.cell(text="Hello")
    path = tmp_path / "core-font.pdf"
    pdf.output(str(path))
    with pytest.raises(ConversionError, match="Helvetica"):
        ensure_fonts_embedded(path)


def test_our_pdf_embeds_every_font(reference_pdf: Path) -> None:
    from docgen.services.draft import ensure_fonts_embedded

    ensure_fonts_embedded(reference_pdf)
