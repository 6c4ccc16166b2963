"""The way of a draft (`docgen.rules.approval`): every action by every kind of person in every
state, against the table of what ND30 Điều 10–13 and the agency's policy allow — all else is
refused with a sentence."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from docgen.rules import approval as a

KIND = "cong-van"
STEPS3 = (a.UNIT_HEAD, a.RECORDS, a.SIGNER)

PEOPLE = {
    "author": a.Actor(1, a.SPECIALIST, "KHTH"),
    "colleague": a.Actor(2, a.SPECIALIST, "KHTH"),
    "other-unit": a.Actor(3, a.SPECIALIST, "VP"),
    "head": a.Actor(4, a.SPECIALIST, "KHTH", unit_head=True),
    "other-head": a.Actor(5, a.SPECIALIST, "VP", unit_head=True),
    "clerk": a.Actor(6, a.CLERK, "VT"),
    "signer": a.Actor(7, a.LEADER, signer_key="truong-ban"),
    "other-signer": a.Actor(8, a.LEADER, signer_key="pho-truong-ban"),
    "admin": a.Actor(9, a.ADMIN),
}
BASE = a.DraftState(a.DRAFTING, author=1, unit="KHTH", kind=KIND, signer="truong-ban",
                    digest="v1")  # fmt: skip
STATES = {
    "drafting": BASE,
    "returned": replace(BASE, status=a.RETURNED),
    "at-head": replace(BASE, status=a.PENDING, steps=STEPS3, step=0),
    "at-clerk": replace(BASE, status=a.PENDING, steps=STEPS3, step=1),
    "at-signer": replace(BASE, status=a.PENDING, steps=STEPS3, step=2),
    "approved": replace(BASE, status=a.APPROVED, steps=STEPS3, approved="v1"),
    "issued": replace(BASE, status=a.ISSUED, steps=STEPS3, approved="v1"),
}
UNIT = {"author", "colleague", "head"}  #: the drafting unit's specialists (its head among them)
#: (state, action) -> who may: everything not here is refused
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("drafting", a.EDIT): UNIT,
    ("returned", a.EDIT): UNIT,
    ("approved", a.EDIT): UNIT,  # and it goes back to drafting
    ("drafting", a.SUBMIT): UNIT,
    ("returned", a.SUBMIT): UNIT,
    ("at-head", a.RECALL): UNIT,
    ("at-clerk", a.RECALL): UNIT,
    ("at-signer", a.RECALL): UNIT,
    ("approved", a.RECALL): UNIT,
    ("at-head", a.PASS): {"head"},
    ("at-head", a.RETURN): {"head"},
    ("at-clerk", a.PASS): {"clerk"},
    ("at-clerk", a.RETURN): {"clerk"},
    ("at-signer", a.PASS): {"signer"},
    ("at-signer", a.RETURN): {"signer"},
    ("approved", a.ISSUE): {"clerk"},
}
EXPECTED_STATUS = {
    a.EDIT: a.DRAFTING,
    a.SUBMIT: a.PENDING,
    a.RECALL: a.DRAFTING,
    a.RETURN: a.RETURNED,
    a.ISSUE: a.ISSUED,
}


@pytest.mark.parametrize(
    ("state_name", "action", "who"),
    list(itertools.product(STATES, a.ACTIONS, PEOPLE)),
)
def test_every_action_by_everyone_in_every_state(state_name: str, action: str, who: str) -> None:
    state = STATES[state_name]
    decision = a.decide(
        state, action, PEOPLE[who], a.Policy(), steps=STEPS3, digest="v2", comment="sửa đoạn 2"
    )
    allowed = who in ALLOWED.get((state_name, action), set())
    assert decision.ok is allowed, decision.refused
    if not allowed:
        assert decision.refused and decision.state is None
        return
    assert decision.state is not None and decision.state.revision == state.revision + 1
    if action == a.PASS:
        last = state.step == len(state.steps) - 1
        assert decision.state.status == (a.APPROVED if last else a.PENDING)
        assert decision.state.step == (state.step if last else state.step + 1)
    elif action == a.EDIT and state_name in ("drafting", "returned"):
        assert decision.state.status == state.status and decision.state.digest == "v2"
    else:
        assert decision.state.status == EXPECTED_STATUS[action]


def test_the_whole_way_and_the_version_issued_is_the_one_approved() -> None:
    policy = a.Policy(steps=STEPS3)
    route = a.route(policy, KIND, unit_has_head=True, author_heads_unit=False)
    assert route == STEPS3
    state = a.decide(BASE, a.SUBMIT, PEOPLE["author"], policy, steps=route).state
    for who in ("head", "clerk", "signer"):
        assert state is not None
        state = a.decide(state, a.PASS, PEOPLE[who], policy).state
    assert state is not None and state.status == a.APPROVED and state.approved == "v1"
    edited = a.decide(state, a.EDIT, PEOPLE["author"], policy, digest="v2")
    assert edited.state is not None and edited.state.status == a.DRAFTING
    assert edited.note == "sửa sau khi đã duyệt: phải trình duyệt lại"
    refused = a.decide(edited.state, a.ISSUE, PEOPLE["clerk"], policy)
    assert refused.refused == "bản dự thảo chưa được duyệt"
    # a content changed behind the rules' back is refused at issue all the same
    tampered = replace(state, digest="v3")
    assert "đã bị sửa sau khi duyệt" in a.decide(tampered, a.ISSUE, PEOPLE["clerk"], policy).refused
    issued = a.decide(state, a.ISSUE, PEOPLE["clerk"], policy)
    assert issued.state is not None and issued.state.status == a.ISSUED


def test_a_return_needs_its_reason() -> None:
    at_head = STATES["at-head"]
    assert "lý do" in a.decide(at_head, a.RETURN, PEOPLE["head"], a.Policy()).refused
    done = a.decide(at_head, a.RETURN, PEOPLE["head"], a.Policy(), comment="  thiếu căn cứ ")
    assert done.note == "trả lại ở bước trưởng đơn vị: thiếu căn cứ"


def test_the_unit_head_step_is_skipped_when_the_unit_has_none_or_heads_the_draft() -> None:
    policy = a.Policy()
    assert a.route(policy, KIND, unit_has_head=True, author_heads_unit=False) == (
        a.UNIT_HEAD, a.SIGNER,
    )  # fmt: skip
    assert a.route(policy, KIND, unit_has_head=False, author_heads_unit=False) == (a.SIGNER,)
    assert a.route(policy, KIND, unit_has_head=True, author_heads_unit=True) == (a.SIGNER,)


def test_steps_by_type_and_signers_by_type() -> None:
    policy = a.Policy(
        by_kind=(("giay-moi", (a.SIGNER,)),),
        signer_kinds=(("pho-truong-ban", frozenset({"giay-moi"})),),
    )
    assert a.route(policy, "giay-moi", unit_has_head=True, author_heads_unit=False) == (a.SIGNER,)
    pending = replace(STATES["at-signer"], signer="")  # a Word draft names no signer
    deputy = PEOPLE["other-signer"]
    refused = a.decide(pending, a.PASS, deputy, policy)
    assert refused.refused == "theo quy chế của cơ quan, người ký này không duyệt loại văn bản này"
    invitation = replace(pending, kind="giay-moi", steps=(a.SIGNER,), step=0)
    assert a.decide(invitation, a.PASS, deputy, policy).ok


def test_a_stale_revision_is_the_callers_to_detect() -> None:
    """Each decision moves the revision on: the web stores it with a conditional update, so of
    two people acting on the same revision one wins (see tests/web)."""
    first = a.decide(STATES["at-signer"], a.PASS, PEOPLE["signer"], a.Policy())
    assert first.state is not None and first.state.revision == STATES["at-signer"].revision + 1
