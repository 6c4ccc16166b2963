"""Helpers shared by the rule modules: comparing a component's runs with the decree's formatting."""

from __future__ import annotations

from collections.abc import Iterable

from docgen.rules.check.findings import Finding, RuleInfo, Severity, finding
from docgen.rules.check.locate import is_upper, shown
from docgen.rules.check.view import Paragraph

#: a size counts as in range within this much (Word stores half points; 12.5 is not 12–13 …)
SIZE_SLACK = 0.01


def sizes_text(sizes: tuple[float, float]) -> str:
    low, high = sizes
    return f"{low:g} pt" if low == high else f"{low:g}–{high:g} pt"


def expectation(
    sizes: tuple[float, float], *, bold: bool | None, italic: bool | None, caps: bool = False
) -> str:
    """`cỡ 12–13 pt, chữ in hoa, đứng, đậm` — what the decree wants, for the fix sentence."""
    parts = [f"cỡ {sizes_text(sizes)}"]
    if caps:
        parts.append("chữ in hoa")
    if italic is True:
        parts.append("nghiêng")
    elif italic is False:
        parts.append("đứng")
    if bold is True:
        parts.append("đậm")
    elif bold is False:
        parts.append("không đậm")
    return ", ".join(parts)


def style_problem(
    paras: Iterable[Paragraph],
    sizes: tuple[float, float],
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    caps: bool = False,
) -> str | None:
    """What is wrong with the formatting of `paras` (`cỡ 12 pt`, `không đậm` …), or None."""
    low, high = sizes
    problems: list[str] = []
    for p in paras:
        for run in p.visible:
            if not low - SIZE_SLACK <= run.size <= high + SIZE_SLACK:
                problems.append(f"cỡ {run.size:g} pt")
            if bold is not None and run.bold != bold:
                problems.append("đậm" if run.bold else "không đậm")
            if italic is not None and run.italic != italic:
                problems.append("nghiêng" if run.italic else "không nghiêng")
        if caps and p.text.strip() and not is_upper(shown(p)):
            problems.append("không in hoa")
    if not problems:
        return None
    return ", ".join(dict.fromkeys(problems))


def style_finding(
    info: RuleInfo,
    paras: Iterable[Paragraph],
    what: str,
    sizes: tuple[float, float],
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    caps: bool = False,
    extra: str = "",
) -> Finding | None:
    """An error finding when `paras` (the component `what`) are not formatted as the decree says."""
    problem = style_problem(paras, sizes, bold=bold, italic=italic, caps=caps)
    if not problem:
        return None
    wanted = expectation(sizes, bold=bold, italic=italic, caps=caps)
    return finding(
        info, Severity.ERROR, f"{what} {problem}", f"{what[0].upper()}{what[1:]}: {wanted}{extra}."
    )


def listed(item: Finding | None) -> list[Finding]:
    """`[item]`, or `[]` for None: lets a rule append an optional finding in one line."""
    return [] if item is None else [item]
