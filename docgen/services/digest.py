"""The daily digest (docs/records/processing.md): one e-mail to each person with incoming
documents waiting for them — the overdue ones first, then by deadline — through the SMTP server
of the profile's `[mail]`. `docgen den digest` runs it (from cron); `--dry-run` shows what would
be sent without sending.

People and their addresses are the web application's users (`docgen.archive.people`): the same
list that says who may assign or handle a document, so a person who leaves the office (an
account made inactive) stops getting mail with no second list to keep.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from docgen.archive import people
from docgen.archive.register import RegisterStore
from docgen.errors import ProfileError, SystemDependencyError
from docgen.model.agency import Agency
from docgen.model.processing import MailOptions, Person
from docgen.services import settings
from docgen.services.followup import WorkList, my_work

#: seconds to wait for the mail server
TIMEOUT = 30


@dataclass(frozen=True)
class Message:
    """One person's digest: to whom, the subject and text, and their work list."""

    to: Person
    subject: str
    body: str
    work: WorkList


@dataclass(frozen=True)
class Plan:
    """Who gets a digest today, and who has work but no address (told on the command line)."""

    messages: tuple[Message, ...]
    no_address: tuple[Person, ...]


def _body(agency: Agency, who: Person, work: WorkList, site: str) -> str:
    lines = [
        f"Kính gửi {who.display},",
        "",
        f"Ngày {work.today:%d/%m/%Y}, {agency.name} có {work.total} việc về văn bản đến đang chờ "
        f"anh/chị" + (f", trong đó {work.overdue} việc đã quá hạn" if work.overdue else "") + ":",
        "",
    ]
    for index, item in enumerate(work.items, start=1):
        due = f"hạn {item.deadline:%d/%m/%Y}" if item.deadline else "không ghi hạn"
        late = item.days_late(work.today)
        mark = f"QUÁ HẠN {late} ngày — " if late else ""
        lines.append(f"{index}. {mark}{item.action}: {item.title} ({due})")
        if item.detail:
            lines.append(f"   {item.detail}")
        if site:
            lines.append(f"   {site}/van-ban/{item.ref}/")
    if work.total > len(work.items):
        lines.append(f"… và {work.total - len(work.items)} việc nữa.")
    lines += ["", "Thư này do docgen gửi tự động mỗi ngày; không trả lời thư này."]
    if site:
        lines.append(f"Việc của tôi: {site}/viec-cua-toi/")
    return "\n".join(lines) + "\n"


def plan(store: RegisterStore, agency: Agency, *, today: dt.date | None = None) -> Plan:
    """Every active person with incoming documents waiting for them gets a message; those
    without an e-mail address are listed apart."""
    today = today or store.today()
    messages: list[Message] = []
    missing: list[Person] = []
    for who in people.everyone(store.db):
        if not who.active:
            continue
        work = my_work(store, who, today=today)
        if not work.total:
            continue
        if not who.email:
            missing.append(who)
            continue
        late = f", {work.overdue} quá hạn" if work.overdue else ""
        subject = (
            f"[{agency.abbreviation}] {work.total} văn bản đến chờ xử lý{late} — "
            f"ngày {today:%d/%m/%Y}"
        )
        messages.append(Message(who, subject, _body(agency, who, work, agency.mail.site_url), work))
    return Plan(tuple(messages), tuple(missing))


def _email(mail: MailOptions, agency: Agency, message: Message) -> EmailMessage:
    email = EmailMessage()
    email["From"] = formataddr((agency.name, mail.sender))
    email["To"] = formataddr((message.to.display, message.to.email))
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=mail.sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    return email


def send(agency: Agency, messages: Sequence[Message]) -> int:
    """Send `messages` through `[mail]`, one connection for all; returns how many were sent.

    ProfileError when `[mail]` is missing or its password variable is unset;
    SystemDependencyError when the server cannot be reached or refuses (nothing is retried:
    tomorrow's digest lists the same documents again)."""
    mail = agency.mail
    if not messages:
        return 0
    if not mail.configured:
        raise ProfileError(
            "chưa khai máy chủ thư ([mail] host, from)",
            field="mail",
            hint='thêm [mail] host = "…", from = "…" vào docgen.toml, hoặc chạy với --dry-run.',
        )
    password = settings.secret(mail.password_env) if mail.user else None
    if mail.user and password is None:
        raise ProfileError(
            f"chưa có mật khẩu hộp thư: biến môi trường {mail.password_env} chưa đặt",
            field="mail.password_env",
            hint=f"đặt {mail.password_env} trong môi trường chạy docgen (cron) rồi chạy lại.",
        )
    where = f"{mail.host}:{mail.port}"
    sent = 0
    try:
        context = ssl.create_default_context()
        server: smtplib.SMTP
        if mail.tls == "ssl":
            server = smtplib.SMTP_SSL(mail.host, mail.port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT)
        with server:
            if mail.tls == "starttls":
                server.starttls(context=context)
            if mail.user:
                assert password is not None
                server.login(mail.user, password)
            for message in messages:
                server.send_message(_email(mail, agency, message))
                sent += 1
    except smtplib.SMTPAuthenticationError:
        raise SystemDependencyError(
            f"máy chủ thư {where} không nhận tên đăng nhập/mật khẩu của {mail.user}",
            hint=f"kiểm tra [mail] user và mật khẩu trong {mail.password_env}.",
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise SystemDependencyError(
            f"không gửi được thư qua {where} (đã gửi {sent}/{len(messages)}): {error}",
            hint="kiểm tra [mail] host, port, tls và mạng; lần chạy sau gửi lại đủ.",
        ) from None
    return sent
