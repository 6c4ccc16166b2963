"""The way of an incoming document (docgen.rules.processing): every action × every kind of actor ×
every stage, allowed or refused as the table says (docs/records/processing.md), and what each
allowed step does to the state; the arguments each step checks; the report's counting."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from docgen.model.processing import (
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
)
from docgen.rules.processing import Ask, apply, decide, outcome, permitted

TODAY = dt.date(2024, 5, 10)
AT = dt.datetime(2024, 5, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
UNITS = frozenset({"VT", "KHTH", "VP", "QLDN"})

#: the kinds of actor, relative to one document led by KHTH, presented to `nguoinhan` (a
#: non-leader the agency names), assigned by `lanhdao`, handled by `chuyenvien`
ACTORS = {
    "van_thu": Person("vanthu", "Phạm Thị Lan", "van_thu", "VT"),
    "lanh_dao": Person("lanhdao2", "Nguyễn Văn Ngân", "lanh_dao"),
    "nguoi_duoc_trinh": Person("nguoinhan", "Trần Chánh", "chuyen_vien", "VP"),
    "nguoi_da_phan_cong": Person("lanhdao", "Lê Quang Long", "lanh_dao"),
    "truong_don_vi_chu_tri": Person("tpkhth", "Đỗ Trưởng", "chuyen_vien", "KHTH", unit_head=True),
    "truong_don_vi_khac": Person("tpvp", "Vũ Trưởng", "chuyen_vien", "VP", unit_head=True),
    "nguoi_xu_ly": Person("chuyenvien", "Nguyễn Thu Hà", "chuyen_vien", "KHTH"),
    "chuyen_vien_khac": Person("chuyenvien2", "Trần Văn Bình", "chuyen_vien", "KHTH"),
    "quan_tri": Person("quantri", "Hoàng Văn Quản", "quan_tri"),
}
STAFF = Person("chuyenvien3", "Lý Thị Mai", "chuyen_vien", "KHTH")
LEADER = ACTORS["nguoi_da_phan_cong"]


def at_stage(stage: Stage) -> Handling:
    """A document that reached `stage` the usual way (the steps recorded through `apply`)."""
    h = Handling()
    steps = [
        (PRESENT, ACTORS["van_thu"], {"to": "nguoinhan", "to_name": "Trần Chánh"}),
        (ASSIGN, LEADER, {"lead": "KHTH", "cooperating": ["VP"], "informed": [],
                          "deadline": "2024-05-20", "instruction": "Tham mưu"}),
        (DELEGATE, ACTORS["truong_don_vi_chu_tri"], {"to": "chuyenvien", "to_name": "Nguyễn Thu Hà",
                                                     "deadline": None}),
        (CLOSE, ACTORS["nguoi_xu_ly"], {"filed": True, "on": "2024-05-10"}),
    ]  # fmt: skip
    order = list(Stage)
    for action, by, data in steps[: order.index(stage)]:
        h = apply(h, action, {"by": {"username": by.username, "name": by.name}} | data, AT)
    assert h.stage is stage
    return h


def good_ask(action: str, h: Handling) -> Ask:
    """Arguments that are right for `action` (so only the stage and the actor decide)."""
    if action == PRESENT:
        return Ask(to=ACTORS["lanh_dao"] if h.presented_to == "nguoinhan" else LEADER)
    if action == ASSIGN:
        return Ask(lead="KHTH", cooperating=("VP",), deadline=dt.date(2024, 5, 20))
    if action == REASSIGN:
        return Ask(lead="VP", deadline=dt.date(2024, 5, 25), instruction="chuyển VP")
    if action == DELEGATE:
        return Ask(to=STAFF)
    if action == PROGRESS:
        return Ask(note="đang dự thảo")
    return Ask(filed=True)


# fmt: off
#: action -> stage -> the actors who may take it (every other actor is refused)
ALLOWED: dict[str, dict[Stage, set[str]]] = {
    PRESENT: {Stage.CHO_TRINH: {"van_thu"}, Stage.DA_TRINH: {"van_thu"}},
    ASSIGN: {Stage.DA_TRINH: {"lanh_dao", "nguoi_da_phan_cong", "nguoi_duoc_trinh"}},
    REASSIGN: {Stage.DA_PHAN_CONG: {"lanh_dao", "nguoi_da_phan_cong"},
               Stage.DANG_XU_LY: {"lanh_dao", "nguoi_da_phan_cong"}},
    DELEGATE: {Stage.DA_PHAN_CONG: {"truong_don_vi_chu_tri"},
               Stage.DANG_XU_LY: {"truong_don_vi_chu_tri"}},
    PROGRESS: {Stage.DANG_XU_LY: {"nguoi_xu_ly", "truong_don_vi_chu_tri"}},
    CLOSE: {Stage.DA_PHAN_CONG: {"truong_don_vi_chu_tri"},
            Stage.DANG_XU_LY: {"nguoi_xu_ly", "truong_don_vi_chu_tri"}},
}
#: what the allowed step leads to
NEXT = {PRESENT: Stage.DA_TRINH, ASSIGN: Stage.DA_PHAN_CONG, DELEGATE: Stage.DANG_XU_LY,
        PROGRESS: Stage.DANG_XU_LY, CLOSE: Stage.DA_XU_LY}
# fmt: on
CASES = list(itertools.product(ACTIONS, list(Stage), ACTORS))


@pytest.mark.parametrize(
    ("action", "stage", "actor"), CASES, ids=["-".join((a, s.value, r)) for a, s, r in CASES]
)
def test_every_action_by_every_actor_at_every_stage(action: str, stage: Stage, actor: str) -> None:
    h = at_stage(stage)
    who = ACTORS[actor]
    decision = decide(h, action, who, good_ask(action, h), today=TODAY, units=UNITS,
                      label="văn bản đến số 12")  # fmt: skip
    allowed = actor in ALLOWED[action].get(stage, set())
    assert decision.ok is allowed, (decision.refused, action, stage, actor)
    assert bool(permitted(h, action, who)) is not allowed
    if not allowed:
        assert decision.refused and not decision.field  # the step is refused, not a value
        if stage not in ALLOWED[action]:  # the wrong stage is said first, whoever asks
            assert "văn bản đến số 12" in decision.refused
        return
    assert decision.payload is not None
    assert decision.payload["by"]["username"] == who.username
    after = apply(h, action, decision.payload, AT)
    assert after.version == h.version + 1 and after.steps[-1].by.username == who.username
    if action == REASSIGN:  # to another unit: the person is dropped, its head names one again
        assert (after.stage, after.lead, after.assignee) == (Stage.DA_PHAN_CONG, "VP", "")
    else:
        assert after.stage is NEXT[action]


def test_a_closed_document_refuses_everything_and_says_how_it_ended() -> None:
    h = at_stage(Stage.DA_XU_LY)
    for action, who in itertools.product(ACTIONS, ACTORS.values()):
        decision = decide(h, action, who, good_ask(action, h), today=TODAY, units=UNITS,
                          label="văn bản đến số 12")  # fmt: skip
        assert decision.refused == "văn bản đến số 12 đã xử lý xong ngày 10/05/2024 (lưu hồ sơ)"


def test_the_second_of_two_assigners_hears_who_assigned_and_when() -> None:
    h = at_stage(Stage.DA_TRINH)
    first = decide(h, ASSIGN, LEADER, good_ask(ASSIGN, h), today=TODAY, units=UNITS)
    assert first.payload is not None
    after = apply(h, ASSIGN, first.payload, AT)
    second = decide(after, ASSIGN, ACTORS["lanh_dao"], Ask(lead="VP"), today=TODAY, units=UNITS,
                    label="văn bản đến số 12")  # fmt: skip
    assert second.refused == (
        "văn bản đến số 12 đã được Lê Quang Long phân công lúc 09:00 ngày 10/05/2024 "
        "(bây giờ: chờ giao người xử lý)"
    )
    # a form based on what was seen before the change is refused too, even for a reassignment
    stale = decide(after, REASSIGN, LEADER, Ask(lead="VP", expected=h.version), today=TODAY,
                   units=UNITS, label="văn bản đến số 12")  # fmt: skip
    assert stale.refused.startswith("trong lúc bạn xem, văn bản đến số 12 đã được Lê Quang Long")


def test_a_step_not_reached_yet_says_what_comes_first() -> None:
    h = at_stage(Stage.CHO_TRINH)
    said = {a: decide(h, a, LEADER, good_ask(a, h), today=TODAY, units=UNITS, label="số 12")
            for a in (ASSIGN, DELEGATE, PROGRESS)}  # fmt: skip
    assert said[ASSIGN].refused == "số 12 chưa được trình lãnh đạo"
    assert said[DELEGATE].refused == "số 12 chưa được phân công đơn vị chủ trì"
    assert said[PROGRESS].refused == "số 12 chưa được giao cho người xử lý"


def test_an_inactive_account_takes_no_step() -> None:
    h = at_stage(Stage.CHO_TRINH)
    gone = Person("vanthu", "Phạm Thị Lan", "van_thu", "VT", active=False)
    assert decide(h, PRESENT, gone, good_ask(PRESENT, h), today=TODAY, units=UNITS).refused == (
        "tài khoản vanthu đã bị khóa"
    )


@pytest.mark.parametrize(
    ("ask", "field", "words"),
    [
        (Ask(), "--chu-tri", "chưa chọn đơn vị chủ trì"),
        (Ask(lead="KTTC"), "--chu-tri", "đơn vị KTTC không có"),
        (Ask(lead="KHTH", cooperating=("XYZ",)), "--phoi-hop", "đơn vị XYZ không có"),
        (Ask(lead="KHTH", cooperating=("KHTH",)), "--phoi-hop", "KHTH là đơn vị chủ trì"),
        (Ask(lead="KHTH", cooperating=("VP",), informed=("VP",)), "--de-biet", "VP vừa phối hợp"),
        (Ask(lead="KHTH", deadline=dt.date(2024, 5, 9)), "--han", "09/05/2024 đã qua"),
    ],
)
def test_an_assignment_names_known_units_once_and_a_deadline_not_past(
    ask: Ask, field: str, words: str
) -> None:
    decision = decide(at_stage(Stage.DA_TRINH), ASSIGN, LEADER, ask, today=TODAY, units=UNITS)
    assert (decision.ok, decision.field) == (False, field)
    assert words in decision.refused


def test_a_deadline_of_today_is_allowed_and_not_overdue_until_tomorrow() -> None:
    decision = decide(at_stage(Stage.DA_TRINH), ASSIGN, LEADER, Ask(lead="KHTH", deadline=TODAY),
                      today=TODAY, units=UNITS)  # fmt: skip
    assert decision.payload is not None
    h = apply(at_stage(Stage.DA_TRINH), ASSIGN, decision.payload, AT)
    assert not h.overdue(TODAY) and h.overdue(TODAY + dt.timedelta(days=1))


def test_the_unit_head_gives_it_to_a_person_of_the_unit_within_the_heads_deadline() -> None:
    h = at_stage(Stage.DA_PHAN_CONG)  # deadline 20/05/2024
    head = ACTORS["truong_don_vi_chu_tri"]
    other_unit = Person("cvvp", "Mai Văn Phòng", "chuyen_vien", "VP")

    def delegating(ask: Ask) -> str:
        return decide(h, DELEGATE, head, ask, today=TODAY, units=UNITS).refused

    assert "không thuộc đơn vị chủ trì KHTH" in delegating(Ask(to=other_unit))
    assert "sau hạn lãnh đạo giao (20/05/2024)" in delegating(
        Ask(to=STAFF, deadline=dt.date(2024, 5, 21))
    )
    assert delegating(Ask()) == "chưa chọn người xử lý"
    ok = decide(h, DELEGATE, head, Ask(to=STAFF, deadline=dt.date(2024, 5, 15)), today=TODAY,
                units=UNITS)  # fmt: skip
    assert ok.payload is not None
    after = apply(h, DELEGATE, ok.payload, AT)
    assert (after.assignee, after.due, after.deadline) == (
        "chuyenvien3",
        dt.date(2024, 5, 15),
        dt.date(2024, 5, 20),
    )
    assert after.receivers == "KHTH (chủ trì), Lý Thị Mai; VP (phối hợp)"


def test_a_reassignment_within_the_unit_keeps_the_person_and_an_identical_one_is_refused() -> None:
    h = at_stage(Stage.DANG_XU_LY)
    same = decide(h, REASSIGN, LEADER, Ask(lead="KHTH", cooperating=("VP",),
                  deadline=dt.date(2024, 5, 20), instruction="Tham mưu"), today=TODAY, units=UNITS)  # fmt: skip
    assert same.refused == "phân công mới giống hệt phân công đang có"
    later = decide(h, REASSIGN, LEADER, Ask(lead="KHTH", deadline=dt.date(2024, 5, 31)),
                   today=TODAY, units=UNITS)  # fmt: skip
    assert later.payload is not None
    after = apply(h, REASSIGN, later.payload, AT)
    assert (after.stage, after.assignee, after.deadline, after.cooperating) == (
        Stage.DANG_XU_LY,
        "chuyenvien",
        dt.date(2024, 5, 31),
        (),
    )


def test_closing_takes_a_reply_or_lưu_hồ_sơ_and_a_reply_not_older_than_the_document() -> None:
    h = at_stage(Stage.DANG_XU_LY)
    person = ACTORS["nguoi_xu_ly"]
    reply = Reply("05/BQL-KHTH", 2024, "hanh_chinh", 5, dt.date(2024, 5, 10))
    both = decide(h, CLOSE, person, Ask(reply=reply, filed=True), today=TODAY, units=UNITS)
    neither = decide(h, CLOSE, person, Ask(), today=TODAY, units=UNITS)
    assert both.field == neither.field == "--tra-loi"
    old = Reply("01/BQL-KHTH", 2024, "hanh_chinh", 1, dt.date(2024, 5, 2))
    early = decide(h, CLOSE, person, Ask(reply=old), today=TODAY, units=UNITS,
                   arrival=dt.date(2024, 5, 8), label="văn bản đến số 12")  # fmt: skip
    assert "ban hành ngày 02/05/2024, trước khi văn bản đến số 12 đến (08/05/2024)" in early.refused
    done = decide(h, CLOSE, person, Ask(reply=reply, note="đã gửi"), today=TODAY, units=UNITS,
                  arrival=dt.date(2024, 5, 8))  # fmt: skip
    assert done.payload is not None
    after = apply(h, CLOSE, done.payload, AT)
    assert (after.stage, after.closed_on, after.reply, after.filed) == (
        Stage.DA_XU_LY,
        TODAY,
        reply,
        False,
    )
    assert after.remarks()[-1] == "Đã xử lý ngày 10/05/2024: trả lời bằng văn bản số 05/BQL-KHTH"
    assert after.steps[-1].text == "Trả lời bằng văn bản số 05/BQL-KHTH: đã gửi"


def test_progress_needs_words() -> None:
    h = at_stage(Stage.DANG_XU_LY)
    assert decide(h, PROGRESS, ACTORS["nguoi_xu_ly"], Ask(note="  "), today=TODAY,
                  units=UNITS).refused == "chưa ghi tiến độ"  # fmt: skip


def test_presenting_again_to_the_same_person_is_refused() -> None:
    h = at_stage(Stage.DA_TRINH)  # presented to nguoinhan
    again = decide(h, PRESENT, ACTORS["van_thu"], Ask(to=ACTORS["nguoi_duoc_trinh"]),
                   today=TODAY, units=UNITS, label="số 12")  # fmt: skip
    assert again.refused == "số 12 đã được trình Trần Chánh"


@pytest.mark.parametrize(
    ("deadline", "closed", "expected"),
    [
        (None, None, PENDING),
        (None, TODAY, ON_TIME),
        (TODAY, None, PENDING),  # due today: not overdue yet
        (TODAY - dt.timedelta(days=1), None, OVERDUE),
        (TODAY, TODAY, ON_TIME),  # done on the deadline: on time
        (TODAY - dt.timedelta(days=1), TODAY, LATE),
        (TODAY + dt.timedelta(days=3), TODAY, ON_TIME),
    ],
)
def test_the_report_counts_on_time_late_overdue_and_pending(
    deadline: dt.date | None, closed: dt.date | None, expected: str
) -> None:
    assert outcome(deadline, closed, TODAY) == expected
