"""The archive: its check (`docgen archive check`) and the access log (administrator)."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from docgen.web import access
from docgen.web.models import QUAN_TRI, VAN_THU, AccessEvent
from docgen.web.office import office


@access.allowed(VAN_THU, QUAN_TRI)
def check(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        report = office().check(signatures=request.POST.get("chu_ky") == "1")
        access.log(request, "kiem-tra-kho", "ổn" if report.ok else f"{len(report.problems)} lỗi")
    return render(request, "web/check.html", {"report": report})


@access.allowed(QUAN_TRI)
def access_log(request: HttpRequest) -> HttpResponse:
    events = AccessEvent.objects.all()
    who = request.GET.get("nguoi", "").strip()
    if who:
        events = events.filter(username__icontains=who)
    if request.GET.get("xuat") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Thời gian", "Người dùng", "Thao tác", "Đối tượng", "Địa chỉ"])
        for event in events.iterator():
            writer.writerow([event.at.isoformat(), event.username, event.action, event.target,
                             event.ip])  # fmt: skip
        access.log(request, "xuat-nhat-ky")
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nhat-ky-truy-cap.csv"'
        return response
    page = Paginator(events, 100).get_page(request.GET.get("trang", 1))
    return render(request, "web/log.html", {"page": page, "who": who})
