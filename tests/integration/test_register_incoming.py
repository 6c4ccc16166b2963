"""`docgen register show|export|dispatch --den` and `check`: the incoming register (Sổ đăng ký văn
bản đến, ND30 PL4 VI) on both backends; and what the printed outgoing register shows in column (7)
and its headings (docs/records/register.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from docgen.archive.export import HEADERS, INCOMING_HEADERS, INCOMING_TITLE, TITLE
from docgen.archive.register import RegisterStore
from docgen.cli import main
from docgen.errors import CheckFailed
from docgen.inputs.profile import load_profile
from docgen.model.kinds import Kind
from docgen.model.register import HANH_CHINH, RegisterEntry
from docgen.rules.metrics import text_width_mm
from docgen.services.incoming import receive
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import issue_one
from tests.integration.test_filing_external import plain_pdf

Run = Callable[..., tuple[int, str, str]]
#: python-docx's "Table Grid" cell margins, both sides, in mm
CELL_MARGINS_MM = 2 * 108 / 1440 * 25.4


@pytest.fixture
def docgen(capsys: pytest.CaptureFixture[str], tmp_path: Path, database_url: str | None) -> Run:
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
def received(store: RegisterStore, tmp_path: Path) -> RegisterStore:
    """One outgoing công văn, then two documents received on 10/05/2024 (số đến 01 and 02)."""
    agency = load_profile(REFERENCE_PROFILE)
    root = tmp_path / "archive"
    issue_one(store)
    receive(
        plain_pdf(tmp_path / "a.pdf", text="Hướng dẫn số 1744/HD-SCT"), archive=root,
        store=store, agency=agency, sender="Sở Công Thương", notation="1744/HD-SCT",
        date=dt.date(2023, 4, 14), to="KHTH", subject="xét chọn sản phẩm công nghiệp chủ lực",
        type_name="Hướng dẫn", instructions="KHTH chủ trì",
    )  # fmt: skip
    receive(
        plain_pdf(tmp_path / "b.pdf", text="Công văn số 88/UBND-KT"), archive=root, store=store,
        agency=agency, sender="UBND quận Hà Đông", notation="88/UBND-KT",
        date=dt.date(2024, 5, 2),
    )  # fmt: skip
    return store


FIRST = [
    "10/05/2024", "01", "Sở Công Thương", "1744/HD-SCT", "14/04/2023",
    "Hướng dẫn xét chọn sản phẩm công nghiệp chủ lực", "KHTH", "", "", "KHTH chủ trì",
]  # fmt: skip
SECOND = ["10/05/2024", "02", "UBND quận Hà Đông", "88/UBND-KT", "02/05/2024", "", "", "", "", ""]


def test_show_den_lists_the_incoming_register_and_show_the_outgoing_one(
    received: RegisterStore, docgen: Run
) -> None:
    code, out, err = docgen("show", "--den", "--year", "2024", "--json", "--agency", "BQL")
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["arrival_number"], r["arrival_date"], r["author"]) for r in rows] == [
        (1, "2024-05-10", "Sở Công Thương"),
        (2, "2024-05-10", "UBND quận Hà Đông"),
    ]
    first = rows[0]
    assert (first["number_symbol"], first["date"], first["type_name"]) == (
        "1744/HD-SCT",
        "2023-04-14",
        "Hướng dẫn",
    )
    assert (first["to"], first["note"], first["dispatched"]) == (["KHTH"], "KHTH chủ trì", None)
    assert "0001-1744-HD-SCT-ban-nhan-goc.pdf" in first["files"]
    code, out, _ = docgen("show", "--den", "--year", "2024", "--agency", "BQL")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("01") and "1744/HD-SCT" in lines[0] and "→ KHTH" in lines[0]
    assert "Hướng dẫn xét chọn" in lines[0] and "Sở Công Thương" in lines[0]
    # the outgoing register no longer mixes the số đến in; --stream den still reaches them
    code, out, _ = docgen("show", "--year", "2024", "--json", "--agency", "BQL")
    assert [json.loads(line)["stream"] for line in out.splitlines()] == ["hanh_chinh"]
    code, out, _ = docgen("show", "--stream", "den", "--year", "2024", "--agency", "BQL")
    assert out.splitlines() == lines


def test_dispatch_den_fills_ngay_chuyen_and_ky_nhan(received: RegisterStore, docgen: Run) -> None:
    where = ("--year", "2024", "--agency", "BQL")
    code, out, err = docgen(
        "dispatch", "1", "--den", "--date", "10/05/2024", "--receipt", "Lê C", *where
    )
    assert code == 0, err
    assert "Đã ghi ngày chuyển 10/05/2024 cho số 01 (sổ den)" in out
    _, out, _ = docgen("show", "--den", "--json", *where)
    first = json.loads(out.splitlines()[0])
    assert (first["dispatched"], first["receipt"]) == ("2024-05-10", "Lê C")
    _, out, _ = docgen("show", "--den", *where)
    assert "chuyển 10/05/2024, Lê C ký nhận" in out.splitlines()[0]
    # the outgoing number 01 is untouched
    _, out, _ = docgen("show", "--json", *where)
    assert json.loads(out.splitlines()[0])["dispatched"] is None


def _table(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in docx.Document(str(path)).tables[-1].rows]


def test_export_den_prints_the_incoming_form_in_docx_and_xlsx(
    received: RegisterStore,
    docgen: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = docgen(
        "export", "--den", "--year", "2024", "--profile", str(REFERENCE_PROFILE)
    )
    assert code == 0, err
    assert "Đã in sổ đăng ký văn bản đến năm 2024 (2 dòng): so-dang-ky-den-BQL-2024.docx" in out
    document = docx.Document(str(tmp_path / "so-dang-ky-den-BQL-2024.docx"))
    cover = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert cover[2:] == [
        INCOMING_TITLE,
        "Năm: 2024",
        "Từ ngày 10/05/2024 đến ngày 10/05/2024",
        "Từ số 01 đến số 02",
        "Quyển số: 01",
    ]
    assert document.core_properties.title.endswith("Sổ đăng ký văn bản đến năm 2024")
    rows = _table(tmp_path / "so-dang-ky-den-BQL-2024.docx")
    assert rows[0] == list(INCOMING_HEADERS)
    assert rows[1] == [f"({i})" for i in range(1, 11)]
    assert rows[2:] == [FIRST, SECOND]

    out_file = tmp_path / "den.xlsx"
    args = ("export", "--den", "--year", "2024", "--format", "xlsx", "-o", str(out_file))
    assert docgen(*args, "--agency", "BQL")[0] == 0
    book = openpyxl.load_workbook(out_file)
    assert INCOMING_TITLE in [c.value for c in book["Bìa"]["A"]]
    sheet = book["Sổ đăng ký"]
    values = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=1, max_col=10)]
    assert values[0] == list(INCOMING_HEADERS) and values[2:4] == [FIRST, SECOND]


def test_an_empty_incoming_register_still_prints_the_incoming_form(
    store: RegisterStore, docgen: Run, tmp_path: Path
) -> None:
    issue_one(store)  # an outgoing row only
    out_file = tmp_path / "den.docx"
    code, out, _ = docgen(
        "export", "--den", "--year", "2024", "-o", str(out_file), "--agency", "BQL"
    )
    assert code == 0 and "(0 dòng)" in out
    document = docx.Document(str(out_file))
    assert INCOMING_TITLE in [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert _table(out_file)[0] == list(INCOMING_HEADERS)


def test_den_with_another_stream_is_a_usage_error(store: RegisterStore, docgen: Run) -> None:
    code, _, err = docgen("export", "--den", "--stream", "mat", "--agency", "BQL")
    assert code == 2 and "--den" in err
    code, _, err = docgen("show", "--den", "--stream", "hanh_chinh", "--agency", "BQL")
    assert code == 2


def test_check_covers_the_incoming_rows(received: RegisterStore, docgen: Run) -> None:
    code, out, _ = docgen("check")
    assert code == 0 and "Sổ đăng ký nhất quán: 3 sự kiện, 3 số" in out
    received.db.begin()
    received.db.execute("DELETE FROM events WHERE stream = 'den' AND number = 2")
    received.db.commit()
    code, out, _ = docgen("check")
    assert code == CheckFailed.exit_code and "sổ den" in out


def issue_counted(store: RegisterStore, copies: int | None) -> None:
    """Issue a công văn to one recipient, Lưu: VT, KHTH, with ô 12's count `copies`."""
    with store.unit_of_work() as uow:
        number = uow.allocate(HANH_CHINH, 2024)
        uow.record_issue(
            RegisterEntry(
                2024, HANH_CHINH, number, "BQL-KHTH", date=uow.today(), kind=Kind.CONG_VAN,
                subject="việc", recipients=("Sở Tài chính",), holders=("VT", "KHTH"),
                copies=copies,
            )
        )  # fmt: skip
        uow.commit()


def test_column_7_counts_noi_nhan_unless_the_profile_says_phat_hanh(
    store: RegisterStore, docgen: Run, tmp_path: Path
) -> None:
    issue_counted(store, None)  # 1 recipient + VT, KHTH on the Lưu line
    issue_counted(store, 15)  # ô 12: 15 copies issued
    profile = tmp_path / "docgen.toml"
    text = REFERENCE_PROFILE.read_text("utf-8")
    for setting, expected in (("", ["3", "15"]), ('copies = "phat-hanh"', ["", "15"])):
        profile.write_text(f"{text}\n[register]\n{setting}\n", "utf-8")
        out_file = tmp_path / "di.docx"
        args = ("export", "--year", "2024", "-o", str(out_file), "--profile", str(profile))
        code, _, err = docgen(*args)
        assert code == 0, err
        assert [row[6] for row in _table(out_file)[2:]] == expected


def test_the_exported_headings_fit_their_columns_word_by_word(
    store: RegisterStore, docgen: Run, tmp_path: Path
) -> None:
    issue_one(store)
    for flag, headers in (((), HEADERS), (("--den",), INCOMING_HEADERS)):
        out_file = tmp_path / "so.docx"
        args = ("export", *flag, "--year", "2024", "-o", str(out_file), "--agency", "BQL")
        assert docgen(*args)[0] == 0
        table = docx.Document(str(out_file)).tables[-1]
        cells = table.rows[0].cells
        assert [c.text for c in cells] == list(headers)
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        for cell, column in zip(cells, grid, strict=True):
            room = int(column.get(qn("w:w"))) / 1440 * 25.4 - CELL_MARGINS_MM
            bold = all(run.bold for run in cell.paragraphs[0].runs)
            for word in cell.text.split():
                assert text_width_mm(word, 11, bold=bold) <= room, (cell.text, word)


@pytest.mark.libreoffice
def test_the_printed_pdfs_break_no_heading_inside_a_word(
    received: RegisterStore, docgen: Run, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from tests.conftest import needs_libreoffice

    needs_libreoffice()
    for flag, title in (((), TITLE), (("--den",), INCOMING_TITLE)):
        out_file = tmp_path / f"so{len(flag)}.pdf"
        args = ("export", *flag, "--year", "2024", "--format", "pdf", "-o", str(out_file))
        code, _, err = docgen(*args, "--profile", str(REFERENCE_PROFILE))
        assert code == 0, err
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(out_file).pages).split())
        assert title in text
        assert "lượn g" not in text
        if flag:
            assert "Ngày đến" in text and "1744/HD-SCT" in text
            assert text.count("10/05/2024") >= 2  # a date is never split over two lines
        else:
            assert "Số lượng bản" in text and "Ngày chuyển" in text
