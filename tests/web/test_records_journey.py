"""Files (hồ sơ) in the browser (issue 18; real server, real Chromium, real LibreOffice): the
KHTH chuyên viên finds the unit's documents not yet in a file, puts them in the suggested file
with one click, adds a received document by its số đến, moves one to the file it belongs in, closes
the file and prints its cover and contents list; a chuyên viên of another unit cannot open it. The plan and the documents are set
up with the command line (`docgen hoso plan --import`, `docgen file`, `docgen receive`), as the
administrator and the văn thư would. Screenshots go to tests/artifacts/web/."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from docgen.inputs.profile import load_profile
from tests.integration.test_filing_external import plain_pdf
from tests.support.records_year import write_plan
from tests.web.conftest import Server, docgen, shot

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def _text(data: bytes) -> str:
    return re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )


def _set_up(server: Server, work: Path) -> tuple[int, str]:
    """This year's plan, two KHTH documents for its annual-report file and one received for
    KHTH; returns (year, the số đến of the received one)."""
    today = dt.date.today()
    common = ("--profile", str(server.profile), "--archive", str(server.root))
    plan = write_plan(work / "dmhs.xlsx", load_profile(server.profile))
    docgen(
        "hoso", "plan", "--year", str(today.year), "--import", str(plan), *common, env=server.env
    )
    for number, subject in (
        (901, "Chương trình công tác năm của Ban"),
        (902, "Báo cáo công tác năm, nhiều năm"),
    ):
        pdf = plain_pdf(work / f"{number}.pdf", pages=2)
        docgen(
            "file", str(pdf), "--number", str(number), "--symbol", "BQL-KHTH", "--date",
            f"{today:%d/%m/%Y}", "--subject", subject, "--type-name", "Báo cáo", "--holder",
            "KHTH", *common, env=server.env,
        )  # fmt: skip
    incoming = plain_pdf(work / "den.pdf", pages=3)
    done = docgen(
        "receive", str(incoming), "--from", "Sở Kế hoạch và Đầu tư", "--number", "77/BC-SKHĐT",
        "--date", f"{today:%d/%m/%Y}", "--to", "KHTH", "--subject",
        "Báo cáo công tác năm của Sở", *common, env=server.env,
    )  # fmt: skip
    arrival = re.search(r"số (\d+)", done.stdout)
    assert arrival, done.stdout
    return today.year, str(int(arrival.group(1)))


def test_a_unit_files_its_documents_closes_a_file_and_prints_it(
    pages: Any, server: Server, tmp_path: Path
) -> None:
    year, arrival = _set_up(server, tmp_path)
    annual = f"{year}.01.KHTH"
    person = pages("chuyenvien")
    person.click("nav >> text=Hồ sơ")
    person.wait_for_selector(f"text={annual}")
    assert person.locator("text=.VP").count() == 0  # only the unit's own files
    shot(person, "hoso-01-danh-sach")

    person.click("#chua-lap")
    person.wait_for_selector("#chua-lap-bang")
    shot(person, "hoso-02-chua-vao-ho-so")
    for number in ("901/BQL-KHTH", "902/BQL-KHTH"):
        row = person.locator("#chua-lap-bang tr", has_text=number)
        first = row.locator("button").first
        assert first.get_attribute("data-ho-so") == annual, first.inner_text()
        first.click()
        person.wait_for_selector(f"text=Đã đưa văn bản {number} vào hồ sơ {annual}")
    assert person.locator("#chua-lap-bang tr", has_text="901/BQL-KHTH").count() == 0

    person.goto(f"{server.url}/ho-so/{annual}/")
    person.fill("#van-ban", arrival)
    person.click("#them-van-ban button[type=submit]")
    person.wait_for_selector("text=Đã đưa văn bản 77/BC-SKHĐT")
    assert person.inner_text("#so-van-ban") == "3 văn bản, 7 trang"
    # The same number again: one line saying why, nothing added.
    person.fill("#van-ban", arrival)
    person.click("#them-van-ban button[type=submit]")
    person.wait_for_selector("#them-van-ban .error >> text=đã có trong hồ sơ")
    assert person.inner_text("#so-van-ban") == "3 văn bản, 7 trang"
    shot(person, "hoso-03-ho-so-mo")
    # 902 belongs to the quarterly file: moved there, with the reason; no reason, no move
    quarterly = f"{year}.02.KHTH"
    value = person.locator("#go-chon option", has_text="902/BQL-KHTH").get_attribute("value")
    person.select_option("#go-chon", value)
    person.select_option("#go-sang", quarterly)
    person.fill("#go-ly-do", "đưa nhầm hồ sơ")
    shot(person, "hoso-03b-chuyen-ho-so")
    person.click("#go-van-ban button[type=submit]")
    person.wait_for_selector(
        f"text=Đã gỡ văn bản 902/BQL-KHTH khỏi hồ sơ {annual} và đưa vào hồ sơ {quarterly}"
    )
    assert person.inner_text("#so-van-ban") == "2 văn bản, 5 trang"
    person.goto(f"{server.url}/ho-so/{quarterly}/")
    assert "902/BQL-KHTH" in person.inner_text("#van-ban-ho-so")
    person.goto(f"{server.url}/ho-so/{annual}/")

    person.click("#ket-thuc button[type=submit]")
    person.wait_for_selector("text=Đã kết thúc hồ sơ")
    assert "đã kết thúc" in person.inner_text("#trang-thai")
    assert person.locator("#them-van-ban").count() == 0
    shot(person, "hoso-04-da-ket-thuc")

    links = {
        a.get_attribute("data-ten"): a.get_attribute("href")
        for a in person.locator("#in-ho-so a").all()
    }
    cover = person.request.get(f"{server.url}{links['bia-ho-so.pdf']}")
    assert cover.ok and cover.headers["content-type"] == "application/pdf"
    text = _text(cover.body())
    assert f"Mã hồ sơ: {annual}" in text and "HỒ SƠ" in text and "Gồm 2 văn bản, 5 trang" in text
    contents = _text(person.request.get(f"{server.url}{links['muc-luc-van-ban.pdf']}").body())
    assert "MỤC LỤC VĂN BẢN, TÀI LIỆU" in contents and "CHỨNG TỪ KẾT THÚC" in contents
    assert "77/BC" in contents and "Hai văn bản" in contents and "902/BQL" not in contents
    with person.expect_download() as info:
        person.click("#in-ho-so a[data-ten='muc-luc-van-ban.docx']")
    saved = tmp_path / "muc-luc.docx"
    info.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"

    other = pages("chuyenvien2")
    other.goto(f"{server.url}/ho-so/{annual}/")
    assert "Không được phép" in other.content()
