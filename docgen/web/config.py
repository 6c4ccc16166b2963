"""What a server process needs to know, and Django configured from it (no settings module on disk:
the command line hands the values in, as it does to every service)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: a session ends after this much inactivity (the page is kept open at a desk: 30 minutes)
SESSION_MINUTES = 30
#: failed logins in a row that lock an account, and for how long
LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15
#: largest upload accepted (a scanned document of a few dozen pages)
MAX_UPLOAD_MB = 25


@dataclass(frozen=True)
class WebConfig:
    profile: Path
    archive: Path
    database_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    debug: bool = False
    https: bool = False  #: served behind HTTPS: secure cookies, HSTS
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")


def database(config: WebConfig) -> dict[str, Any]:
    """Django's database: the register's own (the SQLite file in the archive root, or the
    PostgreSQL URL), so the application's tables live beside the register's."""
    if config.database_url:
        from urllib.parse import unquote, urlsplit

        url = urlsplit(config.database_url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(url.path.lstrip("/")),
            "USER": unquote(url.username or ""),
            "PASSWORD": unquote(url.password or ""),
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
            "CONN_MAX_AGE": 60,
        }
    from docgen.services.office import SQLITE_FILE

    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(config.archive / SQLITE_FILE),
        "OPTIONS": {
            # the register writes with BEGIN IMMEDIATE; Django must too, or a read-then-write
            # transaction fails to upgrade its lock ("database is locked", docs/environment.md)
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        },
    }


def django_settings(config: WebConfig) -> dict[str, Any]:
    return {
        "DEBUG": config.debug,
        "SECRET_KEY": config.secret_key,
        "ALLOWED_HOSTS": list(config.allowed_hosts),
        "ROOT_URLCONF": "docgen.web.urls",
        "WSGI_APPLICATION": None,
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "django_htmx",
            "axes",
            "docgen.web.apps.DocgenWeb",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.locale.LocaleMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "django_htmx.middleware.HtmxMiddleware",
            "axes.middleware.AxesMiddleware",
            "docgen.web.access.SessionEpoch",
            "docgen.web.middleware.SecurityHeaders",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                        "docgen.web.access.context",
                    ],
                    "autoescape": True,
                },
            }
        ],
        "DATABASES": {"default": database(config)},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "AUTH_PASSWORD_VALIDATORS": [
            {
                "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
                "OPTIONS": {"min_length": 8},
            },
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ],
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
        "AXES_FAILURE_LIMIT": LOCKOUT_FAILURES,
        "AXES_COOLOFF_TIME": LOCKOUT_MINUTES / 60,
        "AXES_LOCKOUT_PARAMETERS": ["username"],
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_LOCKOUT_TEMPLATE": "web/locked.html",
        "AXES_VERBOSE": False,
        "LOGIN_URL": "dang-nhap",
        "LOGIN_REDIRECT_URL": "trang-chu",
        "LOGOUT_REDIRECT_URL": "dang-nhap",
        "SESSION_COOKIE_AGE": SESSION_MINUTES * 60,
        # sessions in a signed cookie: no write to the register's database on every request (on
        # SQLite a write waits while a clerk's issue holds the register)
        "SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies",
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": config.https,
        "CSRF_COOKIE_SECURE": config.https,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "CSRF_FAILURE_VIEW": "docgen.web.views.auth.csrf_failure",
        "SECURE_HSTS_SECONDS": 31536000 if config.https else 0,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "SAMEORIGIN",
        "DATA_UPLOAD_MAX_MEMORY_SIZE": MAX_UPLOAD_MB * 1024 * 1024,
        "FILE_UPLOAD_MAX_MEMORY_SIZE": MAX_UPLOAD_MB * 1024 * 1024,
        "LANGUAGE_CODE": "vi",
        "LANGUAGES": [("vi", "Tiếng Việt")],
        "USE_I18N": True,
        "TIME_ZONE": "Asia/Ho_Chi_Minh",
        "USE_TZ": True,
        "STATIC_URL": "/static/",
        # whitenoise serves the apps' static files from their folders (indexed once at start-up,
        # with caching headers): nothing to collect before serving
        "STATIC_ROOT": None,
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": False,
        "MESSAGE_STORAGE": "django.contrib.messages.storage.session.SessionStorage",
        "LOGGING_CONFIG": None,
        "DOCGEN": config,
    }


_configured: WebConfig | None = None


def setup(config: WebConfig) -> None:
    """Configure Django for `config` once per process, and make its tables (migrate)."""
    global _configured
    import django
    from django.conf import settings

    if _configured is not None:
        if _configured != config:
            raise RuntimeError("docgen.web is already set up for another archive in this process")
        return
    settings.configure(**django_settings(config))
    django.setup()
    _configured = config


def migrate() -> None:
    """Create or upgrade the register (its own schema first) and the application's tables beside
    it, in the same database."""
    from django.core.management import call_command

    from docgen.services.office import Office

    config = current()
    office = Office(config.profile, config.archive, config.database_url)
    try:
        office.store  # noqa: B018  (opening the register makes or upgrades its schema)
    finally:
        office.close()
    call_command("migrate", interactive=False, verbosity=0)


def current() -> WebConfig:
    assert _configured is not None, "docgen.web.setup() first"
    return _configured
