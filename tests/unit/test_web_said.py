"""What a page says of an error: the message and the hint, unless the hint is advice for the
command line."""

from __future__ import annotations

import pytest

from docgen.errors import ArchiveError, InputError
from docgen.web.said import for_the_page, line


@pytest.mark.parametrize(
    "hint",
    [
        "xem hồ sơ bằng `docgen hoso show MÃ`.",
        "ghi thêm --year, hoặc ghi mã văn bản trong kho (ví dụ den/2025/12).",
        "chạy lại với (--reserved 5)",
    ],
)
def test_advice_for_the_command_line_is_left_out(hint: str) -> None:
    assert for_the_page(hint) == ""
    assert line(ArchiveError("văn bản đã có trong hồ sơ", hint=hint)) == "văn bản đã có trong hồ sơ"


def test_advice_a_person_can_follow_is_kept() -> None:
    error = InputError("chưa ghi văn bản", hint="ghi số, ký hiệu (05/BQL-KHTH) hoặc số đến — 12")
    assert line(error) == "chưa ghi văn bản — ghi số, ký hiệu (05/BQL-KHTH) hoặc số đến — 12"
    assert line(InputError("thiếu")) == "thiếu"
