"""What the printed registers and the ĐẾN stamp show: column (7) Số lượng bản and its profile
setting, headings that never break inside a word, the blank hồ sơ field of the stamp."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.archive.export import (
    HEADERS,
    INCOMING_HEADERS,
    INCOMING_WIDTHS_MM,
    WIDTHS_MM,
    row_cells,
)
from docgen.errors import ProfileError
from docgen.inputs.profile import parse_profile
from docgen.model.register import (
    COPIES_NOI_NHAN,
    COPIES_PHAT_HANH,
    EntryStatus,
    RegisterEntry,
)
from docgen.pdf.den import DenStamp, render_box
from docgen.rules.metrics import text_width_mm

PROFILE = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi" / "docgen.toml"
#: python-docx's "Table Grid": 108 twips of cell margin on each side (1.905 mm)
CELL_MARGINS_MM = 2 * 108 / 1440 * 25.4
HEADING_PT, CELL_PT = 11, 11

ISSUED = RegisterEntry(
    2024, "hanh_chinh", 5, "BQL-KHTH", date=dt.date(2024, 3, 5),
    recipients=("Sở Tài chính", "Sở Công Thương", "Các doanh nghiệp KCN"),
    holders=("VT", "KHTH"),
)  # fmt: skip


def test_column_7_is_o_12s_count_when_given() -> None:
    given = replace(ISSUED, copies=15)
    assert given.printed_copies(COPIES_NOI_NHAN) == 15
    assert given.printed_copies(COPIES_PHAT_HANH) == 15
    assert row_cells(given)[6] == "15"


def test_column_7_counts_one_copy_per_noi_nhan_item_and_lưu_holder() -> None:
    # 3 Kính gửi / Nơi nhận items + VT + KHTH on the Lưu line (ND30 Điều 17.1.a)
    assert ISSUED.printed_copies() == 5
    assert row_cells(ISSUED)[6] == "5"
    assert row_cells(ISSUED, COPIES_PHAT_HANH)[6] == ""


def test_column_7_is_blank_for_a_number_not_issued_or_nothing_to_count() -> None:
    reserved = RegisterEntry(2024, "hanh_chinh", 6, "BQL-VP", status=EntryStatus.RESERVED)
    cancelled = RegisterEntry(2024, "hanh_chinh", 7, "BQL-VP", status=EntryStatus.CANCELLED)
    bare = RegisterEntry(2024, "hanh_chinh", 8, "BQL-VP", date=dt.date(2024, 3, 5))
    assert [e.printed_copies() for e in (reserved, cancelled, bare)] == [None, None, None]


def _profile(**register: object) -> dict[str, object]:
    data = tomllib.loads(PROFILE.read_text("utf-8"))
    if register:
        data["register"] = register
    return data


def test_the_profile_chooses_the_source_of_column_7() -> None:
    assert parse_profile(_profile(), source="p.toml").register.copies == COPIES_NOI_NHAN
    chosen = parse_profile(_profile(copies="phat-hanh"), source="p.toml")
    assert chosen.register.copies == COPIES_PHAT_HANH
    with pytest.raises(ProfileError) as caught:
        parse_profile(_profile(copies="ban-luu"), source="p.toml")
    assert caught.value.field == "register.copies" and "noi-nhan" in caught.value.hint
    with pytest.raises(ProfileError) as caught:
        parse_profile(_profile(so_ban="noi-nhan"), source="p.toml")
    assert caught.value.field == "register.so_ban"


@pytest.mark.parametrize(
    ("headers", "widths"), [(HEADERS, WIDTHS_MM), (INCOMING_HEADERS, INCOMING_WIDTHS_MM)]
)
def test_every_heading_word_and_a_date_fit_their_column(
    headers: tuple[str, ...], widths: tuple[int, ...]
) -> None:
    assert sum(widths) == 257  # landscape A4 between 20 mm margins
    for heading, width in zip(headers, widths, strict=True):
        room = width - CELL_MARGINS_MM
        for word in heading.split():
            assert text_width_mm(word, HEADING_PT, bold=True) <= room, (heading, word, width)
        if heading.startswith("Ngày"):
            assert text_width_mm("30/12/2024", CELL_PT) <= room, (heading, width)


def test_the_den_stamp_leaves_the_ho_so_field_blank_to_write_in() -> None:
    from pypdf import PdfReader

    stamp = DenStamp("BAN QUẢN LÝ", 1, dt.date(2024, 5, 10), "KHTH")
    lines = stamp.lines()
    assert lines["hs"] == "Số và ký hiệu HS:" and lines["chuyen"] == "Chuyển: KHTH"
    assert DenStamp("X", 1, dt.date(2024, 5, 10)).lines()["chuyen"] == "Chuyển:"
    filled = DenStamp("X", 1, dt.date(2024, 5, 10), file_notation="01.TCCB")
    assert filled.lines()["hs"] == "Số và ký hiệu HS: 01.TCCB"
    text = PdfReader(io.BytesIO(render_box(stamp))).pages[0].extract_text()
    assert "Số và ký hiệu HS:" in text and "VT.DEN" not in text
