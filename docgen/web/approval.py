"""The drafts' way through the office, stored: `docgen.rules.approval` decides, this module reads
a Draft into the rules' state and writes the decision back with a conditional update on its
revision — of two people acting on the same draft at once, one wins and the other is told."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from docgen.rules import approval as rules
from docgen.web import access
from docgen.web.models import Draft, DraftEvent, Member
from docgen.web.office import office


def digest_of(draft: Draft) -> str:
    """The SHA-256 of what the draft says: its Word file, or its form data (keys sorted)."""
    if draft.is_word:
        return hashlib.sha256(bytes(draft.docx)).hexdigest()
    text = json.dumps(draft.data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def state_of(draft: Draft) -> rules.DraftState:
    named = draft.data.get("nguoi_ky") if isinstance(draft.data, dict) else None
    steps = tuple(s for s in str(draft.steps).split(",") if s)
    if draft.status == rules.PENDING and not steps:  # submitted before the steps were stored
        steps = (rules.SIGNER,)
    return rules.DraftState(
        status=str(draft.status),
        author=int(draft.author_id),
        unit=str(draft.unit),
        kind=str(draft.kind),
        signer=str(named) if isinstance(named, str) and not draft.is_word else "",
        steps=steps,
        step=int(draft.step) if steps else 0,
        digest=digest_of(draft),
        approved=str(draft.approved_digest),
        revision=int(draft.revision),
    )


def actor_of(request: HttpRequest) -> rules.Actor:
    found = access.member(request)
    return rules.Actor(
        user=int(request.user.pk or 0),
        role=access.role_of(request),
        unit=str(found.unit) if found is not None else "",
        unit_head=bool(found.unit_head) if found is not None else False,
        signer_key=str(found.signer_key) if found is not None else "",
    )


def route_for(draft: Draft) -> tuple[str, ...]:
    """The steps `draft` takes if submitted now: the agency's policy for its type, less the
    unit-head step when its unit has no head in the application or the author heads it."""
    heads = Member.objects.filter(unit=draft.unit, unit_head=True)
    author = Member.objects.filter(user_id=draft.author_id).first()
    return rules.route(
        office().agency.approval,
        str(draft.kind),
        unit_has_head=heads.exists(),
        author_heads_unit=bool(
            author is not None and author.unit_head and author.unit == draft.unit
        ),
    )


@dataclass(frozen=True)
class Outcome:
    """What `act` did: the decision, or why the draft had moved on meanwhile (`stale`)."""

    decision: rules.Decision
    stale: str = ""

    @property
    def refused(self) -> str:
        return self.stale or self.decision.refused


def can(request: HttpRequest, draft: Draft, action: str) -> bool:
    """Whether `action` would be allowed now (for the buttons a page shows)."""
    decision = rules.decide(
        state_of(draft), action, actor_of(request), office().agency.approval,
        steps=route_for(draft) if action == rules.SUBMIT else (), comment="x",
    )  # fmt: skip
    return decision.ok


def act(
    request: HttpRequest,
    draft: Draft,
    action: str,
    *,
    revision: int | None = None,
    comment: str = "",
    **changes: object,
) -> Outcome:
    """Apply `action` to `draft` by the person of `request`, recording the event. `revision` is
    the one the person's page showed (None: the draft's own); `changes` are further fields to
    store with it (an edit's data). Refused when the rules refuse, or when the draft was changed
    since that revision (another person acted first)."""
    shown = int(draft.revision) if revision is None else revision
    with transaction.atomic():
        current = Draft.objects.select_for_update().get(pk=draft.pk)
        if int(current.revision) != shown:
            last = current.events.select_related("user").last()
            who = (last.user.get_full_name() or last.user.username) if last else "người khác"
            return Outcome(
                rules.Decision(refused="stale"),
                stale=f"bản dự thảo vừa được {who} xử lý ({current.get_status_display().lower()})"
                " — tải lại trang để xem bản mới nhất",
            )
        for name, value in changes.items():
            setattr(current, name, value)
        state = state_of(current)
        decision = rules.decide(
            state, action, actor_of(request), office().agency.approval,
            steps=route_for(current) if action == rules.SUBMIT else (),
            digest=state.digest, comment=comment,
        )  # fmt: skip
        if not decision.ok:
            return Outcome(decision)
        new = decision.state
        assert new is not None
        current.status = new.status
        current.steps = ",".join(new.steps)
        current.step = new.step
        current.revision = new.revision
        current.approved_digest = new.approved
        current.save()
        note = comment.strip() or decision.note
        DraftEvent.objects.create(draft=current, user=request.user, action=action, comment=note)
    draft.refresh_from_db()
    return Outcome(decision)


def waiting_label(draft: Draft) -> str:
    """`Chờ trưởng đơn vị kiểm tra`, `Đã duyệt, chờ ban hành`, …: what the draft waits for."""
    at = state_of(draft).waiting_at
    return rules.WAITING[at] if at is not None else str(draft.get_status_display())


def waiting_for(request: HttpRequest) -> list[Draft]:
    """The drafts waiting for the person of `request` to act (the "việc của tôi" list), oldest
    first."""
    actor = actor_of(request)
    policy = office().agency.approval
    mine = []
    for draft in Draft.objects.filter(status=rules.PENDING).order_by("updated")[:1000]:
        state = state_of(draft)
        at = state.waiting_at
        if at is not None and not rules.acts_at(at, state, actor, policy):
            mine.append(draft)
    return mine
