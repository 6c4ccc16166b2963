"""Word drafts in the shapes real ones take, typed by hand (python-docx, direct formatting, no
docgen styles) and then bent as Word bends them: `Số:` split over runs, a tab before the `/`, the
day inside a field or between non-breaking spaces, a nested header table, an appendix in the same
file. Each is issued; only the number and the date change, every other paragraph's XML is kept
byte for byte. Drafts Word still marks up (tracked changes, comments) or without a Lưu line are
refused with one line, and nothing is taken."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.errors import CheckFailed, InputError
from docgen.render.inspect import read_docx
from docgen.render.word_fill import body_paragraphs, paragraph_text
from docgen.services.check import check_docx
from docgen.services.issue import issue
from docgen.services.settings import templates_dir
from tests.integration.check_docs import Spec, build
from tests.integration.test_issue_service import archive_files, fake_pdf
from tests.integration.test_issue_word import DRAFT_DAY

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PROFILE = """\
[agency]
parent = "UBND THÀNH PHỐ HÀ NỘI"
name = "SỞ CÔNG THƯƠNG"
abbreviation = "SCT"
place = "Hà Nội"

[units]
VT = "Văn thư"
KHTH = "Phòng Kế hoạch tổng hợp"
VP = "Văn phòng"

[signers.giam-doc]
name = "Nguyễn Văn An"
position = "Giám đốc"

[format]
size_profile = "14"
"""
DRAFT = Spec(
    so="Số:      /SCT-KHTH",
    date="Hà Nội, ngày      tháng 3 năm 2024",
    nn_items=("- Như trên;", "- Sở Kế hoạch và Đầu tư;", "- Lưu: VT, KHTH."),
)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(PROFILE, "utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RegisterStore]:
    opened = open_register(tmp_path / "archive", "SCT")
    yield opened
    opened.close()


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """`data` with its word/document.xml changed by `change(root)`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    change(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, body)
    return out.getvalue()


def paragraph_with(root: Any, start: str) -> Any:
    return next(p for p in root.iter(w("p")) if paragraph_text(p).startswith(start))


def runs_of(p: Any, *pieces: str | Any) -> None:
    """Replace the runs of `p` by one run per piece, each with the first run's properties: a str
    is a text run, anything else an element put in a run of its own (a tab, a field marker)."""
    first = p.find(w("r"))
    props = first.find(w("rPr"))
    for r in p.findall(w("r")):
        p.remove(r)
    for piece in pieces:
        r = etree.SubElement(p, w("r"))
        if props is not None:
            r.append(copy.deepcopy(props))
        if isinstance(piece, str):
            t = etree.SubElement(r, w("t"))
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            r.append(piece)


def el(xml: str) -> Any:
    return etree.fromstring(f'<root xmlns:w="{W}">{xml}</root>')[0]


def split_so(root: Any) -> None:
    runs_of(paragraph_with(root, "Số:"), "Số", ":   ", "   /SCT-KHTH")


def tab_before_slash(root: Any) -> None:
    runs_of(paragraph_with(root, "Số:"), "Số:", el("<w:tab/>"), "/SCT-KHTH")


def day_in_field(root: Any) -> None:
    runs_of(
        paragraph_with(root, "Hà Nội"),
        "Hà Nội, ngày ",
        el('<w:fldChar w:fldCharType="begin"/>'),
        el('<w:instrText xml:space="preserve"> MERGEFIELD Ngay </w:instrText>'),
        el('<w:fldChar w:fldCharType="separate"/>'),
        "    ",
        el('<w:fldChar w:fldCharType="end"/>'),
        " tháng 3 năm 2024",
    )


def month_in_simple_field(root: Any) -> None:
    p = paragraph_with(root, "Hà Nội")
    runs_of(p, "Hà Nội, ngày      tháng ", "|", " năm 2024")
    marker = next(r for r in p.findall(w("r")) if paragraph_text_of_run(r) == "|")
    field = etree.Element(w("fldSimple"))
    field.set(w("instr"), " MERGEFIELD Thang ")
    p.replace(marker, field)
    field.append(marker)
    marker.find(w("t")).text = "  "


def paragraph_text_of_run(r: Any) -> str:
    return "".join(t.text or "" for t in r.iter(w("t")))


def no_break_spaces(root: Any) -> None:
    runs_of(
        paragraph_with(root, "Hà Nội"), "Hà Nội, ngày\u00a0\u00a0\u00a0\u00a0tháng\u00a03 năm 2024"
    )


def nested_header(root: Any) -> None:
    """The agency names in a table of their own inside the header's left cell."""
    header = root.find(f"{w('body')}/{w('tbl')}")
    cell = header.find(f"{w('tr')}/{w('tc')}")
    names = [p for p in cell.findall(w("p"))]
    inner = el(
        "<w:tbl><w:tblPr><w:tblW w:w='0' w:type='auto'/></w:tblPr>"
        "<w:tblGrid><w:gridCol w:w='3400'/></w:tblGrid><w:tr><w:tc>"
        "<w:tcPr><w:tcW w:w='3400' w:type='dxa'/></w:tcPr></w:tc></w:tr></w:tbl>"
    )
    inner_cell = inner.find(f"{w('tr')}/{w('tc')}")
    at = cell.index(names[0])
    for p in names:
        inner_cell.append(p)
    cell.insert(at, inner)
    cell.append(el("<w:p/>"))  # a cell ends with a paragraph


def with_appendix(root: Any) -> None:
    body = root.find(w("body"))
    sect = body.find(w("sectPr"))
    template = paragraph_with(root, "Đề nghị các đơn vị")
    lines = [
        ("", True),
        ("Phụ lục I", False),
        ("DANH SÁCH ĐƠN VỊ THAM GIA HỘI NGHỊ", False),
        (
            "(Kèm theo Công văn số      /SCT-KHTH ngày      tháng 3 năm 2024 của Sở Công Thương)",
            False,
        ),
        ("1. Phòng Kế hoạch tổng hợp.", False),
    ]
    for text, page_break in lines:
        p = copy.deepcopy(template)
        if page_break:
            runs_of(p, el('<w:br w:type="page"/>'))
        else:
            runs_of(p, text)
        jc = p.find(f"{w('pPr')}/{w('jc')}")
        if jc is not None and not text.startswith("1."):
            jc.set(w("val"), "center")
            ind = p.find(f"{w('pPr')}/{w('ind')}")
            if ind is not None:
                ind.getparent().remove(ind)
        sect.addprevious(p)
    # the label bold, the reference italic (PL1 III.1.b–c)
    for p in body.findall(w("p")):
        text = paragraph_text(p)
        if text in ("Phụ lục I", "DANH SÁCH ĐƠN VỊ THAM GIA HỘI NGHỊ"):
            for r_pr in p.iter(w("rPr")):
                r_pr.append(el("<w:b/>"))
        if text.startswith("(Kèm theo"):
            for r_pr in p.iter(w("rPr")):
                r_pr.append(el("<w:i/>"))


def draft_file(tmp_path: Path, change: Callable[[Any], None] | None = None, **spec: Any) -> Path:
    data = build(Spec(**{**DRAFT.__dict__, **spec}))
    if change is not None:
        data = edit(data, change)
    path = tmp_path / "du-thao.docx"
    path.write_bytes(data)
    return path


def run_issue(path: Path, profile: Path, store: RegisterStore, tmp_path: Path) -> Any:
    return issue(
        path,
        profile,
        archive=tmp_path / "archive",
        store=store,
        templates=templates_dir(),
        convert=fake_pdf,
        on=DRAFT_DAY,
    )


def paragraph_xml(data: bytes) -> list[bytes]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [etree.tostring(p) for p in body_paragraphs(root.find(w("body")))]


SHAPES = {
    "plain": None,
    "so-split-over-three-runs": split_so,
    "tab-between-so-and-slash": tab_before_slash,
    "day-inside-a-field": day_in_field,
    "month-inside-a-simple-field": month_in_simple_field,
    "non-breaking-spaces": no_break_spaces,
    "nested-header-table": nested_header,
    "appendix-in-the-same-file": with_appendix,
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_hand_typed_draft_issues_with_only_number_and_date_changed(
    shape: str, tmp_path: Path, profile: Path, store: RegisterStore
) -> None:
    path = draft_file(tmp_path, SHAPES[shape])
    before = path.read_bytes()
    result = run_issue(path, profile, store, tmp_path)
    assert result.entry.number_symbol == "01/SCT-KHTH"
    assert result.entry.subject == "tổ chức hội nghị tổng kết"
    assert result.entry.recipients == ("Sở Tài chính", "Sở Kế hoạch và Đầu tư")
    assert result.entry.holders == ("VT", "KHTH")
    issued = result.docx.read_bytes()
    texts = [p.text for p in read_docx(issued).paragraphs]
    assert "Số: 01/SCT-KHTH" in texts
    assert "Hà Nội, ngày 05 tháng 3 năm 2024" in texts
    old, new = paragraph_xml(before), paragraph_xml(issued)
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    expected = {texts.index("Số: 01/SCT-KHTH"), texts.index("Hà Nội, ngày 05 tháng 3 năm 2024")}
    if shape == "appendix-in-the-same-file":
        reference = next(i for i, t in enumerate(texts) if t.startswith("(Kèm theo"))
        assert texts[reference].startswith(
            "(Kèm theo Công văn số 01/SCT-KHTH ngày 05 tháng 3 năm 2024 "
        )
        expected.add(reference)
    assert set(changed) == expected
    # the date keeps its run's formatting: still italic, no field left to recompute it
    date_xml = new[texts.index("Hà Nội, ngày 05 tháng 3 năm 2024")]
    assert b"<w:i/>" in date_xml and b"fldChar" not in date_xml and b"fldSimple" not in date_xml
    # the original stays untouched
    assert path.read_bytes() == before


def add_comment(data: bytes) -> bytes:
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Thực hiện"))
    document.add_comment(paragraph.runs, text="Xem lại số liệu", author="Chuyên viên")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tracked_insertion(root: Any) -> None:
    p = paragraph_with(root, "Thực hiện")
    run = p.find(w("r"))
    ins = parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="1" w:author="Chuyên viên" w:date="2024-03-04T09:00:00Z"/>'
    )
    p.replace(run, ins)
    ins.append(run)


def test_tracked_changes_are_refused_and_nothing_is_taken(
    tmp_path: Path, profile: Path, store: RegisterStore
) -> None:
    path = draft_file(tmp_path, tracked_insertion)
    with pytest.raises(InputError, match=r"1 thay đổi đang theo dõi \(Track Changes\)") as error:
        run_issue(path, profile, store, tmp_path)
    assert "Chấp nhận (Accept)" in error.value.hint
    assert store.entries(2024) == []
    assert archive_files(tmp_path / "archive") == []


def test_comments_are_refused(tmp_path: Path, profile: Path, store: RegisterStore) -> None:
    path = draft_file(tmp_path)
    path.write_bytes(add_comment(path.read_bytes()))
    with pytest.raises(InputError, match=r"1 chú thích \(Comment\)"):
        run_issue(path, profile, store, tmp_path)
    assert store.entries(2024) == []


def test_a_draft_without_a_luu_line_is_refused_naming_it(
    tmp_path: Path, profile: Path, store: RegisterStore
) -> None:
    path = draft_file(tmp_path, nn_items=("- Như trên;", "- Sở Tài chính."))
    with pytest.raises(InputError, match=r"không có dòng `- Lưu: VT, …`") as error:
        run_issue(path, profile, store, tmp_path)
    assert error.value.field == "Lưu"
    assert store.entries(2024) == []


def test_the_same_draft_twice_is_refused_with_the_number_it_got(
    tmp_path: Path, profile: Path, store: RegisterStore
) -> None:
    path = draft_file(tmp_path, split_so)
    run_issue(path, profile, store, tmp_path)
    files = archive_files(tmp_path / "archive")
    with pytest.raises(Exception, match=r"bản dự thảo này đã được cấp số 01/SCT-KHTH năm 2024"):
        run_issue(path, profile, store, tmp_path)
    assert [e.number for e in store.entries(2024)] == [1]
    assert archive_files(tmp_path / "archive") == files


@pytest.mark.parametrize(
    ("spec", "flag", "message"),
    [
        (
            {"so": "Số:      /UBND-KHTH"},
            "Số",
            r"ký hiệu `/UBND-KHTH` không phải của cơ quan SCT",
        ),
        ({"so": "Số:      /SCT-QLDN"}, "Số", r"đơn vị `QLDN` không có trong hồ sơ cơ quan"),
        ({"signer": "Trần Văn Bình"}, "", None),
        ({"so": "Số: 12/SCT-KHTH"}, "Số", r"bản Word đã có số 12/SCT-KHTH"),
        ({"so": "Số:      /QĐ-SCT"}, "--type", r"loại văn bản không rõ"),
    ],
)
def test_what_cannot_be_read_names_what_to_fix(
    spec: dict[str, Any],
    flag: str,
    message: str | None,
    tmp_path: Path,
    profile: Path,
    store: RegisterStore,
) -> None:
    path = draft_file(tmp_path, **spec)
    if message is None:  # a signer the profile does not know: issued unsigned under that name
        assert run_issue(path, profile, store, tmp_path).entry.signer == "GIÁM ĐỐC, Trần Văn Bình"
        return
    with pytest.raises(InputError, match=message) as error:
        run_issue(path, profile, store, tmp_path)
    assert error.value.field == flag
    assert store.entries(2024) == []


def test_a_finding_says_where_it_is_in_the_word_draft(
    tmp_path: Path, profile: Path, store: RegisterStore
) -> None:
    path = draft_file(tmp_path, body_size=12)
    with pytest.raises(CheckFailed) as error:
        run_issue(path, profile, store, tmp_path)
    assert "ô 6 (“Thực hiện Kế hoạch số 12/KH-UBND ngày…”)" in error.value.message
    assert f"`docgen check {path}`" in error.value.hint
    assert store.entries(2024) == []
    report = check_docx(path)
    assert [f.where for f in report.findings if f.rule == "body_size"] == [
        "Thực hiện Kế hoạch số 12/KH-UBND ngày…"
    ]
