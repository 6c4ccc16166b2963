"""The web application as its users meet it: the real server (`docgen web`, gunicorn, 4 workers)
on a free loopback port, over a test archive whose profile signs with a test PKI, with one user
of each role; and a real Chromium (Debian's, driven by Playwright) to click through it.

Without chromium or Playwright the browser tests skip on a developer machine (a failure in CI).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTIFACTS, REFERENCE_PROFILE, ROOT, needs_libreoffice
from tests.integration.test_issue_service import signing_profile

PASSWORD = "mat-khau-thu-nghiem-1"
#: username → (role, unit, full name, signer key)
USERS = {
    "chuyenvien": ("chuyen_vien", "KHTH", "Nguyễn Thu Hà", ""),
    "chuyenvien2": ("chuyen_vien", "VP", "Trần Văn Bình", ""),
    "vanthu": ("van_thu", "VT", "Phạm Thị Lan", ""),
    "vanthu2": ("van_thu", "VT", "Đỗ Minh Tâm", ""),
    "lanhdao": ("lanh_dao", "", "Lê Quang Long", "truong-ban"),
    "quantri": ("quan_tri", "", "Hoàng Văn Quản", ""),
    # the Phòng Quản lý doanh nghiệp: a chuyên viên and the unit's head (its drafts are checked by
    # the head before the signer; KHTH and VP have no head, so theirs go to the signer directly)
    "chuyenvien3": ("chuyen_vien", "QLDN", "Đặng Thu Trang", ""),
    "truongphong": ("chuyen_vien", "QLDN", "Vũ Thị Mai", ""),
    "lanhdao2": ("lanh_dao", "", "Nguyễn Văn Ngân", "pho-truong-ban"),
    # locked out on purpose by test_journeys' lockout test: no other test logs in as them
    "bikhoa": ("chuyen_vien", "VP", "Ngô Văn Khóa", ""),
}
UNIT_HEADS = {"truongphong"}
SHOTS = ARTIFACTS / "web"


@dataclass(frozen=True)
class Server:
    url: str
    root: Path
    profile: Path
    trust: Path  #: the test PKI's root certificate (docgen verify --trust)
    env: dict[str, str]
    #: the register's clock (DOCGEN_TEST_CLOCK): an ISO instant written here is "now" for the
    #: server and the commands run with `env`; no file, the real clock (the other tests)
    clock: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def docgen(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=300, check=check,
    )  # fmt: skip


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    needs_libreoffice()
    base = tmp_path_factory.mktemp("web")
    profile, trust = signing_profile(base)
    root = base / "archive"
    env = {**os.environ, "DOCGEN_SIGN_PASSWORD": "pw", "DOCGEN_WEB_PASSWORD": PASSWORD,
           "DOCGEN_WEB_SECRET_KEY": "test-secret-key-not-for-production"}  # fmt: skip
    env.pop("DOCGEN_ARCHIVE", None)
    clock = base / "dong-ho.txt"
    env["DOCGEN_TEST_CLOCK"] = str(clock)
    common = ("--profile", str(profile), "--archive", str(root))
    for username, (role, unit, name, signer) in USERS.items():
        head = ["--unit-head"] if username in UNIT_HEADS else []
        docgen("web", *common, "createuser", username, "--role", role, "--unit", unit,
               "--name", name, "--signer", signer, *head, env=env)  # fmt: skip
    port = _free_port()
    log = (base / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", "web", *common, "--port", str(port), "--workers", "4"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/dang-nhap/", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((base / "server.log").read_text()) from None
                time.sleep(0.3)
        yield Server(url, root, profile, trust, env, clock)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed; `make test` installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"],
        )  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture
def pages(browser: Any, server: Server) -> Iterator[Any]:
    """Opens pages logged in as a user: `pages("vanthu")`; each in a context of its own (its own
    cookies: two clerks at two desks), 1366×768 unless told."""
    contexts: list[Any] = []

    def open_as(username: str, *, width: int = 1366, height: int = 768) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", accept_downloads=True
        )
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server.url}/dang-nhap/")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    """A screenshot of the screen into tests/artifacts/web/ (a person looks at them)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@dataclass(frozen=True)
class DjangoApp:
    """Django configured in this process (for `django.test.Client`): the web configuration, and
    one user of each role (`USERS`, password `PASSWORD`) by username."""

    config: Any  #: docgen.web.config.WebConfig
    users: dict[str, Any]  #: username → django.contrib.auth.models.User


#: the process's Django application: Django is configured once per process, so every test module
#: that asks for `django_app` shares it (and its archive)
_django_app: DjangoApp | None = None


@contextlib.contextmanager
def sync_django() -> Iterator[None]:
    """Django's database calls allowed in this thread although an asyncio loop runs in it: while
    the browser fixture is open, Playwright's sync API keeps its loop running in the main thread
    and Django would refuse every query (SynchronousOnlyOperation). The calls are synchronous."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def django_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DjangoApp]:
    """Django set up in the test process over a fresh archive of the example profile (no
    LibreOffice, no signing), migrated, with one user of each role of `USERS`. When docgen.web is
    already set up in this process (another archive), that configuration is reused."""
    global _django_app
    with sync_django():
        if _django_app is None:
            _django_app = _set_up_django(tmp_path_factory)
    yield _django_app
    with sync_django():
        from django.db import connections

        from docgen.web.office import reset

        reset()  # the register's connection
        connections.close_all()


def _set_up_django(tmp_path_factory: pytest.TempPathFactory) -> DjangoApp:
    from docgen.web import config as web_config

    if web_config._configured is None:
        base = tmp_path_factory.mktemp("django")
        web_config.setup(
            web_config.WebConfig(REFERENCE_PROFILE, base / "archive", secret_key="test")
        )
    web_config.migrate()
    from django.contrib.auth.models import User
    from django.test.utils import setup_test_environment

    from docgen.web.users import create_user

    # the test client's host, rendered templates in responses (unless done already)
    with contextlib.suppress(RuntimeError):
        setup_test_environment()
    users = {}
    for username, (role, unit, name, signer) in USERS.items():
        found = User.objects.filter(username=username).first()
        users[username] = found or create_user(
            username, PASSWORD, role=role, unit=unit, full_name=name, signer_key=signer,
            check_password=False, unit_head=username in UNIT_HEADS,
        )  # fmt: skip
    return DjangoApp(web_config.current(), users)
