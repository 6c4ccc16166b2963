"""Kính gửi (ô 9a), Nơi nhận and Lưu (ô 9b, ô 12), signature lines (ô 7a/7b) — ND30 PL1 II.7,
II.9, III.3; docs/format/blocks.md and docs/format/signature.md."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.model.document import Authority, Luu, Signature
from docgen.rules.text import strip_end_punctuation, upper

KINH_GUI = "Kính gửi:"
NOI_NHAN = "Nơi nhận:"
NHU_TREN = "Như trên"
VAN_THU = "VT"


@dataclass(frozen=True)
class KinhGuiBlock:
    """One recipient: `inline` is the whole line. Several: `items` are the dashed lines."""

    inline: str | None
    items: tuple[str, ...]


def dashed(items: list[str], last_end: str = ".") -> list[str]:
    """`["A", "B"]` → `["- A;", "- B."]`: each item on its own line, `;` after each, `last_end` last."""
    cleaned = [strip_end_punctuation(item) for item in items]
    return [
        f"- {item}{';' if i < len(cleaned) - 1 else last_end}" for i, item in enumerate(cleaned)
    ]


def kinh_gui(recipients: list[str], *, single_period: bool = True) -> KinhGuiBlock:
    """The Kính gửi block: one recipient inline, several as a dashed list (PL1 II.9.d, Mục V).

    Whether a single inline recipient ends with `.` is not settled by the decree (PL1 Mục V;
    docs/format/blocks.md):
    `single_period` chooses; the reference dispatch has it.
    """
    if not recipients:
        raise ValueError("Kính gửi needs at least one recipient")
    if len(recipients) == 1:
        end = "." if single_period else ""
        return KinhGuiBlock(f"{KINH_GUI} {strip_end_punctuation(recipients[0])}{end}", ())
    return KinhGuiBlock(None, tuple(dashed(recipients)))


def _count(n: int) -> str:
    return f"({n:02d})"


def luu_line(luu: Luu, *, style: str = "nd30") -> str:
    """The last Nơi nhận line.

    `nd30` (the decree's form, PL1 II.9.d + III.3): `- Lưu: VT, KHTH (02). NVA.(15)` — units with the
    number of archive copies, then ô 12 (drafter initials, number issued).
    `merged` (common agency practice, UNCONFIRMED): `- Lưu: VT, KHTH, NVA(02).`
    """
    parts = [VAN_THU, *luu.units]
    if style == "merged":
        if luu.drafter:
            issued = _count(luu.issued_copies) if luu.issued_copies is not None else ""
            parts.append(f"{luu.drafter}{issued}")
        archive = f" {_count(luu.archive_copies)}" if luu.archive_copies is not None else ""
        return f"- Lưu: {', '.join(parts)}{archive}."
    if style != "nd30":
        raise ValueError(f"unknown Lưu style {style!r}")
    archive = f" {_count(luu.archive_copies)}" if luu.archive_copies is not None else ""
    line = f"- Lưu: {', '.join(parts)}{archive}."
    if luu.drafter:
        issued = _count(luu.issued_copies) if luu.issued_copies is not None else ""
        line += f" {luu.drafter}.{issued}"
    return line


def noi_nhan(
    items: list[str], luu: Luu, *, nhu_tren: bool | str = False, luu_style: str = "nd30"
) -> list[str]:
    """The Nơi nhận items (without the label): `- Như trên;` first when asked, `;` after each item,
    the Lưu line last (PL1 II.9.c–d)."""
    lines: list[str] = []
    if nhu_tren:
        note = f" ({strip_end_punctuation(nhu_tren)})" if isinstance(nhu_tren, str) else ""
        lines.append(f"- {NHU_TREN}{note};")
    lines.extend(f"- {strip_end_punctuation(item)};" for item in items)
    lines.append(luu_line(luu, style=luu_style))
    return lines


def signature_lines(signature: Signature) -> list[str]:
    """Ô 7a lines in capitals: `KT. TRƯỞNG BAN` / `PHÓ TRƯỞNG BAN`; the name is separate (7b).

    Each authority line is the prefix and the office it acts for; the signer's own position follows
    unless it repeats the last line (a head signing as himself, or `Q. CỤC TRƯỞNG`).
    """
    lines = [f"{a.authority.value} {upper(a.office)}" for a in signature.authorities]
    position = upper(signature.position)
    # Compare with the office alone: the line itself carries the prefix (`Q. CỤC TRƯỞNG`).
    last_office = upper(signature.authorities[-1].office) if signature.authorities else ""
    if position and position != last_office:
        lines.append(position)
    return lines


def needs_position(authorities: list[Authority]) -> bool:
    """KT., TL., TUQ. and TM. put the signer's own position under the authority line; Q. does not."""
    return bool(authorities) and authorities[-1] is not Authority.Q
