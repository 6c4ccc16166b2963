"""The Nơi nhận and signature block never stand alone on the last page: the last paragraph of the
text keeps with it (real LibreOffice), and `docgen check` / `docgen issue` warn from the PDF when a
document (typed by hand, or an old file) leaves the block alone."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from docgen.inputs.document import parse_document
from docgen.inputs.profile import load_profile
from docgen.pdf.layout_check import bottom_block_alone
from docgen.render.convert import convert_many
from docgen.services.check import check_docx
from docgen.services.draft import render_document
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_dispatch_layouts import WORDS, dispatch

pytestmark = pytest.mark.libreoffice
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPENERS = ("Nơi nhận:", "KT. TRƯỞNG BAN")
#: body lengths (full paragraphs, words of a last short one) that put the block on page 2
LENGTHS = [(7, 1), (7, 21), (8, 1), (8, 21)]


def without_keep(data: bytes) -> bytes:
    """`data` as an old file would be: no keep-with-next before the bottom table."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    for tbl in root.iter(f"{W}tbl"):
        before = tbl.getprevious()
        if before is not None and before.tag == f"{W}p":
            for tag in ("keepNext", "keepLines"):
                for element in before.iter(f"{W}{tag}"):
                    element.getparent().remove(element)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, body)
    return out.getvalue()


def document(paragraphs: int, words: int) -> Any:
    data = dispatch(1, 2, paragraphs=paragraphs)
    data["noi_dung"] = [*data["noi_dung"], " ".join(WORDS.split()[:words]) + "."]
    agency = load_profile(REFERENCE_PROFILE)
    return parse_document(data, agency, source="cv.yaml", today=dt.date(2024, 3, 5)), agency


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{name: (docx, pdf)}: each length as docgen renders it and as an old file without the keep."""
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("last-page")
    files: dict[str, Path] = {}
    for paragraphs, words in LENGTHS:
        doc, agency = document(paragraphs, words)
        data = render_document(doc, agency, templates_dir())
        for name, content in ((f"{paragraphs}-{words}", data),
                              (f"{paragraphs}-{words}-old", without_keep(data))):  # fmt: skip
            files[name] = folder / f"{name}.docx"
            files[name].write_bytes(content)
    pdfs = convert_many(list(files.values()), folder)
    return {name: (docx, pdf) for (name, docx), pdf in zip(files.items(), pdfs, strict=True)}


def test_the_last_paragraph_goes_with_the_block(laid_out: dict[str, tuple[Path, Path]]) -> None:
    for paragraphs, words in LENGTHS:
        _, ours = laid_out[f"{paragraphs}-{words}"]
        _, old = laid_out[f"{paragraphs}-{words}-old"]
        # without the keep, LibreOffice leaves the block alone on page 2 (the case this guards) …
        assert len(PdfReader(old).pages) == 2 and bottom_block_alone(old, first_lines=OPENERS)
        # … with it, the last paragraph of the text moves to that page, whole
        assert not bottom_block_alone(ours, first_lines=OPENERS)
        last = " ".join(WORDS.split()[:words]) + "."
        text = PdfReader(ours).pages[-1].extract_text()
        assert last.split()[0] in text and "./." in text


def test_docgen_check_warns_from_the_pdf_beside_the_file(
    laid_out: dict[str, tuple[Path, Path]],
) -> None:
    docx, _ = laid_out["7-1-old"]
    report = check_docx(docx)
    found = [f for f in report.findings if f.rule == "bottom_block_not_alone_on_last_page"]
    assert len(found) == 1 and "trang cuối chỉ có phần Nơi nhận và chữ ký" in found[0].found
    ours, _ = laid_out["7-1"]
    assert "bottom_block_not_alone_on_last_page" not in check_docx(ours).rules()
    assert "bottom_block_not_alone_on_last_page" not in check_docx(docx.read_bytes()).rules()


def test_issuing_an_old_word_file_warns_and_ours_does_not(
    laid_out: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    from docgen.archive import open_register
    from docgen.services.issue import issue

    with open_register(tmp_path / "archive", "BQL") as store:
        results = [
            issue(
                laid_out[name][0],
                REFERENCE_PROFILE,
                archive=tmp_path / "archive",
                store=store,
                templates=templates_dir(),
                on=dt.date(2024, 3, 5),
            )
            for name in ("7-1-old", "7-1")
        ]
    old, ours = results
    assert len(old.warnings) == 1 and "trang cuối chỉ có phần Nơi nhận" in old.warnings[0]
    assert ours.warnings == ()
