"""The application's addresses (Vietnamese, as the people who use it read them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path

from docgen.web.views import (
    archive,
    auth,
    batch,
    drafts,
    exchange,
    followup,
    incoming,
    processing,
    records,
    register,
    scans,
    search,
)


def _no_icon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


urlpatterns = [
    path("favicon.ico", _no_icon),
    path("dang-nhap/", auth.login_view, name="dang-nhap"),
    path("dang-xuat/", auth.logout_view, name="dang-xuat"),
    path("", auth.home, name="trang-chu"),
    # drafts: chuyên viên write, lãnh đạo approve, văn thư issue
    path("du-thao/", drafts.listing, name="du-thao"),
    path("du-thao/moi/", drafts.new, name="du-thao-moi"),
    path("du-thao/tai-len/", drafts.upload, name="du-thao-tai-len"),
    path("du-thao/<int:pk>/", drafts.edit, name="du-thao-sua"),
    path("du-thao/<int:pk>/xem-truoc/", drafts.preview, name="du-thao-xem-truoc"),
    path("du-thao/<int:pk>/anh/<str:digest>.png", drafts.image, name="du-thao-anh"),
    path("du-thao/<int:pk>/tai/<str:fmt>/", drafts.download, name="du-thao-tai"),
    path("du-thao/<int:pk>/trinh/", drafts.submit, name="du-thao-trinh"),
    path("du-thao/<int:pk>/duyet/", drafts.approve, name="du-thao-duyet"),
    path("du-thao/<int:pk>/tra-lai/", drafts.send_back, name="du-thao-tra-lai"),
    path("du-thao/<int:pk>/rut-lai/", drafts.recall, name="du-thao-rut-lai"),
    path("du-thao/<int:pk>/ban-hanh/", drafts.issue_draft, name="du-thao-ban-hanh"),
    # registers
    path("so-di/", register.outgoing, name="so-di"),
    path("so-den/", register.incoming, name="so-den"),
    path("so/in/", register.export, name="so-in"),
    path("so/giu-so/", register.reserve, name="so-giu-so"),
    path("so/huy-so/", register.cancel, name="so-huy-so"),
    path("so/dinh-chinh/", register.annotate, name="so-dinh-chinh"),
    path("van-ban-den/nhan/", incoming.receive, name="nhan-van-ban"),
    path("van-ban-den/xem-truoc/<str:token>.png", incoming.stamp_image, name="nhan-anh"),
    path("van-ban-den/nhan-dang/<str:token>/", scans.progress, name="nhan-dang"),
    # processing incoming documents (Điều 23–24): present, assign, give, progress, done
    path("van-ban-den/<int:year>/<int:number>/xu-ly/", processing.handling, name="xu-ly"),
    path("viec-cua-toi/", followup.my_work, name="viec-cua-toi"),
    path("bao-cao-xu-ly/", followup.report, name="bao-cao-xu-ly"),
    path("tron-thu/", batch.start, name="tron-thu"),
    path("tron-thu/<int:pk>/", batch.job, name="tron-thu-lo"),
    path("tron-thu/<int:pk>/tien-do/", batch.progress, name="tron-thu-tien-do"),
    path("tron-thu/<int:pk>/ket-qua/", batch.result, name="tron-thu-ket-qua"),
    # finding and reading
    path("tim/", search.find, name="tim"),
    path("van-ban/<path:doc_id>/tep/", search.open_file, name="van-ban-tep"),
    path("van-ban/<path:doc_id>/trang-1.png", search.page_image, name="van-ban-anh"),
    path("van-ban/<path:doc_id>/lien-thong/", exchange.send, name="van-ban-lien-thong"),
    path("van-ban/<path:doc_id>/", search.document, name="van-ban"),
    # files (hồ sơ): a unit's people file and close, the văn thư for every unit, leaders read
    path("ho-so/", records.listing, name="ho-so"),
    path("ho-so/chua-lap/", records.unfiled, name="ho-so-chua-lap"),
    path("ho-so/<str:notation>/", records.detail, name="ho-so-xem"),
    path("ho-so/<str:notation>/them/", records.add, name="ho-so-them"),
    path("ho-so/<str:notation>/go/", records.take_out, name="ho-so-go"),
    path("ho-so/<str:notation>/ket-thuc/", records.close, name="ho-so-ket-thuc"),
    path("ho-so/<str:notation>/in/<str:name>", records.form, name="ho-so-in"),
    # the archive and the administrator
    path("kho/kiem-tra/", archive.check, name="kho-kiem-tra"),
    path("kho/nhat-ky/", archive.access_log, name="nhat-ky"),
    path("quan-tri/", admin.site.urls),
]

handler403 = "docgen.web.views.auth.forbidden"
handler404 = "docgen.web.views.auth.not_found"
