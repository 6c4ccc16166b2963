"""Finding lines and the signature block from a PDF's text layer (PDFs drawn here with fpdf2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from docgen.errors import SignatureError
from docgen.pdf.fonts import find_serif_font
from docgen.pdf.locate import find_number_anchor, find_signature_block, normalise, text_lines

A4 = (595.28, 841.89)
Line = tuple[float, float, str]  # x, baseline from the top (fpdf2 coordinates), text


def draw(path: Path, pages: list[list[Line]], size: float = 14) -> dict[str, float]:
    """A PDF with `pages` of bold serif lines; returns each text's width in points."""
    pdf = FPDF(unit="pt", format=A4)
    pdf.set_auto_page_break(False)
    pdf.add_font("serif", "B", str(find_serif_font("bold")))
    pdf.set_font("serif", "B", size)
    widths: dict[str, float] = {}
    for lines in pages:
        pdf.add_page()
        for x, top, text in lines:
            pdf.text(x, top, text)
            widths[text] = pdf.get_string_width(text)
    pdf.output(str(path))
    for font in pdf.fonts.values():
        font.close()
    return widths


BODY = [
    (85.0, 100.0 + 20 * i, f"Đoạn {i}: nội dung văn bản tiếng Việt đầy đủ dấu.") for i in range(30)
]


def test_block_on_page_three_is_found_with_its_boxes(tmp_path: Path) -> None:
    block = [
        (85.0, 300.0, "Nơi nhận:"),
        (380.0, 300.0, "TRƯỞNG BAN"),
        (383.0, 420.0, "Lê Quang Long"),
    ]
    widths = draw(tmp_path / "a.pdf", [BODY, BODY, BODY[:5] + block])
    found = find_signature_block(tmp_path / "a.pdf", "TRƯỞNG BAN", "Lê Quang Long")
    assert found.page_index == 2
    assert (found.page_width, found.page_height) == pytest.approx(A4)
    assert found.position.x0 == pytest.approx(380.0, abs=0.5)
    assert found.position.width == pytest.approx(widths["TRƯỞNG BAN"], abs=0.5)
    assert found.name.width == pytest.approx(widths["Lê Quang Long"], abs=0.5)
    baseline_position, baseline_name = A4[1] - 300.0, A4[1] - 420.0
    assert found.position.y0 < baseline_position < found.position.y1
    assert found.name.y0 < baseline_name < found.name.y1
    assert found.gap.y0 == found.name.y1 and found.gap.y1 == found.position.y0


def test_two_columns_on_one_baseline_are_two_lines(tmp_path: Path) -> None:
    draw(tmp_path / "b.pdf", [[(85.0, 300.0, "Nơi nhận:"), (380.0, 300.0, "TRƯỞNG BAN")]])
    texts = [line.text for line in text_lines(tmp_path / "b.pdf")]
    assert texts == ["Nơi nhận:", "TRƯỞNG BAN"]


def test_a_position_wrapped_over_two_lines_is_found(tmp_path: Path) -> None:
    block = [
        (360.0, 300.0, "KT. GIÁM ĐỐC"),
        (350.0, 317.0, "PHÓ GIÁM ĐỐC SỞ KẾ HOẠCH"),
        (390.0, 334.0, "VÀ ĐẦU TƯ"),
        (380.0, 440.0, "Trần Thị Bích Ngọc"),
    ]
    draw(tmp_path / "c.pdf", [block])
    found = find_signature_block(
        tmp_path / "c.pdf", "PHÓ GIÁM ĐỐC SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Trần Thị Bích Ngọc"
    )
    assert found.position.y0 < A4[1] - 334.0 < found.position.y1  # bottom = the last wrapped line
    assert found.position.y1 > A4[1] - 317.0


def test_matching_ignores_case_and_the_last_block_wins(tmp_path: Path) -> None:
    quoted = [(380.0, 100.0, "TRƯỞNG BAN"), (383.0, 200.0, "Lê Quang Long")]
    real = [(380.0, 500.0, "TRƯỞNG BAN"), (383.0, 620.0, "Lê Quang Long")]
    draw(tmp_path / "d.pdf", [quoted + real])
    found = find_signature_block(tmp_path / "d.pdf", "Trưởng  ban", "LÊ QUANG LONG")
    assert found.name.y1 < A4[1] - 600.0


def test_no_block_is_a_clear_error(tmp_path: Path) -> None:
    draw(tmp_path / "e.pdf", [[(383.0, 420.0, "Lê Quang Long"), (380.0, 500.0, "TRƯỞNG BAN")]])
    with pytest.raises(SignatureError, match="không tìm thấy khối chữ ký"):
        # the position line is below the name: not a signature block
        find_signature_block(tmp_path / "e.pdf", "TRƯỞNG BAN", "Lê Quang Long")


def test_a_file_that_is_not_a_pdf_is_a_signature_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("không phải PDF")
    with pytest.raises(SignatureError):
        find_signature_block(bad, "TRƯỞNG BAN", "Lê Quang Long")


def test_number_anchor_spans_the_number_and_the_vv_lines(tmp_path: Path) -> None:
    lines = [
        (130.0, 120.0, "Số: 05/BQL-KHTH"),
        (330.0, 120.0, "Hà Nội, ngày 05 tháng 3 năm 2024"),
        (110.0, 138.0, "V/v phối hợp thực hiện"),
        (85.0, 220.0, "Kính gửi: các đơn vị."),
    ]
    draw(tmp_path / "f.pdf", [lines], size=13)
    anchor = find_number_anchor(tmp_path / "f.pdf")
    assert anchor is not None
    assert anchor.y1 > A4[1] - 120.0 and anchor.y0 < A4[1] - 138.0
    assert anchor.y0 > A4[1] - 220.0  # stops before Kính gửi
    assert anchor.x1 < 330.0  # the date line in the other column is not part of it
    draw(tmp_path / "g.pdf", [[(85.0, 220.0, "Kính gửi: các đơn vị.")]])
    assert find_number_anchor(tmp_path / "g.pdf") is None


def test_normalise_folds_case_space_and_unicode_forms() -> None:
    decomposed = "Tru\u031bo\u031b\u0309ng  ban"  # ư, ở written with combining marks
    assert normalise(decomposed) == normalise("TRƯỞNG BAN") == "trưởng ban"
