"""One hand-typed faulty .docx per rule: the checker reports that rule (and a correct file is clean).

A test proves every rule the checker declares is in TRIGGERS, so a new rule cannot ship untested.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from docgen.rules.check import RULES, Severity
from docgen.services.check import check_docx
from tests.integration.check_docs import BODY, CAN_CU_BODY, Rule, Spec, appendix, build, named

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note (info)
BASE = Spec()

#: rule id → (a file that breaks only that rule, the severity expected)
TRIGGERS: dict[str, tuple[Spec, Severity]] = {
    # page and fonts
    "page_size_a4": (replace(BASE, page=(216, 279)), E),
    "page_orientation_portrait": (replace(BASE, page=(297, 210)), W),
    "page_margins_in_range": (replace(BASE, margins=(20, 20, 25, 15)), E),
    "font_is_tnr": (replace(BASE, font="Arial"), E),
    "font_color_black": (replace(BASE, body_color="0000FF"), W),
    "page_number_present": (replace(BASE, page_number=None), N),
    "page_number_hidden_on_first": (replace(BASE, title_page=False), E),
    "page_number_style": (replace(BASE, pn_size=10), E),
    # header
    "header_two_columns": (replace(BASE, header_table=False), E),
    "quoc_hieu_present": (replace(BASE, quoc_hieu=""), E),
    "quoc_hieu_spelling": (replace(BASE, quoc_hieu="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), N),
    "quoc_hieu_style": (replace(BASE, qh_bold=False), E),
    "quoc_hieu_unwrapped": (replace(BASE, header_cols=(80.0, 85.0)), E),
    "tieu_ngu_present": (replace(BASE, tieu_ngu=""), E),
    "tieu_ngu_format": (replace(BASE, tieu_ngu="Độc lập-Tự do-Hạnh phúc"), E),
    "tieu_ngu_style": (replace(BASE, tn_size=12), E),
    "tieu_ngu_rule": (replace(BASE, tieu_ngu_rule=None), E),
    "agency_present": (replace(BASE, agency="", parent=""), E),
    "agency_style": (replace(BASE, agency_size=14), E),
    "parent_agency_style": (replace(BASE, parent_size=14), E),
    "agency_rule": (replace(BASE, agency_rule=Rule("border", 0.9)), E),
    "sizes_consistent": (replace(BASE, tn_size=13), W),
    # number and date
    "number_present": (replace(BASE, so=None), E),
    "number_format": (replace(BASE, so="Số 05/SCT-KHTH"), E),
    "number_leading_zero": (replace(BASE, so="Số: 5/SCT-KHTH"), E),
    "number_blank": (replace(BASE, so="Số:      /SCT-KHTH"), N),
    "number_style": (replace(BASE, so_size=14), E),
    "symbol_type_matches_doctype": (named(so="Số: 05/KH-SCT"), E),
    "congvan_symbol_has_two_groups": (replace(BASE, so="Số: 05/SCT"), W),
    "date_line_format": (replace(BASE, date="Hà Nội ngày 05 tháng 3 năm 2024"), E),
    "date_leading_zero_day": (replace(BASE, date="Hà Nội, ngày 5 tháng 3 năm 2024"), E),
    "date_leading_zero_month_1_2_only": (
        replace(BASE, date="Hà Nội, ngày 05 tháng 03 năm 2024"),
        E,
    ),
    "date_blank": (replace(BASE, date="Hà Nội, ngày      tháng 3 năm 2024"), N),
    "date_style": (replace(BASE, date_italic=False), E),
    "date_same_row_as_number": (replace(BASE, date_in_first_row=True), W),
    # title, V/v, Kính gửi, body
    "vv_present_for_congvan": (replace(BASE, vv="Về việc tổ chức hội nghị"), E),
    "vv_style": (replace(BASE, vv_bold=True), E),
    "vv_6pt_below_number": (replace(BASE, vv_before=0), W),
    "title_present_for_named_types": (named(title=None), E),
    "title_style": (named(title_bold=False), E),
    "trich_yeu_style": (named(trich_size=12), E),
    "trich_yeu_rule": (named(trich_rule=Rule("underscore", 1.0)), E),
    "kinh_gui_present_for_congvan": (replace(BASE, kinh_gui=()), W),
    "kinh_gui_single_vs_multi_layout": (
        replace(BASE, kinh_gui=("Kính gửi:", "- Sở Tài chính;", "- Sở Xây dựng;")),
        E,
    ),
    "kinh_gui_single_period": (replace(BASE, kinh_gui=("Kính gửi: Sở Tài chính.",)), N),
    "kinh_gui_style": (replace(BASE, kg_size=12), E),
    "body_size": (replace(BASE, body_size=12), E),
    "body_justified_indent_spacing": (replace(BASE, body_align="left", body_indent_mm=0), W),
    "can_cu_punctuation_style": (named(can_cu_italic=False), E),
    "body_end_mark": (replace(BASE, body=(BODY[0], "Đề nghị các đơn vị phối hợp thực hiện.")), N),
    # Nơi nhận and signature
    "noi_nhan_present": (replace(BASE, noi_nhan=None), E),
    "noi_nhan_label_size12_bold_italic": (replace(BASE, nn_label_size=14), E),
    "noi_nhan_items_size11": (replace(BASE, nn_items_size=14), E),
    "noi_nhan_item_punctuation": (
        replace(BASE, nn_items=("- Như trên;", "- Sở Tài chính", "- Lưu: VT, KHTH.")),
        E,
    ),
    "noi_nhan_last_line_luu_vt": (replace(BASE, nn_items=("- Như trên;", "- Lưu VT, KHTH.")), E),
    "noi_nhan_first_item_nhu_tren_for_congvan": (
        replace(BASE, nn_items=("- Sở Tài chính;", "- Lưu: VT, KHTH.")),
        W,
    ),
    "signature_present": (replace(BASE, signature=(), signer=""), E),
    "signature_prefix": (replace(BASE, signature=("K.T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")), E),
    "signature_position_after_prefix": (replace(BASE, signature=("KT. GIÁM ĐỐC",)), E),
    "signature_style": (replace(BASE, sig_size=12), E),
    "signer_name_no_title": (replace(BASE, signer="TS. Nguyễn Văn An"), W),
    # consistency
    "date_not_before_cited_documents": (
        replace(BASE, date="Hà Nội, ngày 05 tháng 01 năm 2024"),
        E,
    ),
    "year_span_ordered": (
        replace(BASE, body=(BODY[0].replace("2018-2023", "2018-2013"), BODY[1])),
        E,
    ),
    "deadline_not_before_issue_date": (replace(BASE, date="Hà Nội, ngày 05 tháng 5 năm 2024"), E),
    "citation_first_complete": (
        replace(BASE, body=(BODY[0].replace("Kế hoạch số 12", "Kế hoạch 12"), BODY[1])),
        W,
    ),
    "citation_symbol_matches_type": (
        replace(BASE, body=(BODY[0].replace("Kế hoạch số", "Quyết định số"), BODY[1])),
        E,
    ),
    # a phụ lục in its own file
    "appendix_label_style": (appendix(label_size=13), E),
    "appendix_label_roman": (appendix(label="Phụ lục 1"), W),
    "appendix_title_style": (appendix(title_bold=False), E),
    "template_placeholder_filled": (replace(BASE, vv="V/v «trích yếu nội dung»"), W),
    "noi_nhan_luu_only_last": (
        replace(BASE, nn_items=("- Như trên;", "- Lưu VT;", "- Lưu: VT, KHTH.")),
        E,
    ),
    "noi_nhan_nhu_tren_has_addressees": (named(nn_items=("- Như trên;", "- Lưu: VT, VP.")), W),
    "noi_nhan_no_repeats": (
        replace(BASE, nn_items=("- Như trên;", "- Sở Xây dựng;", "- Sở Xây dựng;", "- Lưu: VT.")),
        W,
    ),
    "appendix_reference_format": (
        appendix(reference="(Kèm theo Công văn số 5/SCT-KHTH ngày 05 tháng 3 năm 2024 của Sở)"),
        E,
    ),
    "appendix_reference_style": (appendix(reference_italic=False), E),
    "appendix_reference_blank": (
        appendix(
            reference="(Kèm theo Công văn số      /SCT-KHTH ngày      tháng 3 năm 2024 của Sở)"
        ),
        N,
    ),
}


def test_can_cu_punctuation() -> None:
    wrong = (CAN_CU_BODY[0].replace(";", ","), *CAN_CU_BODY[1:])
    found = [f.found for f in check_docx(build(named(body=wrong))).findings]
    assert found == ["“…ương ngày 19 tháng 6 năm 2015,” phải kết thúc bằng “;”"]


def test_every_declared_rule_has_a_trigger() -> None:
    """Every rule of the .docx checker is triggered here; the PDF layout rules by the PDF tests
    (tests/integration/test_last_page.py)."""
    from docgen.rules.check.pdf_layout import PDF_RULES

    assert set(TRIGGERS) | PDF_RULES == set(RULES)


@pytest.mark.parametrize(
    "spec", [BASE, named(), appendix()], ids=["cong-van", "quyet-dinh", "phu-luc"]
)
def test_correct_hand_typed_files_are_clean(spec: Spec) -> None:
    assert check_docx(build(spec)).findings == ()


def test_an_appendix_file_is_checked_as_an_appendix() -> None:
    """No Quốc hiệu, number, signature or Nơi nhận is asked of a phụ lục file; a blank number in
    its reference line is a note in a draft and an error when issued; body rules still apply."""
    blank = appendix(reference="(Kèm theo Công văn số /SCT-KHTH ngày tháng 3 năm 2024 của Sở)")
    assert [(f.rule, f.severity) for f in check_docx(build(blank), issued=True).findings] == [
        ("appendix_reference_blank", E)
    ]
    small = replace(appendix(), body_size=12, body=(BODY[0].replace("2018-2023", "2018-2013"),))
    assert sorted(f.rule for f in check_docx(build(small)).findings) == [
        "body_size",
        "year_span_ordered",
    ]
    no_reference = replace(appendix(reference="Kèm theo công văn"), header_table=False)
    assert "quoc_hieu_present" in check_docx(build(no_reference)).rules()


@pytest.mark.parametrize("rule", sorted(TRIGGERS))
def test_rule_is_found_in_its_faulty_file(rule: str) -> None:
    spec, severity = TRIGGERS[rule]
    report = check_docx(build(spec), name=f"{rule}.docx")
    found = [f for f in report.findings if f.rule == rule]
    assert found, [(f.rule, f.found) for f in report.findings]
    assert found[0].severity is severity
    assert found[0].component == RULES[rule].component
    assert found[0].reference == RULES[rule].reference
    assert found[0].fix and found[0].found


def test_a_name_typed_in_capitals_is_read_as_the_name() -> None:
    spec = replace(BASE, signature=("GIÁM ĐỐC", "NGUYỄN VĂN AN"), signer="")
    found = [(f.rule, f.found) for f in check_docx(build(spec)).findings]
    assert found == [("signature_style", "họ tên viết in hoa toàn bộ")]


def test_an_abbreviated_place_name_is_a_date_line_error() -> None:
    spec = replace(BASE, date="TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2024")
    found = [f.found for f in check_docx(build(spec)).findings if f.rule == "date_line_format"]
    assert found == [
        "TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2024 (địa danh phải viết đầy đủ, không viết tắt)"
    ]
