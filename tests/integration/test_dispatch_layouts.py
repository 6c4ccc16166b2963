"""Kính gửi and Nơi nhận with 1, 2 and 30 recipients, and a body long enough for three pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

from docgen.services.draft import draft
from docgen.services.settings import templates_dir
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, needs_libreoffice
from tests.support.pdf_text import find, fragments

WORDS = (
    "Ban quản lý đề nghị các doanh nghiệp rà soát, tổng hợp và báo cáo kết quả thực hiện "
    "kế hoạch sản xuất kinh doanh, tình hình lao động và việc chấp hành pháp luật về đầu tư"
)


def dispatch(recipients: int, others: int, paragraphs: int = 3) -> dict[str, Any]:
    return {
        "loai": "cong-van",
        "don_vi": "KHTH",
        "trich_yeu": "báo cáo tình hình hoạt động của doanh nghiệp",
        "ngay": {"nam": 2024, "thang": 3},
        "kinh_gui": [
            f"Công ty TNHH Số {i} Khu công nghiệp Thăng Long" for i in range(1, recipients + 1)
        ],
        "noi_dung": [f"{WORDS} ({i})." for i in range(1, paragraphs + 1)],
        "nguoi_ky": "pho-truong-ban",
        "noi_nhan": {"cac_noi": [f"Sở ngành số {i}" for i in range(1, others + 1)]},
    }


def render(
    tmp_path: Path, data: dict[str, Any], *, pdf: bool, profile: Path = REFERENCE_PROFILE
) -> tuple[Path, Path | None]:
    source = tmp_path / "cv.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = draft(
        source,
        profile,
        tmp_path / "cv.docx",
        pdf=pdf,
        templates=templates_dir(),
        today=FIXED_TODAY,
    )
    return result.docx, result.pdf


def texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    out = [p.text for p in document.paragraphs]
    out += [p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return out


@pytest.mark.parametrize("count", [1, 2, 30])
def test_kinh_gui_and_noi_nhan(tmp_path: Path, count: int) -> None:
    path, _ = render(tmp_path, dispatch(count, count), pdf=False)
    lines = texts(path)
    names = [f"Công ty TNHH Số {i} Khu công nghiệp Thăng Long" for i in range(1, count + 1)]
    if count == 1:
        assert f"Kính gửi: {names[0]}." in lines
    else:
        assert "Kính gửi:" in lines
        expected = [f"- {n};" for n in names[:-1]] + [f"- {names[-1]}."]
        start = lines.index("Kính gửi:") + 1
        assert lines[start : start + count] == expected
    others = [f"- Sở ngành số {i};" for i in range(1, count + 1)]
    start = lines.index("Nơi nhận:") + 1
    assert lines[start : start + count + 2] == ["- Như trên;", *others, "- Lưu: VT, KHTH."]
    assert lines[-3:] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Ngân"]


@pytest.mark.libreoffice
def test_thirty_recipients_dashes_align_under_the_colon(tmp_path: Path) -> None:
    needs_libreoffice()
    _, pdf = render(tmp_path, dispatch(30, 2, paragraphs=1), pdf=True)
    assert pdf is not None
    label = find(pdf, 0, "Kính gửi:")
    dashes = [
        f
        for page in range(len(PdfReader(pdf).pages))
        for f in fragments(pdf, page)
        if f.text.startswith("- Công ty TNHH")
    ]
    assert len(dashes) == 30
    assert max(d.x for d in dashes) - min(d.x for d in dashes) < 0.5
    # the dash starts under the colon of "Kính gửi:" (14 pt: "Kính gửi" is ≈ 47 pt wide)
    assert 40 < dashes[0].x - label.x < 55


@pytest.mark.libreoffice
def test_three_page_body_numbers_pages_and_keeps_the_signature_block_together(
    tmp_path: Path,
) -> None:
    needs_libreoffice()
    _, pdf = render(tmp_path, dispatch(3, 4, paragraphs=24), pdf=True)
    assert pdf is not None
    pages = len(PdfReader(pdf).pages)
    assert pages == 3
    for index in (1, 2):
        assert fragments(pdf, index)[0].text == str(index + 1)
    label = find(pdf, 2, "Nơi nhận:")
    authority = find(pdf, 2, "KT. TRƯỞNG BAN")
    name = find(pdf, 2, "Nguyễn Văn Ngân")
    assert abs(label.y - authority.y) < 2 and name.y < authority.y
