"""The reference dispatch through the real LibreOffice: pages, page numbers, one-line Quốc hiệu,
number and date on one baseline, intact Vietnamese text (issue 2, "What must hold")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.integration.test_reference_dispatch import collapse, reference_paragraphs
from tests.support.pdf_text import find, fragments, page_size, page_texts

pytestmark = pytest.mark.libreoffice
MM = 72 / 25.4


def test_at_most_two_pages(reference_pdf: Path) -> None:
    assert 1 <= len(PdfReader(reference_pdf).pages) <= 2


def test_page_two_is_numbered_top_centre_and_page_one_is_not(reference_pdf: Path) -> None:
    width, height = page_size(reference_pdf)
    top_margin = 20 * MM
    number = fragments(reference_pdf, 1)[0]
    assert number.text == "2"
    assert height - top_margin < number.y < height  # in the top margin
    text_centre = (30 * MM + width - 15 * MM) / 2  # profile margins 30/15 mm
    assert abs(number.x + 3.5 - text_centre) < 6  # the digit is ~7 pt wide at 14 pt
    assert all(f.y < height - top_margin for f in fragments(reference_pdf, 0) if f.text.isdigit())


def test_quoc_hieu_on_one_line(reference_pdf: Path) -> None:
    assert find(reference_pdf, 0, "CỘNG HÒA").text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_number_and_date_on_the_same_baseline(reference_pdf: Path) -> None:
    number = find(reference_pdf, 0, "Số:")
    date = find(reference_pdf, 0, "Hà Nội, ngày")
    # Số is 13 pt and the date 14 pt italic: their baselines may differ by the ascent difference.
    assert abs(number.y - date.y) < 1.5
    assert number.x < date.x


def test_signature_block_stays_with_noi_nhan_on_the_last_page(reference_pdf: Path) -> None:
    last = len(PdfReader(reference_pdf).pages) - 1
    label = find(reference_pdf, last, "Nơi nhận:")
    position = find(reference_pdf, last, "TRƯỞNG BAN")
    name = find(reference_pdf, last, "Lê Quang Long")
    assert abs(label.y - position.y) < 2  # Nơi nhận is level with the first line of ô 7a
    assert name.y < position.y - 60  # room for the signature and the seal
    assert label.x < position.x


def test_every_vietnamese_line_extracts_intact(reference_pdf: Path) -> None:
    pages = page_texts(reference_pdf)
    # Drop the page number at the top of each later page so a paragraph spanning pages reads on.
    text = collapse(" ".join([pages[0], *[p.split("\n", 1)[1] for p in pages[1:]]]))
    for paragraph in reference_paragraphs():
        assert paragraph in text, paragraph


def test_every_font_is_embedded_and_has_tnr_metrics(reference_pdf: Path) -> None:
    names = set()
    for page in PdfReader(reference_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert names and all("LiberationSerif" in n or "TimesNewRoman" in n for n in names), names


def test_page_one_png_artefact(reference_pdf: Path, artifacts_dir: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    target = artifacts_dir / "reference-dispatch-page1"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(reference_pdf),
            str(target),
        ],
        check=True,
        timeout=60,
    )
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
