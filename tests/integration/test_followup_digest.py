"""The daily digest through a real SMTP server the test starts (aiosmtpd on 127.0.0.1): each person
with incoming documents waiting gets one message — overdue first, then by deadline — the others
none; a person without an address is named; a login is checked; a server that cannot be
reached is one clear error. `docgen den digest` at the command line, with and without
--dry-run, over the web application's users."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from docgen.archive import open_register
from docgen.cli import main
from docgen.errors import ProfileError, SystemDependencyError
from docgen.inputs.profile import load_profile
from docgen.model.processing import MailOptions, Stage
from docgen.services import digest, processing
from tests.conftest import REFERENCE_PROFILE
from tests.integration.conftest import FixedClock
from tests.integration.test_processing import CV, LD, Office, days
from tests.support.people import OFFICE, create_people

AGENCY = load_profile(REFERENCE_PROFILE)


@dataclass
class Mailbox:
    """What the SMTP server received: one parsed message per delivery, and the logins."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def to(self, address: str) -> EmailMessage:
        (found,) = [m for m in self.messages if address in str(m["To"])]
        return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox("127.0.0.1", _free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            box.messages.append(parsed)
            box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        assert isinstance(data, LoginPassword)
        login = (data.login.decode(), data.password.decode())
        box.logins.append(login)
        return AuthResult(success=login == ("docgen", "mat-khau-thu"), handled=False)

    controller = Controller(
        Handler(), hostname=box.host, port=box.port, authenticator=authenticate,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail(box: Mailbox, **more: Any) -> MailOptions:
    return MailOptions(host=box.host, port=box.port, sender="docgen@bql.test", tls="none",
                       site_url="https://vanban.bql.test", **more)  # fmt: skip


@pytest.fixture(scope="module")
def with_people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive holding only the web application's users (made once: Django's migrations and
    the users take seconds), copied by each test."""
    root = tmp_path_factory.mktemp("people") / "archive"
    create_people(REFERENCE_PROFILE, root, None)
    return root


@pytest.fixture
def office(tmp_path: Path, clock: FixedClock, with_people: Path) -> Iterator[Office]:
    """An archive with the web application's users and four documents: one waiting to be
    presented, one to be assigned, two handled by Nguyễn Thu Hà (one overdue)."""
    root = tmp_path / "archive"
    shutil.copytree(with_people, root)
    with open_register(root, "BQL", clock=clock) as store:
        office = Office(store, root, tmp_path)
        first, second, late, soon = (office.receive(subject=s) for s in
                                     ("mời họp", "góp ý dự thảo", "báo cáo quý", "kế hoạch"))  # fmt: skip
        office.through(second, Stage.DA_TRINH)
        office.through(late, Stage.DANG_XU_LY, deadline=store.today() + days(1))
        office.through(soon, Stage.DANG_XU_LY, deadline=store.today() + days(9))
        clock.now += days(3)
        office.keys = [first, second, late, soon]  # type: ignore[attr-defined]
        yield office


def test_each_person_with_work_gets_one_message(office: Office, mailbox: Mailbox) -> None:
    agency = replace(AGENCY, mail=mail(mailbox))
    planned = digest.plan(office.store, agency)
    assert sorted(m.to.username for m in planned.messages) == ["chuyenvien", "lanhdao", "vanthu"]
    assert planned.no_address == ()
    assert digest.send(agency, planned.messages) == 3
    assert len(mailbox.messages) == 3
    ha = mailbox.to("ha@bql.test")
    assert ha["Subject"] == "[BQL] 2 văn bản đến chờ xử lý, 1 quá hạn — ngày 13/05/2024"
    assert "docgen@bql.test" in str(ha["From"])
    body = ha.get_content()
    late, soon = office.keys[2:]  # type: ignore[attr-defined]
    lines = [line for line in body.splitlines() if line[:2] in ("1.", "2.")]
    assert lines[0].startswith(f"1. QUÁ HẠN 2 ngày — Xử lý: Số đến {late.number:02d} — ")
    assert lines[0].endswith("báo cáo quý (hạn 11/05/2024)")
    assert lines[1].startswith(f"2. Xử lý: Số đến {soon.number:02d}")
    assert f"https://vanban.bql.test/van-ban/den/2024/{late.number}/" in body
    assert "Kính gửi Nguyễn Thu Hà," in body
    assert mailbox.envelopes[0][0] == "docgen@bql.test"
    assert "Trình lãnh đạo" in mailbox.to("vanthu@bql.test").get_content()
    assert "Phân công" in mailbox.to("lanhdao@bql.test").get_content()


def test_a_person_without_an_address_is_named_and_done_work_sends_nothing(
    office: Office, mailbox: Mailbox
) -> None:
    store = office.store
    late, soon = office.keys[2:]  # type: ignore[attr-defined]
    store.db.execute("UPDATE auth_user SET email = '' WHERE username = 'chuyenvien'")
    planned = digest.plan(store, AGENCY)
    assert [p.username for p in planned.no_address] == ["chuyenvien"]
    for key in (late, soon):
        processing.close(store, AGENCY, key, by=CV, filed=True)
    assert "chuyenvien" not in [p.username for p in digest.plan(store, AGENCY).no_address]
    first, second = office.keys[:2]  # type: ignore[attr-defined]
    processing.present(store, AGENCY, first, by=OFFICE["vanthu"], to="lanhdao2")
    processing.assign(store, AGENCY, second, by=LD, lead="VP")
    processing.assign(store, AGENCY, first, by=OFFICE["lanhdao2"], lead="VP")
    assert [m.to.username for m in digest.plan(store, AGENCY).messages] == ["tpvp"]


def test_a_login_and_its_password_from_the_environment(
    office: Office, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    agency = replace(AGENCY, mail=mail(mailbox, user="docgen", password_env="THU_MAT_KHAU"))
    messages = digest.plan(office.store, agency).messages
    monkeypatch.delenv("THU_MAT_KHAU", raising=False)
    with pytest.raises(ProfileError, match="biến môi trường THU_MAT_KHAU chưa đặt"):
        digest.send(agency, messages)
    monkeypatch.setenv("THU_MAT_KHAU", "sai")
    with pytest.raises(SystemDependencyError, match="không nhận tên đăng nhập/mật khẩu"):
        digest.send(agency, messages)
    assert mailbox.messages == []
    monkeypatch.setenv("THU_MAT_KHAU", "mat-khau-thu")
    assert digest.send(agency, messages) == 3
    assert mailbox.logins[-1] == ("docgen", "mat-khau-thu")


def test_no_server_is_one_clear_error(office: Office) -> None:
    agency = replace(AGENCY, mail=MailOptions(host="127.0.0.1", port=_free_port(),
                                              sender="docgen@bql.test", tls="none"))  # fmt: skip
    with pytest.raises(SystemDependencyError, match=r"không gửi được thư qua 127\.0\.0\.1:\d+ "):
        digest.send(agency, digest.plan(office.store, agency).messages)
    with pytest.raises(ProfileError, match=r"chưa khai máy chủ thư"):
        digest.send(AGENCY, digest.plan(office.store, AGENCY).messages)


def test_the_command_sends_or_only_shows(
    office: Office,
    mailbox: Mailbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = REFERENCE_PROFILE.read_text("utf-8")
    profile = tmp_path / "docgen.toml"
    profile.write_text(
        text + f'\n[mail]\nhost = "127.0.0.1"\nport = {mailbox.port}\nfrom = "docgen@bql.test"\n'
        'tls = "none"\n', "utf-8",
    )  # fmt: skip
    clock_file = tmp_path / "gio.txt"
    clock_file.write_text(office.store.now().isoformat(), "utf-8")
    monkeypatch.setenv("DOCGEN_TEST_CLOCK", str(clock_file))
    common = ["--profile", str(profile), "--archive", str(office.root)]

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(["den", "digest", *args, *common])
        out, err = capsys.readouterr()
        return int(exited.value.code or 0), out, err

    code, out, err = run("--dry-run")
    assert (code, err) == (0, "")
    assert "--- Gửi Nguyễn Thu Hà <ha@bql.test>: [BQL] 2 văn bản đến chờ xử lý, 1 quá hạn" in out
    assert out.rstrip().endswith("(thử) 3 thư sẽ được gửi; không gửi thư nào.")
    assert mailbox.messages == []
    code, out, err = run()
    assert (code, out, err) == (0, "Đã gửi 3 thư nhắc việc.\n", "")
    assert len(mailbox.messages) == 3
    assert dt.date(2024, 5, 13).strftime("%d/%m/%Y") in str(mailbox.messages[0]["Subject"])
