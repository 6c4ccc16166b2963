"""`locate` on plain `DocView` dataclasses (no Word file): components are found by text and place."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.model.kinds import Kind
from docgen.rules.check import check_view
from docgen.rules.check.locate import locate
from docgen.rules.check.view import DocView, Paragraph, Run, Section, Table


def para(
    i: int, text: str, *, table: int = -1, row: int = 0, col: int = 0, **kw: object
) -> Paragraph:
    run = Run(
        text,
        "Times New Roman",
        float(kw.pop("size", 14)),
        bool(kw.pop("bold", False)),
        False,
        "AUTO",
    )
    return Paragraph(i, text, (run,), table=table, row=row, col=col, **kw)  # type: ignore[arg-type]


def view(*texts: tuple[str, dict[str, object]]) -> DocView:
    paragraphs = tuple(para(i, text, **kw) for i, (text, kw) in enumerate(texts))
    section = Section(210, 297, 20, 20, 30, 15, True)
    return DocView(paragraphs, (Table((62, 103)),), (section,))


def test_components_of_a_named_type_in_a_header_table() -> None:
    parts = locate(
        view(
            ("SỞ CÔNG THƯƠNG", {"table": 0, "bold": True}),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"table": 0, "col": 1, "bold": True}),
            ("Độc lập - Tự do - Hạnh phúc", {"table": 0, "col": 1, "bold": True}),
            ("Số: 05/QĐ-SCT", {"table": 0, "row": 1}),
            ("Hà Nội, ngày 05 tháng 3 năm 2024", {"table": 0, "row": 1, "col": 1}),
            ("QUYẾT ĐỊNH", {"align": "center", "bold": True}),
            ("Về việc ban hành Quy chế", {"align": "center", "bold": True}),
            ("Căn cứ Luật Tổ chức chính quyền địa phương.", {"align": "both"}),
        )
    )
    assert parts.kind is Kind.QUYET_DINH
    assert [p.text for p in parts.agency] == ["SỞ CÔNG THƯƠNG"] and parts.parent == ()
    assert parts.so is not None and parts.so.text == "Số: 05/QĐ-SCT"
    assert [p.text for p in parts.trich_yeu] == ["Về việc ban hành Quy chế"]
    assert [p.text for p in parts.body] == ["Căn cứ Luật Tổ chức chính quyền địa phương."]
    assert parts.vv is None


def test_body_sentences_are_not_taken_for_the_number_or_date_line() -> None:
    parts = locate(
        view(
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True}),
            ("", {}),
            ("", {}),
            ("", {}),
            ("", {}),
            ("", {}),
            ("Số 12/2024 lượt khách đã đến ngày 15 tháng 12 năm 2023.", {"align": "both"}),
        )
    )
    assert parts.so is None and parts.date is None


def test_check_view_reports_without_raising_on_an_empty_document() -> None:
    report = check_view(DocView((), (), (Section(210, 297, 20, 20, 30, 15, False),)), issued=True)
    assert {"quoc_hieu_present", "number_present", "noi_nhan_present"} <= report.rules()


PIECES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: /",
    "Số: 05/QĐ-",
    "Số 1/ /",
    "ngày tháng năm",
    "Hà Nội, ngày 31 tháng 02 năm 99999",
    "QUYẾT ĐỊNH",
    "Kính gửi",
    "Kính gửi:",
    "KÍNH GỬI",
    "Số: 05\tHà Nội/",
    "- ",
    "Nơi nhận",
    "- Lưu: VT",
    "KT.",
    "KT. GIÁM ĐỐC",
    "TM",
    "(2024-2020)",
    "Kế hoạch 1/KH-A ngày 99/99/2024",
    "trước 31/12/1999",
    "V/v",
    "____",
    "\t",
    "",
]


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map(" ".join),
            st.integers(-1, 1),
            st.integers(0, 1),
            st.booleans(),
        ),
        max_size=14,
    ),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_any_document_gets_a_report_never_an_exception(
    rows: list[tuple[str, int, int, bool]], issued: bool
) -> None:
    paragraphs = tuple(
        para(i, text, table=table, col=col, row=0, bold=bold, border_top=bold)
        for i, (text, table, col, bold) in enumerate(rows)
    )
    section = Section(210, 297, 20, 20, 30, 15, issued)
    report = check_view(
        DocView(paragraphs, (Table((62, 103)), Table((80, 85))), (section,)), issued=issued
    )
    assert all(f.rule and f.fix for f in report.findings)
