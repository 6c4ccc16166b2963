"""`docgen templates export DIR`: a .dotx of every type with the agency applied and «…» blanks; a
draft made from each (blanks typed over, saved by a word processor) issues without a finding
worse than a note, and a blank left unfilled stops the issue."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.archive import open_register
from docgen.errors import CheckFailed
from docgen.model.kinds import Kind
from docgen.render.word_fill import body_paragraphs, paragraph_text, replace_span
from docgen.rules.check import Severity
from docgen.rules.check.placeholders import PLACEHOLDER
from docgen.services.check import check_docx
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from docgen.services.word_templates import TEMPLATE_TYPE, as_document, export_templates
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.integration.test_issue_service import fake_pdf
from tests.integration.test_issue_word import libreoffice_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ON = dt.date(2024, 3, 5)
#: what a specialist types over each blank (by the blank's text in capitals)
TYPED = {
    "«HỌ VÀ TÊN NGƯỜI KÝ»": "Lê Quang Long",
    "«CHỨC VỤ NGƯỜI KÝ»": "TRƯỞNG BAN",
    "«TRÍCH YẾU NỘI DUNG VĂN BẢN»": "tổ chức hội nghị tổng kết năm 2024",
    "«NỘI DUNG VĂN BẢN: MỖI Ý MỘT ĐOẠN»": "Ban Quản lý tổ chức hội nghị tổng kết tại trụ sở",
    "«NƠI NHẬN»": "Sở Công Thương",
    "«TÊN CƠ QUAN, TỔ CHỨC NHẬN VĂN BẢN»": "Ủy ban nhân dân thành phố Hà Nội",
    "«VĂN BẢN QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ»": "Luật Tổ chức chính quyền địa phương",
    "«… GIỜ …, NGÀY … THÁNG … NĂM …»": "08 giờ 30, ngày 20 tháng 3 năm 2024",
    "«ĐỊA ĐIỂM»": "Hội trường Ban Quản lý",
    "«NGƯỜI ĐƯỢC MỜI»": "đại diện lãnh đạo các doanh nghiệp",
    "«HỌ TÊN, CHỨC VỤ NGƯỜI THAM DỰ»": "Ông Nguyễn Văn Ngân, Phó Trưởng ban",
    "«HỌ VÀ TÊN NGƯỜI KÝ THỨ HAI»": "Trần Thu Hà",
    "«CHỨC VỤ ĐẠI DIỆN BÊN KIA»": "ĐẠI DIỆN BÊN B",
    "«NGÀY … THÁNG … NĂM …»": "ngày 31 tháng 3 năm 2024",
    "«NƠI NHẬN CÔNG ĐIỆN»": "Giám đốc các doanh nghiệp trong các khu công nghiệp",
}
#: numbered types (a thư công is unnumbered in the example profile)
NUMBERED = [k for k in Kind if k is not Kind.THU_CONG]


def fill_blanks(data: bytes) -> bytes:
    """The .docx `data` with every «…» blank typed over as `TYPED` says."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    for p in body_paragraphs(root.find(f"{W}body")):
        while match := PLACEHOLDER.search(paragraph_text(p)):
            typed = TYPED[match.group(0).upper()]
            replace_span(p, match.start(), match.end(), typed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, body)
    return out.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[Kind, Path]:
    folder = tmp_path_factory.mktemp("mau")
    made = export_templates(REFERENCE_PROFILE, folder, templates=templates_dir(), year=2024)
    return {item.kind: item.path for item in made}


def test_every_type_is_exported_as_a_word_template(exported: dict[Kind, Path]) -> None:
    assert set(exported) == set(Kind)
    for kind, path in exported.items():
        package = zipfile.ZipFile(path)
        assert TEMPLATE_TYPE in package.read("[Content_Types].xml").decode()
        document = package.read("word/document.xml").decode()
        assert "{{" not in document and "{%" not in document, kind  # no Jinja left
        assert "BAN QUẢN LÝ CÁC KHU CÔNG" in document and "Hà Nội, ngày" in document


@pytest.mark.libreoffice
def test_a_draft_made_from_each_template_issues(exported: dict[Kind, Path], tmp_path: Path) -> None:
    needs_libreoffice()
    typed = []
    for kind in NUMBERED:
        path = tmp_path / "typed" / f"{kind.info.slug}.docx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(fill_blanks(as_document(exported[kind].read_bytes())))
        typed.append(path)
    libreoffice_docx(typed, tmp_path / "saved", tmp_path / "lo-profile")  # saved by Word
    with open_register(tmp_path / "archive", "BQL") as store:
        for number, kind in enumerate(NUMBERED, 1):
            result = issue(
                tmp_path / "saved" / f"{kind.info.slug}.docx",
                REFERENCE_PROFILE,
                archive=tmp_path / "archive",
                store=store,
                templates=templates_dir(),
                convert=fake_pdf,
                on=ON,
            )
            assert result.entry.number == number and result.entry.kind is kind
            report = check_docx(result.docx, issued=True)
            worse = [f for f in report.findings if f.severity is not Severity.INFO]
            assert worse == [], (kind, worse)


def test_a_blank_left_unfilled_stops_the_issue(exported: dict[Kind, Path], tmp_path: Path) -> None:
    draft = tmp_path / "cong-van.docx"
    draft.write_bytes(as_document(exported[Kind.CONG_VAN].read_bytes()))
    with open_register(tmp_path / "archive", "BQL") as store:
        with pytest.raises(CheckFailed, match="còn chỗ trống của mẫu chưa điền: «") as error:
            issue(draft, REFERENCE_PROFILE, archive=tmp_path / "archive", store=store,
                  templates=templates_dir(), convert=fake_pdf, on=ON)  # fmt: skip
        assert "docgen check" in error.value.hint
        assert store.entries(2024) == []
    report = check_docx(draft)
    blanks = [f for f in report.findings if f.rule == "template_placeholder_filled"]
    assert blanks and all(f.severity is Severity.WARNING for f in blanks)
