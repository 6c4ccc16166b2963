"""The way of a draft to issue (ND30 Điều 10–13): the specialist drafts, the unit head checks it,
the records office may check its format, the competent person approves it; returned with a
comment at any step, back to the specialist; the version approved is the version issued.

Pure: `decide(state, action, actor, policy)` says what an action by whom does to a draft, or why
it is refused (one Vietnamese sentence). The web application stores the state and calls this for
every change; the tests walk every action × role × state through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docgen.model.approval import RECORDS, SIGNER, STEP_NAMES, UNIT_HEAD, WAITING, Policy

__all__ = ["RECORDS", "SIGNER", "STEP_NAMES", "UNIT_HEAD", "WAITING", "Policy"]

# statuses (the web application's Draft.status values)
DRAFTING = "nhap"
PENDING = "trinh_ky"
APPROVED = "da_duyet"
RETURNED = "tra_lai"
ISSUED = "da_ban_hanh"

# actions
SUBMIT = "trinh"
PASS = "duyet"  #: the actor of the current step passes it on (the last step approves)
RETURN = "tra-lai"
EDIT = "sua"
RECALL = "rut-lai"
ISSUE = "ban-hanh"
ACTIONS = (SUBMIT, PASS, RETURN, EDIT, RECALL, ISSUE)

# roles (the web application's Member.role values)
SPECIALIST = "chuyen_vien"
CLERK = "van_thu"
LEADER = "lanh_dao"
ADMIN = "quan_tri"


@dataclass(frozen=True)
class Actor:
    """Who acts: their user id, role, unit, whether they head it, the profile signer they are."""

    user: int
    role: str
    unit: str = ""
    unit_head: bool = False
    signer_key: str = ""


@dataclass(frozen=True)
class DraftState:
    """What the rules need of a draft. `steps` are the ones it takes (fixed when submitted: the
    policy's, less a unit-head step when the unit has no head or the author heads it); `step`
    indexes the one it waits at while PENDING; `signer` is the profile signer it names ("" for
    a Word draft, whose signer is read at issue); `digest` identifies its content now and
    `approved` the content the last step approved."""

    status: str
    author: int
    unit: str
    kind: str
    signer: str = ""
    steps: tuple[str, ...] = ()
    step: int = 0
    digest: str = ""
    approved: str = ""
    revision: int = 0

    @property
    def waiting_at(self) -> str | None:
        return self.steps[self.step] if self.status == PENDING and self.steps else None


@dataclass(frozen=True)
class Decision:
    """The new state and the event to record (`event`: the action; `note`: why, for a clerk),
    or `refused` with the sentence that says why."""

    state: DraftState | None = None
    event: str = ""
    note: str = ""
    refused: str = ""

    @property
    def ok(self) -> bool:
        return not self.refused


def _refuse(why: str) -> Decision:
    return Decision(refused=why)


def route(
    policy: Policy, kind: str, *, unit_has_head: bool, author_heads_unit: bool
) -> tuple[str, ...]:
    """The steps a draft of `kind` takes when submitted now."""
    steps = policy.steps_for(kind)
    if not unit_has_head or author_heads_unit:
        steps = tuple(s for s in steps if s != UNIT_HEAD)
    return steps or (SIGNER,)


def acts_at(step: str, state: DraftState, actor: Actor, policy: Policy) -> str:
    """ "" when `actor` acts at `step` of `state`, else why not."""
    if step == UNIT_HEAD:
        if actor.unit_head and actor.unit == state.unit:
            return ""
        return f"bản dự thảo đang chờ trưởng đơn vị {state.unit} kiểm tra"
    if step == RECORDS:
        return "" if actor.role == CLERK else "bản dự thảo đang chờ văn thư kiểm tra thể thức"
    if actor.role != LEADER:
        return "bản dự thảo đang chờ lãnh đạo duyệt"
    if state.signer and actor.signer_key and state.signer != actor.signer_key:
        return "bản dự thảo này trình người ký khác"
    if actor.signer_key and not policy.may_approve(actor.signer_key, state.kind):
        return "theo quy chế của cơ quan, người ký này không duyệt loại văn bản này"
    return ""


def _authors(state: DraftState, actor: Actor) -> bool:
    """The author, or a specialist of the draft's unit (colleagues share a unit's drafts)."""
    return actor.user == state.author or (actor.role == SPECIALIST and actor.unit == state.unit)


def decide(
    state: DraftState,
    action: str,
    actor: Actor,
    policy: Policy,
    *,
    steps: tuple[str, ...] = (),
    digest: str = "",
    comment: str = "",
) -> Decision:
    """What `action` by `actor` does to `state` (see the module docstring). `steps`: the route
    of a draft being submitted (`route`); `digest`: the content's digest after an EDIT;
    `comment`: why it is returned (required for RETURN)."""
    if action not in ACTIONS:
        return _refuse(f"thao tác `{action}` không có")
    bumped = replace(state, revision=state.revision + 1)
    if action == EDIT:
        if not _authors(state, actor):
            return _refuse("chỉ chuyên viên của đơn vị soạn thảo sửa được bản dự thảo")
        if state.status in (DRAFTING, RETURNED):
            return Decision(replace(bumped, digest=digest), EDIT)
        if state.status == APPROVED:  # a later edit sends it back through approval
            changed = replace(bumped, status=DRAFTING, digest=digest, approved="", step=0)
            return Decision(changed, EDIT, "sửa sau khi đã duyệt: phải trình duyệt lại")
        if state.status == PENDING:
            return _refuse("bản dự thảo đang chờ duyệt: rút lại rồi mới sửa được")
        return _refuse("văn bản đã ban hành: không sửa được (đính chính bằng văn bản khác)")
    if action == SUBMIT:
        if not _authors(state, actor):
            return _refuse("chỉ chuyên viên của đơn vị soạn thảo trình được bản dự thảo")
        if state.status not in (DRAFTING, RETURNED):
            return _refuse("bản dự thảo đã trình rồi")
        route_ = steps or (SIGNER,)
        return Decision(replace(bumped, status=PENDING, steps=route_, step=0, approved=""), SUBMIT)
    if action == RECALL:
        if not _authors(state, actor):
            return _refuse("chỉ người soạn rút lại được bản dự thảo")
        if state.status not in (PENDING, APPROVED):
            return _refuse("bản dự thảo chưa trình nên không cần rút lại")
        return Decision(replace(bumped, status=DRAFTING, step=0, approved=""), RECALL)
    if action == ISSUE:
        if actor.role != CLERK:
            return _refuse("chỉ văn thư ban hành văn bản")
        if state.status == ISSUED:
            return _refuse("văn bản đã ban hành rồi")
        if state.status != APPROVED:
            return _refuse("bản dự thảo chưa được duyệt")
        if state.approved != state.digest:
            return _refuse("bản dự thảo đã bị sửa sau khi duyệt: phải trình duyệt lại")
        return Decision(replace(bumped, status=ISSUED), ISSUE)
    # PASS and RETURN: by whoever acts at the step the draft waits at
    at = state.waiting_at
    if at is None:
        if state.status == APPROVED:
            return _refuse("bản dự thảo đã được duyệt, chờ văn thư ban hành")
        return _refuse("bản dự thảo không ở bước chờ duyệt nào")
    why = acts_at(at, state, actor, policy)
    if why:
        return _refuse(why)
    if action == RETURN:
        if not comment.strip():
            return _refuse("ghi lý do trả lại để chuyên viên biết cần sửa gì")
        returned = replace(bumped, status=RETURNED, step=0)
        return Decision(returned, RETURN, f"trả lại ở bước {STEP_NAMES[at]}: {comment.strip()}")
    if state.step + 1 < len(state.steps):
        following = state.steps[state.step + 1]
        return Decision(replace(bumped, step=state.step + 1), PASS, WAITING[following])
    return Decision(replace(bumped, status=APPROVED, approved=state.digest), PASS, "đã duyệt")
