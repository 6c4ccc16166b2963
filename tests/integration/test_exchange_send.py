"""`send` refuses what must not leave (docgen.services.exchange), and the agency directory is
imported whole or not at all (docgen.services.exchange_directory). A fast PDF stand-in, no
signing: every refusal here comes before a package would be written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml

from docgen.archive.register import RegisterStore
from docgen.errors import ArchiveError, InputError, ProfileError
from docgen.inputs.profile import load_profile
from docgen.model.exchange import Organ
from docgen.services.exchange import outbox_of, send
from docgen.services.exchange_directory import directory, import_directory, resolve
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_issue_service import CORRECTED, run_issue, write_yaml
from tests.support.exchange import BQL, FIXTURES, SKHDT


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """The example profile with its agency code, without signing."""
    profile = tmp_path / "docgen.toml"
    text = REFERENCE_PROFILE.read_text("utf-8").replace(
        f'# code = "{BQL.code}"', f'code = "{BQL.code}"'
    )
    profile.write_text(text, "utf-8")
    return profile


def sheet(tmp_path: Path, rows: list[list[object]], name: str = "danh-ba.xlsx") -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_the_directory_is_imported_from_xlsx_or_csv_and_replaced_whole(
    store: RegisterStore, tmp_path: Path
) -> None:
    imported = import_directory(store, FIXTURES / "danh-ba-bql.csv")
    assert imported.count == 3 and directory(store)[0] == Organ(
        SKHDT.code, "Sở Kế hoạch và Đầu tư thành phố Hà Nội"
    )
    xlsx = sheet(tmp_path, [["Mã cơ quan", "Tên đơn vị"], [" 000.00.05.h26 ", "Sở  Nội vụ"]])
    import_directory(store, xlsx)
    assert directory(store) == [Organ("000.00.05.H26", "Sở Nội vụ")]


def test_every_bad_row_is_reported_at_once_and_the_old_directory_kept(
    store: RegisterStore, tmp_path: Path
) -> None:
    import_directory(store, FIXTURES / "danh-ba-bql.csv")
    bad = sheet(tmp_path, [
        ["Mã định danh", "Tên cơ quan"],
        ["000.00.01.H26", "Sở A"], ["SKHDT", "Sở B"], ["000.00.01.H26", "Sở C"], ["000.00.04.H26", ""],
    ])  # fmt: skip
    with pytest.raises(InputError, match=r"danh bạ có 3 lỗi: dòng 3: mã `SKHDT` không đúng dạng"
                       r".*dòng 4: mã 000.00.01.H26 trùng với dòng 2.*dòng 5: thiếu tên"):  # fmt: skip
        import_directory(store, bad)
    assert len(directory(store)) == 3
    no_code = sheet(tmp_path, [["Tên"], ["Sở A"]], "khong-ma.xlsx")
    with pytest.raises(InputError, match="không có cột mã định danh"):
        import_directory(store, no_code)
    with pytest.raises(InputError, match=r"phải là tệp \.xlsx hoặc \.csv"):
        import_directory(store, tmp_path / "danh-ba.ods")


def test_a_code_not_in_the_directory_is_refused_with_the_close_ones(
    store: RegisterStore,
) -> None:
    with pytest.raises(InputError, match="chưa có cơ quan nào"):
        resolve(store, [SKHDT.code])
    import_directory(store, FIXTURES / "danh-ba-bql.csv")
    with pytest.raises(InputError, match=r"có phải 000.00.01.H26 \(Sở Kế hoạch"):
        resolve(store, ["000.00.01.H62"])
    with pytest.raises(InputError, match=r"có phải 000.00.02.H26 \(Sở Công Thương"):
        resolve(store, ["cong thuong"])
    assert resolve(store, [SKHDT.code.lower(), SKHDT.code]) == (directory(store)[0],)


def test_send_refuses_what_must_not_leave(
    store: RegisterStore, tmp_path: Path, coded: Path
) -> None:
    root = tmp_path / "archive"
    agency = load_profile(coded)
    import_directory(store, FIXTURES / "danh-ba-bql.csv")
    issued = run_issue(CORRECTED, store, root)  # unsigned: the fast stand-in PDF
    notation = issued.entry.number_symbol

    def refused(
        match: str, *, to: str = SKHDT.code, error: type[Exception] = InputError, **kw: object
    ) -> None:
        with pytest.raises(error, match=match):
            send(store, kw.pop("who", agency), root, kw.pop("notation", notation), [to], **kw)  # type: ignore[arg-type]

    refused("chưa có mã định danh", who=load_profile(REFERENCE_PROFILE), error=ProfileError)
    refused("không có văn bản số 09/BQL-KHTH năm 2024", notation="09/BQL-KHTH")
    refused("không có văn bản số 01/BQL-KHTH năm 2023", year=2023)
    refused("không có mã `000.00.09.H26`", to="000.00.09.H26")
    refused("hạn trả lời 01/05/2024 trước ngày văn bản 10/05/2024", due_date=dt.date(2024, 5, 1))
    refused("chưa được ký số, nơi nhận sẽ từ chối gói tin")
    pdf = root / "van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%sua sau khi luu\n")
    refused("đã bị thay đổi sau khi lưu", error=ArchiveError)
    assert not outbox_of(agency, root).exists()
    (row,) = store.entries(2024)
    assert row.exchange == () and row.dispatched is None


def test_a_secret_document_never_leaves_by_exchange(
    store: RegisterStore, tmp_path: Path, coded: Path
) -> None:
    root = tmp_path / "archive"
    import_directory(store, FIXTURES / "danh-ba-bql.csv")
    secret = write_yaml(
        tmp_path / "mat.yaml", {**yaml.safe_load(CORRECTED.read_text("utf-8")), "do_mat": "mat"}
    )
    issued = run_issue(secret, store, root)
    with pytest.raises(InputError, match=r"là văn bản mật .* không gửi qua trục liên thông"):
        send(store, load_profile(coded), root, issued.entry.number_symbol, [SKHDT.code])


def test_own_code_is_not_a_receiver(store: RegisterStore, tmp_path: Path, coded: Path) -> None:
    root = tmp_path / "archive"
    own = tmp_path / "danh-ba.csv"
    own.write_text(f"Mã định danh,Tên cơ quan\n{BQL.code},Ban Quản lý\n", "utf-8")
    import_directory(store, own)
    issued = run_issue(CORRECTED, store, root)
    with pytest.raises(InputError, match="là mã của chính cơ quan này"):
        send(store, load_profile(coded), root, issued.entry.number_symbol, [BQL.code])
