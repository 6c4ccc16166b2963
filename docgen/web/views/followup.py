"""Following up (ND30 Điều 24; docs/records/processing.md): "Việc của tôi" — what waits for the
person logged in, incoming documents and drafts to check, overdue first then by deadline — and
the report per unit and period (received, done on time, done late, overdue, pending) as a table,
a chart (SVG drawn on the server: the CSP allows no script or style inline) and an XLSX file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from docgen.errors import InputError
from docgen.model.register import key_of
from docgen.services.followup import INCOMING, REPORT_COLUMNS, WorkItem, sort_work
from docgen.web import access
from docgen.web.models import CHUYEN_VIEN, LANH_DAO, QUAN_TRI, VAN_THU
from docgen.web.office import office
from docgen.web.views.processing import day, person_of

#: a draft waiting for the person (the kind of its WorkItem)
DRAFT = "du_thao"
#: the longest list of the follow-up register's lines a report page shows
LINES_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _drafts(request: HttpRequest) -> list[WorkItem]:
    from docgen.web import approval
    from docgen.web.views.drafts import may_see

    items = []
    for draft in approval.waiting_for(request):
        if not may_see(request, draft):
            continue
        title = f"Dự thảo số {draft.pk}" + (f": {draft.subject}" if draft.subject else "")
        items.append(WorkItem(kind=DRAFT, ref=str(draft.pk), title=title,
                              action=approval.waiting_label(draft), since=draft.updated.date()))  # fmt: skip
    return items


def _link(item: WorkItem) -> str:
    key = key_of(item.ref) if item.kind == INCOMING else None  # `den/2024/12`
    if key is not None:
        return str(reverse("xu-ly", kwargs={"year": key.year, "number": key.number}))
    return str(reverse("du-thao-sua", kwargs={"pk": int(item.ref)}))


@access.allowed(CHUYEN_VIEN, VAN_THU, LANH_DAO)
def my_work(request: HttpRequest) -> HttpResponse:
    who = person_of(request)
    if who is None:
        raise PermissionDenied("bạn không có trong danh sách người dùng của cơ quan")
    work = office().processing.my_work(who)
    drafts = _drafts(request)
    items = sort_work([*work.items, *drafts])
    rows = [
        {"item": i, "url": _link(i), "late": i.days_late(work.today),
         "incoming": i.kind == INCOMING}
        for i in items
    ]  # fmt: skip
    access.log(request, "xem-viec-cua-toi", f"{len(items)} việc")
    return render(request, "web/my_work.html", {
        "rows": rows, "today": work.today, "overdue": work.overdue, "total": work.total + len(drafts),
        "more": work.total - len(work.items), "who": who,
    })  # fmt: skip


def _unit_head(request: HttpRequest) -> str:
    """The unit the person heads ("" when none)."""
    found = access.member(request)
    return str(found.unit) if found is not None and found.unit_head and found.unit else ""


def _period(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    start = day(request.GET.get("tu", "")) or dt.date(today.year, 1, 1)
    end = day(request.GET.get("den", "")) or today
    return start, end


@access.allowed(CHUYEN_VIEN, VAN_THU, LANH_DAO, QUAN_TRI)
def report(request: HttpRequest) -> HttpResponse:
    """Every unit for the văn thư, the lãnh đạo and the administrator; a unit's head sees their
    own unit; another chuyên viên is refused."""
    own = _unit_head(request) if access.role_of(request) == CHUYEN_VIEN else ""
    if access.role_of(request) == CHUYEN_VIEN and not own:
        raise PermissionDenied("chỉ trưởng đơn vị, văn thư và lãnh đạo xem báo cáo")
    desk = office().processing
    units = [(a, n) for a, n in desk.units() if a != "VT" and (not own or a == own)]
    context: dict[str, Any] = {"units": units, "own": own, "get": request.GET}
    try:
        date_from, date_to = _period(request, desk.today())
        unit = own or request.GET.get("don_vi", "").strip() or None
        rep = desk.report(date_from=date_from, date_to=date_to, unit=unit)
    except InputError as error:
        context["error"] = f"{error.message}."
        return render(request, "web/followup_report.html", context, status=400)
    if request.GET.get("xuat") == "xlsx":
        name, data = desk.report_xlsx(rep)
        access.log(request, "tai-bao-cao-xu-ly", name)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    lines = desk.tracking(rep)
    table = [
        {"name": rep.name(r.lead), "values": [getattr(r, f) for f, _ in REPORT_COLUMNS]}
        for r in rep.rows
    ]
    access.log(request, "xem-bao-cao-xu-ly", f"{rep.unit or 'mọi đơn vị'} {rep.period}")
    context.update(
        rep=rep, table=table, total=[getattr(rep.total, f) for f, _ in REPORT_COLUMNS],
        headings=[title for _, title in REPORT_COLUMNS], lines=lines[:LINES_SHOWN],
        more=max(len(lines) - LINES_SHOWN, 0), date_from=date_from, date_to=date_to,
        unit=rep.unit or "", chart=mark_safe(desk.chart_svg(rep)),  # the chart escapes its text
    )  # fmt: skip
    return render(request, "web/followup_report.html", context)
