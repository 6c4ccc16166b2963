"""The exchange (liên thông) as the web application offers it: the directory to pick receivers
from, what a document was sent to, and sending it — the same services `docgen send` calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, InputError
from docgen.model.exchange import ExchangeLeg, Organ
from docgen.model.register import EntryKey, key_of
from docgen.services.exchange import Sent, own_organ, send
from docgen.services.exchange_directory import directory

if TYPE_CHECKING:
    from docgen.services.office import Office


class ExchangeDesk:
    """`Office.exchange`: one office's sending desk."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def directory(self) -> list[Organ]:
        return directory(self.office.store)

    def not_ready(self) -> str:
        """Why this office cannot send yet (no agency code, an empty directory), or ""."""
        try:
            own_organ(self.office.agency)
        except DocgenError as error:
            return f"{error.message} — {error.hint}"
        if not self.directory():
            return (
                "danh bạ liên thông chưa có cơ quan nào — người quản trị nhập danh bạ bằng "
                "`docgen exchange directory import DANH-BA.xlsx`"
            )
        return ""

    def _key(self, doc_id: str) -> EntryKey:
        row = self.office.document(doc_id)
        if row is None or row.direction != "di" or row.number is None:
            raise InputError("chỉ gửi liên thông văn bản đi đã ban hành", field=doc_id)
        key = key_of(doc_id)
        if key is None:
            raise InputError("chỉ gửi liên thông văn bản đi đã ban hành", field=doc_id)
        return key

    def legs(self, doc_id: str) -> tuple[ExchangeLeg, ...]:
        """Whom the document `doc_id` was sent to, and the last status each reported."""
        entry = self.office.store.entry(self._key(doc_id))
        return entry.exchange if entry is not None else ()

    def send(self, doc_id: str, codes: Sequence[str], *, due_date: dt.date | None = None) -> Sent:
        """Send the issued document `doc_id` to the directory's agencies `codes`."""
        row = self.office.document(doc_id)
        if row is None or row.direction != "di":
            raise InputError("chỉ gửi liên thông văn bản đi đã ban hành", field=doc_id)
        if not codes:
            raise InputError("chọn ít nhất một nơi nhận trong danh bạ liên thông")
        return send(
            self.office.store, self.office.agency, self.office.archive, row.notation, codes,
            year=row.year, due_date=due_date,
        )  # fmt: skip
