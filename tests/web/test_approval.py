"""The approval of drafts in the web application: the unit head's check before the signer, a
return with its reason at any step, the version approved is the version issued (an edit after
approval sends it back), and of two approvers acting at once one wins and the other is told —
through Django's test client; then the whole way in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import DjangoApp, Server, shot, sync_django
from tests.web.test_journeys import draft_a_cong_van
from tests.web.test_permissions import client_as

#: the history's words for each step, as the draft's page shows them (docgen.web.models)
LABELS = ("tạo", "trình", "trả lại", "duyệt", "ban hành", "sửa", "rút lại")


@pytest.fixture
def _sync() -> Iterator[None]:
    with sync_django():
        yield


@pytest.fixture
def made(_sync: None, django_app: DjangoApp) -> Iterator[list[Any]]:
    """Drafts made by a test, removed after it."""
    from docgen.web.models import Draft

    drafts: list[Any] = []
    yield drafts
    Draft.objects.filter(pk__in=[d.pk for d in drafts]).delete()


def _draft(django_app: DjangoApp, made: list[Any], author: str, unit: str, **fields: Any) -> Any:
    from docgen.web.models import Draft

    fields = {"kind": "cong-van", "data": {"loai": "cong-van", "trich_yeu": "báo cáo"}, **fields}
    draft = Draft.objects.create(author=django_app.users[author], unit=unit, **fields)
    made.append(draft)
    return draft


def _post(django_app: DjangoApp, username: str, url: str, data: dict[str, Any]) -> Any:
    return client_as(django_app, username).post(url, data)


def test_a_unit_with_a_head_checks_its_drafts_before_the_signer(
    django_app: DjangoApp, made: list[Any]
) -> None:
    from django.test import RequestFactory

    from docgen.web import approval
    from docgen.web.models import DA_DUYET, TRA_LAI, TRINH_KY

    draft = _draft(django_app, made, "chuyenvien3", "QLDN")
    # submitted as the view does once the checker found no error (the view's own check lays
    # the page out with LibreOffice: the browser journey below goes through it)
    request = RequestFactory().post("/")
    request.user = django_app.users["chuyenvien3"]
    outcome = approval.act(request, draft, "trinh")
    assert not outcome.refused and draft.status == TRINH_KY
    assert draft.steps == "truong-don-vi,lanh-dao"
    assert approval.waiting_label(draft) == "Chờ trưởng đơn vị kiểm tra"
    # the signer cannot approve it yet; the head of another unit neither
    early = _post(
        django_app, "lanhdao", f"/du-thao/{draft.pk}/duyet/", {"revision": draft.revision}
    )
    assert early.status_code == 403 and "chờ trưởng đơn vị QLDN kiểm tra" in early.content.decode()
    # the head returns it with a reason, then passes it on once resubmitted
    back = _post(django_app, "truongphong", f"/du-thao/{draft.pk}/tra-lai/",
                 {"revision": draft.revision, "ghi_chu": "Bổ sung số liệu quý I"})  # fmt: skip
    assert back.status_code == 302
    draft.refresh_from_db()
    assert draft.status == TRA_LAI
    assert draft.events.last().comment == "Bổ sung số liệu quý I"
    assert not approval.act(request, draft, "trinh").refused
    passed = _post(django_app, "truongphong", f"/du-thao/{draft.pk}/duyet/",
                   {"revision": draft.revision})  # fmt: skip
    assert passed.status_code == 302
    draft.refresh_from_db()
    assert approval.waiting_label(draft) == "Chờ lãnh đạo duyệt"
    approved = _post(django_app, "lanhdao", f"/du-thao/{draft.pk}/duyet/",
                     {"revision": draft.revision})  # fmt: skip
    assert approved.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DA_DUYET and draft.approved_digest == approval.digest_of(draft)


def test_a_unit_without_a_head_goes_to_the_signer(django_app: DjangoApp, made: list[Any]) -> None:
    from django.test import RequestFactory

    from docgen.web import approval

    draft = _draft(django_app, made, "chuyenvien", "KHTH")
    request = RequestFactory().post("/")
    request.user = django_app.users["chuyenvien"]
    assert not approval.act(request, draft, "trinh").refused
    assert draft.steps == "lanh-dao"


def test_an_edit_after_approval_sends_it_back_and_the_old_approval_does_not_issue(
    django_app: DjangoApp, made: list[Any]
) -> None:
    from docgen.web import approval
    from docgen.web.models import DA_DUYET, NHAP

    draft = _draft(django_app, made, "chuyenvien", "KHTH", status=DA_DUYET)
    draft.approved_digest = approval.digest_of(draft)
    draft.save()
    edited = _post(django_app, "chuyenvien", f"/du-thao/{draft.pk}/",
                   {"trich_yeu": "báo cáo quý II", "revision": draft.revision})  # fmt: skip
    assert edited.status_code == 302
    draft.refresh_from_db()
    assert draft.status == NHAP and draft.approved_digest == ""
    assert draft.events.last().comment == "sửa sau khi đã duyệt: phải trình duyệt lại"
    issue = _post(django_app, "vanthu", f"/du-thao/{draft.pk}/ban-hanh/", {})
    assert issue.status_code == 403  # not approved any more


def test_content_changed_behind_the_approval_is_refused_at_issue(
    django_app: DjangoApp, made: list[Any]
) -> None:
    from docgen.web import approval
    from docgen.web.models import DA_DUYET, Draft

    draft = _draft(django_app, made, "chuyenvien", "KHTH", status=DA_DUYET)
    draft.approved_digest = approval.digest_of(draft)
    draft.save()
    Draft.objects.filter(pk=draft.pk).update(data={"loai": "cong-van", "trich_yeu": "khác"})
    issue = _post(django_app, "vanthu", f"/du-thao/{draft.pk}/ban-hanh/", {})
    assert issue.status_code == 400
    assert "đã bị sửa sau khi duyệt" in issue.content.decode()


def test_two_approvers_at_once_one_wins_the_other_is_told(
    django_app: DjangoApp, made: list[Any]
) -> None:
    """Both pages show the same revision; the first approval wins, the second gets 409 and the
    name of who acted — whatever the order of the two requests."""
    from docgen.web.models import DA_DUYET, TRINH_KY

    word = {"kind": "", "data": {}, "docx": b"PK\x03\x04 du thao", "docx_name": "du-thao.docx"}
    draft = _draft(django_app, made, "chuyenvien", "KHTH", status=TRINH_KY, steps="lanh-dao",
                   **word)  # fmt: skip
    shown = draft.revision
    first = _post(django_app, "lanhdao2", f"/du-thao/{draft.pk}/duyet/", {"revision": shown})
    second = _post(django_app, "lanhdao", f"/du-thao/{draft.pk}/duyet/", {"revision": shown})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "vừa được Nguyễn Văn Ngân xử lý" in second.content.decode()
    draft.refresh_from_db()
    assert draft.status == DA_DUYET
    assert [e.action for e in draft.events.all()] == ["duyet"]  # recorded once


def test_a_returned_draft_needs_the_reason(django_app: DjangoApp, made: list[Any]) -> None:
    from docgen.web.models import TRINH_KY

    draft = _draft(django_app, made, "chuyenvien", "KHTH", status=TRINH_KY, steps="lanh-dao")
    answer = _post(django_app, "lanhdao", f"/du-thao/{draft.pk}/tra-lai/",
                   {"revision": draft.revision, "ghi_chu": " "})  # fmt: skip
    assert answer.status_code == 400 and "Ghi lý do trả lại" in answer.content.decode()


def test_the_whole_way_in_the_browser(pages: Any, server: Server, tmp_path: Path) -> None:
    """chuyên viên → trưởng phòng (returns, then passes) → lãnh đạo → văn thư issues."""
    writer = pages("chuyenvien3")
    pk = draft_a_cong_van(
        writer, server, "đề nghị cung cấp số liệu doanh nghiệp quý I năm 2024",
        "Ban Quản lý đề nghị các doanh nghiệp cung cấp số liệu sản xuất kinh doanh quý I năm "
        "2024./.",
    )  # fmt: skip
    writer.wait_for_selector("#preview img.page")
    writer.click("text=Trình ký")
    writer.wait_for_url(f"{server.url}/du-thao/")
    assert writer.locator("text=Chờ trưởng đơn vị kiểm tra").count() >= 1

    head = pages("truongphong")
    head.wait_for_selector("text=Chờ tôi kiểm tra")
    shot(head, "20-truong-phong-cho-kiem-tra")
    head.click(f"a[href='/du-thao/{pk}/']")
    head.fill("#ly-do", "Bổ sung hạn gửi số liệu")
    head.click("button:has-text('Trả lại')")
    head.wait_for_url(f"{server.url}/du-thao/")

    writer.goto(f"{server.url}/du-thao/{pk}/")
    writer.wait_for_selector("text=Bổ sung hạn gửi số liệu")  # the reason, in the history
    writer.fill("#f-noi_dung", "Ban Quản lý đề nghị các doanh nghiệp cung cấp số liệu sản xuất "
                "kinh doanh quý I năm 2024 trong thời hạn 10 ngày./.")  # fmt: skip
    writer.wait_for_selector("#preview img.page")
    writer.click("text=Trình ký")
    writer.wait_for_url(f"{server.url}/du-thao/")

    head.goto(f"{server.url}/du-thao/{pk}/")
    head.click("button:has-text('Đã kiểm tra, trình tiếp')")
    head.wait_for_url(f"{server.url}/du-thao/")

    leader = pages("lanhdao")
    leader.click(f"a[href='/du-thao/{pk}/']")
    assert leader.inner_text("#trang-thai") == "Trạng thái: Chờ lãnh đạo duyệt"
    shot(leader, "21-lanh-dao-duyet-sau-truong-phong")
    leader.click("button:has-text('Duyệt')")
    leader.wait_for_url(f"{server.url}/du-thao/")

    clerk = pages("vanthu")
    clerk.click(f"a[href='/du-thao/{pk}/']")
    clerk.click("#ban-hanh")
    clerk.wait_for_selector("#so-van-ban")
    assert re.fullmatch(r"Số: \d\d/BQL-QLDN", clerk.inner_text("#so-van-ban"))
    shot(clerk, "22-van-thu-ban-hanh-sau-duyet")
    clerk.goto(f"{server.url}/du-thao/{pk}/")
    steps = clerk.locator("ol.history li").all_inner_texts()
    said = [next(label for label in LABELS if f": {label}" in line) for line in steps]
    assert said[-6:] == ["trình", "trả lại", "trình", "duyệt", "duyệt", "ban hành"]
    assert "Vũ Thị Mai: trả lại — “Bổ sung hạn gửi số liệu”" in steps[-5]
    assert steps[-2].split(" — ")[1].startswith("Lê Quang Long: duyệt")
