"""A records office processes an incoming document from the command line, as the clerk and the
others run it (`docgen den …`, one line per step), with the web application's users as the
people and the register's clock fixed by DOCGEN_TEST_CLOCK: receive, present, assign, give to a
person, progress, reply; each person's list; the report as text, JSON and XLSX; a refusal is one
Vietnamese line and its exit code; the register shows the row as handled."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from docgen.archive import open_register
from docgen.cli import main
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.test_filing_external import plain_pdf
from tests.support.people import create_people

NOW = dt.datetime(2024, 5, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(scope="module")
def with_people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("people") / "archive"
    create_people(REFERENCE_PROFILE, root, None)
    return root


class Desk:
    def __init__(self, root: Path, clock_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.clock_file, self.capsys = root, clock_file, capsys
        self.at(NOW)

    def at(self, when: dt.datetime) -> None:
        self.clock_file.write_text(when.isoformat(), "utf-8")

    def run(self, *args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main([*args, "--profile", str(REFERENCE_PROFILE), "--archive", str(self.root)])
        out, err = self.capsys.readouterr()
        return int(exited.value.code or 0), out, err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert (code, err) == (0, ""), (args, out, err)
        return out


@pytest.fixture
def desk(
    tmp_path: Path,
    with_people: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Desk:
    root = tmp_path / "archive"
    shutil.copytree(with_people, root)
    clock_file = tmp_path / "dong-ho.txt"
    monkeypatch.setenv("DOCGEN_TEST_CLOCK", str(clock_file))
    monkeypatch.delenv("DOCGEN_USER", raising=False)
    return Desk(root, clock_file, capsys)


def receive(desk: Desk, tmp_path: Path, number: str, subject: str) -> None:
    pdf = plain_pdf(tmp_path / f"{number.split('/')[0]}.pdf", text=f"Công văn số {number}")
    desk.ok("receive", str(pdf), "--from", "Sở Công Thương", "--number", number, "--date",
            "08/05/2024", "--subject", subject)  # fmt: skip


def test_a_document_from_receipt_to_its_reply_at_the_command_line(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive(desk, tmp_path, "1744/SCT-QLCN", "xét chọn sản phẩm công nghiệp chủ lực")
    assert "Trình lãnh đạo: Số đến 01 — Sở Công Thương 1744/SCT-QLCN" in desk.ok(
        "den", "viec-cua-toi", "--nguoi", "vanthu"
    )
    out = desk.ok("den", "trinh", "1", "--cho", "lanhdao", "--boi", "vanthu")
    assert out.splitlines() == [
        "Đã ghi: trình — Trình Lê Quang Long.",
        "Văn bản đến số 01/2024: chờ phân công.",
    ]
    monkeypatch.setenv("DOCGEN_USER", "lanhdao")  # who acts, when --boi is not given
    out = desk.ok("den", "phan-cong", "1", "--chu-tri", "KHTH", "--phoi-hop", "VP,QLDN",
                  "--han", "20/05/2024", "--y-kien", "KHTH tham mưu trả lời")  # fmt: skip
    assert out.splitlines()[0] == (
        "Đã ghi: phân công — Chủ trì KHTH; phối hợp VP, QLDN; hạn 20/05/2024; "
        "ý kiến: KHTH tham mưu trả lời."
    )
    assert "Giao người xử lý: Số đến 01" in desk.ok("den", "viec-cua-toi", "--nguoi", "tpkhth")
    desk.ok("den", "giao", "1", "--nguoi", "chuyenvien", "--han", "17/05/2024", "--boi", "tpkhth")
    desk.ok("den", "tien-do", "1", "đã xin ý kiến VP", "--boi", "chuyenvien")
    out = desk.ok("den", "viec-cua-toi", "--nguoi", "chuyenvien")
    assert out.splitlines() == [
        "Nguyễn Thu Hà: 1 việc (ngày 10/05/2024).",
        "  Xử lý: Số đến 01 — Sở Công Thương 1744/SCT-QLCN: xét chọn sản phẩm công nghiệp chủ "
        "lực (hạn 17/05/2024)",
    ]

    # someone without the right: one line, the register's exit code, nothing recorded
    code, out, err = desk.run("den", "xong", "1", "--luu-ho-so", "--boi", "chuyenvien2")
    assert (code, out) == (8, "")
    assert err == (
        "Lỗi: chỉ người được giao xử lý (Nguyễn Thu Hà) hoặc trưởng đơn vị KHTH hoàn thành "
        "văn bản đến số 01 — xem hiện trạng (`docgen den xem SỐ-ĐẾN`, hoặc tải lại trang) rồi "
        "làm bước đúng.\n"
    )
    code, _, err = desk.run("den", "xong", "1", "--tra-loi", "07/BQL-KHTH", "--boi", "chuyenvien")
    assert code == 3 and "--tra-loi: không có văn bản đi số 07/BQL-KHTH đã ban hành" in err

    desk.at(NOW + dt.timedelta(days=8))  # 18/05: a day after the person's deadline
    assert "QUÁ HẠN 1 ngày  Xử lý: Số đến 01" in desk.ok(
        "den", "viec-cua-toi", "--nguoi", "chuyenvien"
    )
    with open_register(desk.root, "BQL", clock=FixedClock(NOW + dt.timedelta(days=8))) as store:
        reply = issue_one(store)
    out = desk.ok("den", "xong", "1", "--tra-loi", reply.number_symbol, "--boi", "chuyenvien")
    assert out.splitlines()[1] == (
        "Văn bản đến số 01/2024: đã xử lý — KHTH (chủ trì), Nguyễn Thu Hà; VP, QLDN (phối hợp), "
        f"hạn 17/05/2024 — trả lời bằng văn bản số {reply.number_symbol}."
    )
    shown = json.loads(desk.ok("den", "xem", "1", "--json"))
    assert [(s["action"], s["by"]) for s in shown["steps"]] == [
        ("trinh", "vanthu"), ("phan_cong", "lanhdao"), ("giao", "tpkhth"),
        ("tien_do", "chuyenvien"), ("xong", "chuyenvien"),
    ]  # fmt: skip
    assert (shown["stage"], shown["reply"], shown["closed_on"]) == (
        "da_xu_ly",
        reply.number_symbol,
        "2024-05-18",
    )
    # the incoming register: who it went to, and Ghi chú with the instruction, deadline, reply
    row = json.loads(desk.ok("register", "show", "--den", "--json"))
    assert row["note"] == (
        "Ý kiến chỉ đạo: KHTH tham mưu trả lời; Hạn giải quyết: 20/05/2024; "
        f"Đã xử lý ngày 18/05/2024: trả lời bằng văn bản số {reply.number_symbol}"
    )
    assert desk.ok("den", "kiem-tra") == "Bảng theo dõi xử lý khớp với lịch sử sổ đăng ký.\n"
    assert desk.run("register", "check")[0] == 0


def test_the_report_as_text_json_and_xlsx(desk: Desk, tmp_path: Path) -> None:
    for number in ("11/SCT-A", "12/SCT-A", "13/SCT-A"):
        receive(desk, tmp_path, number, f"việc {number}")
    for n in ("1", "2", "3"):
        desk.ok("den", "trinh", n, "--cho", "lanhdao", "--boi", "vanthu")
    desk.ok("den", "phan-cong", "1", "--chu-tri", "KHTH", "--han", "12/05/2024", "--boi", "lanhdao")
    desk.ok("den", "phan-cong", "2", "--chu-tri", "KHTH", "--han", "20/05/2024", "--boi", "lanhdao")
    desk.ok("den", "phan-cong", "3", "--chu-tri", "VP", "--boi", "lanhdao")
    desk.ok("den", "xong", "2", "--luu-ho-so", "--boi", "tpkhth")
    desk.at(NOW + dt.timedelta(days=5))  # 15/05: số 1 is overdue
    data = json.loads(desk.ok("den", "bao-cao", "--tu", "01/05/2024", "--den", "31/05/2024",
                              "--json"))  # fmt: skip
    assert data["rows"] == [
        {"unit": "KHTH", "received": 2, "on_time": 1, "late": 0, "overdue": 1, "pending": 0},
        {"unit": "VP", "received": 1, "on_time": 0, "late": 0, "overdue": 0, "pending": 1},
    ]
    text = desk.ok("den", "bao-cao", "--don-vi", "KHTH", "--tu", "01/05/2024", "--den",
                   "31/05/2024")  # fmt: skip
    lines = text.splitlines()
    assert lines[0] == "Văn bản đến từ 01/05/2024 đến 31/05/2024, tính đến ngày 15/05/2024:"
    assert lines[2].split() == ["Phòng", "Kế", "hoạch", "tổng", "hợp", "(KHTH)", "2", "1", "0",
                                "1", "0"]  # fmt: skip
    out = tmp_path / "bao-cao.xlsx"
    desk.ok("den", "bao-cao", "--tu", "01/05/2024", "--den", "31/05/2024", "--xlsx", str(out))
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    summary = book["Tổng hợp"]
    table = [[c.value for c in row] for row in summary.iter_rows(min_row=5, max_row=8)]
    assert table == [
        ["Đơn vị chủ trì", "Tiếp nhận", "Xong đúng hạn", "Xong trễ hạn", "Quá hạn",
         "Đang xử lý, trong hạn"],
        ["Phòng Kế hoạch tổng hợp (KHTH)", 2, 1, 0, 1, 0],
        ["Văn phòng (VP)", 1, 0, 0, 0, 1],
        ["Tổng cộng", 3, 1, 0, 1, 1],
    ]  # fmt: skip
    assert len(summary._charts) == 1  # the bar chart beside the table
    lines = [[c.value for c in row] for row in book["Theo dõi giải quyết"].iter_rows(min_row=3)]
    assert [(r[0], r[3], r[6]) for r in lines] == [
        ("01", "12/05/2024", "Quá hạn"),
        ("02", "20/05/2024", "Lưu hồ sơ; Xong đúng hạn"),
        ("03", None, "Đang xử lý, trong hạn"),
    ]
    again = tmp_path / "lan-2.xlsx"
    desk.ok("den", "bao-cao", "--tu", "01/05/2024", "--den", "31/05/2024", "--xlsx", str(again))
    assert again.read_bytes() == out.read_bytes()  # the same report, the same bytes
    code, _, err = desk.run("den", "bao-cao", "--tu", "31/05/2024", "--den", "01/05/2024")
    assert code == 3 and "sau ngày kết thúc" in err


def test_without_people_or_without_a_name_the_clerk_is_told_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_TEST_CLOCK", str(tmp_path / "gio.txt"))
    monkeypatch.delenv("DOCGEN_USER", raising=False)
    desk = Desk(tmp_path / "archive", tmp_path / "gio.txt", capsys)
    pdf = plain_pdf(tmp_path / "5.pdf", text="Công văn số 5/SCT-B")
    code, _, err = desk.run("receive", str(pdf), "--from", "Sở Công Thương", "--number", "5/SCT-B",
                            "--date", "08/05/2024")  # fmt: skip
    assert code == 0 and err.startswith("Kho lưu trữ mới")
    code, _, err = desk.run("den", "trinh", "1", "--cho", "lanhdao", "--boi", "vanthu")
    assert code == 3
    assert err == (
        "Lỗi: --boi: chưa có người dùng nào (danh sách người dùng của ứng dụng web) — tạo người "
        "dùng bằng `docgen web createuser TÊN --vai-tro … --don-vi …`.\n"
    )
    code, _, err = desk.run("den", "trinh", "1", "--cho", "lanhdao")
    assert code == 3 and "--boi: chưa ghi người thực hiện" in err
