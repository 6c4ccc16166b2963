"""Logging in and out (argon2 hashes, lockout after repeated failures: django-axes), the home page
of each role, and the error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from docgen.web import access
from docgen.web.models import CHUYEN_VIEN, DA_DUYET, LANH_DAO, TRINH_KY, VAN_THU, Draft
from docgen.web.office import office


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        user = authenticate(request, username=username, password=password)
        if user is not None:
            login(request, user)
            access.log(request, "dang-nhap")
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(target if target and safe else "trang-chu")
        if getattr(request, "axes_locked_out", False):
            return render(request, "web/locked.html", status=403)
        error = "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại rồi đăng nhập."
    return render(request, "web/login.html", {"error": error}, status=401 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out, everywhere: the session lives in a signed cookie, so the person's session epoch
    moves on and every cookie issued before stops working (a copied cookie too)."""
    if request.user.is_authenticated:
        access.log(request, "dang-xuat")
        access.end_sessions(request.user)
    logout(request)
    return redirect("dang-nhap")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from docgen.web import approval
    from docgen.web.views.drafts import may_see

    role = access.role_of(request)
    context: dict[str, Any] = {"member": access.member(request)}
    # what waits for this person: the unit head's checks, the văn thư's format checks, the
    # lãnh đạo's approvals (the steps of `docgen.rules.approval`)
    mine = [d for d in approval.waiting_for(request) if may_see(request, d)] if role else []
    for draft in mine:
        draft.waiting = approval.waiting_label(draft)
    context["mine"] = mine
    context["work"] = _work_summary(request, len(mine))
    if role == CHUYEN_VIEN:
        unit = Draft.objects.filter(unit=access.unit_of(request))[:100]
        context["drafts"] = [d for d in unit if may_see(request, d)][:20]
        for draft in context["drafts"]:
            draft.waiting = approval.waiting_label(draft)
    elif role == LANH_DAO:
        context["to_sign"] = mine
    elif role == VAN_THU:
        context["queue"] = [
            d for d in Draft.objects.filter(status=DA_DUYET)[:200] if may_see(request, d)
        ]
        context["waiting"] = Draft.objects.filter(status=TRINH_KY).count()
        due = office().records.transfer_due()
        if due:
            context["transfer_due"] = {
                "total": len(due),
                "late": sum(d.late for d in due),
                "year": due[0].hoso.year,
            }
    return render(request, "web/home.html", context)


def _work_summary(request: HttpRequest, drafts: int) -> dict[str, int] | None:
    """How much waits for this person (incoming documents to handle and drafts to check) and
    how much of it is overdue, for the line that leads to 'Việc của tôi'; None when nothing."""
    from docgen.web.views.processing import person_of

    who = person_of(request)
    if who is None:
        return {"total": drafts, "overdue": 0} if drafts else None
    work = office().processing.my_work(who)
    total = work.total + drafts
    return {"total": total, "overdue": work.overdue} if total else None


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {
        "title": "Không được phép",
        "message": "Vai trò của bạn không được mở trang này hoặc làm việc này. Nếu cần, "
        "hãy nhờ người quản trị cấp quyền.",
    }, status=403)  # fmt: skip


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/error.html", {
        "title": "Phiên làm việc đã cũ",
        "message": "Trang gửi đi không còn hợp lệ (mở quá lâu hoặc từ nơi khác). Tải lại trang, "
        "nhập lại rồi gửi.",
    }, status=403)  # fmt: skip


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {
        "title": "Không tìm thấy",
        "message": "Không có trang hoặc văn bản này. Quay lại trang chủ hoặc tìm văn bản.",
    }, status=404)  # fmt: skip
