"""A thư công as a clerk runs it with the example profile (unnumbered, the default): `docgen draft`
writes it without a Số line; `docgen issue` refuses in one line naming the profile option, exit 3,
and keeps nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import InputError
from tests.conftest import EXAMPLES, REFERENCE_PROFILE
from tests.e2e.test_filing_cli import run
from tests.integration.types_support import texts

LETTER = EXAMPLES / "bql-thu-chuc-mung-doanh-nhan.yaml"


def test_draft_then_issue_of_an_unnumbered_letter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_docx = tmp_path / "thu.docx"
    code, _, err = run(
        capsys, "draft", str(LETTER), "--profile", str(REFERENCE_PROFILE), "-o", str(out_docx)
    )
    assert code == 0, err
    lines = texts(out_docx.read_bytes())
    assert "THƯ CHÚC MỪNG" in lines and not any(t.startswith("Số:") for t in lines)

    archive = tmp_path / "archive"
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(archive))
    code, out, err = run(capsys, "issue", str(LETTER), *common, "--date", "10/10/2024")
    assert code == InputError.exit_code == 3
    assert out == "" and len(err.strip().splitlines()) == 1
    assert str(LETTER) in err and "loai" in err and 'thu_cong = "cong-van"' in err
    assert not any(p.is_file() and p.suffix in (".pdf", ".docx") for p in archive.rglob("*"))
