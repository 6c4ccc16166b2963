"""`[approval]` of the profile: the steps a draft takes before issue, by type, and which types
each signer approves (ND30 Điều 10–13; `docgen.rules.approval`).

    [approval]
    steps = ["truong-don-vi", "lanh-dao"]       # the default; "van-thu" adds the format check
    [approval.types]                            # a type with steps of its own
    giay-moi = ["lanh-dao"]
    [approval.signers]                          # a signer approving only these types
    pho-truong-ban = ["cong-van", "giay-moi", "thong-bao"]
"""

from __future__ import annotations

from docgen.inputs.reader import Section
from docgen.model.approval import SIGNER, STEPS, Policy
from docgen.model.kinds import Kind


def _steps(section: Section, key: str) -> tuple[str, ...]:
    steps = tuple(section.text_list(key, required=True))
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        section.fail(
            f"bước `{unknown[0]}` không có",
            f"dùng các bước {', '.join(STEPS)} (theo thứ tự đó)",
            key=key,
        )
    if list(steps) != [s for s in STEPS if s in steps] or steps[-1] != SIGNER:
        section.fail(
            "các bước phải theo thứ tự trưởng đơn vị → văn thư → lãnh đạo và kết thúc ở lãnh đạo",
            f'ví dụ: {key} = ["truong-don-vi", "lanh-dao"]',
            key=key,
        )
    return steps


def _kinds(section: Section, key: str) -> frozenset[str]:
    kinds = section.text_list(key, required=True)
    slugs = {k.info.slug for k in Kind}
    for slug in kinds:
        if slug not in slugs:
            section.fail(f"loại văn bản `{slug}` không có", "ví dụ: cong-van, quyet-dinh", key=key)
    return frozenset(kinds)


def approval_policy(section: Section | None, signers: set[str]) -> Policy:
    """The agency's approval policy; the default (unit head, then signer) without `[approval]`.
    `signers`: the profile's signer keys (a policy naming another is refused)."""
    if section is None:
        return Policy()
    steps = _steps(section, "steps") if section.has("steps") else Policy().steps
    by_kind: dict[str, tuple[str, ...]] = {}
    types = section.section("types")
    if types is not None:
        slugs = {k.info.slug for k in Kind}
        for slug in list(types.data):
            if str(slug) not in slugs:
                types.fail(f"loại văn bản `{slug}` không có", "ví dụ: giay-moi", key=str(slug))
            by_kind[str(slug)] = _steps(types, str(slug))
        types.done()
    signer_kinds: dict[str, frozenset[str]] = {}
    named = section.section("signers")
    if named is not None:
        for key in list(named.data):
            if str(key) not in signers:
                named.fail(
                    f"người ký `{key}` không có trong [signers]",
                    f"dùng một trong: {', '.join(sorted(signers))}",
                    key=str(key),
                )
            signer_kinds[str(key)] = _kinds(named, str(key))
        named.done()
    section.done()
    return Policy(steps, tuple(by_kind.items()), tuple(signer_kinds.items()))
