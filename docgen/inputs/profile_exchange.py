"""`[exchange]` of the agency profile: sending and receiving edXML packages (liên thông).

    [exchange]
    outbox = "lien-thong/gui"          # where `docgen send` puts packages for the connector
    inbox = "lien-thong/nhan"          # where the connector puts packages for `docgen exchange poll`
    max_package_mb = 20                # a larger package (or file in it) received is refused
    trust_roots = ["ky-so/goc.pem"]    # roots a received document's signature is checked against

Paths are relative to the profile's folder; without outbox/inbox the folders are under the
archive root (`docgen.services.exchange`).
"""

from __future__ import annotations

from pathlib import Path

from docgen.inputs.reader import Section
from docgen.model.exchange import ExchangeOptions


def exchange_options(section: Section | None, base: Path) -> ExchangeOptions:
    """The `[exchange]` section read and checked; the defaults without one."""
    if section is None:
        return ExchangeOptions()

    def path(key: str) -> str:
        value = section.text(key, required=False)
        return str((base / value).resolve()) if value else ""

    limit = section.number("max_package_mb", default=ExchangeOptions.max_package_mb)
    if not 0 < limit <= 2048:
        section.fail(
            f"giới hạn gói tin {limit:g} MB không hợp lý",
            "ghi số MB từ 1 đến 2048, ví dụ max_package_mb = 20",
            key="max_package_mb",
        )
    options = ExchangeOptions(
        outbox=path("outbox"),
        inbox=path("inbox"),
        max_package_mb=limit,
        trust_roots=tuple(str((base / p).resolve()) for p in section.text_list("trust_roots")),
    )
    if options.outbox and options.outbox == options.inbox:
        section.fail(
            "outbox và inbox là cùng một thư mục",
            "gói tin gửi đi và gói tin nhận về phải ở hai thư mục khác nhau",
            key="inbox",
        )
    section.done()
    return options
