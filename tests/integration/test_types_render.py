"""Every type, rendered from its example input: golden text, symbol, and no finding from the
checker but the blanks of a draft; a quyết định with 12 điều and 3 căn cứ, a biên bản with two
signatures, a copy and appendices."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from docgen.errors import DocgenError
from docgen.inputs.copy import CopyRequest, load_input
from docgen.inputs.document import parse_document
from docgen.model.agency import SIZE_PROFILES, Margins
from docgen.model.kinds import Kind
from docgen.render.design import BOTTOM_TABLE, COPY_TABLE
from docgen.render.ooxml import table_caption
from docgen.render.template_build import APPENDIX_FILE, BUILDERS, COPY_BLOCK, TEMPLATE_OF
from docgen.services.check import check_docx
from docgen.services.draft import draft, render_copy, render_document
from docgen.services.settings import templates_dir
from tests.conftest import EXAMPLES, FIXED_TODAY, REFERENCE_PROFILE
from tests.integration.types_support import (
    DRAFT_BLANKS,
    EXAMPLE_SYMBOLS,
    GOLDEN,
    agency,
    open_docx,
    render_appendices,
    render_example,
    texts,
)


@pytest.mark.parametrize("stem", sorted(EXAMPLE_SYMBOLS))
def test_golden_text(stem: str) -> None:
    got = [t.replace("\n", "\\n") for t in texts(render_example(stem))]  # one line each
    golden = GOLDEN / f"{stem}.txt"
    if os.environ.get("DOCGEN_UPDATE_GOLDEN") == "1":  # after a reviewed change of the output
        golden.write_text("\n".join(got) + "\n", "utf-8")
    assert got == golden.read_text("utf-8").splitlines()


@pytest.mark.parametrize(("stem", "symbol"), sorted(EXAMPLE_SYMBOLS.items()))
def test_symbol(stem: str, symbol: str) -> None:
    lines = [t for t in texts(render_example(stem)) if t.startswith("Số:")]
    if not symbol:
        assert lines == []
        return
    assert lines and lines[-1].replace(" ", "").endswith(f"/{symbol}")


@pytest.mark.parametrize("stem", sorted(EXAMPLE_SYMBOLS))
def test_no_finding_but_the_draft_blanks(stem: str) -> None:
    report = check_docx(render_example(stem, agency(single_period=False)), issued=False)
    found = [(f.rule, f.found) for f in report.findings if f.rule not in DRAFT_BLANKS]
    assert found == []
    assert {f.severity.name for f in report.findings} <= {"INFO"}


def test_every_kind_with_a_template_is_built() -> None:
    assert set(TEMPLATE_OF.values()) | {COPY_BLOCK, APPENDIX_FILE} == set(BUILDERS)
    # the generic Mẫu 1.4 types of PL3's footnote share one template
    for kind in (Kind.CHI_THI, Kind.QUY_CHE, Kind.KE_HOACH, Kind.GIAY_UY_QUYEN, Kind.PHIEU_BAO):
        assert TEMPLATE_OF[kind] == "van-ban"


def decision(n_dieu: int, n_can_cu: int) -> dict[str, object]:
    return {
        "loai": "quyet-dinh",
        "don_vi": "VP",
        "trich_yeu": "ban hành Quy chế làm việc của Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
        "ngay": {"nam": 2024, "thang": 3},
        "can_cu": [
            "Căn cứ Quyết định số 38/2020/QĐ-UBND ngày 20 tháng 11 năm 2020 của Ủy ban nhân dân "
            f"thành phố Hà Nội về việc ban hành Quy định chức năng, nhiệm vụ (lần {i})"
            for i in range(1, n_can_cu)
        ]
        + ["Theo đề nghị của Chánh Văn phòng"],
        "noi_dung": [
            {"dieu": f"Nội dung thứ {i}", "khoan": [f"Khoản thứ nhất của điều {i}.", "Khoản hai."]}
            for i in range(1, n_dieu + 1)
        ],
        "nguoi_ky": "truong-ban",
        "noi_nhan": {"cac_noi": ["Như Điều 12"]},
    }


def test_quyet_dinh_with_12_dieu_and_3_can_cu() -> None:
    who = agency()
    document = parse_document(decision(12, 3), who, source="qd.yaml", today=FIXED_TODAY)
    data = render_document(document, who, templates_dir())
    lines = texts(data)
    assert lines[lines.index("QUYẾT ĐỊNH") + 1].startswith("Ban hành Quy chế làm việc")
    can_cu = [t for t in lines if t.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(can_cu) == 3 and can_cu[0].endswith(";") and can_cu[-1].endswith(".")
    assert lines.index("QUYẾT ĐỊNH:") == lines.index(can_cu[-1]) + 1
    dieu = [t for t in lines if t.startswith("Điều ")]
    assert dieu == [f"Điều {i}. Nội dung thứ {i}" for i in range(1, 13)]
    assert lines[lines.index(dieu[-1]) + 2] == "2. Khoản hai./."
    doc = open_docx(data)
    styles = {p.text: p.style.style_id for p in doc.paragraphs if p.text.strip()}
    assert styles["QUYẾT ĐỊNH:"] == "ND30QuyetDinh"
    assert styles[dieu[0]] == "ND30Dieu" and styles[can_cu[0]] == "ND30CanCu"
    assert styles[lines[lines.index(can_cu[0]) - 1]] == "ND30ThamQuyen"
    report = check_docx(data, issued=False)
    assert {f.rule for f in report.findings} <= DRAFT_BLANKS


def test_bien_ban_has_two_signatures_with_noi_nhan_under_the_secretary() -> None:
    doc = open_docx(render_example("bql-bb-hop-giao-ban"))
    table = next(t for t in doc.tables if table_caption(t) == BOTTOM_TABLE)
    left, right = ([p.text for p in c.paragraphs if p.text.strip()] for c in table.rows[0].cells)
    assert left[:2] == ["THƯ KÝ", "Vũ Thị Mai"] and left[2] == "Nơi nhận:"
    assert left[-1] == "- Lưu: VT, VP."
    assert right == ["CHỦ TRÌ", "Nguyễn Văn Ngân"]


@pytest.mark.parametrize("slug", ["ban-ghi-nho", "ban-thoa-thuan"])
def test_the_two_party_instruments_have_two_signatures(slug: str) -> None:
    """A bản ghi nhớ and a bản thỏa thuận are signed by both parties, like a hợp đồng (no PL3
    template for any of them): the other party on the left above Nơi nhận."""
    who = agency()
    data = yaml.safe_load((EXAMPLES / "bql-bgn-hop-tac-dao-tao.yaml").read_text("utf-8"))
    document = parse_document({**data, "loai": slug}, who, source="x.yaml", today=FIXED_TODAY)
    doc = open_docx(render_document(document, who, templates_dir()))
    table = next(t for t in doc.tables if table_caption(t) == BOTTOM_TABLE)
    left, right = ([p.text for p in c.paragraphs if p.text.strip()] for c in table.rows[0].cells)
    assert left[:3] == ["ĐẠI DIỆN BÊN B", "Trần Minh Đức", "Nơi nhận:"]
    assert right == ["ĐẠI DIỆN BÊN A", "Lê Quang Long"]


def test_paper_copy_block_follows_the_copied_document() -> None:
    data = render_example("bql-sao-y-qd")
    lines = texts(data)
    block = lines[lines.index("SAO Y") - 2 :]
    assert block == [
        "BAN QUẢN LÝ CÁC KHU CÔNG\nNGHIỆP VÀ CHẾ XUẤT HÀ NỘI",
        "Số: 01/SY-BQL",
        "SAO Y",
        "Hà Nội, ngày 20 tháng 3 năm 2024",
        "Nơi nhận:",
        "- Sở Công Thương Hà Nội;",
        "- Lưu: VT.",
        "TL. TRƯỞNG BAN",
        "CHÁNH VĂN PHÒNG",
        "Phạm Thị Lan",
    ]
    doc = open_docx(data)
    assert table_caption(doc.tables[-1]) == COPY_TABLE
    rule = doc.tables[-1]._tbl.getprevious()
    assert rule.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "ND30KeBanSao"
    assert lines[0] == "UBND THÀNH PHỐ HÀ NỘI" and "Số: 12/QĐ-BQL" in lines  # the original first


def test_appendix_in_its_own_section_numbered_from_one() -> None:
    data = render_example("bql-qd-giao-nhiem-vu")
    doc = open_docx(data)
    assert len(doc.sections) == 2
    for section in doc.sections:
        number = section._sectPr.find(qn("w:pgNumType"))
        assert number is not None and number.get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer
    main, appendix = doc.sections
    assert "{{" not in "".join(p.text for p in main.first_page_footer.paragraphs)
    assert not "".join(p.text for p in appendix.first_page_footer.paragraphs).strip()
    lines = texts(data)
    start = lines.index("Phụ lục I")
    assert lines[start + 1] == "DANH SÁCH THÀNH VIÊN TỔ CÔNG TÁC"
    assert lines[start + 2] == (
        "(Kèm theo Quyết định số       /QĐ-BQL ngày        tháng 3 năm 2024 của Ban Quản lý các "
        "khu công nghiệp và chế xuất Hà Nội)"
    )
    assert lines[start + 3].startswith("1. Ông Nguyễn Văn Ngân")
    styles = {p.text: p.style.style_id for p in doc.paragraphs}
    assert styles["Phụ lục I"] == "ND30PhuLuc"
    assert styles[lines[start + 2]] == "ND30PhuLucKemTheo"


def test_issued_appendix_reference_carries_the_number_and_date() -> None:
    who = agency()
    data = decision(2, 1) | {
        "so": 12,
        "ngay": "2024-03-15",
        "phu_luc": [{"tieu_de": "Quy chế", "noi_dung": [{"dieu": "Phạm vi"}]}],
    }
    document = parse_document(data, who, source="qd.yaml", today=FIXED_TODAY)
    lines = texts(render_document(document, who, templates_dir()))
    assert lines[lines.index("Phụ lục I") + 2].startswith(
        "(Kèm theo Quyết định số 12/QĐ-BQL ngày 15 tháng 3 năm 2024 của"
    )


def test_appendix_in_its_own_file() -> None:
    main = texts(render_example("bql-bc-thu-hut-dau-tu"))
    assert not any(t.startswith("Phụ lục") for t in main)
    (number, data), *more = render_appendices("bql-bc-thu-hut-dau-tu")
    assert number == "I" and more == []
    lines = texts(data)
    assert lines[:2] == [
        "Phụ lục I",
        "DANH SÁCH DỰ ÁN ĐƯỢC CẤP MỚI GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ QUÝ I NĂM 2024",
    ]
    assert lines[2].startswith("(Kèm theo Báo cáo số       /BC-BQL ngày        tháng 4 năm 2024")
    doc = open_docx(data)
    assert len(doc.sections) == 1 and doc.sections[0].different_first_page_header_footer
    assert not "".join(p.text for p in doc.sections[0].first_page_footer.paragraphs).strip()
    # checked as a phụ lục: only the reference line's blanks, a note in a draft
    report = check_docx(data, issued=False)
    assert [(f.rule, f.severity.value) for f in report.findings] == [
        ("appendix_reference_blank", "info")
    ]


def test_draft_writes_the_appendix_files_beside_the_document(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    result = draft(
        EXAMPLES / "bql-bc-thu-hut-dau-tu.yaml",
        REFERENCE_PROFILE,
        out,
        pdf=False,
        templates=templates_dir(),
        today=FIXED_TODAY,
    )
    assert result.appendices == (tmp_path / "bao-cao-phu-luc-I.docx",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao-phu-luc-I.docx", "bao-cao.docx"]


def test_trich_sao_renders_the_extract_anew_with_the_copy_block(tmp_path: Path) -> None:
    extract = tmp_path / "trich.yaml"
    extract.write_text(
        (EXAMPLES / "bql-qd-giao-nhiem-vu-da-ban-hanh.yaml").read_text("utf-8"), "utf-8"
    )
    request = tmp_path / "trich-sao.yaml"
    request.write_text(
        "loai: trich-sao\nban_goc: trich.yaml\nngay: {nam: 2024, thang: 4}\nnguoi_ky: truong-ban\n",
        "utf-8",
    )
    who = agency()
    loaded = load_input(request, who, today=FIXED_TODAY)
    assert isinstance(loaded, CopyRequest)
    lines = texts(render_copy(loaded, who, templates_dir()))
    assert "TRÍCH SAO" in lines and "Số:       /TrS-BQL" in lines
    assert lines[-3:] == ["- Lưu: VT.", "TRƯỞNG BAN", "Lê Quang Long"]


def test_tm_kt_chain_on_a_named_type() -> None:
    who = agency()
    data = decision(1, 1) | {
        "nguoi_ky": {
            "ho_ten": "Nguyễn Văn Ngân",
            "chuc_vu": "Phó Chủ tịch",
            "tham_quyen": ["TM", "KT"],
            "thay_cho": ["Hội đồng", "Chủ tịch"],
        }
    }
    document = parse_document(data, who, source="qd.yaml", today=FIXED_TODAY)
    rendered = render_document(document, who, templates_dir())
    doc = open_docx(rendered)
    table = next(t for t in doc.tables if table_caption(t) == BOTTOM_TABLE)
    right = [p.text for p in table.rows[0].cells[1].paragraphs if p.text.strip()]
    assert right == ["TM. HỘI ĐỒNG", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Ngân"]
    assert texts(rendered)[8] == "HỘI ĐỒNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI"
    assert {f.rule for f in check_docx(rendered, issued=False).findings} <= DRAFT_BLANKS


@pytest.mark.parametrize("variant", ["size-13", "decree-margins"])
def test_no_finding_with_the_other_size_profile_and_margins(variant: str) -> None:
    base = agency(single_period=False)
    who = (
        dataclasses.replace(base, sizes=SIZE_PROFILES["13"])
        if variant == "size-13"
        else dataclasses.replace(base, margins=Margins(25, 20, 35, 20))
    )
    for stem in sorted(EXAMPLE_SYMBOLS):
        report = check_docx(render_example(stem, who), issued=False)
        assert [f.rule for f in report.findings if f.rule not in DRAFT_BLANKS] == [], stem


def test_copy_of_a_hand_typed_document_brings_its_styles(tmp_path: Path) -> None:
    typed = docx.Document()
    typed.add_paragraph("Văn bản do đồng nghiệp tự gõ.")
    typed.save(str(tmp_path / "goc.docx"))
    (tmp_path / "sao.yaml").write_text(
        "loai: sao-y\nban_goc: goc.docx\nso: 2\nngay: 2024-03-20\nnguoi_ky: truong-ban\n", "utf-8"
    )
    who = agency()
    request = load_input(tmp_path / "sao.yaml", who, today=FIXED_TODAY)
    assert isinstance(request, CopyRequest)
    doc = open_docx(render_copy(request, who, templates_dir()))
    assert doc.paragraphs[0].text == "Văn bản do đồng nghiệp tự gõ."
    cells = [p for c in doc.tables[-1].rows[0].cells for p in c.paragraphs if p.text.strip()]
    assert [(p.text, p.style.style_id) for p in cells][-3:] == [
        ("Số: 02/SY-BQL", "ND30So"),
        ("SAO Y", "ND30HinhThucSao"),
        ("Hà Nội, ngày 20 tháng 3 năm 2024", "ND30DiaDanh"),
    ]
    assert doc.styles.get_by_id("ND30HinhThucSao", WD_STYLE_TYPE.PARAGRAPH).font.bold


def test_copy_of_a_file_that_is_not_word_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "goc.docx").write_text("không phải Word", "utf-8")
    (tmp_path / "sao.yaml").write_text(
        "loai: sao-y\nban_goc: goc.docx\nnguoi_ky: truong-ban\n", "utf-8"
    )
    who = agency()
    request = load_input(tmp_path / "sao.yaml", who, today=FIXED_TODAY)
    assert isinstance(request, CopyRequest)
    with pytest.raises(DocgenError) as caught:
        render_copy(request, who, templates_dir())
    assert "\n" not in caught.value.one_line() and "goc.docx" in caught.value.one_line()
