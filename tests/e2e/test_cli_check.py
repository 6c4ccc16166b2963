"""`docgen check FILE.docx [--issued] [--json]` as a clerk runs it: table or JSON, exit codes
0 (clean or notes), 12 (warnings), 11 (errors), 3 for a file that is not a .docx."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.cli import main
from tests.integration.check_docs import Spec, build


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide enough that no table cell wraps, so a test can look for whole phrases."""
    monkeypatch.setenv("COLUMNS", "400")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 1), out, err


def row(out: str, *cells: str) -> bool:
    """True when one line of the table holds `cells` in order, each in its own column."""
    for line in out.splitlines():
        parts = [part.strip() for part in line.split("│")[1:-1]]
        if [p for p in parts if p in cells] == list(cells):
            return True
    return False


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_clean_file_exits_0_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", write(tmp_path, "ok.docx", build(Spec())))
    assert (code, err) == (0, "")
    assert "0 lỗi, 0 cảnh báo, 0 ghi chú. Thể thức đúng Nghị định 30." in out


def test_notes_only_exit_0_draft_but_11_issued(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "draft.docx", build(replace(Spec(), so="Số:     /SCT-KHTH")))
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and row(out, "GHI CHÚ", "ô 3", "Số chưa điền")
    code, out, _ = run(capsys, "check", path, "--issued")
    assert code == 11 and row(out, "LỖI", "ô 3", "Số chưa điền")


def test_warnings_exit_12(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "w.docx", build(replace(Spec(), signer="TS. Nguyễn Văn An")))
    code, out, _ = run(capsys, "check", path)
    assert code == 12
    assert row(
        out,
        "CẢNH BÁO",
        "ô 7b",
        "Không học hàm, học vị",
        "TS. Nguyễn Văn An",
        "Không ghi học hàm, học vị trước họ tên người ký. (NĐ30 PL1 II.7.c)",
    )
    assert out.rstrip().endswith("Tổng cộng: 0 lỗi, 1 cảnh báo, 0 ghi chú.")


def test_json_output_is_machine_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "a.docx", build(replace(Spec(), font="Arial", so="Số: 5/SCT-KHTH")))
    code, out, _ = run(capsys, "check", path, "--json")
    data = json.loads(out)
    assert code == 11
    assert data["worst"] == "error" and data["mode"] == "draft"
    rules = {f["rule"]: f for f in data["findings"]}
    assert set(rules) == {"font_is_tnr", "number_leading_zero"}
    assert rules["number_leading_zero"] == {
        "severity": "error",
        "component": "ô 3",
        "where": "Số: 5/SCT-KHTH",
        "rule": "number_leading_zero",
        "reference": "NĐ30 PL1 II.3.a,c",
        "found": "Số: 5/SCT-KHTH",
        "fix": "Số dưới 10 ghi thêm số 0 phía trước: “05”.",
    }


def _zip(**parts: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name.replace("__xml", ".xml").replace("__", "/"), data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"plain text, not a Word file", "tệp không phải .docx"),
        (build(Spec())[:2000], "tệp không phải .docx"),
        (_zip(word__styles__xml=b"<x/>"), "thiếu phần nội dung"),
        (_zip(word__document__xml=b"<w:document"), "bị hỏng"),
    ],
    ids=["text", "truncated", "no-document", "broken-xml"],
)
def test_unreadable_file_is_one_vietnamese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, said: str
) -> None:
    code, out, err = run(capsys, "check", write(tmp_path, "bad.docx", data))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and said in err and "Traceback" not in err


def test_missing_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "none.docx"))
    assert code == 3 and "không tìm thấy tệp cần kiểm tra" in err


@pytest.mark.parametrize("width", [60, 80])
def test_a_narrow_terminal_lists_every_finding_in_vietnamese(width: int) -> None:
    from docgen.cli.check import render_table
    from docgen.rules.check import RULES
    from docgen.services.check import check_docx

    report = check_docx(build(replace(Spec(), font="Arial", so="Số: 5/SCT-KHTH")), name="a.docx")
    text = render_table(report, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "1. LỖI — Phông Times New Roman" in text
    assert "2. LỖI — Số 0 trước số nhỏ hơn 10 — ô 3 (“Số: 5/SCT-KHTH”)" in text
    assert not [rule for rule in RULES if rule in text]  # the ids are for --json
    assert text.rstrip().endswith("Tổng cộng: 2 lỗi, 0 cảnh báo, 0 ghi chú.")


def test_every_rule_has_a_vietnamese_label() -> None:
    from docgen.rules.check import RULES
    from docgen.rules.check.labels import LABELS

    assert set(LABELS) == set(RULES)
