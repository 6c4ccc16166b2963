"""What click prints itself (usage errors, help headings) reads in Vietnamese, on one line."""

from __future__ import annotations

import pytest

from docgen.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["draft", "--pdff", "x.yaml"], "Không có tùy chọn '--pdff'. Có phải ý bạn là '--pdf'?"),
        (["drft"], "Không có lệnh 'drft'."),
        (["draft"], "Thiếu tham số 'INPUT.yaml'."),
        (["register", "shw"], "Có phải ý bạn là 'show'?"),
    ],
)
def test_usage_errors_in_vietnamese(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("Lỗi: lệnh chưa đúng: ")
    assert expected in err
    assert "docgen docgen" not in err


def test_help_headings_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["draft", "--help"], capsys)
    assert code == 0
    for heading in ("Cách dùng:", "Tùy chọn", "Xem hướng dẫn này rồi thoát."):
        assert heading in out
    assert "Show this message" not in out


def test_library_tracebacks_are_silenced_unless_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    """pyHanko logs a traceback for every certificate path it cannot build; a clerk must not see
    it (the verify report says it in one line), a developer with --verbose does."""
    import logging

    run(["words", "5"], capsys)
    assert logging.getLogger("pyhanko").getEffectiveLevel() == logging.CRITICAL
    assert logging.getLogger("pyhanko_certvalidator").getEffectiveLevel() == logging.CRITICAL
    logging.getLogger("pyhanko").setLevel(logging.NOTSET)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.NOTSET)
    run(["words", "5", "--verbose"], capsys)
    assert logging.getLogger("pyhanko").level == logging.NOTSET


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["search", "x", "--from", "31/2/2024"], "--from"),
        (["search", "x", "--to", "hôm qua"], "--to"),
        (["register", "export", "--year", "2024", "--from", "2024-13-01"], "--from"),
    ],
)
def test_a_bad_day_names_the_option_it_was_given_to(
    args: list[str], option: str, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import REFERENCE_PROFILE

    code, _, err = run(
        [*args, "--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path)], capsys
    )
    assert code == 3
    assert err.startswith(f"Lỗi: {option}: ngày `") and err.count("\n") == 1
