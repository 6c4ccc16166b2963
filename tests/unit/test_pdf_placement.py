"""Placement of the signature image, the seal, the marks and the attachment line (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docgen.errors import InputError, ProfileError
from docgen.pdf.geometry import Box, mm
from docgen.pdf.placement import (
    VIETNAM_TZ,
    SignatureBlock,
    attachment_line_text,
    parse_attachment_line,
    place_marks,
    place_seal,
    place_signature,
    place_signature_and_seal,
    place_top_right_line,
)
from docgen.pdf.styles import (
    URGENCY_MARKS,
    SealStyle,
    SignatureStyle,
    TextLineStyle,
    mark_style,
)

A4 = (595.3, 841.9)


def block(
    position_bottom: float = 500.0, name_top: float = 400.0, cx: float = 430.0
) -> SignatureBlock:
    """A block whose position line ends at `position_bottom` and whose name starts at `name_top`."""
    return SignatureBlock(
        page_index=2,
        page_width=A4[0],
        page_height=A4[1],
        position=Box(cx - 48, position_bottom, cx + 48, position_bottom + 16),
        name=Box(cx - 47, name_top - 16, cx + 47, name_top),
    )


def test_signature_is_centred_between_position_and_name() -> None:
    sig = place_signature(block(), SignatureStyle(), aspect=2.5)
    assert sig.cx == pytest.approx(430.0)
    assert sig.cy == pytest.approx(450.0)
    assert sig.height == pytest.approx(mm(18))
    assert sig.width == pytest.approx(mm(18) * 2.5)
    assert 400 < sig.y0 < sig.y1 < 500


def test_signature_shrinks_to_keep_clear_of_the_lines() -> None:
    narrow = block(position_bottom=440.0, name_top=400.0)  # a 40 pt (14 mm) gap
    sig = place_signature(narrow, SignatureStyle(clearance_mm=1), aspect=2.5)
    assert sig.y0 == pytest.approx(400 + mm(1))
    assert sig.y1 == pytest.approx(440 - mm(1))


def test_wide_signature_is_limited_by_its_maximum_width() -> None:
    sig = place_signature(block(), SignatureStyle(max_width_mm=40), aspect=5.0)
    assert sig.width == pytest.approx(mm(40))
    assert sig.height == pytest.approx(mm(8))


def test_no_room_to_sign_is_an_input_error() -> None:
    with pytest.raises(InputError, match="khoảng trống"):
        place_signature(block(position_bottom=410.0, name_top=400.0), SignatureStyle(), 2.5)


def test_seal_covers_a_third_of_the_signature_on_its_left() -> None:
    placed = place_signature_and_seal(block(), SignatureStyle(), SealStyle(), aspect=2.5)
    assert placed.page_index == 2
    assert placed.overlap_fraction == pytest.approx(1 / 3)
    assert placed.seal.x0 < placed.signature.x0 < placed.seal.x1 < placed.signature.cx
    assert placed.seal.width == pytest.approx(mm(40)) == pytest.approx(placed.seal.height)
    assert placed.seal.cy == pytest.approx(450.0)


@given(
    gap=st.floats(min_value=mm(12), max_value=mm(60)),
    aspect=st.floats(min_value=1.0, max_value=6.0),
    overlap=st.floats(min_value=0.25, max_value=0.40),
    size=st.floats(min_value=30, max_value=45),
)
@example(gap=mm(12), aspect=6.0, overlap=0.25, size=45)
def test_placement_invariants(gap: float, aspect: float, overlap: float, size: float) -> None:
    b = block(position_bottom=400 + gap, name_top=400)
    placed = place_signature_and_seal(b, SignatureStyle(), SealStyle(size, overlap), aspect)
    assert placed.overlap_fraction == pytest.approx(overlap)
    assert placed.seal.x0 < placed.signature.x0  # on its left
    assert b.name.y1 < placed.signature.y0 < placed.signature.y1 < b.position.y0
    assert b.name.y1 < placed.seal.cy < b.position.y0


def test_seal_box_follows_the_given_signature_box() -> None:
    seal = place_seal(Box(100, 100, 190, 130), SealStyle(size_mm=36, overlap=0.3))
    assert seal.x1 == pytest.approx(127)
    assert seal.cy == pytest.approx(115)


@pytest.mark.parametrize(
    "kwargs", [{"overlap": 0.5}, {"overlap": 0.2}, {"size_mm": 5}, {"size_mm": 100}]
)
def test_seal_style_refuses_values_out_of_range(kwargs: dict[str, float]) -> None:
    with pytest.raises(ProfileError):
        SealStyle(**kwargs)


def test_urgency_marks_have_the_decree_sizes_and_colour() -> None:
    sizes = {text: (m.width_mm, m.height_mm) for text, m in URGENCY_MARKS.items()}
    assert sizes == {"HỎA TỐC": (30, 8), "THƯỢNG KHẨN": (40, 8), "KHẨN": (20, 8)}
    for m in URGENCY_MARKS.values():
        r, g, b = m.color
        assert r > 200 and g < 60 and b < 60


def test_mark_lookup_normalises_spelling_and_rejects_unknown_marks() -> None:
    assert mark_style("hoả tốc").text == "HỎA TỐC"
    assert mark_style(" tối  mật ").text == "TỐI MẬT"
    with pytest.raises(InputError):
        mark_style("GẤP")


def test_marks_stack_under_the_anchor() -> None:
    anchor = Box(100, 700, 220, 715)
    boxes = place_marks(anchor, [mark_style("MẬT"), mark_style("KHẨN")], gap_mm=3)
    assert [round(b.width / mm(1)) for b in boxes] == [20, 20]
    assert boxes[0].y1 == pytest.approx(700 - mm(3))
    assert boxes[1].y1 == pytest.approx(boxes[0].y0 - mm(3))
    assert all(b.cx == pytest.approx(160) for b in boxes)


def test_top_right_line_ends_at_the_right_margin() -> None:
    x, y = place_top_right_line(100.0, *A4, TextLineStyle(right_mm=15, top_mm=12))
    assert x + 100 == pytest.approx(A4[0] - mm(15))
    assert y == pytest.approx(A4[1] - mm(12))


def test_attachment_line_reads_number_symbol_and_iso_time_in_vietnam() -> None:
    utc = dt.datetime(2024, 3, 5, 2, 15, 30, 999, tzinfo=dt.UTC)
    line = attachment_line_text("05/BQL-KHTH", utc)
    assert line == "Số: 05/BQL-KHTH; 2024-03-05T09:15:30+07:00"
    assert parse_attachment_line(line) == ("05/BQL-KHTH", utc.replace(microsecond=0))
    parsed = parse_attachment_line(line)
    assert parsed is not None and parsed[1].utcoffset() == VIETNAM_TZ.utcoffset(None)


@pytest.mark.parametrize("bad", ["5/BQL", "05 /BQL", "05/", "BQL-KHTH"])
def test_attachment_line_refuses_a_malformed_number(bad: str) -> None:
    with pytest.raises(InputError):
        attachment_line_text(bad, dt.datetime(2024, 3, 5, tzinfo=VIETNAM_TZ))


def test_attachment_line_refuses_a_naive_time() -> None:
    with pytest.raises(InputError, match="múi giờ"):
        attachment_line_text("05/BQL-KHTH", dt.datetime(2024, 3, 5, 9, 15))


def test_parse_attachment_line_accepts_slashes_in_the_symbol_and_rejects_other_text() -> None:
    assert parse_attachment_line("Số: 12/2024/NĐ-CP; 2024-12-31T23:59:59+07:00") is not None
    assert parse_attachment_line("Số: 12/BQL; 2024-12-31T23:59:59+08:00") is None
    assert parse_attachment_line("Kính gửi: các đơn vị") is None


def test_copy_line_reads_form_agency_and_iso_time() -> None:
    from docgen.pdf.placement import copy_line_text

    when = dt.datetime(2024, 3, 5, 2, 15, 30, tzinfo=dt.UTC)
    line = copy_line_text("sao  y", " BAN QUẢN LÝ  DỰ ÁN ", when)
    assert line == "SAO Y; BAN QUẢN LÝ DỰ ÁN; 2024-03-05T09:15:30+07:00"
    with pytest.raises(InputError):
        copy_line_text("BẢN CHỤP", "BAN QUẢN LÝ DỰ ÁN", when)
    with pytest.raises(InputError):
        copy_line_text("SAO LỤC", " ", when)
