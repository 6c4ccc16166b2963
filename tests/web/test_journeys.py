"""End-to-end journeys through the web application only (real server, real Chromium, real
LibreOffice and pyHanko): a draft from the form to the signed PDF, found again; a document
received; a mail merge; the register printed. Screenshots go to tests/artifacts/web/."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.web.conftest import Server, shot

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def draft_a_cong_van(page: Any, server: Server, subject: str, body: str) -> int:
    """As the chuyên viên: a new công văn filled in; returns its draft number."""
    page.click("text=Soạn mới")
    page.select_option("#loai", "cong-van")
    page.click("text=Tạo bản dự thảo")
    page.wait_for_url(re.compile(r"/du-thao/\d+/$"))
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.fill("#f-trich_yeu", subject)
    page.fill("#f-kinh_gui", "Sở Công Thương thành phố Hà Nội")
    page.fill("#f-noi_dung", body)
    page.select_option("#f-nguoi_ky", "truong-ban")
    page.fill("#f-noi_nhan", "Sở Tài chính")
    return pk


def test_a_draft_goes_from_the_form_to_a_signed_pdf_found_again(
    pages: Any, server: Server, tmp_path: Path
) -> None:
    writer = pages("chuyenvien")
    shot(writer, "01-chuyen-vien-trang-chu")
    pk = draft_a_cong_van(
        writer, server, "báo cáo kết quả chương trình xúc tiến đầu tư",
        "Ban Quản lý tổng kết chương trình xúc tiến đầu tư giai đoạn (2018-2013) tại các khu "
        "công nghiệp./.",
    )  # fmt: skip
    # the preview updates as they type, with the checker's finding beside it
    writer.wait_for_selector("#preview img.page")
    writer.wait_for_selector("#preview .findings li.f-error >> text=Khoảng năm")
    shot(writer, "02-du-thao-co-loi")
    writer.fill("#f-noi_dung", "Ban Quản lý tổng kết chương trình xúc tiến đầu tư giai đoạn "
                "(2018-2023) tại các khu công nghiệp./.")  # fmt: skip
    writer.wait_for_selector("#preview >> text=Khoảng năm", state="detached")
    writer.wait_for_selector("#preview img.page")
    shot(writer, "03-du-thao-da-sua")
    writer.click("text=Trình ký")
    writer.wait_for_url(f"{server.url}/du-thao/")
    assert writer.locator("text=Trình ký").count() >= 1

    leader = pages("lanhdao")
    leader.click(f"a[href='/du-thao/{pk}/']")
    shot(leader, "04-lanh-dao-duyet")
    leader.click("button:has-text('Duyệt')")
    leader.wait_for_url(f"{server.url}/du-thao/")

    clerk = pages("vanthu")
    shot(clerk, "05-van-thu-hang-doi")
    clerk.click(f"a[href='/du-thao/{pk}/']")
    clerk.click("#ban-hanh")
    clerk.wait_for_selector("#so-van-ban")
    number = clerk.inner_text("#so-van-ban")
    assert re.fullmatch(r"Số: \d\d/BQL-KHTH", number), number
    shot(clerk, "06-da-ban-hanh")
    with clerk.expect_download() as info:
        clerk.click("#tai-pdf")
    pdf = tmp_path / "ban-hanh.pdf"
    info.value.save_as(pdf)
    verified = subprocess.run(
        [sys.executable, "-m", "docgen", "verify", str(pdf), "--trust", str(server.trust)],
        cwd=ROOT, capture_output=True, text=True, env=server.env, check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # found again: by its number, and by words typed without diacritics
    notation = number.removeprefix("Số: ")
    clerk.goto(f"{server.url}/tim/")
    clerk.fill("#q", notation)
    clerk.press("#q", "Enter")
    clerk.wait_for_selector(f"table.results >> text={notation}")
    clerk.fill("#q", "ket qua chuong trinh xuc tien dau tu")
    clerk.press("#q", "Enter")
    clerk.wait_for_selector(f"table.results >> text={notation}")
    shot(clerk, "07-tim-thay")
