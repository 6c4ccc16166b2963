"""Which closed files are due at the agency archive (nộp lưu, ND30 Điều 30.2): a file kept 05
years or more is handed over within 01 year from the day its work ended (or, with `[records]
transfer_deadline = "luat-2024"`, by the end of the next year: Luật Lưu trữ 2024, UNCONFIRMED;
`docgen.rules.records.transfer_deadline`). `docgen hoso due` lists them and the văn thư's home
page counts them (docs/records/hoso.md).

A file is due until the agency archive has received it (status `nop-luu`): a transfer package
built but not yet received (`GN-…`) is named beside it. Capital-construction files, due 03 months
after the final accounts (Điều 30.2.a), are not told apart: the plan does not say which they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docgen.archive import records as rs
from docgen.archive import records_actions as ra
from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.model.agency import Agency
from docgen.model.records import FileStatus, HoSo
from docgen.rules.records import transfer_deadline

#: by default, the files due within this many days (and those already late) are listed
DEFAULT_WITHIN_DAYS = 60


@dataclass(frozen=True)
class TransferDue:
    """A closed file the agency archive has not received yet, and by when it must."""

    hoso: HoSo
    deadline: dt.date
    days_left: int  #: negative: this many days late
    package: str = ""  #: the hand-over (`GN-2026-01`) of a package built for it, if any

    @property
    def late(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def transfer_due(
    store: RegisterStore, agency: Agency, *, today: dt.date, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[TransferDue]:
    """The closed files kept 05 years or more that are late or due within `within_days` of
    `today`, soonest first."""
    if within_days < 0:
        raise InputError(
            f"số ngày {within_days} không hợp lệ", field="--within-days", hint="ghi số ngày ≥ 0"
        )
    packaged = {
        notation: done.id
        for done in ra.actions(store.db, store.agency, ra.HANDOVER)
        for notation in done.notations
    }
    found = []
    for hoso in rs.files(store.db, store.agency, statuses=(FileStatus.CLOSED,)):
        if not hoso.retention.transferred or hoso.end_date is None:
            continue
        deadline = transfer_deadline(hoso.end_date, agency.records.transfer_deadline)
        left = (deadline - today).days
        if left <= within_days:
            found.append(TransferDue(hoso, deadline, left, packaged.get(hoso.notation, "")))
    return sorted(found, key=lambda d: (d.deadline, d.hoso.notation))
