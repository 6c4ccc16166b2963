"""Processing an incoming document (ND30 Điều 23–24; docs/records/processing.md): the văn thư
presents it, the head assigns it (lead unit, cooperating units, units informed, deadline,
instruction), the lead unit's head gives it to a person, the person records progress and closes
it with the reply's number or "lưu hồ sơ". The command line (`docgen den …`) and the web
application both call these.

Each step is one unit of work: under the register's lock the row's state is folded from its
history, `docgen.rules.processing.decide` says whether the step is allowed (and for whom), the
step is appended to the hash-chained history and the follow-up table (`docgen.archive.processing`)
is updated, then COMMIT. Two people taking the same step at once are served one after the
other: the second is refused with what the first did, who and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docgen.archive import people
from docgen.archive import processing as table
from docgen.archive.processing_fold import TYPE_OF
from docgen.archive.register import RegisterStore
from docgen.errors import InputError, RegisterError
from docgen.model.agency import Agency
from docgen.model.processing import (
    ASSIGN,
    CLOSE,
    DELEGATE,
    PRESENT,
    PROGRESS,
    REASSIGN,
    Handling,
    Person,
    Reply,
    Step,
)
from docgen.model.register import DEN, EntryKey, RegisterEntry, format_number
from docgen.rules import processing as rules

#: what to do after a refusal of the step itself (not of a value typed wrong)
_AFTER_REFUSAL = "xem hiện trạng (`docgen den xem SỐ-ĐẾN`, hoặc tải lại trang) rồi làm bước đúng."


@dataclass(frozen=True)
class Done:
    """A step recorded: the incoming row after it, and the step."""

    entry: RegisterEntry
    step: Step

    @property
    def handling(self) -> Handling:
        assert self.entry.handling is not None
        return self.entry.handling


def incoming_key(store: RegisterStore, number: int, year: int | None = None) -> EntryKey:
    """The incoming row số đến `number` of `year` (this year in Vietnam by default)."""
    return EntryKey(year if year is not None else store.today().year, DEN, number)


def label(key: EntryKey, today: dt.date) -> str:
    """`văn bản đến số 12` (`… số 12 năm 2023` for another year): how messages name it."""
    year = f" năm {key.year}" if key.year != today.year else ""
    return f"văn bản đến số {format_number(key.number)}{year}"


#: people by user name, to look `to` up in instead of the web application's users (tests)
Directory = Mapping[str, Person]


def person(
    store: RegisterStore,
    username: str,
    *,
    field: str = "--boi",
    directory: Directory | None = None,
) -> Person:
    """The person `username` of the web application's people (or of `directory`); InputError
    naming `field` when there is none (or no people at all yet)."""
    name = username.strip()
    if not name:
        raise InputError(
            "chưa ghi người thực hiện",
            field=field,
            hint="ghi tên đăng nhập, ví dụ --boi vanthu (hoặc đặt DOCGEN_USER).",
        )
    if directory is not None:
        known = directory.get(name)
        if known is None:
            raise InputError(f"không có người dùng `{name}`", field=field)
        return known
    if not people.available(store.db):
        raise InputError(
            "chưa có người dùng nào (danh sách người dùng của ứng dụng web)",
            field=field,
            hint="tạo người dùng bằng `docgen web createuser TÊN --vai-tro … --don-vi …`.",
        )
    found = people.find(store.db, name)
    if found is None:
        raise InputError(
            f"không có người dùng `{name}`",
            field=field,
            hint="ghi đúng tên đăng nhập (xem trang Quản trị › Người dùng của ứng dụng web).",
        )
    return found


def current(store: RegisterStore, key: EntryKey) -> RegisterEntry:
    """The incoming row `key` with its handling; InputError when there is no such số đến."""
    rows = store.entries_of(key.year, DEN, [key])
    if not rows:
        raise InputError(
            f"không có văn bản đến số {format_number(key.number)} năm {key.year}",
            field="SỐ-ĐẾN",
            hint="xem số đến bằng `docgen register show --den` (năm khác: --nam).",
        )
    return rows[0]


def answered_by(store: RegisterStore, key: EntryKey) -> list[table.Row]:
    """The incoming documents the outgoing row `key` answers ("trả lời văn bản đến số …")."""
    return table.answered_by(store.db, store.agency, key)


def _step(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    action: str,
    by: Person,
    ask: rules.Ask,
    via: str,
) -> Done:
    today = store.today()
    units = frozenset(u.abbreviation for u in agency.units)
    name = label(key, today)

    def decide(entry: RegisterEntry) -> tuple[str, dict[str, Any]]:
        decision = rules.decide(
            entry.handling or Handling(), action, by, ask, today=today, units=units,
            arrival=entry.date, label=name,
        )  # fmt: skip
        if decision.payload is None:
            if decision.field:
                raise InputError(decision.refused, field=decision.field, hint="sửa rồi làm lại.")
            raise RegisterError(decision.refused, hint=_AFTER_REFUSAL)
        payload = dict(decision.payload)
        if via:
            payload["via"] = via
        return TYPE_OF[action], payload

    with store.unit_of_work() as uow:
        entry = uow.record_processing(key, decide)
        handling = entry.handling
        assert handling is not None and handling.steps
        step = handling.steps[-1]
        uow.queue(table.write_statements(store.agency, entry, step.at.isoformat()))
        uow.commit()
    return Done(entry, step)


def present(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    *,
    by: Person,
    to: str = "",
    note: str = "",
    expected: int | None = None,
    via: str = "",
    directory: Directory | None = None,
) -> Done:
    """The văn thư presents the document to `to` (a user name; the profile's `[processing]
    present_to` when not given): the head, or the person the agency names (Điều 23)."""
    target = to.strip() or agency.processing.present_to
    if not target:
        raise InputError(
            "chưa ghi trình ai",
            field="--cho",
            hint="ghi --cho TÊN-ĐĂNG-NHẬP của lãnh đạo, hoặc đặt [processing] present_to.",
        )
    to_person = person(store, target, field="--cho", directory=directory)
    ask = rules.Ask(to=to_person, note=note, expected=expected)
    return _step(store, agency, key, PRESENT, by, ask, via)


def assign(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    *,
    by: Person,
    lead: str,
    cooperating: tuple[str, ...] = (),
    informed: tuple[str, ...] = (),
    deadline: dt.date | None = None,
    instruction: str = "",
    again: bool = False,
    expected: int | None = None,
    via: str = "",
) -> Done:
    """The head assigns the document: the lead unit (chủ trì), the units that cooperate (phối
    hợp) and those informed (để biết), the deadline (hạn giải quyết) and the instruction (ý kiến
    chỉ đạo). `again`: change an assignment already made (phân công lại)."""
    ask = rules.Ask(
        lead=lead.strip(), cooperating=tuple(u.strip() for u in cooperating if u.strip()),
        informed=tuple(u.strip() for u in informed if u.strip()), deadline=deadline,
        instruction=instruction, expected=expected,
    )  # fmt: skip
    return _step(store, agency, key, REASSIGN if again else ASSIGN, by, ask, via)


def delegate(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    *,
    by: Person,
    to: str,
    deadline: dt.date | None = None,
    note: str = "",
    expected: int | None = None,
    via: str = "",
    directory: Directory | None = None,
) -> Done:
    """The lead unit's head gives the document to `to` (a person of the unit), with their own
    deadline when given (not later than the head's)."""
    to_person = person(store, to, field="--nguoi", directory=directory)
    ask = rules.Ask(to=to_person, deadline=deadline, note=note, expected=expected)
    return _step(store, agency, key, DELEGATE, by, ask, via)


def progress(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    *,
    by: Person,
    note: str,
    expected: int | None = None,
    via: str = "",
) -> Done:
    """The person records how far the document is (tiến độ giải quyết)."""
    return _step(store, agency, key, PROGRESS, by, rules.Ask(note=note, expected=expected), via)


def find_reply(store: RegisterStore, notation: str, *, since: int) -> Reply:
    """The issued outgoing document `notation` (`05/BQL-KHTH`), in this year or an earlier one
    back to `since` (the incoming document's year: a reply is not issued before it); InputError
    when it was never issued."""
    from docgen.services.incoming import parse_notation

    number, symbol = parse_notation(notation, field="--tra-loi")
    this_year = store.today().year
    years = range(this_year, min(since, this_year) - 1, -1)
    found = table.issued_as(store.db, store.agency, number, symbol, years)
    if found is None:
        raise InputError(
            f"không có văn bản đi số {format_number(number)}/{symbol} đã ban hành "
            f"(năm {since}–{this_year})",
            field="--tra-loi",
            hint="ban hành văn bản trả lời trước (`docgen issue`), rồi ghi đúng số, ký hiệu.",
        )
    key, date = found
    return Reply(f"{format_number(number)}/{symbol}", key.year, key.stream, key.number, date)


def close(
    store: RegisterStore,
    agency: Agency,
    key: EntryKey,
    *,
    by: Person,
    reply: str = "",
    filed: bool = False,
    note: str = "",
    expected: int | None = None,
    via: str = "",
) -> Done:
    """Done: answered by the outgoing document `reply` (its number and symbol, issued by this
    agency), or filed (`filed`: lưu hồ sơ, nothing to answer). The outgoing document then shows
    which incoming document it answers."""
    found = find_reply(store, reply, since=key.year) if reply.strip() else None
    ask = rules.Ask(reply=found, filed=filed, note=note, expected=expected)
    return _step(store, agency, key, CLOSE, by, ask, via)


def verify(store: RegisterStore) -> list[str]:
    """Where the follow-up table differs from the register's history (empty: they agree)."""
    return table.differences(store.db, store.agency)


def rebuild(store: RegisterStore) -> int:
    """Make the follow-up table again from the history (one transaction); returns its rows."""
    with store.unit_of_work() as uow:
        uow.lock()
        statements = table.rebuild_statements(store.db, store.agency)
        uow.queue(statements)
        uow.commit()
    return len(statements) - 1
