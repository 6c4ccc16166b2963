"""How an agency routes its drafts to approval (`[approval]` of the profile): the steps, by type,
and which types each signer approves. The rules of the way are `docgen.rules.approval`."""

from __future__ import annotations

from dataclasses import dataclass

#: the steps an agency may put on a draft's way, in this order
UNIT_HEAD = "truong-don-vi"  #: the unit head checks the content (Điều 11–12)
RECORDS = "van-thu"  #: the records office checks the format before signing (Điều 12.3, 13)
SIGNER = "lanh-dao"  #: the competent person approves (and signs at issue)
STEPS = (UNIT_HEAD, RECORDS, SIGNER)
#: what a clerk reads for each step a draft waits at
WAITING = {
    UNIT_HEAD: "Chờ trưởng đơn vị kiểm tra",
    RECORDS: "Chờ văn thư kiểm tra thể thức",
    SIGNER: "Chờ lãnh đạo duyệt",
}
STEP_NAMES = {UNIT_HEAD: "trưởng đơn vị", RECORDS: "văn thư", SIGNER: "lãnh đạo"}


@dataclass(frozen=True)
class Policy:
    """Which steps a draft takes (`steps`; by type: `by_kind`, (type slug, steps) pairs) and
    which types each signer may approve (`signer_kinds`, (signer key, type slugs) pairs; a
    signer not listed approves every type). Pairs, not dicts: an Agency stays hashable."""

    steps: tuple[str, ...] = (UNIT_HEAD, SIGNER)
    by_kind: tuple[tuple[str, tuple[str, ...]], ...] = ()
    signer_kinds: tuple[tuple[str, frozenset[str]], ...] = ()

    def steps_for(self, kind: str) -> tuple[str, ...]:
        return dict(self.by_kind).get(kind, self.steps)

    def may_approve(self, signer_key: str, kind: str) -> bool:
        allowed = dict(self.signer_kinds).get(signer_key)
        return allowed is None or kind in allowed
