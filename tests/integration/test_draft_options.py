"""Profile options and optional components: size profile 13, urgency and secrecy marks, the ô 13
footer on page 1 only, the merged Lưu style, a deputy's signature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from docgen.render.geometry import CELL_PAD_MM, QUOC_HIEU
from docgen.render.ooxml import table_grid_mm
from docgen.rules.metrics import text_width_mm
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_dispatch_layouts import dispatch, render
from tests.integration.test_reference_dispatch import _paragraph
from tests.support import docx_props as props

FOOTER = """
[footer]
address = "Số 2 Phạm Văn Bạch, Cầu Giấy, Hà Nội"
phone = "024.33560570"
email = "bqlkcn@hanoi.gov.vn"
website = "hiza.hanoi.gov.vn"
"""


def profile(tmp_path: Path, *, size: str = "14", extra: str = "", luu: str = "nd30") -> Path:
    text = REFERENCE_PROFILE.read_text("utf-8")
    text = text.replace('size_profile = "14"', f'size_profile = "{size}"')
    text = text.replace('luu_format = "nd30"', f'luu_format = "{luu}"')
    path = tmp_path / "docgen.toml"
    path.write_text(text + extra, "utf-8")
    return path


def draft_with(
    tmp_path: Path, data: dict[str, Any], profile_path: Path, *, pdf: bool = False
) -> tuple[Path, Path | None]:
    return render(tmp_path, data, pdf=pdf, profile=profile_path)


def test_size_profile_13_resizes_every_component(tmp_path: Path) -> None:
    path, _ = draft_with(tmp_path, dispatch(1, 1), profile(tmp_path, size="13"))
    document = docx.Document(str(path))
    expected = {
        "CỘNG HÒA": 12,
        "Độc lập": 13,
        "Số:": 13,
        "V/v": 12,
        "Hà Nội, ngày": 13,
        "Kính gửi:": 13,
        "Ban quản lý đề nghị": 13,
        "Nơi nhận:": 12,
        "- Lưu:": 11,
        "KT. TRƯỞNG BAN": 13,
    }
    for start, size in expected.items():
        assert props.size_pt(document, _paragraph(document, start)) == size, start
    right = table_grid_mm(document.tables[0])[1]
    assert right - 2 * CELL_PAD_MM >= text_width_mm(QUOC_HIEU, 12, bold=True)


@pytest.mark.parametrize(
    ("key", "value", "text", "width"),
    [
        ("do_khan", "khan", "KHẨN", 20.0),
        ("do_khan", "thuong-khan", "THƯỢNG KHẨN", 40.0),
        ("do_khan", "hoa-toc", "HỎA TỐC", 30.0),
    ],
)
def test_urgency_mark_is_a_red_bold_box_of_the_decree_size(
    tmp_path: Path, key: str, value: str, text: str, width: float
) -> None:
    path, _ = draft_with(tmp_path, {**dispatch(1, 1), key: value}, profile(tmp_path))
    document = docx.Document(str(path))
    mark = _paragraph(document, text)
    assert mark.text == text and props.flag(mark, "bold")
    style = mark.style
    assert str(style.font.color.rgb) == "FF0000"
    borders = style.element.pPr.find(qn("w:pBdr"))
    assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right"}
    cell = table_grid_mm(document.tables[0])[0]
    left = props.mm(style.paragraph_format.left_indent)
    right = props.mm(style.paragraph_format.right_indent)
    assert abs(cell - 2 * CELL_PAD_MM - left - right - width) < 0.3


def test_secrecy_mark_under_the_number(tmp_path: Path) -> None:
    path, _ = draft_with(tmp_path, {**dispatch(1, 1), "do_mat": "mat"}, profile(tmp_path))
    left_cell = docx.Document(str(path)).tables[0].rows[1].cells[0]
    assert [p.text for p in left_cell.paragraphs if p.text][-1] == "MẬT"


def test_no_marks_no_empty_boxes(tmp_path: Path) -> None:
    path, _ = draft_with(tmp_path, dispatch(1, 1), profile(tmp_path))
    left_cell = docx.Document(str(path)).tables[0].rows[1].cells[0]
    assert [p.style.style_id for p in left_cell.paragraphs] == ["ND30So", "ND30TrichYeuCV"]


def test_merged_luu_line_and_drafter(tmp_path: Path) -> None:
    data = {
        **dispatch(1, 1),
        "luu": {"don_vi": ["KHTH"], "nguoi_soan": "NVA", "so_ban_phat_hanh": 2},
    }
    path, _ = draft_with(tmp_path, data, profile(tmp_path, luu="merged"))
    assert "- Lưu: VT, KHTH, NVA(02)." in [
        p.text
        for t in docx.Document(str(path)).tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
    ]


@pytest.mark.libreoffice
def test_footer_o13_on_page_one_only(tmp_path: Path) -> None:
    needs_libreoffice()
    _, pdf = draft_with(
        tmp_path, dispatch(2, 2, paragraphs=12), profile(tmp_path, extra=FOOTER), pdf=True
    )
    assert pdf is not None
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(pages) >= 2
    line = (
        "Địa chỉ: Số 2 Phạm Văn Bạch, Cầu Giấy, Hà Nội; Điện thoại: 024.33560570; "
        "E-mail: bqlkcn@hanoi.gov.vn; Website: hiza.hanoi.gov.vn"
    )
    assert line in " ".join(pages[0].split())
    assert all("Phạm Văn Bạch" not in page for page in pages[1:])


def test_footer_rule_spans_the_text_width(tmp_path: Path) -> None:
    path, _ = draft_with(tmp_path, dispatch(1, 1), profile(tmp_path, extra=FOOTER))
    document = docx.Document(str(path))
    footer = document.sections[0].first_page_footer
    paragraph = next(p for p in footer.paragraphs if p.text.startswith("Địa chỉ:"))
    assert paragraph.style.element.pPr.find(qn("w:pBdr")).find(qn("w:top")) is not None
    assert props.size_pt(document, paragraph) == 11
    assert not paragraph.style.paragraph_format.left_indent  # full width: no indents
