"""Kính gửi, Nơi nhận, Lưu and signature lines (PL1 II.7, II.9; docs/format/blocks.md,
docs/format/signature.md)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.model.document import Authority, AuthorityLine, Luu, Signature
from docgen.rules.blocks import (
    KinhGuiBlock,
    kinh_gui,
    luu_line,
    needs_position,
    noi_nhan,
    signature_lines,
)
from docgen.rules.text import upper

THIRTY = [f"Sở ngành số {i}" for i in range(1, 31)]
KHTH = Luu(units=("KHTH",))

# --- Kính gửi (ô 9a) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recipients", "block"),
    [
        (["Bộ Nội vụ"], KinhGuiBlock("Kính gửi: Bộ Nội vụ.", ())),
        (["Bộ Nội vụ;"], KinhGuiBlock("Kính gửi: Bộ Nội vụ.", ())),  # the clerk's `;` is replaced
        (["Bộ Nội vụ."], KinhGuiBlock("Kính gửi: Bộ Nội vụ.", ())),
        (
            ["Bộ Nội vụ", "Bộ Tài chính"],
            KinhGuiBlock(None, ("- Bộ Nội vụ;", "- Bộ Tài chính.")),
        ),
        (
            ["Bộ Nội vụ", "Bộ Kế hoạch và Đầu tư;", "Bộ Tài chính"],  # the decree's own example
            KinhGuiBlock(None, ("- Bộ Nội vụ;", "- Bộ Kế hoạch và Đầu tư;", "- Bộ Tài chính.")),
        ),
    ],
)
def test_kinh_gui_table(recipients: list[str], block: KinhGuiBlock) -> None:
    assert kinh_gui(recipients) == block


def test_kinh_gui_single_without_the_period() -> None:
    # PL1 Mục V writes `Kính gửi: Bộ Nội vụ` without a full stop; the profile may choose it.
    assert kinh_gui(["Bộ Nội vụ"], single_period=False) == KinhGuiBlock("Kính gửi: Bộ Nội vụ", ())
    assert kinh_gui(["Bộ Nội vụ;"], single_period=False).inline == "Kính gửi: Bộ Nội vụ"


def test_kinh_gui_single_period_does_not_change_a_list() -> None:
    assert kinh_gui(["A", "B"], single_period=False) == kinh_gui(["A", "B"])


def test_kinh_gui_thirty_recipients() -> None:
    block = kinh_gui(THIRTY)
    assert block.inline is None
    assert len(block.items) == 30
    assert block.items[0] == "- Sở ngành số 1;"
    assert block.items[-1] == "- Sở ngành số 30."
    for item in block.items[:-1]:
        assert item.startswith("- ") and item.endswith(";") and not item.endswith(";;")
    assert [item[2:-1] for item in block.items] == THIRTY  # order and text kept


NAMES = st.lists(
    st.text(alphabet="abcdđeghiklmnopqrstuvxyÁàảãạăâđêôơưĐ -/()", min_size=1, max_size=30).filter(
        lambda t: t.strip(" ") and t == t.strip(" ")
    ),
    min_size=2,
    max_size=40,
)


@given(NAMES)
def test_kinh_gui_list_shape(recipients: list[str]) -> None:
    items = kinh_gui(recipients).items
    assert len(items) == len(recipients)
    assert all(i.startswith("- ") for i in items)
    assert all(i.endswith(";") for i in items[:-1]) and items[-1].endswith(".")
    assert [i[2:-1] for i in items] == recipients


def test_kinh_gui_needs_a_recipient() -> None:
    with pytest.raises(ValueError):
        kinh_gui([])


# --- Nơi nhận (ô 9b) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "nhu_tren", "lines"),
    [
        ([], True, ["- Như trên;", "- Lưu: VT, KHTH."]),
        ([], False, ["- Lưu: VT, KHTH."]),
        (["Sở Công Thương"], False, ["- Sở Công Thương;", "- Lưu: VT, KHTH."]),
        (
            ["Sở Công Thương"],
            True,
            ["- Như trên;", "- Sở Công Thương;", "- Lưu: VT, KHTH."],
        ),
        (
            ["Sở Công Thương", "UBND Thành phố (để b/c)."],
            True,
            ["- Như trên;", "- Sở Công Thương;", "- UBND Thành phố (để b/c);", "- Lưu: VT, KHTH."],
        ),
        (
            ["Sở Công Thương"],
            "VP gửi email và đăng lên Website BQL",  # the reference dispatch's note
            [
                "- Như trên (VP gửi email và đăng lên Website BQL);",
                "- Sở Công Thương;",
                "- Lưu: VT, KHTH.",
            ],
        ),
        ([], "để thực hiện;", ["- Như trên (để thực hiện);", "- Lưu: VT, KHTH."]),
    ],
)
def test_noi_nhan_table(items: list[str], nhu_tren: bool | str, lines: list[str]) -> None:
    assert noi_nhan(items, KHTH, nhu_tren=nhu_tren) == lines


def test_noi_nhan_thirty_recipients() -> None:
    lines = noi_nhan(THIRTY, KHTH, nhu_tren=True)
    assert len(lines) == 32
    assert lines[0] == "- Như trên;"
    assert lines[1:-1] == [f"- {name};" for name in THIRTY]
    assert lines[-1] == "- Lưu: VT, KHTH."


def test_noi_nhan_ends_with_the_luu_line_in_the_chosen_style() -> None:
    luu = Luu(units=("KHTH",), drafter="NVA", issued_copies=2)
    assert noi_nhan(["A"], luu, luu_style="merged")[-1] == "- Lưu: VT, KHTH, NVA(02)."
    assert noi_nhan(["A"], luu)[-1] == "- Lưu: VT, KHTH. NVA.(02)"


# --- Lưu (last line of ô 9b, with ô 12) --------------------------------------------------------


@pytest.mark.parametrize(
    ("luu", "style", "line"),
    [
        (Luu(units=()), "nd30", "- Lưu: VT."),  # giấy giới thiệu (PL3 Mẫu 1.8)
        (Luu(units=("KHTH",)), "nd30", "- Lưu: VT, KHTH."),
        (Luu(units=("TCCB",)), "nd30", "- Lưu: VT, TCCB."),  # PL1 Mục V
        (Luu(units=("HC",), archive_copies=2), "nd30", "- Lưu: VT, HC (02)."),
        (
            Luu(units=("KHTH",), archive_copies=2, drafter="NVA", issued_copies=15),
            "nd30",
            "- Lưu: VT, KHTH (02). NVA.(15)",
        ),
        (
            Luu(units=("KHTH",), drafter="PL", issued_copies=300),
            "nd30",
            "- Lưu: VT, KHTH. PL.(300)",
        ),
        (Luu(units=("KHTH", "VP")), "nd30", "- Lưu: VT, KHTH, VP."),
        (Luu(units=("KHTH",)), "merged", "- Lưu: VT, KHTH."),
        (
            Luu(units=("KHTH",), drafter="NVA", issued_copies=2),
            "merged",
            "- Lưu: VT, KHTH, NVA(02).",
        ),
        (Luu(units=("KHTH",), drafter="NVA"), "merged", "- Lưu: VT, KHTH, NVA."),
    ],
)
def test_luu_line_table(luu: Luu, style: str, line: str) -> None:
    assert luu_line(luu, style=style) == line


def test_luu_line_refuses_an_unknown_style() -> None:
    with pytest.raises(ValueError):
        luu_line(KHTH, style="free")


# --- Signature lines (ô 7a) --------------------------------------------------------------------


def sig(*authorities: tuple[Authority, str], position: str) -> Signature:
    return Signature(
        authorities=tuple(AuthorityLine(a, office) for a, office in authorities),
        position=position,
        name="Nguyễn Văn A",
    )


@pytest.mark.parametrize(
    ("signature", "lines"),
    [
        (sig(position="Trưởng ban"), ["TRƯỞNG BAN"]),  # the head signs directly
        (sig(position="Giám đốc"), ["GIÁM ĐỐC"]),
        (
            sig((Authority.KT, "Giám đốc"), position="Phó Giám đốc"),
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        ),
        (
            sig((Authority.KT, "Trưởng ban"), position="Phó Trưởng ban"),
            ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
        ),
        (
            sig((Authority.KT, "Bộ trưởng"), position="Thứ trưởng"),  # PL1 Mục V
            ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"],
        ),
        (
            sig((Authority.TM, "Ủy ban nhân dân"), position="Chủ tịch"),  # PL1 Mục V
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ),
        (
            sig((Authority.TL, "Bộ trưởng"), position="Vụ trưởng Vụ Pháp chế"),
            ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ"],
        ),
        (
            sig((Authority.TUQ, "Bộ trưởng"), position="Cục trưởng Cục Văn thư"),
            ["TUQ. BỘ TRƯỞNG", "CỤC TRƯỞNG CỤC VĂN THƯ"],
        ),
        (sig((Authority.Q, "Cục trưởng"), position=""), ["Q. CỤC TRƯỞNG"]),
        (
            sig(
                (Authority.TM, "Ủy ban nhân dân"),
                (Authority.KT, "Chủ tịch"),
                position="Phó Chủ tịch",
            ),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
    ],
)
def test_signature_lines_table(signature: Signature, lines: list[str]) -> None:
    assert signature_lines(signature) == lines


def test_acting_head_is_not_repeated_under_q() -> None:
    # `Q. CỤC TRƯỞNG` / signature / name (PL1 II.7.b): the acting office is not written twice.
    assert signature_lines(sig((Authority.Q, "Cục trưởng"), position="Cục trưởng")) == [
        "Q. CỤC TRƯỞNG"
    ]


def test_authority_prefixes_are_exact() -> None:
    # PL1 II.7.đ: the prefixes with a dot, followed by a space.
    assert [a.value for a in Authority] == ["TM.", "Q.", "KT.", "TL.", "TUQ."]


@pytest.mark.parametrize(
    ("authorities", "needed"),
    [
        ([], False),
        ([Authority.KT], True),
        ([Authority.TM], True),
        ([Authority.TL], True),
        ([Authority.TUQ], True),
        ([Authority.Q], False),
        ([Authority.TM, Authority.KT], True),
    ],
)
def test_needs_position(authorities: list[Authority], needed: bool) -> None:
    assert needs_position(authorities) is needed


# --- Capitals (PL2; docs/format/body.md) -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "capitals"),
    [
        ("Phó Trưởng ban", "PHÓ TRƯỞNG BAN"),
        ("đồng chí", "ĐỒNG CHÍ"),
        ("Giám đốc", "GIÁM ĐỐC"),
        ("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN"),
        (
            "Ban quản lý các khu công nghiệp và chế xuất Hà Nội",
            "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI",
        ),
        ("công văn", "CÔNG VĂN"),
        ("quyết định", "QUYẾT ĐỊNH"),
    ],
)
def test_upper_keeps_vietnamese_letters(text: str, capitals: str) -> None:
    assert upper(text) == capitals
    assert unicodedata.is_normalized("NFC", upper(text))


def test_upper_of_decomposed_text_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Phó Trưởng ban")
    assert upper(decomposed) == "PHÓ TRƯỞNG BAN"
