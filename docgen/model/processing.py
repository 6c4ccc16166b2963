"""Handling an incoming document (ND30 Điều 23–24; docs/records/processing.md): presented to the
head, assigned to a lead unit with a deadline, given to a person by the unit's head, handled,
closed with a reply or filed — as plain data. The rules of the way are `docgen.rules.processing`.

A `Handling` is the state of one incoming row, folded from its events in the register's history
(`docgen.archive.processing_fold`); every `Step` says who did what and when.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # docgen.model.register holds a row's Handling: imported when used
    from docgen.model.register import EntryKey


class Stage(enum.Enum):
    """Where an incoming document is on its way through the office."""

    CHO_TRINH = "cho_trinh"  #: registered, not yet presented (Điều 23.1)
    DA_TRINH = "da_trinh"  #: presented, waiting for the head's assignment (Điều 23.2)
    DA_PHAN_CONG = "da_phan_cong"  #: assigned to a lead unit, waiting for its head to name a person
    DANG_XU_LY = "dang_xu_ly"  #: a person handles it (Điều 24)
    DA_XU_LY = "da_xu_ly"  #: done: answered by an outgoing document, or filed

    @property
    def label(self) -> str:
        """What a clerk reads (`Chờ phân công`)."""
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.CHO_TRINH: "Chờ trình",
    Stage.DA_TRINH: "Chờ phân công",
    Stage.DA_PHAN_CONG: "Chờ giao người xử lý",
    Stage.DANG_XU_LY: "Đang xử lý",
    Stage.DA_XU_LY: "Đã xử lý",
}

#: the steps (actions) of the way, as recorded in the history
PRESENT = "trinh"  #: the văn thư presents the document to the head (or the person named)
ASSIGN = "phan_cong"  #: the head names the lead unit, the others, a deadline, an instruction
REASSIGN = "phan_cong_lai"  #: the head changes an assignment already made
DELEGATE = "giao"  #: the lead unit's head names the person who handles it
PROGRESS = "tien_do"  #: the person records how far it is
CLOSE = "xong"  #: done: the reply's number, or "lưu hồ sơ"
ACTIONS = (PRESENT, ASSIGN, REASSIGN, DELEGATE, PROGRESS, CLOSE)
ACTION_LABELS = {
    PRESENT: "Trình",
    ASSIGN: "Phân công",
    REASSIGN: "Phân công lại",
    DELEGATE: "Giao xử lý",
    PROGRESS: "Cập nhật tiến độ",
    CLOSE: "Hoàn thành",
}
#: the past tense a message uses: "đã được … phân công"
ACTION_DONE = {
    PRESENT: "trình",
    ASSIGN: "phân công",
    REASSIGN: "phân công lại",
    DELEGATE: "giao xử lý",
    PROGRESS: "cập nhật tiến độ",
    CLOSE: "đánh dấu hoàn thành",
}

#: a deadline stands for "none" in sorted lists and indexes (later than every real one)
NO_DEADLINE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Who:
    """Who did a step: their user name, full name and role when they did it."""

    username: str
    name: str = ""
    role: str = ""

    @property
    def display(self) -> str:
        return self.name or self.username


@dataclass(frozen=True)
class Person:
    """A person of the office as the web application keeps them (`docgen.archive.people`):
    login name, full name, role (chuyen_vien, van_thu, lanh_dao, quan_tri), unit, whether they
    head it, e-mail address, and whether the account is active."""

    username: str
    name: str = ""
    role: str = ""
    unit: str = ""
    unit_head: bool = False
    email: str = ""
    active: bool = True

    @property
    def display(self) -> str:
        return self.name or self.username

    @property
    def who(self) -> Who:
        return Who(self.username, self.name, self.role)


@dataclass(frozen=True)
class Reply:
    """The outgoing document that answers an incoming one: its number and symbol as printed,
    its register row (year, stream, number) and its date."""

    number_symbol: str
    year: int
    stream: str
    number: int
    date: dt.date | None = None

    @property
    def key(self) -> EntryKey:
        """The reply's register row."""
        from docgen.model.register import EntryKey

        return EntryKey(self.year, self.stream, self.number)


@dataclass(frozen=True)
class Step:
    """One recorded step: the action, who did it, when (Vietnamese time), and what it said."""

    action: str
    by: Who
    at: dt.datetime
    text: str = ""

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass(frozen=True)
class Handling:
    """The processing state of one incoming document.

    `presented_to` is the user name of the person it was presented to; `lead` (đơn vị chủ trì),
    `cooperating` (phối hợp) and `informed` (để biết) are unit abbreviations; `deadline` (hạn
    giải quyết) is the head's, `assignee_deadline` the unit head's for the person (not later);
    `assigned_by` who made the assignment in force. Closed: `closed_on` and either `reply` or
    `filed` (lưu hồ sơ). `steps` is the whole history, in order.
    """

    stage: Stage = Stage.CHO_TRINH
    presented_to: str = ""
    presented_to_name: str = ""
    lead: str = ""
    cooperating: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    deadline: dt.date | None = None
    instruction: str = ""
    assigned_by: str = ""
    assignee: str = ""
    assignee_name: str = ""
    assignee_deadline: dt.date | None = None
    progress: str = ""
    reply: Reply | None = None
    filed: bool = False
    closed_on: dt.date | None = None
    closing_note: str = ""
    steps: tuple[Step, ...] = ()

    @property
    def version(self) -> int:
        """How many steps were recorded: a form shows it, and a step based on an older version
        is refused (someone else changed the document meanwhile)."""
        return len(self.steps)

    @property
    def due(self) -> dt.date | None:
        """The deadline that applies now: the person's when the unit head gave one, else the
        head's."""
        return self.assignee_deadline or self.deadline

    @property
    def closed(self) -> bool:
        return self.stage is Stage.DA_XU_LY

    def overdue(self, today: dt.date) -> bool:
        """Not done and its deadline has passed (a deadline of today is not overdue yet)."""
        due = self.due
        return not self.closed and due is not None and due < today

    @property
    def receivers(self) -> str:
        """Column (7) "Đơn vị hoặc người nhận" of the incoming register: the lead unit, the
        person handling it, the units that cooperate and those informed."""
        person = (self.assignee_name or self.assignee) if self.assignee else ""
        return receivers_text(self.lead, person, self.cooperating, self.informed)

    @property
    def outcome(self) -> str:
        """How it ended, as printed: `trả lời bằng văn bản số 05/BQL-KHTH`, `lưu hồ sơ`."""
        if self.reply is not None:
            return f"trả lời bằng văn bản số {self.reply.number_symbol}"
        return "lưu hồ sơ" if self.filed else ""

    def remarks(self) -> list[str]:
        """What column (10) Ghi chú of the incoming register adds: the instruction, the
        deadline, where it is, how it ended."""
        parts = []
        if self.instruction:
            parts.append(f"Ý kiến chỉ đạo: {self.instruction}")
        if self.deadline is not None:
            parts.append(f"Hạn giải quyết: {self.deadline:%d/%m/%Y}")
        if self.closed and self.closed_on is not None:
            parts.append(f"Đã xử lý ngày {self.closed_on:%d/%m/%Y}: {self.outcome}")
        elif self.stage is not Stage.CHO_TRINH:
            parts.append(self.stage.label)
        return parts


#: how the report counts a document (docs/records/processing.md): done on or before its
#: deadline (or done without one), done after it, not done and past it, not done and not past it
ON_TIME = "dung_han"
LATE = "tre_han"
OVERDUE = "qua_han"
PENDING = "dang_xu_ly"
OUTCOMES = (ON_TIME, LATE, OVERDUE, PENDING)
OUTCOME_LABELS = {
    ON_TIME: "Xong đúng hạn",
    LATE: "Xong trễ hạn",
    OVERDUE: "Quá hạn",
    PENDING: "Đang xử lý, trong hạn",
}


@dataclass(frozen=True)
class MailOptions:
    """`[mail]` of the profile: the SMTP server the daily digest goes through. `tls` is
    "starttls", "ssl" or "none"; the password is in the environment variable `password_env`
    (never in the profile). Empty `host`: no mail configured."""

    host: str = ""
    port: int = 587
    sender: str = ""
    tls: str = "starttls"
    user: str = ""
    password_env: str = "DOCGEN_MAIL_PASSWORD"
    #: the address the web application is reached at, for links in the e-mail ("": none)
    site_url: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


@dataclass(frozen=True)
class ProcessingOptions:
    """`[processing]` of the profile: who the văn thư presents incoming documents to when not
    told (`present_to`, a user name: the head, or the person the agency names, Điều 23)."""

    present_to: str = ""


def receivers_text(
    lead: str, person: str, cooperating: Sequence[str], informed: Sequence[str] = ()
) -> str:
    """ "Đơn vị hoặc người nhận" as the registers write it: `KHTH (chủ trì), Nguyễn Thu Hà;
    QLDN (phối hợp); VP (để biết)` — the lead unit and its person, cooperating, informed."""
    parts = []
    if lead:
        parts.append(f"{lead} (chủ trì), {person}" if person else f"{lead} (chủ trì)")
    if cooperating:
        parts.append(f"{', '.join(cooperating)} (phối hợp)")
    if informed:
        parts.append(f"{', '.join(informed)} (để biết)")
    return "; ".join(parts)
