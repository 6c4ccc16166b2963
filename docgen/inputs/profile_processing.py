"""`[processing]` and `[mail]` of the agency profile: who incoming documents are presented to, and
the SMTP server of the daily digest (docs/records/processing.md).

    [processing]
    present_to = "giamdoc"              # the head (or the person the agency names), a user name

    [mail]
    host = "mail.bqlhanoi.gov.vn"
    port = 587
    from = "docgen@bqlhanoi.gov.vn"
    tls = "starttls"                    # "starttls", "ssl" or "none"
    user = "docgen"                     # when the server asks for a login
    password_env = "DOCGEN_MAIL_PASSWORD"   # the variable holding its password (never the password)
    site_url = "https://vanban.bqlhanoi.gov.vn"   # links in the e-mail, when the web app is served
"""

from __future__ import annotations

import re

from docgen.inputs.reader import Section
from docgen.model.processing import MailOptions, ProcessingOptions

TLS_MODES = ("starttls", "ssl", "none")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")


def processing_options(section: Section | None) -> ProcessingOptions:
    if section is None:
        return ProcessingOptions()
    options = ProcessingOptions(present_to=section.text("present_to", required=False))
    section.done()
    return options


def mail_options(section: Section | None) -> MailOptions:
    """`[mail]` read and checked; no mail without the section."""
    if section is None:
        return MailOptions()
    tls = section.text("tls", required=False, default="starttls")
    if tls not in TLS_MODES:
        section.fail(f"tls = `{tls}` không có", "ghi starttls, ssl hoặc none", key="tls")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[tls]
    port = section.integer("port", low=1, high=65535)
    sender = section.text("from", hint='ví dụ: from = "docgen@coquan.gov.vn"')
    if not _ADDRESS.match(sender):
        section.fail(f"`{sender}` không phải địa chỉ thư", "ví dụ docgen@coquan.gov.vn", key="from")
    password_env = section.text("password_env", required=False, default="DOCGEN_MAIL_PASSWORD")
    if not _ENV.match(password_env):
        section.fail(
            f"`{password_env}` không phải tên biến môi trường",
            "chỉ ghi TÊN biến (chữ in hoa, số, dấu _), không ghi mật khẩu vào tệp cấu hình",
            key="password_env",
        )
    options = MailOptions(
        host=section.text("host", hint='ví dụ: host = "mail.coquan.gov.vn"'),
        port=port if port is not None else default_port,
        sender=sender,
        tls=tls,
        user=section.text("user", required=False),
        password_env=password_env,
        site_url=section.text("site_url", required=False).rstrip("/"),
    )
    section.done()
    return options
