"""`docgen issue du-thao.docx` as a clerk runs it: the specialist's Word draft, real LibreOffice,
the agency's signature and seal, the register and the archive; and the one-line refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.services import settings
from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE, needs_libreoffice
from tests.e2e.test_filing_cli import run
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_service import CORRECTED, signing_profile, write_yaml
from tests.support.pdf_text import page_texts


@pytest.fixture
def word_draft(tmp_path: Path) -> Path:
    target = tmp_path / "du-thao.docx"
    draft(CORRECTED, REFERENCE_PROFILE, target, pdf=False, templates=templates_dir(),
          today=dt.date(2024, 3, 5))  # fmt: skip
    return target


@pytest.mark.libreoffice
def test_a_clerk_issues_and_signs_the_word_draft(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    word_draft: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    needs_libreoffice()
    from docgen.pdf.verify import verify_pdf

    profile, root_cert = signing_profile(tmp_path)
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", "pw")
    common = ("--profile", str(profile), "--archive", str(tmp_path / "archive"))
    code, out, err = run(capsys, "issue", str(word_draft), *common, "--date", "05/03/2024")
    assert code == 0, err
    assert "Đã cấp số 01/BQL-KHTH ngày 05/03/2024 (sổ hanh_chinh, năm 2024)." in out
    pdf = Path(out.splitlines()[2].strip())
    text = "\n".join(page_texts(pdf))
    assert "Số: 01/BQL-KHTH" in text and "Hà Nội, ngày 05 tháng 3 năm 2024" in text
    assert verify_pdf(pdf, [root_cert]).ok
    unit_copy = tmp_path / "archive" / "don-vi" / "KHTH" / "2024" / "01-BQL-KHTH.pdf"
    assert unit_copy.read_bytes() == pdf.read_bytes()
    code, out, err = run(capsys, "search", "xet chon san pham", *common)
    assert code == 0 and "01/BQL-KHTH" in out
    # the same draft again: refused with the number it got, nothing taken
    code, out, err = run(capsys, "issue", str(word_draft), *common, "--date", "05/03/2024")
    assert code != 0 and "đã được cấp số 01/BQL-KHTH" in err and "\n" not in err.strip()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--type", "quyet-dinh"), "--type: --type quyet-dinh nhưng"),
        (("--type", "cong-van-hoa-toc"), "--type: loại văn bản `cong-van-hoa-toc` không có"),
        (("--signer", "chanh-van-phong"), "--signer: không có người ký mã `chanh-van-phong`"),
        (("--unit", "QLDN"), "--unit: --unit QLDN nhưng ký hiệu của văn bản ghi đơn vị KHTH"),
    ],
)
def test_a_flag_that_contradicts_the_draft_is_one_line_and_takes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    word_draft: Path,
    args: tuple[str, ...],
    expected: str,
) -> None:
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "archive"))
    code, out, err = run(capsys, "issue", str(word_draft), *common, *args)
    assert code == 3, err
    assert expected in err and "\n" not in err.strip()
    code, out, err = run(capsys, "register", "show", "--year", "2024", *common)
    assert "BQL-KHTH" not in out


def test_a_word_file_of_another_format_says_what_to_save_it_as(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / "du-thao.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    code, _, err = run(capsys, "issue", str(old), "--profile", str(REFERENCE_PROFILE),
                       "--archive", str(tmp_path / "archive"))  # fmt: skip
    assert code == 3
    assert "tệp Word cũ (.doc)" in err and "Word Document (.docx)" in err


def test_yaml_input_refuses_the_word_flags(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "issue", str(CORRECTED), "--type", "cong-van", "--profile",
                       str(REFERENCE_PROFILE), "--archive", str(tmp_path / "a"))  # fmt: skip
    assert code == 3 and "chỉ dùng khi cấp số một tệp Word" in err


@pytest.mark.libreoffice
def test_a_clerk_reserves_a_number_then_issues_into_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Today's register (a reservation is taken this year): a dispatch whose text cites no date."""
    needs_libreoffice()
    source = write_yaml(tmp_path / "cv.yaml", dispatch(1, 1, paragraphs=1))
    word_draft = tmp_path / "cv.docx"
    draft(source, REFERENCE_PROFILE, word_draft, pdf=False, templates=templates_dir(),
          today=settings.now_vietnam().date())  # fmt: skip
    common = ("--profile", str(REFERENCE_PROFILE), "--archive", str(tmp_path / "archive"))
    code, out, err = run(capsys, "register", "reserve", "--symbol", "BQL-KHTH", *common)
    assert code == 0, err
    assert "Đã giữ số 01/BQL-KHTH" in out
    code, out, err = run(capsys, "issue", str(word_draft), "--reserved", "1", *common)
    assert code == 0, err
    assert "Đã cấp số 01/BQL-KHTH" in out
    code, out, err = run(capsys, "issue", str(source), "--reserved", "1", *common)
    assert code == 8 and "đã được cấp cho văn bản ngày" in err and "\n" not in err.strip()
