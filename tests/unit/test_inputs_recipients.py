"""Recipient spreadsheets: real XLSX files written by openpyxl and CSV as Excel saves it; every bad
row named with its Excel row number, every unreadable file one clear InputError."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import InputError
from docgen.inputs.recipients import (
    MAX_FILE_BYTES,
    MAX_NAME,
    MAX_UNPACKED_BYTES,
    Recipient,
    RecipientsError,
    header_key,
    load_recipients,
)
from tests.conftest import EXAMPLES


def xlsx(
    path: Path, rows: Sequence[Sequence[object]], formats: dict[str, str] | None = None
) -> Path:
    """A real workbook: `rows` from A1 down (None for an empty row), `formats` by cell (A2: 0000)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(index, column, value)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def csv_file(path: Path, text: str, *, bom: bool = True) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def problems_of(path: Path, **kwargs: int) -> list[str]:
    with pytest.raises(RecipientsError) as info:
        load_recipients(path, **kwargs)
    assert "\n" not in info.value.one_line()
    return [p.line() for p in info.value.problems]


def refused(path: Path, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        load_recipients(path)
    assert not isinstance(info.value, RecipientsError)
    assert "\n" not in info.value.one_line() and info.value.source == str(path)
    return info.value


# --- reading ------------------------------------------------------------------------------------


def test_xlsx_columns_by_vietnamese_headers(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "nn.xlsx",
        [
            ["STT", "Tên đơn vị", "Địa chỉ", "Email", "Mã", "Ngày ký"],
            [1, "Công ty TNHH Cơ khí Thăng Long", "Lô 12, KCN Thăng Long", "vt@ck.vn", "0123"],
            [2, "Công ty CP Điện tử Nội Bài", None, None, 45, dt.datetime(2024, 3, 5)],
            [3.0, "Công ty TNHH Bao bì", "", "A.B@X.COM.VN", 7],
        ],
        formats={"E3": "0000"},
    )
    first, second, third = load_recipients(path)
    assert first == Recipient(
        row=2,
        name="Công ty TNHH Cơ khí Thăng Long",
        address="Lô 12, KCN Thăng Long",
        email="vt@ck.vn",
        code="0123",  # a text cell keeps its leading zero
        extra={"STT": "1", "Ngày ký": ""},
    )
    assert second.code == "0045"  # a number shown as 0000 reads as the clerk sees it
    assert second.extra == {"STT": "2", "Ngày ký": "05/03/2024"}
    assert (third.row, third.code, third.extra["STT"], third.email) == (4, "7", "3", "A.B@X.COM.VN")


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["ten", "dia_chi", "email", "ma"], ("name", "address", "email", "code")),
        (["TEN_DON_VI", "Dia chi", "E-mail", "MA SO"], ("name", "address", "email", "code")),
        (["Mã doanh nghiệp", "Tên doanh nghiệp", "Thư điện tử"], ("code", "name", "email")),
        (["Tên Cơ Quan", "Trụ sở"], ("name", "address")),
    ],
)
def test_headers_with_or_without_diacritics_any_case(
    tmp_path: Path, headers: list[str], fields: tuple[str, ...]
) -> None:
    values = {"name": "Công ty A", "address": "Hà Nội", "email": "a@b.vn", "code": "X1"}
    path = xlsx(tmp_path / "h.xlsx", [headers, [values[f] for f in fields]])
    (got,) = load_recipients(path)
    assert {f: getattr(got, f) for f in fields} == {f: values[f] for f in fields}
    assert got.extra == {}


def test_header_key_folds_diacritics_case_and_separators() -> None:
    assert header_key("  Tên  đơn-vị ") == "ten_don_vi"
    assert header_key("ĐỊA CHỈ") == "dia_chi"
    assert header_key("Te\u0302\u0301n") == header_key("Tến")  # decomposed marks


def test_blank_rows_are_skipped_and_row_numbers_stay_excel_s(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "b.xlsx", [["Tên"], ["A"], [], [None], ["B"]])
    assert [(r.row, r.name) for r in load_recipients(path)] == [(2, "A"), (5, "B")]


def test_cells_are_nfc_normalised_and_whitespace_collapsed(tmp_path: Path) -> None:
    decomposed = "Co\u0302ng ty Tha\u0306ng Long"  # as pasted from some PDFs
    path = xlsx(
        tmp_path / "n.xlsx", [["Tên", "Địa chỉ"], [f"  {decomposed} ", "Lô 1,\n  Hà\u00a0Nội"]]
    )
    (got,) = load_recipients(path)
    assert got.name == "Công ty Thăng Long" and got.address == "Lô 1, Hà Nội"


def test_csv_utf8_with_and_without_bom_comma_separated(tmp_path: Path) -> None:
    text = 'Mã,Tên,Địa chỉ\r\n0123,Công ty X,"Lô 5, KCN Nội Bài"\r\n'
    for bom in (True, False):
        (got,) = load_recipients(csv_file(tmp_path / f"{bom}.csv", text, bom=bom))
        assert (got.row, got.code, got.name, got.address) == (
            2,
            "0123",
            "Công ty X",
            "Lô 5, KCN Nội Bài",
        )


@pytest.mark.parametrize("separator", [";", "\t"])
def test_csv_semicolon_as_excel_writes_it_in_vietnamese_locale(
    tmp_path: Path, separator: str
) -> None:
    text = separator.join(["Tên", "Địa chỉ", "Email"]) + "\n"
    text += separator.join(["Công ty, Chi nhánh 1", '"Hà Nội; VN"', "a@b.vn"]) + "\n"
    (got,) = load_recipients(csv_file(tmp_path / "s.csv", text))
    assert (got.name, got.email) == ("Công ty, Chi nhánh 1", "a@b.vn")
    assert got.address == "Hà Nội; VN"


def test_csv_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    text = 'Tên,Địa chỉ\nA,"dòng một\ndòng hai"\n,\nB,x\n'
    assert [
        (r.row, r.name, r.address) for r in load_recipients(csv_file(tmp_path / "r.csv", text))
    ] == [
        (2, "A", "dòng một dòng hai"),
        (4, "B", "x"),
    ]


def test_the_sample_sheets_read_the_same(tmp_path: Path) -> None:
    from_xlsx = load_recipients(EXAMPLES / "nguoi-nhan.xlsx")
    from_csv = load_recipients(EXAMPLES / "nguoi-nhan.csv")
    assert from_xlsx == from_csv and len(from_xlsx) == 12
    assert from_xlsx[0].name == "Công ty TNHH Cơ khí Chính xác Thăng Long"
    assert [r.code for r in from_xlsx][:2] == ["001", "002"]
    assert all(r.extra["Khu công nghiệp"] for r in from_xlsx)


# --- bad rows -----------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_row_number(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "bad.xlsx",
        [
            ["Tên", "Email", "Mã"],
            ["Công ty A", "a@b.vn", "1"],  # 2
            ["", "b@b.vn", "2"],  # 3 no name
            ["Công ty {{ config }}", None, "3"],  # 4 Jinja
            ["Công ty\x7f C", None, "4"],  # 5 control character (DEL)
            ["X" * (MAX_NAME + 1), None, "5"],  # 6 too long
            ["CÔNG TY A", None, "6"],  # 7 same name as row 2, other case
            ["Công ty D", "d@", "7"],  # 8 email
            ["Công ty E", "e@x.vn; f@x.vn", "1"],  # 9 two emails, code of row 2
            ["Công ty {% if %}", None, None],  # 10
        ],
    )
    with pytest.raises(RecipientsError) as info:
        load_recipients(path)
    lines = [p.line() for p in info.value.problems]
    assert lines == [
        "dòng 3 (Tên): thiếu tên người nhận",
        "dòng 4 (Tên): có dấu ngoặc mẫu `{{`, `{%` hoặc `{#` (xóa các dấu ngoặc nhọn kép)",
        "dòng 5 (Tên): có ký tự điều khiển không in được (xóa rồi gõ lại)",
        f"dòng 6 (Tên): dài {MAX_NAME + 1} ký tự, quá {MAX_NAME} ký tự",
        "dòng 7 (Tên): tên trùng với dòng 2 (`CÔNG TY A`)",
        "dòng 8 (Email): `d@` không phải địa chỉ email (mỗi ô một địa chỉ, dạng ten@mien.vn)",
        "dòng 9 (Email): `e@x.vn; f@x.vn` không phải địa chỉ email (mỗi ô một địa chỉ, dạng ten@mien.vn)",
        "dòng 9 (Mã): mã trùng với dòng 2 (`1`)",
        "dòng 10 (Tên): có dấu ngoặc mẫu `{{`, `{%` hoặc `{#` (xóa các dấu ngoặc nhọn kép)",
    ]
    message = info.value.one_line()
    assert "\n" not in message and isinstance(info.value, InputError)
    assert message.startswith(f"{path}: bảng người nhận có 9 lỗi: dòng 3 (Tên): thiếu tên")
    assert "dòng 5 (Tên)" in message and "dòng 6" not in message and "; và 6 lỗi khác" in message


def test_a_row_with_only_a_code_has_no_name(tmp_path: Path) -> None:
    text = "Tên;Mã\nCông ty A;1\n;2\n"
    assert problems_of(csv_file(tmp_path / "c.csv", text)) == ["dòng 3 (Tên): thiếu tên người nhận"]


def test_a_control_character_in_a_csv_cell(tmp_path: Path) -> None:
    text = "Tên,Địa chỉ\nCông ty A,Lô\x07 1\nCông ty\x00 B,\n"
    assert problems_of(csv_file(tmp_path / "c.csv", text)) == [
        "dòng 2 (Địa chỉ): có ký tự điều khiển không in được (xóa rồi gõ lại)",
        "dòng 3 (Tên): có ký tự điều khiển không in được (xóa rồi gõ lại)",
    ]


def test_a_header_with_jinja_is_refused(tmp_path: Path) -> None:
    refused(xlsx(tmp_path / "j.xlsx", [["Tên", "{{ x }}"], ["A", "1"]]), "tiêu đề cột")


def test_two_columns_meaning_the_same_are_refused(tmp_path: Path) -> None:
    refused(xlsx(tmp_path / "t.xlsx", [["Tên", "ten_don_vi"], ["A", "B"]]), "hai cột cùng nghĩa")


# --- unreadable files ---------------------------------------------------------------------------


def test_no_name_column_says_what_was_found_and_what_is_expected(tmp_path: Path) -> None:
    error = refused(
        xlsx(tmp_path / "n.xlsx", [["Doanh nghiệp số", "Địa chỉ"], ["A", "B"]]),
        "không có cột tên",
    )
    assert "`Doanh nghiệp số`, `Địa chỉ`" in error.message and "`Tên`" in error.hint
    many = csv_file(tmp_path / "m.csv", ",".join(f"Cột {i}" for i in range(12)) + "\n1\n")
    assert refused(many, "không có cột tên").message.endswith("`Cột 9` và 2 cột khác")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "tệp trống"),
        (b"  \r\n", "tệp trống"),
        ("Tên,Địa chỉ\r\n".encode(), "chỉ có dòng tiêu đề"),
        ("Tên\r\n\r\n,\r\n".encode(), "chỉ có dòng tiêu đề"),
        ("Tên\nCông ty".encode("cp1258"), "không phải chữ UTF-8"),
        ("Tên\nCông ty".encode("utf-16"), "UTF-16"),
        ("Tên\nCafé".encode("cp1252"), "không phải chữ UTF-8"),
    ],
)
def test_bad_csv_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    refused(path, match)


def test_too_many_rows(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "m.csv", "Tên\n" + "".join(f"C{i}\n" for i in range(4)))
    assert len(load_recipients(path, limit=4)) == 4
    with pytest.raises(InputError, match="có hơn 3 dòng người nhận"):
        load_recipients(path, limit=3)
    big = xlsx(tmp_path / "m.xlsx", [["Tên"], *[[f"C{i}"] for i in range(4)]])
    with pytest.raises(InputError, match="có hơn 3 dòng người nhận"):
        load_recipients(big, limit=3)


def test_a_cell_a_million_rows_down_is_refused_without_reading_them_all(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "far.xlsx", [["Tên"], ["A"]])
    book = openpyxl.load_workbook(path)
    book.active["A1048576"] = "Z"  # type: ignore[index]
    book.save(path)
    refused(path, "còn dữ liệu sau dòng")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_files_that_are_not_spreadsheets(tmp_path: Path) -> None:
    random = tmp_path / "r.xlsx"
    random.write_bytes(bytes(range(256)) * 8)
    refused(random, "không phải bảng tính Excel")
    truncated = tmp_path / "t.xlsx"
    truncated.write_bytes(xlsx(tmp_path / "ok.xlsx", [["Tên"], ["A"]]).read_bytes()[:700])
    refused(truncated, "bị hỏng")
    word = _zip(tmp_path / "w.xlsx", {"word/document.xml": b"<w:document/>"})  # a renamed .docx
    refused(word, "không phải bảng tính Excel")
    damaged = _zip(
        tmp_path / "d.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets>"},
    )
    refused(damaged, "bị hỏng")
    refused(tmp_path / "missing.xlsx", "không tìm thấy tệp")
    folder = tmp_path / "thu-muc.xlsx"
    folder.mkdir()
    refused(folder, "là một thư mục")


@pytest.mark.parametrize("name", ["nguoi-nhan.pdf", "nguoi-nhan.ods", "nguoi-nhan"])
def test_other_kinds_of_file_are_refused_by_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes("Tên\nCông ty A\n".encode())
    refused(path, "chỉ đọc được bảng tính .xlsx hoặc .csv")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing to read, only its size
    refused(path, "tệp lớn hơn 20 MB")


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = _zip(
        tmp_path / "bomb.xlsx",
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(MAX_UNPACKED_BYTES)},
    )
    assert bomb.stat().st_size < 200_000
    refused(bomb, "giải nén ra quá lớn")


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    """Excel saves an encrypted workbook in an OLE compound file (as the old .xls), not a zip."""
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    error = refused(path, "có mật khẩu")
    assert "bỏ mật khẩu" in error.hint


def test_a_workbook_read_back_from_bytes_with_styles_and_two_sheets(tmp_path: Path) -> None:
    """Only the first sheet is read, whichever sheet was active when saved."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["Tên"])
    first.append(["Công ty A"])
    second = book.create_sheet("Khác")
    second.append(["Tên"])
    second.append(["Công ty B"])
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "2.xlsx"
    path.write_bytes(out.getvalue())
    assert [r.name for r in load_recipients(path)] == ["Công ty A"]
