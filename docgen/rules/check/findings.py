"""Findings of the format checker, the report that holds them, and the registry of rules.

Every rule the checker can report is declared once here with its component (ô number) and its
reference in the decree (docs/format/checker.md lists them); a test proves each declared rule is triggered by a faulty file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a finding is; the value is what `--json` prints."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        """The Vietnamese word a clerk reads."""
        return {"error": "LỖI", "warning": "CẢNH BÁO", "info": "GHI CHÚ"}[self.value]


@dataclass(frozen=True)
class RuleInfo:
    """A rule the checker knows: id, the component it looks at, and where the rule comes from."""

    rule: str
    component: str  #: "ô 3", "trang", "số trang", "nội dung" …
    reference: str  #: where the rule comes from in the decree (`NĐ30 PL1 II.3.a,c`)


@dataclass(frozen=True)
class Finding:
    """One departure from the format: what was found and how to fix it (a Vietnamese sentence)."""

    severity: Severity
    component: str
    rule: str
    reference: str
    found: str
    fix: str
    #: where in the file: the opening words of the paragraph concerned ("" for the page setup),
    #: so the specialist finds it in Word
    where: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "component": self.component,
            "where": self.where,
            "rule": self.rule,
            "reference": self.reference,
            "found": self.found,
            "fix": self.fix,
        }

    @property
    def place(self) -> str:
        """`ô 3 (“Số: /BQL-KHTH”)`: the component and, when known, the paragraph's opening."""
        return f"{self.component} (“{self.where}”)" if self.where else self.component


@dataclass(frozen=True)
class Report:
    """All findings for one file, in document order of the rule groups."""

    source: str
    issued: bool
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def worst(self) -> Severity | None:
        """The most severe finding's severity; None when there is no finding."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def by(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.by(Severity.ERROR)

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}

    def as_dict(self) -> dict[str, object]:
        worst = self.worst
        return {
            "source": self.source,
            "mode": "issued" if self.issued else "draft",
            "worst": None if worst is None else worst.value,
            "counts": {s.value: len(self.by(s)) for s in Severity},
            "findings": [f.as_dict() for f in self.findings],
        }


#: every rule the checker declares, by id
RULES: dict[str, RuleInfo] = {}


def declare(rule: str, component: str, reference: str) -> RuleInfo:
    """Register a rule (once, at import of its module) and return it."""
    if rule in RULES:
        raise ValueError(f"rule {rule!r} declared twice")
    info = RuleInfo(rule, component, reference)
    RULES[rule] = info
    return info


def opening_words(text: str, words: int = 7) -> str:
    """The first `words` words of `text` on one line, `…` when there are more."""
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + ("…" if len(parts) > words else "")


def finding(
    info: RuleInfo, severity: Severity, found: str, fix: str, *, at: str | None = None
) -> Finding:
    """A finding of `info` with the text found (shortened to one readable line) and the fix;
    `at` is the text of the paragraph concerned (its opening words say where it is)."""
    shown = " ".join(found.split())
    if len(shown) > 120:
        shown = shown[:117] + "…"
    where = opening_words(at) if at else ""
    return Finding(severity, info.component, info.rule, info.reference, shown, fix, where)
