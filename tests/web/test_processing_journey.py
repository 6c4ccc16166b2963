"""Issue 17 in the browser (real server, real Chromium, real LibreOffice): the văn thư receives an
incoming PDF and presents it to the head; the lãnh đạo assigns it to QLDN with a deadline; QLDN's
head gives it to a person; the person records progress, is late (the item is marked on their
"Việc của tôi" and in the unit report), replies with an outgoing document that goes the drafts'
way (unit head, lãnh đạo, văn thư issues it) and closes the incoming one with its number; the
incoming register shows it done with the reply's number, and the reply names what it answers.

The register's clock is the server's DOCGEN_TEST_CLOCK file (tests/web/conftest.py): the test
never depends on the real date. Screenshots go to tests/artifacts/web/ (1366×768)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.integration.test_filing_external import plain_pdf
from tests.web.conftest import Server, shot
from tests.web.test_journeys import draft_a_cong_van

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

VN = dt.timezone(dt.timedelta(hours=7))
#: Monday 2 June 2025, 08:30 in Vietnam: when the document arrives
NOW = dt.datetime(2025, 6, 2, 8, 30, tzinfo=VN)
DEADLINE = dt.date(2025, 6, 9)


@pytest.fixture
def clock(server: Server) -> Iterator[Callable[[dt.datetime], None]]:
    """Sets the server's "now"; the real clock again after the test (other tests share it)."""

    def at(when: dt.datetime) -> None:
        server.clock.write_text(when.isoformat(), "utf-8")

    at(NOW)
    try:
        yield at
    finally:
        server.clock.unlink(missing_ok=True)


def open_item(page: Any, server: Server, text: str) -> None:
    """From "Việc của tôi", the item whose line says `text`."""
    page.click("nav >> text=Việc của tôi")
    page.wait_for_selector("#viec")
    page.click(f"#viec tr:has-text('{text}') a")
    page.wait_for_url(re.compile(r"/van-ban-den/\d+/\d+/xu-ly/$"))


def test_an_incoming_document_from_receipt_to_its_reply(
    pages: Any, server: Server, clock: Callable[[dt.datetime], None], tmp_path: Path
) -> None:
    notation = "2051/SCT-QLDN"
    pdf = plain_pdf(tmp_path / "den-xu-ly.pdf", text="Đề nghị báo cáo tình hình doanh nghiệp")
    clerk = pages("vanthu")
    clerk.click("text=Nhận văn bản")
    clerk.set_input_files("#tep", str(pdf))
    clerk.fill("#noi_gui", "Sở Công Thương")
    clerk.fill("#so_ky_hieu", notation)
    clerk.fill("#ngay", "30/05/2025")
    clerk.fill("#trich_yeu", "đề nghị báo cáo tình hình doanh nghiệp quý II")
    clerk.select_option("#chuyen", "QLDN")
    clerk.click("text=Xem trước dấu ĐẾN")
    clerk.wait_for_selector("img.page")
    clerk.click("#vao-so")
    clerk.wait_for_selector("#so-den")
    number = int(clerk.inner_text("#so-den"))
    page_url = f"{server.url}/van-ban-den/2025/{number}/xu-ly/"

    # the văn thư presents it to the head, from the document's page
    clerk.click("#xu-ly-van-ban-den")
    clerk.wait_for_url(page_url)
    clerk.select_option("#cho", "lanhdao")
    shot(clerk, "xu-ly-01-van-thu-trinh")
    clerk.click("#form-trinh button[type=submit]")
    clerk.wait_for_selector("text=Đã ghi: trình — Trình Lê Quang Long.")
    assert clerk.inner_text("#trang-thai") == "Chờ phân công"

    # the lãnh đạo finds it on their list and assigns it: QLDN leads, with a deadline
    leader = pages("lanhdao")
    open_item(leader, server, notation)
    leader.select_option("#chu_tri", "QLDN")
    leader.check("#form-phan-cong input[name=phoi_hop][value=KHTH]")
    leader.check("#form-phan-cong input[name=de_biet][value=VP]")
    leader.fill("#han", f"{DEADLINE:%d/%m/%Y}")
    leader.fill("#y_kien", "QLDN chủ trì tổng hợp, báo cáo trước ngày 09/06")
    shot(leader, "xu-ly-02-lanh-dao-phan-cong")
    leader.click("#form-phan-cong button[type=submit]")
    leader.wait_for_selector("text=Đã ghi: phân công")
    assert leader.inner_text("#chu-tri") == "QLDN"

    # QLDN's head gives it to a person of the unit
    head = pages("truongphong")
    open_item(head, server, notation)
    assert head.locator("#nguoi option[value=chuyenvien]").count() == 0  # KHTH's: not offered
    head.select_option("#nguoi", "chuyenvien3")
    head.click("#form-giao button[type=submit]")
    head.wait_for_selector("text=Đã ghi: giao xử lý — Giao Đặng Thu Trang.")
    shot(head, "xu-ly-03-truong-phong-da-giao")

    # the person records progress; then a day after the deadline it is overdue, in words
    person = pages("chuyenvien3")
    open_item(person, server, notation)
    person.fill("#tien_do", "đã tổng hợp số liệu của 12 doanh nghiệp")
    person.click("#form-tien-do button[type=submit]")
    person.wait_for_selector("text=Đã ghi: cập nhật tiến độ")
    clock(NOW + dt.timedelta(days=8))  # Tuesday 10 June
    person.click("nav >> text=Việc của tôi")
    line = person.locator("#viec tr", has_text=notation)
    assert "QUÁ HẠN 1 ngày" in line.inner_text()
    assert person.locator("#viec tbody tr").first.inner_text() == line.inner_text()  # first
    shot(person, "xu-ly-04-viec-cua-toi-qua-han")

    # the unit report: QLDN has one overdue, in the table and the chart; the XLSX downloads
    leader.goto(f"{server.url}/bao-cao-xu-ly/?tu=2025-06-01&den=2025-06-30&don_vi=QLDN")
    row = leader.locator("#bang-bao-cao tr", has_text="QLDN").first
    cells = row.locator("td.num").all_inner_texts()
    assert cells == ["1", "0", "0", "1", "0"], cells  # received, on time, late, overdue, pending
    assert leader.locator("#bieu-do svg rect[fill='#b3261e']").count() >= 1  # overdue bar
    assert notation in leader.inner_text("#so-theo-doi")
    shot(leader, "xu-ly-05-bao-cao-qua-han")
    with leader.expect_download() as info:
        leader.click("#tai-xlsx")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "bao-cao-xu-ly-van-ban-den-BQL-QLDN-20250601-20250630.xlsx"
    assert openpyxl.load_workbook(saved)["Tổng hợp"]["E6"].value == 1  # Quá hạn

    # a number never issued is refused on the page, nothing recorded
    person.goto(page_url)
    person.fill("#tra_loi", "99/BQL-QLDN")
    person.click("#xong-tra-loi")
    person.wait_for_selector("#thong-bao")
    assert "không có văn bản đi số 99/BQL-QLDN đã ban hành" in person.inner_text("#thong-bao")
    assert person.inner_text("#trang-thai") == "Đang xử lý"
    shot(person, "xu-ly-06-so-tra-loi-sai")

    # the reply: drafted by the person, checked by the head, approved, issued by the văn thư
    pk = draft_a_cong_van(
        person, server, "báo cáo tình hình doanh nghiệp quý II năm 2025",
        "Ban Quản lý báo cáo tình hình hoạt động của các doanh nghiệp trong khu công nghiệp "
        "quý II năm 2025./.",
    )  # fmt: skip
    person.wait_for_selector("#preview img.page")
    person.click("text=Trình ký")
    person.wait_for_url(f"{server.url}/du-thao/")
    head.goto(f"{server.url}/du-thao/{pk}/")
    head.click("button:has-text('Đã kiểm tra, trình tiếp')")
    head.wait_for_url(f"{server.url}/du-thao/")
    leader.goto(f"{server.url}/du-thao/{pk}/")
    leader.click("button:has-text('Duyệt')")
    leader.wait_for_url(f"{server.url}/du-thao/")
    clerk.goto(f"{server.url}/du-thao/{pk}/")
    clerk.click("#ban-hanh")
    clerk.wait_for_selector("#so-van-ban", timeout=120_000)
    reply = clerk.inner_text("#so-van-ban").removeprefix("Số: ")
    assert re.fullmatch(r"\d\d/BQL-QLDN", reply), reply

    # the person closes the incoming document with the reply's number
    person.goto(page_url)
    person.fill("#tra_loi", reply)
    person.click("#xong-tra-loi")
    person.wait_for_selector("text=Đã ghi: hoàn thành")
    assert person.inner_text("#trang-thai") == "Đã xử lý"
    assert f"trả lời bằng văn bản số {reply}" in person.inner_text("#ket-qua")
    shot(person, "xu-ly-07-da-xu-ly")

    # the incoming register: done, with the reply's number; the reply names what it answers
    clerk.click("nav >> text=Sổ đến")
    register_row = clerk.locator(f"#den-{number}")
    text = register_row.inner_text()
    assert "Đã xử lý" in text and reply in text and "QLDN (chủ trì), Đặng Thu Trang" in text
    shot(clerk, "xu-ly-08-so-den-da-xu-ly")
    register_row.locator(f"a:has-text('{reply}')").click()
    clerk.wait_for_selector("#tra-loi-van-ban-den")
    assert f"văn bản đến số {number:02d}/2025" in clerk.inner_text("#tra-loi-van-ban-den")
    # and the report counts it done late (closed 10/06, the deadline 09/06)
    leader.goto(f"{server.url}/bao-cao-xu-ly/?tu=2025-06-01&den=2025-06-30&don_vi=QLDN")
    cells = leader.locator("#bang-bao-cao tr", has_text="QLDN").first.locator("td.num")
    assert cells.all_inner_texts() == ["1", "0", "1", "0", "0"]
