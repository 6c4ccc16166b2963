"""Processing an incoming document through its page (issue 17; Django's test client, no server,
no browser, no LibreOffice): each step by the person the rules name, a refused step said on the
page with nothing recorded, two people at once, the person's list with the overdue item marked,
the unit report (table, inline chart, XLSX) for the roles that may read it, the reply linked both
ways, every view in the access log. The register's clock is fixed: nothing here depends on the
real date."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import FixedClock
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_filing_external import plain_pdf
from tests.integration.test_issue_service import fake_pdf, write_yaml
from tests.web.conftest import DjangoApp, sync_django
from tests.web.test_permissions import ask, client_as

VN = dt.timezone(dt.timedelta(hours=7))
#: Monday 2 June 2025, 09:00 in Vietnam: the register's "now" while these tests run
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=VN)


@pytest.fixture
def clock(django_app: DjangoApp) -> Iterator[FixedClock]:
    """The web application's register reads this clock during the test (then its own again)."""
    from docgen.web.office import office

    with sync_django():
        store = office().store
        kept = store.clock
        fixed = FixedClock(NOW)
        store.clock = fixed
        try:
            yield fixed
        finally:
            store.clock = kept


def receive(tmp_path: Path, notation: str, subject: str) -> tuple[int, int]:
    """An incoming PDF received into the web application's archive; (year, số đến)."""
    from docgen.web.office import office

    pdf = plain_pdf(tmp_path / f"{notation.split('/')[0]}.pdf", text=f"Công văn số {notation}")
    done = office().receive(
        pdf, sender="Sở Công Thương", notation=notation, date=NOW.date() - dt.timedelta(days=3),
        to="QLDN", subject=subject, type_name="Công văn",
    )  # fmt: skip
    return done.entry.year, done.entry.number


def issue_reply(tmp_path: Path) -> Any:
    """An outgoing công văn of QLDN issued into the archive (a stand-in for LibreOffice)."""
    from docgen.services.issue import issue
    from docgen.web.office import office

    o = office()
    data = {**dispatch(1, 1), "don_vi": "QLDN", "trich_yeu": "trả lời về sản phẩm chủ lực"}
    data.pop("ngay")
    source = write_yaml(tmp_path / "tra-loi.yaml", data)
    return issue(source, o.profile, archive=o.archive, store=o.store, templates=o.templates,
                 convert=fake_pdf).entry  # fmt: skip


def stage(year: int, number: int) -> str:
    from docgen.web.office import office

    entry = office().processing.entry(year, number)
    return entry.handling.stage.value if entry.handling else "cho_trinh"


def post(django_app: DjangoApp, who: str, url: str, data: dict[str, Any]) -> Any:
    return ask(client_as(django_app, who), "POST", url, data)


def test_an_incoming_document_goes_its_way_through_its_page(
    django_app: DjangoApp, clock: FixedClock, tmp_path: Path
) -> None:
    from docgen.web.models import AccessEvent

    year, number = receive(tmp_path, "1744/SCT-QLCN", "xét chọn sản phẩm công nghiệp chủ lực")
    url = f"/van-ban-den/{year}/{number}/xu-ly/"
    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # the văn thư sees the form to present it; the others see none yet
    clerk = ask(client_as(django_app, "vanthu"), "GET", url)
    assert clerk.status == 200 and 'id="form-trinh"' in clerk.body and "Chờ trình" in clerk.body
    person = ask(client_as(django_app, "chuyenvien3"), "GET", url)
    assert person.status == 200 and '<form method="post" class="card"' not in person.body
    # a lãnh đạo cannot present it: refused on the page, nothing recorded
    refused = post(django_app, "lanhdao", url, {"buoc": "trinh", "cho": "lanhdao"})
    assert (
        refused.status == 403 and "Không được phép: chỉ văn thư trình văn bản đến." in refused.body
    )
    assert stage(year, number) == "cho_trinh"
    done = post(django_app, "vanthu", url, {"buoc": "trinh", "cho": "lanhdao", "phien_ban": "0"})
    assert (done.status, done.location) == (302, url)
    assert stage(year, number) == "da_trinh"

    # the lãnh đạo assigns: a deadline already past is refused with the field named
    past = post(django_app, "lanhdao", url, {"buoc": "phan-cong", "chu_tri": "QLDN",
                                             "han": "2025-05-30", "phien_ban": "1"})  # fmt: skip
    assert past.status == 400
    assert "Chưa ghi được: Hạn giải quyết: hạn giải quyết 30/05/2025 đã qua" in past.body
    assert stage(year, number) == "da_trinh"
    assigned = post(django_app, "lanhdao", url, {
        "buoc": "phan-cong", "chu_tri": "QLDN", "phoi_hop": ["KHTH"], "de_biet": ["VP"],
        "han": "2025-06-09", "y_kien": "QLDN tham mưu trả lời", "phien_ban": "1",
    })  # fmt: skip
    assert assigned.status == 302 and stage(year, number) == "da_phan_cong"

    # the head of QLDN gives it to a person of QLDN (not of another unit; nobody else gives it)
    other = post(django_app, "chuyenvien", url, {"buoc": "giao", "nguoi": "chuyenvien"})
    assert other.status == 403 and "chỉ trưởng đơn vị chủ trì (QLDN)" in other.body
    wrong = post(django_app, "truongphong", url, {"buoc": "giao", "nguoi": "chuyenvien"})
    assert wrong.status == 400 and "không thuộc đơn vị chủ trì QLDN" in wrong.body
    given = post(django_app, "truongphong", url,
                 {"buoc": "giao", "nguoi": "chuyenvien3", "phien_ban": "2"})  # fmt: skip
    assert given.status == 302 and stage(year, number) == "dang_xu_ly"
    # a lãnh đạo who saw the page before that is told who acted meanwhile
    stale = post(django_app, "lanhdao", url, {"buoc": "phan-cong-lai", "chu_tri": "KHTH",
                                              "phien_ban": "2"})  # fmt: skip
    assert stale.status == 409 and "đã được Vũ Thị Mai giao xử lý" in stale.body
    assert stage(year, number) == "dang_xu_ly"

    progress = post(django_app, "chuyenvien3", url,
                    {"buoc": "tien-do", "tien_do": "đã xin ý kiến KHTH"})  # fmt: skip
    assert progress.status == 302

    # a day after the deadline: overdue on the person's list, in words
    clock.now = NOW + dt.timedelta(days=8)
    mine = ask(client_as(django_app, "chuyenvien3"), "GET", "/viec-cua-toi/")
    assert mine.status == 200 and "QUÁ HẠN 1 ngày" in mine.body and url in mine.body
    assert "1744/SCT-QLCN" in mine.body
    # the home page says so too, and leads there
    home = ask(client_as(django_app, "chuyenvien3"), "GET", "/")
    line = home.body.split('id="viec-cho"', 1)[1].split("</p>", 1)[0]
    assert 'href="/viec-cua-toi/"' in line and "1 việc đang chờ" in line and "1 quá hạn" in line
    assert 'id="viec-cho"' not in ask(client_as(django_app, "chuyenvien2"), "GET", "/").body

    # closing with a number never issued is refused; with the reply's number it is done
    unknown = post(django_app, "chuyenvien3", url,
                   {"buoc": "xong", "cach": "tra-loi", "tra_loi": "99/BQL-QLDN"})  # fmt: skip
    assert unknown.status == 400
    assert "Văn bản trả lời: không có văn bản đi số 99/BQL-QLDN đã ban hành" in unknown.body
    reply = issue_reply(tmp_path)
    closed = post(django_app, "chuyenvien3", url,
                  {"buoc": "xong", "cach": "tra-loi", "tra_loi": reply.number_symbol})  # fmt: skip
    assert closed.status == 302 and stage(year, number) == "da_xu_ly"
    page = ask(client_as(django_app, "lanhdao"), "GET", url)
    reply_id = f"di/{reply.year}/{reply.stream}/{reply.number}"
    assert f'href="/van-ban/{reply_id}/">{reply.number_symbol}</a>' in page.body
    assert 'id="khong-co-buoc"' in page.body
    # the reply's page names the document it answers; the register row says it is done
    answer = ask(client_as(django_app, "lanhdao"), "GET", f"/van-ban/{reply_id}/")
    assert (
        answer.status == 200 and f'href="{url}">văn bản đến số {number:02d}/{year}' in answer.body
    )
    register = ask(client_as(django_app, "vanthu"), "GET", f"/so-den/?nam={year}")
    row = register.body.split(f'id="den-{number}"', 1)[1].split("</tr>", 1)[0]
    assert f'href="{url}">Đã xử lý</a>' in row and reply.number_symbol in row

    events = list(AccessEvent.objects.filter(pk__gt=last).values_list("username", "action"))
    assert ("vanthu", "xu-ly-trinh") in events and ("lanhdao", "xu-ly-phan-cong") in events
    assert ("truongphong", "xu-ly-giao") in events and ("chuyenvien3", "xu-ly-xong") in events
    assert ("lanhdao", "tu-choi-xu-ly-trinh") in events
    assert ("chuyenvien3", "xem-viec-cua-toi") in events


def test_the_unit_report_for_those_who_may_read_it(
    django_app: DjangoApp, clock: FixedClock, tmp_path: Path
) -> None:
    import openpyxl

    from docgen.web.models import AccessEvent
    from docgen.web.office import office

    year, number = receive(tmp_path, "88/SCT-KHTC", "báo cáo số liệu doanh nghiệp")
    who = office().processing.person
    desk = office().processing
    desk.present(year, number, by=who("vanthu"), to="lanhdao")
    desk.assign(year, number, by=who("lanhdao"), lead="QLDN", cooperating=(), informed=(),
                deadline=dt.date(2025, 6, 5), instruction="", again=False)  # fmt: skip
    clock.now = NOW + dt.timedelta(days=7)  # 9 June: overdue
    period = {"tu": "2025-06-01", "den": "2025-06-30"}
    leader = ask(client_as(django_app, "lanhdao"), "GET", "/bao-cao-xu-ly/", period)
    assert leader.status == 200
    table = leader.body.split('id="bang-bao-cao"', 1)[1].split("</table>", 1)[0]
    qldn = table.split("Phòng Quản lý doanh nghiệp (QLDN)", 1)[1].split("</tr>", 1)[0]
    overdue = [int(c.split("</td>")[0]) for c in qldn.split('<td class="num">')[1:]]
    assert overdue[0] >= 1 and overdue[3] >= 1  # received, overdue
    assert "<svg" in leader.body and "<script" not in leader.body.split("<main", 1)[1]
    assert "Quá hạn" in leader.body and "88/SCT-KHTC" in leader.body
    # the head of QLDN reads their own unit only, whatever is asked; another chuyên viên nothing
    head = ask(client_as(django_app, "truongphong"), "GET", "/bao-cao-xu-ly/",
               {**period, "don_vi": "KHTH"})  # fmt: skip
    assert head.status == 200 and "đơn vị chủ trì QLDN" in head.body
    assert "Phòng Kế hoạch tổng hợp (KHTH)</td>" not in head.body
    assert ask(client_as(django_app, "chuyenvien3"), "GET", "/bao-cao-xu-ly/").status == 403
    # dates the wrong way round: said, not a crash
    wrong = ask(client_as(django_app, "vanthu"), "GET", "/bao-cao-xu-ly/",
                {"tu": "2025-06-30", "den": "2025-06-01"})  # fmt: skip
    assert wrong.status == 400 and "sau ngày kết thúc" in wrong.body

    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client_as(django_app, "vanthu").get(
        "/bao-cao-xu-ly/", {**period, "don_vi": "QLDN", "xuat": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-xu-ly-van-ban-den-BQL-QLDN-20250601-20250630.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo dõi giải quyết"]
    assert AccessEvent.objects.filter(pk__gt=last, action="tai-bao-cao-xu-ly").count() == 1

    # the unit head's list has what waits for them: giving it to a person
    mine = ask(client_as(django_app, "truongphong"), "GET", "/viec-cua-toi/")
    item = mine.body.split("88/SCT-KHTC", 1)[0].rsplit("<tr", 1)[1]
    assert "QUÁ HẠN 4 ngày" in item and "Giao người xử lý" in item
