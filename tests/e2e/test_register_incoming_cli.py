"""A records clerk receives a document, then keeps the incoming register from the command line:
`docgen receive`, `docgen register show|dispatch|export --den`, `register check`, `archive check`."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from docgen.archive.export import INCOMING_HEADERS, INCOMING_TITLE
from docgen.cli import main
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_filing_external import plain_pdf


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_receive_then_show_dispatch_export_and_check_the_incoming_register(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(archive))
    incoming = plain_pdf(tmp_path / "in.pdf", text="Hướng dẫn số 1744/HD-SCT")
    code, out, err = run(
        capsys, "receive", str(incoming), "--from", "Sở Công Thương", "--number", "1744/HD-SCT",
        "--date", "14/04/2023", "--to", "KHTH", "--type-name", "Hướng dẫn",
        "--subject", "xét chọn sản phẩm", *common,
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Đã vào sổ văn bản đến số 01 ngày ")
    assert lines[1].endswith("0001-1744-HD-SCT.pdf  (bản đã đóng dấu ĐẾN)")
    assert lines[2].endswith(
        "0001-1744-HD-SCT-ban-nhan-goc.pdf  (bản nhận gốc: đúng như khi nhận, chưa đóng dấu)"
    )
    assert "/don-vi/KHTH/" in lines[3] and lines[3].endswith("(bản chuyển KHTH)")
    for line in lines[1:]:
        assert Path(line.split("  (")[0].strip()).is_file()

    code, out, err = run(capsys, "register", "show", "--den", *common)
    assert code == 0, err
    (line,) = out.splitlines()
    assert line.startswith("01") and "1744/HD-SCT" in line and "14/04/2023" in line
    assert "Sở Công Thương — Hướng dẫn xét chọn sản phẩm → KHTH" in line
    code, out, err = run(capsys, "register", "show", *common)  # the outgoing register: empty
    assert code == 0 and out == ""

    code, out, err = run(capsys, "register", "dispatch", "1", "--den", "--receipt", "Lê C", *common)
    assert code == 0, err
    _, out, _ = run(capsys, "register", "show", "--den", "--json", *common)
    row = json.loads(out)
    assert (row["receipt"], row["to"], row["type_name"]) == ("Lê C", ["KHTH"], "Hướng dẫn")

    target = tmp_path / "so-den.xlsx"
    code, out, err = run(
        capsys, "register", "export", "--den", "--format", "xlsx", "-o", str(target), *common
    )
    assert code == 0, err
    assert "Đã in sổ đăng ký văn bản đến năm" in out
    book = openpyxl.load_workbook(target)
    assert INCOMING_TITLE in [c.value for c in book["Bìa"]["A"]]
    values = [[c.value or "" for c in r] for r in book["Sổ đăng ký"].iter_rows(max_col=10)]
    assert values[0] == list(INCOMING_HEADERS)
    assert values[2][1:7] == [
        "01", "Sở Công Thương", "1744/HD-SCT", "14/04/2023", "Hướng dẫn xét chọn sản phẩm", "KHTH",
    ]  # fmt: skip
    assert values[2][8] == "Lê C" and values[2][7] == values[2][0]  # handed over on arrival day

    code, out, _ = run(capsys, "register", "check", "--archive", str(archive))
    assert code == 0 and "Sổ đăng ký nhất quán: 2 sự kiện, 1 số" in out
    code, out, err = run(capsys, "archive", "check", *common)
    assert code == 0, out + err
