"""The way of an incoming document through the office (ND30 Điều 23–24): the văn thư presents it,
the head (or the person it was presented to) assigns it to a lead unit with the units that
cooperate, those informed, a deadline and an instruction; the lead unit's head gives it to a
person; the person records progress and closes it with the reply's number or "lưu hồ sơ".

Pure. `decide(handling, action, actor, ask, …)` says what an action by whom does — the event
payload to record — or why it is refused (one Vietnamese sentence); `apply(handling, action,
payload, at)` is the new state after a recorded event (the register's fold and the service both
use it, so what is stored and what is shown cannot differ). `outcome()` is how the report counts
a document. The tests walk every action × role × stage through `decide`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from docgen.model.processing import (
    ACTION_DONE,
    ACTIONS,
    ASSIGN,
    CLOSE,
    DELEGATE,
    LATE,
    ON_TIME,
    OVERDUE,
    PENDING,
    PRESENT,
    PROGRESS,
    REASSIGN,
    Handling,
    Person,
    Reply,
    Stage,
    Step,
    Who,
)

__all__ = ["ACTIONS", "Ask", "Decision", "apply", "decide", "outcome", "permitted"]

# roles (the web application's Member.role values)
CHUYEN_VIEN = "chuyen_vien"
VAN_THU = "van_thu"
LANH_DAO = "lanh_dao"
QUAN_TRI = "quan_tri"

#: the stages each action may start from
FROM: dict[str, frozenset[Stage]] = {
    PRESENT: frozenset({Stage.CHO_TRINH, Stage.DA_TRINH}),
    ASSIGN: frozenset({Stage.DA_TRINH}),
    REASSIGN: frozenset({Stage.DA_PHAN_CONG, Stage.DANG_XU_LY}),
    DELEGATE: frozenset({Stage.DA_PHAN_CONG, Stage.DANG_XU_LY}),
    PROGRESS: frozenset({Stage.DANG_XU_LY}),
    CLOSE: frozenset({Stage.DA_PHAN_CONG, Stage.DANG_XU_LY}),
}
_ORDER = list(Stage)
#: what must have happened before an action, said when it has not
_NOT_YET = {
    ASSIGN: "chưa được trình lãnh đạo",
    REASSIGN: "chưa được phân công",
    DELEGATE: "chưa được phân công đơn vị chủ trì",
    PROGRESS: "chưa được giao cho người xử lý",
    CLOSE: "chưa được phân công đơn vị chủ trì",
}


@dataclass(frozen=True)
class Ask:
    """What the actor asks for, by action: `to` the person presented to or given the document;
    `lead`, `cooperating`, `informed`, `deadline`, `instruction` for an assignment (`deadline`
    also the person's, when a unit head gives it); `note` for progress or closing; `reply` or
    `filed` to close; `expected` the version the actor saw (None: not checked)."""

    to: Person | None = None
    lead: str = ""
    cooperating: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    deadline: dt.date | None = None
    instruction: str = ""
    note: str = ""
    reply: Reply | None = None
    filed: bool = False
    expected: int | None = None


@dataclass(frozen=True)
class Decision:
    """The payload of the event to record, or `refused` with the sentence that says why and,
    for a value the actor gave wrong, the `field` (else a refusal of the step itself)."""

    payload: dict[str, Any] | None = None
    refused: str = ""
    field: str = ""

    @property
    def ok(self) -> bool:
        return self.payload is not None


def _who(actor: Person) -> dict[str, str]:
    return {"username": actor.username, "name": actor.name, "role": actor.role}


def _when(step: Step) -> str:
    return f"lúc {step.at:%H:%M} ngày {step.at:%d/%m/%Y}"


def _stage_refusal(h: Handling, action: str, label: str) -> str:
    """Why `action` cannot start from the stage `h` is at: done already, not there yet, or
    someone else took the step meanwhile (the last step, who and when)."""
    if h.closed:
        when = f" ngày {h.closed_on:%d/%m/%Y}" if h.closed_on else ""
        how = f" ({h.outcome})" if h.outcome else ""
        return f"{label} đã xử lý xong{when}{how}"
    earliest = min(_ORDER.index(s) for s in FROM[action])
    if _ORDER.index(h.stage) < earliest:
        return f"{label} {_NOT_YET[action]}"
    last = h.steps[-1] if h.steps else None
    if last is None:
        return f"{label} đang ở bước “{h.stage.label}”"
    return (
        f"{label} đã được {last.by.display} {ACTION_DONE.get(last.action, last.action)} "
        f"{_when(last)} (bây giờ: {h.stage.label.lower()})"
    )


def _lead_head(actor: Person, h: Handling) -> bool:
    return actor.unit_head and bool(h.lead) and actor.unit == h.lead


def permitted(h: Handling, action: str, actor: Person, *, label: str = "văn bản đến") -> str:
    """ "" when `actor` may take `action` on a document at `h`; else why not (the stage first:
    two people acting at once, the second hears what the first did)."""
    if action not in FROM:
        return f"không có bước “{action}”"
    if not actor.active:
        return f"tài khoản {actor.username} đã bị khóa"
    if h.stage not in FROM[action]:
        return _stage_refusal(h, action, label)
    if action == PRESENT:
        if actor.role != VAN_THU:
            return "chỉ văn thư trình văn bản đến"
    elif action == ASSIGN:
        if actor.role != LANH_DAO and actor.username != h.presented_to:
            to = f" ({h.presented_to_name or h.presented_to})" if h.presented_to else ""
            return f"chỉ lãnh đạo hoặc người được trình{to} phân công {label}"
    elif action == REASSIGN:
        if actor.role != LANH_DAO and actor.username != h.assigned_by:
            return f"chỉ lãnh đạo hoặc người đã phân công phân công lại {label}"
    elif action == DELEGATE:
        if not _lead_head(actor, h):
            return f"chỉ trưởng đơn vị chủ trì ({h.lead}) giao người xử lý {label}"
    elif action == PROGRESS:
        if actor.username != h.assignee and not _lead_head(actor, h):
            return (
                f"chỉ người được giao xử lý ({h.assignee_name or h.assignee}) hoặc trưởng đơn "
                f"vị {h.lead} cập nhật tiến độ {label}"
            )
    elif action == CLOSE:
        if h.stage is Stage.DA_PHAN_CONG and not _lead_head(actor, h):
            return f"chỉ trưởng đơn vị chủ trì ({h.lead}) hoàn thành {label} khi chưa giao ai"
        in_hand = actor.username == h.assignee or _lead_head(actor, h)
        if h.stage is Stage.DANG_XU_LY and not in_hand:
            return (
                f"chỉ người được giao xử lý ({h.assignee_name or h.assignee}) hoặc trưởng "
                f"đơn vị {h.lead} hoàn thành {label}"
            )
    return ""


def _refuse(text: str, field: str = "") -> Decision:
    return Decision(refused=text, field=field)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def decide(
    h: Handling,
    action: str,
    actor: Person,
    ask: Ask,
    *,
    today: dt.date,
    units: frozenset[str],
    arrival: dt.date | None = None,
    label: str = "văn bản đến",
) -> Decision:
    """The event `action` by `actor` records on the document at `h`, or why it is refused.

    `units` are the agency's unit abbreviations (a lead unit must be one); `today` is the
    Vietnamese date (a deadline may not be in the past); `arrival` the date it was received (a
    reply issued before it cannot answer it). `ask.expected`, when given, must be `h.version`:
    a step based on what someone saw before another person changed the document is refused.
    """
    if ask.expected is not None and ask.expected != h.version and h.steps:
        last = h.steps[-1]
        return _refuse(
            f"trong lúc bạn xem, {label} đã được {last.by.display} "
            f"{ACTION_DONE.get(last.action, last.action)} {_when(last)}"
        )
    why = permitted(h, action, actor, label=label)
    if why:
        return _refuse(why)
    payload: dict[str, Any] = {"by": _who(actor)}
    if action == PRESENT:
        if ask.to is None:
            return _refuse("chưa chọn người được trình", "--cho")
        if not ask.to.active:
            return _refuse(f"tài khoản {ask.to.username} đã bị khóa", "--cho")
        if h.stage is Stage.DA_TRINH and ask.to.username == h.presented_to:
            return _refuse(f"{label} đã được trình {ask.to.display}", "--cho")
        payload |= {"to": ask.to.username, "to_name": ask.to.name, "note": ask.note.strip()}
        return Decision(payload)
    if action in (ASSIGN, REASSIGN):
        return _assignment(h, action, ask, payload, today=today, units=units)
    if action == DELEGATE:
        person = ask.to
        if person is None:
            return _refuse("chưa chọn người xử lý", "--nguoi")
        if not person.active:
            return _refuse(f"tài khoản {person.username} đã bị khóa", "--nguoi")
        if person.unit != h.lead:
            return _refuse(
                f"{person.display} thuộc đơn vị {person.unit or '(chưa ghi)'}, không thuộc đơn vị "
                f"chủ trì {h.lead}",
                "--nguoi",
            )
        if ask.deadline is not None:
            if ask.deadline < today:
                return _refuse(f"hạn {ask.deadline:%d/%m/%Y} đã qua", "--han")
            if h.deadline is not None and ask.deadline > h.deadline:
                return _refuse(
                    f"hạn cho người xử lý ({ask.deadline:%d/%m/%Y}) sau hạn lãnh đạo giao "
                    f"({h.deadline:%d/%m/%Y})",
                    "--han",
                )
        unchanged = person.username == h.assignee and ask.deadline == h.assignee_deadline
        if h.stage is Stage.DANG_XU_LY and unchanged:
            return _refuse(f"{label} đã được giao cho {person.display}", "--nguoi")
        payload |= {
            "to": person.username,
            "to_name": person.name,
            "deadline": _day(ask.deadline),
            "note": ask.note.strip(),
        }
        return Decision(payload)
    if action == PROGRESS:
        if not ask.note.strip():
            return _refuse("chưa ghi tiến độ", "TIẾN-ĐỘ")
        payload |= {"note": ask.note.strip()}
        return Decision(payload)
    # CLOSE
    if (ask.reply is None) == (not ask.filed):
        return _refuse("ghi số văn bản trả lời hoặc chọn lưu hồ sơ (một trong hai)", "--tra-loi")
    if ask.reply is not None:
        if ask.reply.date is not None and arrival is not None and ask.reply.date < arrival:
            return _refuse(
                f"văn bản {ask.reply.number_symbol} ban hành ngày {ask.reply.date:%d/%m/%Y}, "
                f"trước khi {label} đến ({arrival:%d/%m/%Y}), nên không trả lời nó được",
                "--tra-loi",
            )
        payload["reply"] = {
            "number_symbol": ask.reply.number_symbol,
            "year": ask.reply.year,
            "stream": ask.reply.stream,
            "number": ask.reply.number,
            "date": _day(ask.reply.date),
        }
    payload |= {"filed": ask.filed, "on": today.isoformat(), "note": ask.note.strip()}
    return Decision(payload)


def _assignment(
    h: Handling,
    action: str,
    ask: Ask,
    payload: dict[str, Any],
    *,
    today: dt.date,
    units: frozenset[str],
) -> Decision:
    lead = ask.lead.strip()
    if not lead:
        return _refuse("chưa chọn đơn vị chủ trì", "--chu-tri")
    for field, names in (("--chu-tri", (lead,)), ("--phoi-hop", ask.cooperating),
                         ("--de-biet", ask.informed)):  # fmt: skip
        unknown = [n for n in names if n not in units]
        if unknown:
            return _refuse(
                f"đơn vị {', '.join(unknown)} không có trong hồ sơ cơ quan ([units])", field
            )
    if lead in ask.cooperating or lead in ask.informed:
        return _refuse(f"{lead} là đơn vị chủ trì, không ghi thêm vào phối hợp hay để biết",
                       "--phoi-hop")  # fmt: skip
    both = sorted(set(ask.cooperating) & set(ask.informed))
    if both:
        return _refuse(f"{', '.join(both)} vừa phối hợp vừa để biết: chọn một", "--de-biet")
    if ask.deadline is not None and ask.deadline < today:
        return _refuse(f"hạn giải quyết {ask.deadline:%d/%m/%Y} đã qua", "--han")
    fields = {
        "lead": lead,
        "cooperating": list(dict.fromkeys(ask.cooperating)),
        "informed": list(dict.fromkeys(ask.informed)),
        "deadline": _day(ask.deadline),
        "instruction": ask.instruction.strip(),
    }
    if action == REASSIGN:
        current = {
            "lead": h.lead,
            "cooperating": list(h.cooperating),
            "informed": list(h.informed),
            "deadline": _day(h.deadline),
            "instruction": h.instruction,
        }
        if fields == current:
            return _refuse("phân công mới giống hệt phân công đang có", "--chu-tri")
    return Decision(payload | fields)


# --- folding: the state after a recorded event ---------------------------------------------------


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _units_text(label: str, names: tuple[str, ...]) -> str:
    return f"; {label} {', '.join(names)}" if names else ""


def apply(h: Handling, action: str, data: Mapping[str, Any], at: dt.datetime) -> Handling:
    """`h` after the recorded event `action` with payload `data` at `at`. An event that makes no
    sense at the stage it finds is still folded as recorded (the history is the truth); the
    rules refused it before it was written."""
    by_data = data.get("by") or {}
    by = Who(str(by_data.get("username", "")), str(by_data.get("name", "")),
             str(by_data.get("role", "")))  # fmt: skip
    if action == PRESENT:
        name = str(data.get("to_name", "")) or str(data.get("to", ""))
        h = replace(h, stage=Stage.DA_TRINH, presented_to=str(data.get("to", "")),
                    presented_to_name=str(data.get("to_name", "")))  # fmt: skip
        text = f"Trình {name}" + (f": {data['note']}" if data.get("note") else "")
    elif action in (ASSIGN, REASSIGN):
        lead = str(data.get("lead", ""))
        deadline = _date(data.get("deadline"))
        keep = action == REASSIGN and lead == h.lead and bool(h.assignee)
        person_deadline = h.assignee_deadline if keep else None
        if person_deadline is not None and deadline is not None and person_deadline > deadline:
            person_deadline = None
        h = replace(
            h,
            stage=Stage.DANG_XU_LY if keep else Stage.DA_PHAN_CONG,
            lead=lead,
            cooperating=tuple(data.get("cooperating", ())),
            informed=tuple(data.get("informed", ())),
            deadline=deadline,
            instruction=str(data.get("instruction", "")),
            assigned_by=by.username,
            assignee=h.assignee if keep else "",
            assignee_name=h.assignee_name if keep else "",
            assignee_deadline=person_deadline,
        )
        text = f"Chủ trì {lead}" + _units_text("phối hợp", h.cooperating)
        text += _units_text("để biết", h.informed)
        text += f"; hạn {deadline:%d/%m/%Y}" if deadline else "; không ghi hạn"
        text += f"; ý kiến: {h.instruction}" if h.instruction else ""
    elif action == DELEGATE:
        name = str(data.get("to_name", "")) or str(data.get("to", ""))
        deadline = _date(data.get("deadline"))
        h = replace(h, stage=Stage.DANG_XU_LY, assignee=str(data.get("to", "")),
                    assignee_name=str(data.get("to_name", "")), assignee_deadline=deadline)  # fmt: skip
        text = f"Giao {name}" + (f", hạn {deadline:%d/%m/%Y}" if deadline else "")
        text += f": {data['note']}" if data.get("note") else ""
    elif action == PROGRESS:
        h = replace(h, progress=str(data.get("note", "")))
        text = h.progress
    elif action == CLOSE:
        reply_data = data.get("reply")
        reply = (
            Reply(
                str(reply_data["number_symbol"]),
                int(reply_data["year"]),
                str(reply_data["stream"]),
                int(reply_data["number"]),
                _date(reply_data.get("date")),
            )
            if reply_data
            else None
        )
        h = replace(h, stage=Stage.DA_XU_LY, reply=reply, filed=bool(data.get("filed")),
                    closed_on=_date(data.get("on")) or at.date(),
                    closing_note=str(data.get("note", "")))  # fmt: skip
        text = h.outcome[:1].upper() + h.outcome[1:]
        text += f": {h.closing_note}" if h.closing_note else ""
    else:
        return h
    return replace(h, steps=(*h.steps, Step(action, by, at, text)))


# --- counting ------------------------------------------------------------------------------------


def outcome(deadline: dt.date | None, closed_on: dt.date | None, today: dt.date) -> str:
    """How the report counts a document with `deadline` (the head's), done on `closed_on` (None:
    not done), seen on `today`: ON_TIME (done on or before the deadline, or done without one),
    LATE (done after it), OVERDUE (not done, the deadline before today), PENDING (not done, the
    deadline today or later, or none)."""
    if closed_on is not None:
        return LATE if deadline is not None and closed_on > deadline else ON_TIME
    return OVERDUE if deadline is not None and deadline < today else PENDING
