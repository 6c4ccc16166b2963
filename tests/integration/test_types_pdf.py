"""Every template, rendered from its example, converts to PDF with the header unwrapped (the Quốc
hiệu on one line); the kế hoạch example fills three pages; an appendix starts its own page."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.inputs.copy import CopyRequest, load_input
from docgen.model.kinds import Kind
from docgen.render.convert import convert_many
from docgen.render.geometry import QUOC_HIEU
from docgen.render.template_build import APPENDIX_FILE, BUILDERS, COPY_BLOCK, TEMPLATE_OF
from tests.conftest import EXAMPLES, FIXED_TODAY, needs_libreoffice
from tests.integration.types_support import (
    EXAMPLE_SYMBOLS,
    agency,
    render_appendices,
    render_example,
)
from tests.support.pdf_text import page_texts

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    needs_libreoffice()
    work = tmp_path_factory.mktemp("types-pdf")
    sources = []
    for stem in sorted(EXAMPLE_SYMBOLS):
        path = work / f"{stem}.docx"
        path.write_bytes(render_example(stem))
        sources.append(path)
        for number, data in render_appendices(stem):
            sources.append(work / f"{stem}-phu-luc-{number}.docx")
            sources[-1].write_bytes(data)
    made = convert_many(sources, work / "pdf")
    return {path.stem: path for path in made}


def templates_of(stem: str) -> set[str]:
    document = load_input(EXAMPLES / f"{stem}.yaml", agency(), today=FIXED_TODAY)
    if isinstance(document, CopyRequest):
        return {COPY_BLOCK}
    return {TEMPLATE_OF[document.kind]} | (
        {APPENDIX_FILE} if document.appendices_separate else set()
    )


def test_the_examples_cover_every_template() -> None:
    assert set().union(*(templates_of(stem) for stem in EXAMPLE_SYMBOLS)) == set(BUILDERS)


@pytest.mark.parametrize("stem", sorted(EXAMPLE_SYMBOLS))
def test_quoc_hieu_on_one_line(pdfs: dict[str, Path], stem: str) -> None:
    first = page_texts(pdfs[stem])[0]
    assert any(QUOC_HIEU in line for line in first.splitlines()), first[:300]


def test_ke_hoach_fills_three_pages(pdfs: dict[str, Path]) -> None:
    pages = page_texts(pdfs["bql-kh-xet-chon-spcncl"])
    assert len(pages) == 3
    assert "Phần III" in pages[1] + pages[2] and "Nguyễn Văn Ngân" in pages[2]


def test_appendix_starts_a_page_without_a_number(pdfs: dict[str, Path]) -> None:
    pages = page_texts(pdfs["bql-qd-giao-nhiem-vu"])
    appendix = next(i for i, text in enumerate(pages) if "Phụ lục I" in text)
    assert appendix >= 1 and pages[appendix].lstrip().startswith("Phụ lục I")


def test_copy_block_is_on_the_last_page(pdfs: dict[str, Path]) -> None:
    last = page_texts(pdfs["bql-sao-y-qd"])[-1]
    assert "SAO Y" in last and "Số: 01/SY-BQL" in last and "Phạm Thị Lan" in last


def test_every_named_kind_maps_to_a_built_template() -> None:
    assert all(TEMPLATE_OF[k] in BUILDERS for k in Kind if k.info.abbreviation)


def test_separate_appendix_file_has_no_number_on_its_first_page(pdfs: dict[str, Path]) -> None:
    pages = page_texts(pdfs["bql-bc-thu-hut-dau-tu-phu-luc-I"])
    assert pages[0].lstrip().startswith("Phụ lục I")
