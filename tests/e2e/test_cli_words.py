"""`docgen words AMOUNT` as a clerk runs it (through `docgen.cli.main`, which calls sys.exit)."""

from __future__ import annotations

import pytest

from docgen.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `docgen *args`; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as caught:
        main(list(args))
    out, err = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["1005000000"], "Một tỷ không trăm linh năm triệu đồng"),
        (["1.005.000.000"], "Một tỷ không trăm linh năm triệu đồng"),
        (["1 005 000 000"], "Một tỷ không trăm linh năm triệu đồng"),
        (["1", "005", "000", "000"], "Một tỷ không trăm linh năm triệu đồng"),  # typed unquoted
        (["1250000"], "Một triệu hai trăm năm mươi nghìn đồng"),
        (["-5"], "Âm năm đồng"),
        (["12,5"], "Mười hai phẩy năm đồng"),
        (["--no-currency", "2024"], "Hai nghìn không trăm hai mươi bốn"),
        (["--le", "105"], "Một trăm lẻ năm đồng"),
        (["--tu", "24"], "Hai mươi tư đồng"),
        (["--ngan", "1050"], "Một ngàn không trăm năm mươi đồng"),
        (["1024", "--le", "--tu", "--ngan"], "Một ngàn không trăm hai mươi tư đồng"),
    ],
)
def test_words_prints_the_amount(
    capsys: pytest.CaptureFixture[str], args: list[str], printed: str
) -> None:
    code, out, err = run(capsys, "words", *args)
    assert (code, out, err) == (0, printed + "\n", "")


@pytest.mark.parametrize("amount", ["12.5", "1,250,000", "một triệu"])
def test_a_bad_amount_gives_exit_3_and_one_vietnamese_line(
    capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    code, out, err = run(capsys, "words", amount)
    assert code == 3
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Lỗi: số «") and "dấu phẩy" in lines[0]
    assert "Traceback" not in err


def test_words_without_an_amount_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "words")
    assert code == 2
    assert out == "" and err.startswith("Lỗi: lệnh chưa đúng")
