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
    assert writer.locator("text=Chờ lãnh đạo duyệt").count() >= 1  # KHTH has no head: the signer

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


def test_an_incoming_pdf_is_received_with_its_den_stamp(pages: Any, server: Server) -> None:
    from tests.integration.test_filing_external import plain_pdf

    incoming = plain_pdf(server.root.parent / "den.pdf", text="Hướng dẫn xét chọn sản phẩm")
    clerk = pages("vanthu")
    clerk.click("text=Nhận văn bản")
    clerk.set_input_files("#tep", str(incoming))
    clerk.fill("#noi_gui", "Sở Công Thương")
    clerk.fill("#so_ky_hieu", "1744/HD-SCT")
    clerk.fill("#ngay", "14/04/2024")
    clerk.fill("#trich_yeu", "hướng dẫn xét chọn sản phẩm công nghiệp chủ lực")
    clerk.select_option("#chuyen", "KHTH")
    clerk.click("text=Xem trước dấu ĐẾN")
    clerk.wait_for_selector("img.page")
    shot(clerk, "08-nhan-van-ban-xem-truoc")
    clerk.click("#vao-so")
    clerk.wait_for_selector("#so-den")
    assert clerk.inner_text("#so-den").strip().isdigit()
    shot(clerk, "09-da-vao-so-den")
    clerk.click("text=Sổ đến")
    clerk.wait_for_selector("table.grid >> text=Sở Công Thương")
    shot(clerk, "10-so-den")


def test_a_mail_merge_refuses_a_bad_sheet_then_runs(pages: Any, server: Server) -> None:
    from tests.integration.batch_support import write_sheet

    writer = pages("chuyenvien")
    pk = draft_a_cong_van(writer, server, "mời dự hội nghị doanh nghiệp",
                          "Ban Quản lý trân trọng mời doanh nghiệp dự hội nghị./.")  # fmt: skip
    writer.wait_for_selector("#preview img.page")
    writer.click("text=Trình ký")
    leader = pages("lanhdao")
    leader.goto(f"{server.url}/du-thao/{pk}/")
    leader.click("button:has-text('Duyệt')")

    sheet = write_sheet(server.root.parent / "nguoi-nhan.csv", 20)
    lines = sheet.read_text("utf-8").splitlines()
    bad = server.root.parent / "nguoi-nhan-sai.csv"
    bad.write_text(
        "\n".join([*lines[:6], ",Lô 6, KCN Thăng Long,x@y.vn", *lines[7:]]) + "\n", "utf-8"
    )
    clerk = pages("vanthu")
    before = clerk.request.get(f"{server.url}/so-di/").text()
    clerk.click("text=Trộn thư")
    clerk.select_option("#du_thao", str(pk))
    clerk.set_input_files("#tep", str(bad))
    clerk.click("text=Kiểm tra và chạy")
    clerk.wait_for_selector(".error >> text=Chưa cấp số nào")
    assert "dòng 7" in clerk.inner_text(".error")
    shot(clerk, "11-tron-thu-bang-sai")
    assert clerk.request.get(f"{server.url}/so-di/").text().count("<tr>") == before.count("<tr>")
    clerk.select_option("#du_thao", str(pk))
    clerk.set_input_files("#tep", str(sheet))
    clerk.click("text=Kiểm tra và chạy")
    clerk.wait_for_selector("#ket-qua", timeout=240_000)
    assert "20/20" in clerk.inner_text("#progress-text")
    shot(clerk, "12-tron-thu-xong")
    with clerk.expect_download() as info:
        clerk.click("#ket-qua")
    assert info.value.suggested_filename.endswith(".xlsx")


def test_the_register_is_printed(pages: Any, server: Server, tmp_path: Path) -> None:
    clerk = pages("vanthu")
    clerk.click("text=Sổ đi")
    shot(clerk, "13-so-di")
    for fmt in ("XLSX", "DOCX"):
        with clerk.expect_download() as info:
            clerk.click(f"a.button:has-text('{fmt}')")
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.name.startswith("so-dang-ky-di-BQL-") and saved.stat().st_size > 1000


def test_two_clerks_issuing_at_the_same_moment_get_consecutive_numbers(
    pages: Any, server: Server
) -> None:
    writer = pages("chuyenvien")
    leader = pages("lanhdao")
    drafts = []
    for i in range(2):
        pk = draft_a_cong_van(writer, server, f"phối hợp công tác số {i + 1}",
                              f"Đề nghị phối hợp thực hiện nhiệm vụ số {i + 1}./.")  # fmt: skip
        writer.wait_for_selector("#preview img.page")
        writer.click("text=Trình ký")
        leader.goto(f"{server.url}/du-thao/{pk}/")
        leader.click("button:has-text('Duyệt')")
        drafts.append(pk)
    clerks = [pages("vanthu"), pages("vanthu2")]
    for clerk, pk in zip(clerks, drafts, strict=True):
        clerk.goto(f"{server.url}/du-thao/{pk}/")
    # both press "Ban hành" at the same moment (the second submit leaves before the first is
    # answered: Playwright's sync API drives one page at a time, so the forms are submitted from
    # the pages' own scripts); the register gives consecutive numbers
    for clerk in clerks:
        clerk.evaluate("() => document.getElementById('ban-hanh').form.requestSubmit()")
    numbers = []
    for clerk in clerks:
        clerk.wait_for_selector("#so-van-ban", timeout=120_000)
        numbers.append(clerk.inner_text("#so-van-ban"))
    values = sorted(int(n.removeprefix("Số: ").split("/")[0]) for n in numbers)
    assert values[1] == values[0] + 1, numbers


def test_a_word_draft_is_uploaded_and_issued(pages: Any, server: Server, tmp_path: Path) -> None:
    import datetime as dt

    from docgen.services.draft import draft
    from docgen.services.settings import templates_dir
    from tests.integration.test_dispatch_layouts import dispatch
    from tests.integration.test_issue_service import write_yaml

    # signed by the head, whose signature image the test profile has
    source = write_yaml(
        tmp_path / "cv.yaml", {**dispatch(1, 1, paragraphs=2), "nguoi_ky": "truong-ban"}
    )
    word = tmp_path / "du-thao-word.docx"
    draft(source, server.profile, word, pdf=False, templates=templates_dir(),
          today=dt.date.today())  # fmt: skip
    writer = pages("chuyenvien")
    writer.click("text=Tải bản Word")
    writer.set_input_files("#tep", str(word))
    writer.click("text=Tải lên và kiểm tra")
    writer.wait_for_selector("#preview img.page")
    shot(writer, "14-ban-word")
    writer.click("text=Trình ký")
    pk = int(re.findall(r"/du-thao/(\d+)/", writer.content())[0])
    leader = pages("lanhdao")
    leader.goto(f"{server.url}/du-thao/{pk}/")
    leader.click("button:has-text('Duyệt')")
    clerk = pages("vanthu")
    clerk.goto(f"{server.url}/du-thao/{pk}/")
    clerk.click("#ban-hanh")
    clerk.wait_for_selector("#so-van-ban")
    assert re.fullmatch(r"Số: \d\d/BQL-KHTH", clerk.inner_text("#so-van-ban"))


def test_a_chuyen_vien_has_no_issue_or_cancel_and_is_refused_by_url(
    pages: Any, server: Server
) -> None:
    writer = pages("chuyenvien")
    assert (
        writer.locator("text=Sổ đi").count() == 0 and writer.locator("text=Trộn thư").count() == 0
    )
    response = writer.request.post(f"{server.url}/so/huy-so/", form={"so": "1", "ly_do": "x"})
    assert response.status == 403  # no CSRF token either: refused whatever the reason
    page = writer.context.new_page()
    page.goto(f"{server.url}/so-di/")
    assert "Không được phép" in page.content()


def test_five_wrong_passwords_lock_the_account(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    for _ in range(5):
        page.goto(f"{server.url}/dang-nhap/")
        page.fill("#username", "bikhoa")
        page.fill("#password", "sai-mat-khau")
        page.click("button[type=submit]")
    page.goto(f"{server.url}/dang-nhap/")
    page.fill("#username", "bikhoa")
    page.fill("#password", "mat-khau-thu-nghiem-1")
    page.click("button[type=submit]")
    assert "Tài khoản tạm khóa" in page.content()
    shot(page, "15-tai-khoan-bi-khoa")
    context.close()


def test_the_pages_fit_a_phone(pages: Any, server: Server) -> None:
    phone = pages("vanthu", width=390, height=844)
    for path, name in (("/", "16-dien-thoai-trang-chu"), ("/tim/?q=hoi+nghi", "17-dien-thoai-tim"),
                       ("/so-di/", "18-dien-thoai-so-di")):  # fmt: skip
        phone.goto(f"{server.url}{path}")
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390 + 2, (path, width)  # no sideways scrolling of the page itself
        shot(phone, name)


def test_the_login_is_usable_with_the_keyboard(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{server.url}/dang-nhap/")
    page.keyboard.type("vanthu")
    page.keyboard.press("Tab")
    page.keyboard.type("mat-khau-thu-nghiem-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/")
    page.keyboard.press("Tab")  # the first Tab reaches the "skip navigation" link
    assert page.evaluate("() => document.activeElement.textContent") == "Bỏ qua thanh điều hướng"
    context.close()
