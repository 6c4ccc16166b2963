"""Liên thông as clerks run it: the administrator imports the directory, the records clerk of the
Ban Quản lý sends a signed report, the clerk of the Sở receives it (`docgen receive …edxml`, then
`docgen exchange poll`), reports its progress, and the Ban Quản lý's register shows it done. Each
refusal is one Vietnamese line that says what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, needs_libreoffice
from tests.e2e.test_filing_cli import run
from tests.integration.exchange_support import REPORT_NAME, profile_a, profile_b
from tests.support.exchange import FIXTURES, SKHDT

pytestmark = pytest.mark.libreoffice

SO = "Sở Kế hoạch và Đầu tư thành phố Hà Nội"


def test_send_receive_report_and_see_it_done(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_libreoffice()
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    profile, root_cert = profile_a(tmp_path / "a")
    a = ("--profile", str(profile), "--archive", str(tmp_path / "A"))
    b = ("--profile", str(profile_b(tmp_path, root_cert)), "--archive", str(tmp_path / "B"))

    code, out, err = run(
        capsys, "exchange", "directory", "import", str(FIXTURES / "danh-ba-bql.csv"), *a
    )
    assert code == 0, err
    assert "Đã nhập danh bạ liên thông: 3 cơ quan (thay danh bạ cũ)." in out
    code, out, _ = run(capsys, "exchange", "directory", "list", *a)
    assert out.splitlines()[0] == f"{SKHDT.code}  {SO}"
    code, _, err = run(
        capsys, "exchange", "directory", "import", str(FIXTURES / "danh-ba-skhdt.csv"), *b
    )
    assert code == 0, err

    code, out, err = run(capsys, "issue", str(EXAMPLES / REPORT_NAME), *a)
    assert code == 0, err
    assert "Đã cấp số 01/BC-BQL" in out

    # a code mistyped: one line naming the close one
    code, _, err = run(capsys, "send", "01/BC-BQL", "--to", "000.00.01.H62", *a)
    assert code == 3 and "\n" not in err.strip()
    assert (
        f"--to: không có mã `000.00.01.H62` trong danh bạ liên thông — có phải {SKHDT.code} ({SO})?"
        in err
    )

    code, out, err = run(capsys, "send", "01/BC-BQL", "--to", SKHDT.code, *a)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Đã lập gói tin liên thông văn bản 01/BC-BQL gửi {SKHDT.code} ({SO})."
    package = Path(lines[1].strip())
    assert package.parent == tmp_path / "A" / "lien-thong" / "gui" and package.is_file()
    assert "Tệp kèm: 01-BC-BQL.pdf, 01-BC-BQL-phu-luc-I.pdf" in out
    assert f"{SKHDT.code} ({SO}): đã gửi" in out

    # the connector carries it; the Sở's clerk receives it by hand
    got = tmp_path / "nhan" / "vb.edxml"
    got.parent.mkdir()
    shutil.copy(package, got)
    code, out, err = run(capsys, "receive", str(got), "--to", "DKKD", *b)
    assert code == 0, err
    assert (
        "Đã vào sổ văn bản đến số 01" in out and "01/BC-BQL" in out and "nhận qua liên thông" in out
    )
    assert "Chữ ký số: nguyên vẹn, người ký: Ban Quản lý thử (KHÔNG DÙNG THẬT); tin cậy: có." in out
    assert "Đã báo 'đã đến' cho nơi gửi:" in out
    assert "0001-1-BC-BQL-phu-luc-01.pdf" in out and "(bản chuyển DKKD)" in out

    code, _, err = run(capsys, "receive", str(got), *b)
    assert code == 3 and "đã được vào sổ văn bản đến (số đến 01" in err and "\n" not in err.strip()
    code, _, err = run(capsys, "receive", str(got), "--from", "Ban Quản lý", *b)
    assert code == 3 and "--from không dùng với gói tin liên thông" in err

    # the watched inbox: a broken package is moved aside with its reason, the rest goes on
    inbox = tmp_path / "B" / "lien-thong" / "nhan"
    inbox.mkdir(parents=True)
    (inbox / "hong.edxml").write_bytes(b"<edXML:edXMLEnvelope")
    code, out, err = run(capsys, "exchange", "poll", *b)
    assert code == 11
    assert "TỪ CHỐI  hong.edxml: " in err and "không phải gói tin edXML" in err
    assert "Đã xử lý 1 gói tin: 0 nhận, 1 từ chối." in out
    reason = (inbox / "refused" / "hong.edxml.ly-do.txt").read_text("utf-8")
    assert "không phải gói tin edXML" in reason
    code, out, _ = run(capsys, "exchange", "poll", *b)
    assert code == 0 and "Không có gói tin nào trong" in out

    code, _, err = run(capsys, "exchange", "status", "1", "--trang-thai", "xong", *b)
    assert code == 2 and "--trang-thai" in err
    code, out, err = run(capsys, "exchange", "status", "01/ĐẾN", "--trang-thai", "hoan-thanh",
                         "--nguoi-xu-ly", "Trần Văn Bình", *b)  # fmt: skip
    assert code == 0, err
    assert out.startswith("Đã báo 'hoàn thành' cho 000.00.00.H26 về văn bản đến số 01 (01/BC-BQL).")
    code, _, err = run(capsys, "exchange", "status", "1", "--trang-thai", "dang-xu-ly", *b)
    assert code == 3 and "đã ở trạng thái `hoàn thành`, không báo thêm" in err
    code, out, _ = run(capsys, "register", "show", "--den", *b)
    assert "[liên thông 000.00.00.H26, đã báo: hoàn thành]" in out

    # the statuses come back to the Ban Quản lý
    inbox_a = tmp_path / "A" / "lien-thong" / "nhan"
    inbox_a.mkdir(parents=True)
    for status in sorted((tmp_path / "B" / "lien-thong" / "gui").glob("*.edxml")):
        shutil.move(status, inbox_a / status.name)
    code, out, err = run(capsys, "exchange", "poll", *a)
    assert code == 0, err
    assert f"Trạng thái văn bản 01/BC-BQL: {SKHDT.code} đã đến" in out
    assert f"Trạng thái văn bản 01/BC-BQL: {SKHDT.code} hoàn thành" in out
    assert "Đã xử lý 2 gói tin: 2 nhận, 0 từ chối." in out
    code, out, _ = run(capsys, "register", "show", *a)
    assert f"liên thông: {SKHDT.code} ({SO}): hoàn thành" in out
    code, out, _ = run(capsys, "register", "check", *a)
    assert code == 0 and "Sổ đăng ký nhất quán" in out


def test_a_clerk_without_the_agency_code_is_told_where_to_write_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.conftest import REFERENCE_PROFILE

    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "A"))
    code, _, err = run(capsys, "exchange", "poll", *common)
    assert code == 4 and "agency.code: hồ sơ cơ quan chưa có mã định danh" in err
    assert 'ghi code = "000.00.00.H26"' in err and "\n" not in err.strip()
