"""Logging in and out (argon2 hashes, lockout after repeated failures: django-axes), the home page
of each role, and the error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from docgen.web import access
from docgen.web.models import CHUYEN_VIEN, DA_DUYET, LANH_DAO, TRINH_KY, VAN_THU, Draft


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
            return redirect(target if target.startswith("/") and not target.startswith("//")
                            else "trang-chu")  # fmt: skip
        if getattr(request, "axes_locked_out", False):
            return render(request, "web/locked.html", status=403)
        error = "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại rồi đăng nhập."
    return render(request, "web/login.html", {"error": error}, status=401 if error else 200)


def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        access.log(request, "dang-xuat")
    logout(request)
    return redirect("dang-nhap")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = access.role_of(request)
    context: dict[str, Any] = {"member": access.member(request)}
    if role == CHUYEN_VIEN:
        context["drafts"] = Draft.objects.filter(unit=access.unit_of(request))[:20]
    elif role == LANH_DAO:
        context["to_sign"] = Draft.objects.filter(status=TRINH_KY)[:50]
    elif role == VAN_THU:
        context["queue"] = Draft.objects.filter(status=DA_DUYET)[:50]
        context["waiting"] = Draft.objects.filter(status=TRINH_KY).count()
    return render(request, "web/home.html", context)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {
        "title": "Không được phép",
        "message": "Vai trò của bạn không được mở trang này hoặc làm việc này. Nếu cần, "
        "hãy nhờ người quản trị cấp quyền.",
    }, status=403)  # fmt: skip


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {
        "title": "Không tìm thấy",
        "message": "Không có trang hoặc văn bản này. Quay lại trang chủ hoặc tìm văn bản.",
    }, status=404)  # fmt: skip
