"""A file saved by another word processor: our reference draft and a hand-typed faulty file, each
round-tripped through LibreOffice (DOCX → ODT → DOCX, which rewrites styles, tables and fields),
get the same findings as the originals."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.services.check import check_docx
from tests.conftest import needs_libreoffice
from tests.integration.check_docs import Spec, build

pytestmark = pytest.mark.libreoffice


def round_trip(source: Path, work: Path) -> Path:
    needs_libreoffice()
    profile = f"-env:UserInstallation=file://{work / 'profile'}"
    for target, src in (
        ("odt", source),
        ("docx:MS Word 2007 XML", work / "odt" / f"{source.stem}.odt"),
    ):
        out = work / target.split(":")[0]
        subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    result = work / "docx" / f"{source.stem}.docx"
    assert result.is_file()
    return result


def test_reference_draft_survives_a_libreoffice_round_trip(
    reference_draft: Path, tmp_path: Path
) -> None:
    again = round_trip(reference_draft, tmp_path)
    assert check_docx(again).rules() == check_docx(reference_draft).rules()


def test_faulty_hand_typed_file_survives_a_libreoffice_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "faulty.docx"
    faulty = replace(
        Spec(),
        font="Arial",
        date="Hà Nội, ngày 05 tháng 03 năm 2024",
        nn_items=("- Như trên;", "- Lưu VT, KHTH."),
        signature=("KT. GIÁM ĐỐC",),
        margins=(20, 20, 25, 15),
    )
    source.write_bytes(build(faulty))
    expected = {
        "font_is_tnr",
        "date_leading_zero_month_1_2_only",
        "noi_nhan_last_line_luu_vt",
        "signature_position_after_prefix",
        "page_margins_in_range",
    }
    assert check_docx(source).rules() == expected
    assert check_docx(round_trip(source, tmp_path / "lo")).rules() == expected
