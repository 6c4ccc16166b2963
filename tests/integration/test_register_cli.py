"""`docgen register …` as a clerk runs it, on both backends, and the printed register it makes."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from docgen.archive.export import HEADERS, TITLE
from docgen.archive.register import RegisterStore
from docgen.cli import main
from docgen.errors import CheckFailed, RegisterError
from docgen.model.register import HANH_CHINH, EntryKey
from tests.integration.conftest import FixedClock, issue_one

PROFILE = Path(__file__).resolve().parents[2] / "examples" / "bql-hanoi" / "docgen.toml"


@pytest.fixture
def docgen(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, database_url: str | None
) -> Callable[..., tuple[int, str, str]]:
    """Run `docgen register *args` on the register under test; (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        where = ["--archive", str(tmp_path / "archive")]
        if database_url:
            where += ["--database-url", database_url]
        with pytest.raises(SystemExit) as caught:
            main(["register", *args, *where])
        out, err = capsys.readouterr()
        code = caught.value.code
        return (code if isinstance(code, int) else 1), out, err

    return run


@pytest.fixture
def register_2024(store: RegisterStore, clock: FixedClock) -> RegisterStore:
    """Four documents of May 2024, a cancelled number between them, one sent."""
    clock.now = dt.datetime(2024, 5, 6, 2, 0, tzinfo=dt.UTC)
    issue_one(store)
    held = store.reserve(HANH_CHINH, "BQL-VP")
    store.cancel(held.key, "dự thảo không được ký")
    clock.now = dt.datetime(2024, 5, 8, 2, 0, tzinfo=dt.UTC)
    issue_one(store, symbol="BQL-VP")
    clock.now = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)
    issue_one(store)
    issue_one(store, "qd", "QĐ-BQL")
    store.record_dispatch(EntryKey(2024, HANH_CHINH, 1), dt.date(2024, 5, 7), "Lê C")
    return store


def test_show_json_prints_one_object_per_row(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, err = docgen("show", "--year", "2024", "--json", "--agency", "BQL")
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["stream"], r["number"], r["status"]) for r in rows] == [
        (HANH_CHINH, 1, "issued"),
        (HANH_CHINH, 2, "cancelled"),
        (HANH_CHINH, 3, "issued"),
        (HANH_CHINH, 4, "issued"),
        ("qd", 1, "issued"),
    ]
    required = {"number", "symbol", "date", "type", "subject", "signer", "recipients"}
    required |= {"holders", "copies", "status"}
    assert all(required <= row.keys() for row in rows)
    first = rows[0]
    assert (first["symbol"], first["date"], first["type"], first["signer"]) == (
        "BQL-KHTH",
        "2024-05-06",
        "Công văn",
        "Nguyễn Văn A",
    )
    assert (first["recipients"], first["holders"], first["copies"]) == (
        ["Sở Tài chính"],
        ["VT", "KHTH"],
        3,
    )
    assert (first["dispatched"], first["receipt"]) == ("2024-05-07", "Lê C")
    assert rows[1]["note"] == "Hủy số: dự thảo không được ký"


def test_show_prints_a_line_per_row(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, _ = docgen("show", "--year", "2024", "--stream", "hanh_chinh", "--agency", "BQL")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[0].startswith("01/BQL-KHTH") and "06/05/2024" in lines[0]
    assert lines[1].startswith("02/BQL-VP") and "Hủy số: dự thảo không được ký" in lines[1]


def test_reserve_then_cancel(docgen: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = docgen(
        "reserve", "--symbol", "QĐ-BQL", "--kind", "quyet-dinh", "--profile", str(PROFILE)
    )
    assert code == 0
    found = re.search(r"Đã giữ số 01/QĐ-BQL \(sổ hanh_chinh, năm (\d{4})\)", out)
    assert found, out
    year = found.group(1)
    code, out, _ = docgen("cancel", "01", "--year", year, "--reason", "không ký", "--agency", "BQL")
    assert code == 0 and "Đã hủy số 01/QĐ-BQL" in out
    code, _, err = docgen("cancel", "1", "--year", year, "--reason", "lần nữa", "--agency", "BQL")
    assert code == RegisterError.exit_code
    assert "đã bị hủy: không ký" in err and "\n" not in err.strip()
    _, out, _ = docgen("show", "--year", year, "--json", "--agency", "BQL")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["status"], row["type"], row["note"]) == (
        "cancelled",
        "Quyết định",
        "Hủy số: không ký",
    )


def test_bad_inputs_are_one_clear_line(docgen: Callable[..., tuple[int, str, str]]) -> None:
    code, _, err = docgen("reserve", "--symbol", "X-BQL", "--kind", "nope", "--agency", "BQL")
    assert code == 3 and "không có loại văn bản 'nope'" in err
    code, _, err = docgen("cancel", "abc", "--reason", "x", "--agency", "BQL")
    assert code == 3 and "số 'abc' không hợp lệ" in err
    code, _, err = docgen("export", "--from", "32/13/2024", "--agency", "BQL")
    assert code == 3 and "--from: ngày `32/13/2024` không đúng dạng hoặc không có trên lịch" in err


def test_check_passes_then_names_a_deleted_row(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, _ = docgen("check")
    assert code == 0 and "Sổ đăng ký nhất quán: 7 sự kiện, 5 số" in out
    register_2024.db.begin()
    register_2024.db.execute("DELETE FROM events WHERE stream = 'qd'")
    register_2024.db.execute("DELETE FROM numbers WHERE stream = 'qd'")
    register_2024.db.commit()
    code, out, err = docgen("check")
    assert code == CheckFailed.exit_code
    assert "số 01 năm 2024 (sổ qd, cơ quan BQL): đã lấy nhưng không còn dòng" in out
    assert "bất thường" in err


def _docx_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_export_docx_holds_exactly_the_rows_in_order(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    out_file = tmp_path / "so.docx"
    code, out, _ = docgen(
        "export",
        "--year",
        "2024",
        "--format",
        "docx",
        "-o",
        str(out_file),
        "--profile",
        str(PROFILE),
    )
    assert code == 0 and "(4 dòng)" in out
    document = docx.Document(str(out_file))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.styles["Normal"].font.name == "Times New Roman"
    cover = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert cover == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ CHẾ XUẤT HÀ NỘI",
        TITLE,
        "Năm: 2024",
        "Từ ngày 06/05/2024 đến ngày 10/05/2024",
        "Từ số 01 đến số 04",
        "Quyển số: 01",
    ]
    rows = _docx_rows(out_file)
    assert rows[0] == list(HEADERS)
    assert rows[1] == [f"({i})" for i in range(1, 11)]
    assert [r[:4] for r in rows[2:]] == [
        ["01/BQL-KHTH", "06/05/2024", "Công văn V/v việc số 1", "Nguyễn Văn A"],
        ["02/BQL-VP", "", "", ""],
        ["03/BQL-VP", "08/05/2024", "Công văn V/v việc số 3", "Nguyễn Văn A"],
        ["04/BQL-KHTH", "10/05/2024", "Công văn V/v việc số 4", "Nguyễn Văn A"],
    ]
    assert rows[2][4:] == ["Sở Tài chính", "VT, KHTH", "3", "07/05/2024", "Lê C", ""]
    assert rows[3][9] == "Hủy số: dự thảo không được ký"
    grid = document.tables[-1]._tbl.tblGrid.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"
    )
    assert sum(int(col.get(docx.oxml.ns.qn("w:w"))) for col in grid) == pytest.approx(
        Mm(257).twips, abs=10
    )


def test_export_xlsx_holds_exactly_the_rows_in_order(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    out_file = tmp_path / "so.xlsx"
    code, _, _ = docgen(
        "export", "--year", "2024", "--format", "xlsx", "-o", str(out_file), "--agency", "BQL",
        "--from", "07/05/2024", "--to", "2024-05-10",
    )  # fmt: skip
    assert code == 0
    book = openpyxl.load_workbook(out_file)
    cover = [c.value for c in book["Bìa"]["A"] if c.value]
    assert TITLE in cover and "Từ ngày 07/05/2024 đến ngày 10/05/2024" in cover
    assert "Từ số 03 đến số 04" in cover
    sheet = book["Sổ đăng ký"]
    values = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=1, max_col=10)]
    assert values[0] == list(HEADERS)
    assert [row[0] for row in values[2:4]] == ["03/BQL-VP", "04/BQL-KHTH"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["A3"].font.name == "Times New Roman"


def test_the_same_register_exports_the_same_bytes(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    for fmt in ("docx", "xlsx"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        for target in (first, second):
            args = ("export", "--year", "2024", "--format", fmt, "-o", str(target))
            assert docgen(*args, "--agency", "BQL")[0] == 0
        assert first.read_bytes() == second.read_bytes()


@pytest.mark.libreoffice
def test_export_pdf(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    import shutil

    from pypdf import PdfReader

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    out_file = tmp_path / "so.pdf"
    args = ("export", "--year", "2024", "--format", "pdf", "-o", str(out_file))
    code, _, err = docgen(*args, "--profile", str(PROFILE))
    assert code == 0, err
    reader = PdfReader(out_file)
    assert len(reader.pages) == 2
    page = reader.pages[1]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(p.extract_text() for p in reader.pages)
    assert TITLE in text
    assert "04/BQL-KHTH" in "".join(text.split())  # a narrow column may wrap the symbol


def test_check_of_an_empty_register_passes(
    open_store: Callable[..., RegisterStore], docgen: Callable[..., tuple[int, str, str]]
) -> None:
    open_store()
    assert docgen("check")[0] == 0


def test_annotate_by_a_document_of_another_year_and_stream(
    register_2024: RegisterStore, clock: FixedClock, docgen: Callable[..., tuple[int, str, str]]
) -> None:
    clock.now = dt.datetime(2025, 1, 6, 2, 0, tzinfo=dt.UTC)
    issue_one(register_2024, "qd", "QĐ-BQL")  # 01/QĐ-BQL of 2025 replaces 01/BQL-KHTH of 2024
    code, out, err = docgen(
        "annotate", "01", "--kind", "thay_the", "--by", "01", "--by-year", "2025",
        "--by-stream", "qd", "--year", "2024", "--agency", "BQL",
    )  # fmt: skip
    assert code == 0, err
    _, out, _ = docgen(
        "show", "--json", "--stream", "hanh_chinh", "--year", "2024", "--agency", "BQL"
    )
    rows = {row["number"]: row for row in map(json.loads, out.splitlines())}
    assert rows[1]["note"] == "Thay thế bởi số 01 năm 2025 (qd)"
    _, out, _ = docgen("show", "--json", "--stream", "qd", "--year", "2025", "--agency", "BQL")
    assert json.loads(out.splitlines()[0])["note"] == "Thay thế số 01 năm 2024 (hanh_chinh)"
    # without --by-year the document is looked for in the target's year: 2024 has no 02 in qd
    code, _, err = docgen(
        "annotate", "01", "--kind", "thay_the", "--by", "02", "--by-stream", "qd",
        "--year", "2024", "--agency", "BQL",
    )  # fmt: skip
    assert code == RegisterError.exit_code, err


def test_annotate_dispatch_and_close(
    register_2024: RegisterStore, docgen: Callable[..., tuple[int, str, str]]
) -> None:
    where = ("--year", "2024", "--agency", "BQL")
    code, out, err = docgen("annotate", "01", "--kind", "thu_hoi", "--by", "03", *where)
    assert code == 0, err
    assert "Đã ghi thu hồi cho số 01" in out
    code, _, err = docgen("annotate", "02", "--kind", "dinh_chinh", *where)
    assert code == RegisterError.exit_code and "chưa ban hành" in err
    code, out, err = docgen("dispatch", "4", "--date", "10/05/2024", "--receipt", "Lê C", *where)
    assert code == 0, err
    code, _, err = docgen("dispatch", "4", "--date", "09/05/2024", *where)
    assert code == RegisterError.exit_code and "ngày chuyển 09/05/2024" in err
    _, out, _ = docgen("show", "--json", "--stream", "hanh_chinh", *where)
    rows = {row["number"]: row for row in map(json.loads, out.splitlines())}
    assert rows[1]["note"] == "Thu hồi bởi số 03 (hanh_chinh)"
    assert rows[3]["note"] == "Thu hồi số 01 (hanh_chinh)"
    assert (rows[4]["dispatched"], rows[4]["receipt"]) == ("2024-05-10", "Lê C")
    assert docgen("close", *where)[0] == 0
    code, _, err = docgen("close", *where)
    assert code == RegisterError.exit_code and "sổ đăng ký năm 2024 đã khóa" in err
    assert docgen("check")[0] == 0
