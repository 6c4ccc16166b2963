"""Who may do what: the role of the person logged in, the views each role may open, secret
documents, and the access log every document view, download and register action writes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from docgen.web.models import (
    CHUYEN_VIEN,
    LANH_DAO,
    QUAN_TRI,
    SECRET_BY_DEFAULT,
    VAN_THU,
    AccessEvent,
    Member,
    RoleAccess,
)

View = Callable[..., HttpResponse]
#: every role: the views all of them see (search, their dashboard)
EVERYONE = frozenset({CHUYEN_VIEN, VAN_THU, LANH_DAO, QUAN_TRI})


def member(request: HttpRequest) -> Member | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found: Member | None = getattr(user, "member", None)
    return found


def role_of(request: HttpRequest) -> str:
    found = member(request)
    if found is not None:
        return str(found.role)
    return QUAN_TRI if getattr(request.user, "is_superuser", False) else ""


def unit_of(request: HttpRequest) -> str:
    found = member(request)
    return str(found.unit) if found is not None else ""


def secret_allowed(request: HttpRequest) -> bool:
    """Whether the person's role sees secret documents (the administrator's choice; by default
    the records office and the leaders)."""
    role = role_of(request)
    setting = RoleAccess.objects.filter(role=role).first()
    return bool(setting.secret_allowed) if setting is not None else role in SECRET_BY_DEFAULT


def allowed(*roles: str) -> Callable[[View], View]:
    """The view, for people logged in with one of `roles` (403 for the others)."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if role_of(request) not in roles:
                raise PermissionDenied("vai trò của bạn không được làm việc này")
            return view(request, *args, **kwargs)

        result: View = login_required(guarded)
        return result

    return wrap


EPOCH = "docgen_epoch"


def remember_epoch(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At every login (ours, the admin's, a test's force_login: the `user_logged_in` signal):
    the person's session epoch, kept in the (signed cookie) session."""
    found = Member.objects.filter(user=user).values_list("session_epoch", flat=True).first()
    if request is not None and hasattr(request, "session"):
        request.session[EPOCH] = int(found or 0)


def end_sessions(user: Any) -> None:
    """Every session of `user` ends: sessions issued before carry an older epoch."""
    Member.objects.filter(user=user).update(session_epoch=models.F("session_epoch") + 1)


class SessionEpoch:
    """Middleware: a signed-cookie session whose epoch is older than the person's is logged out
    (after a logout elsewhere, or a copied cookie). One read per request, no write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.contrib.auth import logout

        found = member(request)
        if found is not None and request.session.get(EPOCH) != int(found.session_epoch):
            logout(request)
        return self.get_response(request)


def log(request: HttpRequest, action: str, target: str = "") -> None:
    """One line of the access log: who, what, when, from where."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    AccessEvent.objects.create(
        username=getattr(request.user, "username", "") or "(khách)",
        action=action,
        target=target[:300],
        ip=request.META.get("REMOTE_ADDR", "")[:60],
        agent=agent[:300],
    )


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the person's role (for the menu)."""
    from docgen.web.office import office

    role = role_of(request)
    found = member(request)
    return {
        "agency_name": office().agency.abbreviation,
        "is_unit_head": bool(found is not None and found.unit_head and found.unit),
        "role": role,
        "is_chuyen_vien": role == CHUYEN_VIEN,
        "is_van_thu": role == VAN_THU,
        "is_lanh_dao": role == LANH_DAO,
        "is_quan_tri": role == QUAN_TRI,
    }
