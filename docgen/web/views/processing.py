"""An incoming document's handling (ND30 Điều 23–24; docs/records/processing.md): where it is,
who has it, its deadline and the instruction, the steps so far, the reply; and the forms of the
next steps the person logged in may take — the văn thư presents it, the lãnh đạo assigns it, the
lead unit's head gives it to a person, the person records progress and closes it with the
reply's number or "lưu hồ sơ". Every step is the service `docgen den …` runs; a step the rules
refuse is said on the page and nothing is recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from docgen.errors import DocgenError, InputError
from docgen.model.processing import (
    ASSIGN,
    CLOSE,
    DELEGATE,
    PRESENT,
    PROGRESS,
    REASSIGN,
    Handling,
    Person,
)
from docgen.model.register import catalogue_id
from docgen.rules.dates import parse_day
from docgen.services.office_processing import Done
from docgen.web import access, said
from docgen.web.access import EVERYONE
from docgen.web.models import CHUYEN_VIEN, LANH_DAO, VAN_THU
from docgen.web.office import office

#: the form's `buoc` → the step
STEPS = {
    "trinh": PRESENT,
    "phan-cong": ASSIGN,
    "phan-cong-lai": REASSIGN,
    "giao": DELEGATE,
    "tien-do": PROGRESS,
    "xong": CLOSE,
}
#: the services' field names (the command line's options) → the form's labels
LABELS = {
    "--cho": "Trình",
    "--chu-tri": "Đơn vị chủ trì",
    "--phoi-hop": "Đơn vị phối hợp",
    "--de-biet": "Đơn vị để biết",
    "--han": "Hạn giải quyết",
    "--nguoi": "Người xử lý",
    "TIẾN-ĐỘ": "Tiến độ",
    "--tra-loi": "Văn bản trả lời",
}
#: what to do next, said the web's way (the services' hints name command-line options)
HINTS = {
    "--tra-loi": "ban hành văn bản trả lời trước, rồi ghi đúng số và ký hiệu, ví dụ 05/BQL-KHTH",
    "--han": "ghi một ngày từ hôm nay trở đi, như 20/05/2024",
}


def day(text: str) -> dt.date | None:
    """`2024-05-20` (a date box) or `20/05/2024`; None when empty; InputError when unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise InputError(
            f"không đọc được ngày “{text}”", field="--han", hint="ghi như 20/05/2024"
        ) from None


def person_of(request: HttpRequest) -> Person | None:
    """The person logged in, as the register's people know them (None: not one of them)."""
    try:
        return office().processing.person(str(request.user.username))
    except InputError:
        return None


def _entry(request: HttpRequest, year: int, number: int) -> Any:
    try:
        entry = office().processing.entry(year, number)
    except InputError:
        raise Http404 from None
    if entry.secrecy is not None and not access.secret_allowed(request):
        access.log(request, "tu-choi-van-ban-mat", catalogue_id(entry.key))
        raise Http404  # a secret document is not even said to exist
    return entry


def _context(request: HttpRequest, entry: Any, who: Person | None) -> dict[str, Any]:
    desk = office().processing
    h: Handling = entry.handling or Handling()
    today = desk.today()
    can = {a: False for a in STEPS.values()}
    if who is not None and access.role_of(request) in (CHUYEN_VIEN, VAN_THU, LANH_DAO):
        can = {s.action: not s.refused for s in desk.steps(h, who, list(STEPS.values()))}
    everyone = desk.people()
    reply = h.reply
    return {
        "entry": entry,
        "h": h,
        "doc_id": catalogue_id(entry.key),
        "notation": entry.recipients[0] if entry.recipients else "",
        "doc_date": _iso(entry.recipients[1]) if len(entry.recipients) > 1 else None,
        "today": today,
        "overdue": h.overdue(today),
        "days_late": (today - h.due).days if h.overdue(today) and h.due else 0,
        "reply_id": catalogue_id(reply.key) if reply else "",
        "can_present": can[PRESENT],
        "can_assign": can[ASSIGN],
        "can_reassign": can[REASSIGN],
        "can_delegate": can[DELEGATE],
        "can_progress": can[PROGRESS],
        "can_close": can[CLOSE],
        "leaders": [p for p in everyone if p.role == LANH_DAO],
        "present_to": h.presented_to or office().agency.processing.present_to,
        "units": [(a, n) for a, n in desk.units() if a != "VT"],
        "unit_people": [p for p in everyone if p.unit == h.lead and p.unit],
        "post": request.POST if request.method == "POST" else {},
        "chosen": _chosen(request, h),
    }


def _chosen(request: HttpRequest, h: Handling) -> dict[str, list[str]]:
    """The units ticked: as posted (a refused form shows what was typed), else as assigned."""
    if request.method == "POST":
        return {"phoi_hop": request.POST.getlist("phoi_hop"),
                "de_biet": request.POST.getlist("de_biet")}  # fmt: skip
    return {"phoi_hop": list(h.cooperating), "de_biet": list(h.informed)}


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _page(
    request: HttpRequest, entry: Any, who: Person | None, message: str = "", status: int = 200
) -> HttpResponse:
    context = _context(request, entry, who)
    context["message"] = message
    return render(request, "web/processing.html", context, status=status)


def _said(error: DocgenError) -> str:
    """One sentence for the page: the form's field, what is wrong, what to do."""
    label = LABELS.get(error.field, "")
    hint = HINTS.get(error.field, "")
    if not hint and said.for_the_page(error.hint) and "`" not in error.hint:
        hint = error.hint.rstrip(".")
    text = f"{label}: {error.message}" if label else error.message
    return text + (f" — {hint}" if hint else "") + "."


def _units(request: HttpRequest, name: str) -> tuple[str, ...]:
    return tuple(u for u in request.POST.getlist(name) if u.strip())


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("phien_ban", "")
    return int(raw) if raw.isdigit() else None


def _take(request: HttpRequest, year: int, number: int, action: str, who: Person) -> Done:
    """Run the step `action` with what the form says."""
    desk = office().processing
    post = request.POST
    common: dict[str, Any] = {"by": who, "expected": _version(request), "via": "ứng dụng web"}
    if action == PRESENT:
        return desk.present(year, number, to=post.get("cho", ""), note=post.get("ghi_chu", ""),
                            **common)  # fmt: skip
    if action in (ASSIGN, REASSIGN):
        return desk.assign(
            year, number, lead=post.get("chu_tri", ""), cooperating=_units(request, "phoi_hop"),
            informed=_units(request, "de_biet"), deadline=day(post.get("han", "")),
            instruction=post.get("y_kien", ""), again=action == REASSIGN, **common,
        )  # fmt: skip
    if action == DELEGATE:
        return desk.delegate(year, number, to=post.get("nguoi", ""),
                             deadline=day(post.get("han", "")), note=post.get("ghi_chu", ""),
                             **common)  # fmt: skip
    if action == PROGRESS:
        return desk.progress(year, number, note=post.get("tien_do", ""), **common)
    filed = post.get("cach") == "luu-ho-so"
    if not filed and not post.get("tra_loi", "").strip():
        raise InputError("ghi số, ký hiệu văn bản trả lời, hoặc chọn lưu hồ sơ", field="--tra-loi")
    return desk.close(year, number, reply="" if filed else post.get("tra_loi", ""),
                      filed=filed, note=post.get("ghi_chu", ""), **common)  # fmt: skip


@access.allowed(*EVERYONE)
def handling(request: HttpRequest, year: int, number: int) -> HttpResponse:
    entry = _entry(request, year, number)
    who = person_of(request)
    label = f"{number:02d}/{year}"
    if request.method != "POST":
        access.log(request, "xem-xu-ly-van-ban-den", label)
        return _page(request, entry, who)
    if access.role_of(request) not in (CHUYEN_VIEN, VAN_THU, LANH_DAO) or who is None:
        raise PermissionDenied("vai trò của bạn không xử lý văn bản đến")
    slug = request.POST.get("buoc", "")
    action = STEPS.get(slug)
    if action is None:
        return _page(request, entry, who, "Không có bước xử lý này.", status=400)
    refused = office().processing.steps(entry.handling or Handling(), who, [action])[0].refused
    if refused:
        access.log(request, f"tu-choi-xu-ly-{slug}", f"{label}: {refused}")
        return _page(request, entry, who, f"Không được phép: {refused}.", status=403)
    try:
        done = _take(request, year, number, action, who)
    except InputError as error:
        return _page(request, entry, who, f"Chưa ghi được: {_said(error)}", status=400)
    except DocgenError as error:  # someone else took a step meanwhile (RegisterError)
        text = f"Chưa ghi được: {error.message} — tải lại trang để xem hiện trạng mới nhất."
        return _page(request, _entry(request, year, number), who, text, status=409)
    access.log(request, f"xu-ly-{slug}", f"{label}: {done.step.text}")
    messages.success(request, f"Đã ghi: {done.step.label.lower()} — {done.step.text}.")
    return redirect("xu-ly", year=year, number=number)
