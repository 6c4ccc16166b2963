"""The "Gửi liên thông" action of a document's page (docgen/web/views/exchange.py), through
Django's test client: offered to the văn thư only, and over the test profile, which has no
agency code, the form says what is missing and a send is refused with the same sentence."""

from __future__ import annotations

from tests.web.conftest import DjangoApp, sync_django
from tests.web.test_permissions import CV, VT, Filed, ask, client_as
from tests.web.test_permissions import filed as filed  # the fixture: the archive's documents


def test_only_the_van_thu_is_offered_sending_and_is_told_what_is_missing(
    django_app: DjangoApp, filed: Filed
) -> None:
    # a browser of an earlier module may still run its asyncio loop in this thread
    with sync_django():
        page = f"/van-ban/{filed.plain}/"
        clerk = client_as(django_app, VT)
        assert 'id="gui-lien-thong"' in ask(clerk, "GET", page).body
        assert 'id="gui-lien-thong"' not in ask(client_as(django_app, CV), "GET", page).body
        form = ask(clerk, "GET", f"{page}lien-thong/")
        assert form.status == 200 and "chưa có mã định danh" in form.body
        sent = ask(clerk, "POST", f"{page}lien-thong/", {"noi_nhan": "000.00.01.H26"})
        assert sent.status == 400 and "chưa có mã định danh" in sent.body
        late = ask(clerk, "POST", f"{page}lien-thong/", {"noi_nhan": "x", "han_tra_loi": "mai"})
        assert late.status == 400 and "Ghi hạn trả lời dạng 20/05/2024" in late.body
        assert ask(clerk, "GET", "/van-ban/den/2024/999/lien-thong/").status == 404
