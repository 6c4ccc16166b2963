"""Security headers Django does not set itself: a Content-Security-Policy that allows only this
site's own scripts, styles and images (no inline script: htmx is a static file), and a few more."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def _csp(styles: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "frame-src 'self'",
            "object-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
            "base-uri 'none'",
        ]
    )


CSP = _csp("'self'")
#: Django's admin pages set a few style attributes inline; only there are they allowed
ADMIN_CSP = _csp("'self' 'unsafe-inline'")


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith("/quan-tri/")
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if admin else CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if "text/html" in response.headers.get("Content-Type", ""):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
