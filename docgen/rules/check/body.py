"""V/v (ô 5b), type name and trích yếu (ô 5a), Kính gửi (ô 9a) and the body text (ô 6) —
PL1 II.5, II.6, II.9; docs/format/blocks.md, docs/format/body.md."""

from __future__ import annotations

import re

from docgen.model.kinds import Kind
from docgen.rules.check.common import expectation, listed, style_finding, style_problem
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.header import SHORT_RULE, longest_line_mm, rule_share_finding
from docgen.rules.check.locate import ABBREVIATIONS, Parts, nfc
from docgen.rules.check.view import Paragraph
from docgen.rules.metrics import text_width_mm

VV_PRESENT = declare("vv_present_for_congvan", "ô 5b", "NĐ30 PL1 II.5.b")
VV_STYLE = declare("vv_style", "ô 5b", "NĐ30 PL1 II.5.b")
VV_SPACE = declare("vv_6pt_below_number", "ô 5b", "NĐ30 PL1 II.5.b")
TITLE_PRESENT = declare("title_present_for_named_types", "ô 5a", "NĐ30 PL1 II.5")
TITLE_STYLE = declare("title_style", "ô 5a", "NĐ30 PL1 II.5.b")
TRICH_YEU_STYLE = declare("trich_yeu_style", "ô 5a", "NĐ30 PL1 II.5.b")
TRICH_YEU_RULE = declare("trich_yeu_rule", "ô 5a", "NĐ30 PL1 II.5.b")
KG_PRESENT = declare("kinh_gui_present_for_congvan", "ô 9a", "NĐ30 PL1 II.9.b")
KG_LAYOUT = declare("kinh_gui_single_vs_multi_layout", "ô 9a", "NĐ30 PL1 II.9.d, Mục V")
KG_PERIOD = declare("kinh_gui_single_period", "ô 9a", "NĐ30 PL1 Mục V")
KG_STYLE = declare("kinh_gui_style", "ô 9a", "NĐ30 PL1 II.9.d")
BODY_SIZE = declare("body_size", "ô 6", "NĐ30 PL1 II.6.e")
BODY_LAYOUT = declare("body_justified_indent_spacing", "ô 6", "NĐ30 PL1 II.6.e")
BODY_END = declare("body_end_mark", "ô 6", "PL3 các mẫu (quan sát)")
CAN_CU = declare("can_cu_punctuation_style", "ô 6", "NĐ30 PL1 II.6.a")

_CAN_CU = re.compile(r"^\s*(Căn cứ|Theo đề nghị|Xét đề nghị)\b")
_FIRST_GROUP = re.compile(r"/\s*([A-ZĐ][A-Za-zĐđ]*)-")
_KG_LABEL = re.compile(r"^\s*Kính\s+gửi\s*(?P<colon>:?)\s*(?P<rest>.*)$", re.S | re.I)
_ITEM = re.compile(r"^- \S")
#: first-line indent of 1 cm or 1.27 cm (PL1 II.6.e), read from twips
INDENTS_MM = ((9.5, 10.5), (12.2, 13.2))


def check(parts: Parts, issued: bool) -> list[Finding]:
    return [*_title(parts), *_kinh_gui(parts), *_can_cu(parts), *running_text(parts)]


def _symbol_kind(parts: Parts) -> Kind | None:
    match = _FIRST_GROUP.search(nfc(parts.so.text)) if parts.so else None
    return ABBREVIATIONS.get(match.group(1)) if match else None


def _title(parts: Parts) -> list[Finding]:
    out: list[Finding] = []
    named = _symbol_kind(parts)
    if parts.title is None and named is not None:
        out.append(
            finding(
                TITLE_PRESENT,
                Severity.ERROR,
                f"ký hiệu của {named.info.name.lower()} nhưng không có tên loại văn bản",
                f"Ghi tên loại “{named.info.name.upper()}” căn giữa, in hoa, đậm, dưới phần đầu.",
            )
        )
    if parts.title is None and named is None and parts.so is not None:
        vv = parts.vv
        if vv is None or not nfc(vv.text).strip().startswith("V/v "):
            out.append(
                finding(
                    VV_PRESENT,
                    Severity.ERROR,
                    "công văn không có trích yếu" if vv is None else nfc(vv.text).strip(),
                    "Ghi trích yếu công văn “V/v <nội dung>” (V hoa, v thường) dưới số, ký hiệu.",
                )
            )
        if vv is not None:
            out.extend(
                listed(
                    style_finding(
                        VV_STYLE, [vv], "trích yếu công văn", (12, 13), bold=False, italic=False
                    )
                )
            )
            out.extend(_vv_space(parts.so, vv))
    title = parts.title
    if title is None:
        return out
    problem = style_problem([title], (13, 14), bold=True, italic=False, caps=True)
    if problem or title.align != "center":
        out.append(
            finding(
                TITLE_STYLE,
                Severity.ERROR,
                f"tên loại văn bản {problem or 'không căn giữa'}",
                f"Tên loại văn bản: {expectation((13, 14), bold=True, italic=False, caps=True)}, "
                "căn giữa.",
            )
        )
    if parts.kind is not None and not parts.kind.info.has_trich_yeu:  # Mẫu 1.8, 1.10
        return out
    problem = style_problem(parts.trich_yeu, (13, 14), bold=True, italic=False)
    if problem or not parts.trich_yeu:
        out.append(
            finding(
                TRICH_YEU_STYLE,
                Severity.ERROR,
                f"trích yếu {problem}" if problem else "không có trích yếu dưới tên loại",
                f"Trích yếu: {expectation((13, 14), bold=True, italic=False)}, căn giữa, "
                "ngay dưới tên loại.",
            )
        )
    if parts.trich_yeu:
        bad = rule_share_finding(
            TRICH_YEU_RULE,
            parts.trich_yeu_rule,
            longest_line_mm(parts.trich_yeu),
            SHORT_RULE,
            "trích yếu",
        )
        if bad:
            out.append(bad)
    return out


def _vv_space(so: Paragraph, vv: Paragraph) -> list[Finding]:
    """V/v sits 6 pt under the number line: paragraph spacing, or an empty line typed between."""
    gap = so.after_pt + vv.before_pt
    if gap >= 6 - 0.01 or vv.index > so.index + 1 or vv.row != so.row:
        return []
    return [
        finding(
            VV_SPACE,
            Severity.WARNING,
            f"V/v cách dòng số, ký hiệu {gap:g} pt",
            "Đặt khoảng cách 6 pt giữa dòng số, ký hiệu và dòng “V/v …” (Giãn đoạn › Trước: 6 pt).",
        )
    ]


def _kinh_gui(parts: Parts) -> list[Finding]:
    kg = parts.kinh_gui
    if kg is None:
        if parts.kind is Kind.CONG_VAN:
            return [
                finding(
                    KG_PRESENT,
                    Severity.WARNING,
                    "công văn không có “Kính gửi:”",
                    "Ghi “Kính gửi:” và cơ quan, người có trách nhiệm giải quyết trước nội dung.",
                )
            ]
        return []
    out: list[Finding] = []
    match = _KG_LABEL.match(nfc(kg.text))
    if match is None:  # locate found it by the same words; kept for the type checker
        return []
    rest = match["rest"].strip()
    items = parts.kinh_gui_items
    text = " ".join(kg.text.split())
    layout: list[str] = []
    if not match["colon"]:
        layout.append("thiếu dấu hai chấm sau “Kính gửi”")
    if rest and items:
        layout.append("vừa ghi nơi nhận cùng dòng vừa liệt kê bên dưới")
    elif rest:
        if rest.endswith("."):
            out.append(
                finding(
                    KG_PERIOD,
                    Severity.INFO,
                    text,
                    "Khi chỉ có một nơi nhận, mẫu của Nghị định không có dấu chấm cuối dòng "
                    "(tùy quy định của cơ quan).",
                )
            )
        elif rest.endswith((";", ",")):
            layout.append("một nơi nhận không kết thúc bằng dấu “;” hoặc “,”")
    elif len(items) == 1:
        layout.append("chỉ một nơi nhận thì ghi cùng dòng với “Kính gửi:”")
    elif not items:
        layout.append("không có nơi nhận")
    else:
        for i, item in enumerate(items):
            line = " ".join(item.text.split())
            end = "." if i == len(items) - 1 else ";"
            if not _ITEM.match(line) or not line.endswith(end):
                layout.append(f"dòng “{line}” phải bắt đầu bằng “- ” và kết thúc bằng “{end}”")
                break
    if layout:
        out.append(
            finding(
                KG_LAYOUT,
                Severity.ERROR,
                f"{text} ({'; '.join(layout)})",
                "Một nơi nhận: “Kính gửi: <nơi nhận>” trên một dòng; nhiều nơi nhận: mỗi nơi một "
                "dòng bắt đầu “- ”, cuối dòng “;”, dòng cuối “.”.",
            )
        )
    out.extend(listed(style_finding(KG_STYLE, [kg, *items], "Kính gửi", (13, 14), italic=False)))
    return out


def _can_cu(parts: Parts) -> list[Finding]:
    """The legal bases under the title of a named type: italic, `;` after each, `.` after the last."""
    if parts.title is None:
        return []
    lines = []
    for p in parts.body:
        if not _CAN_CU.match(nfc(p.text)):
            break
        lines.append(p)
    problems = []
    for i, p in enumerate(lines):
        text = " ".join(nfc(p.text).split())
        end = "." if i == len(lines) - 1 else ";"
        if not text.endswith(end):
            problems.append(f"“…{text[-30:]}” phải kết thúc bằng “{end}”")
            break
    problem = style_problem(lines, (13, 14), italic=True)
    if problem:
        problems.append(f"căn cứ {problem}")
    if not problems:
        return []
    return [
        finding(
            CAN_CU,
            Severity.ERROR,
            "; ".join(problems),
            "Mỗi căn cứ một dòng, chữ nghiêng cỡ 13–14, cuối dòng có dấu “;”, dòng cuối có dấu “.”.",
            at=lines[0].text if lines else None,
        )
    ]


def running_text(parts: Parts, *, end_mark: bool = True) -> list[Finding]:
    """Size and layout of the body paragraphs; with `end_mark`, the `./.` after the last one (not
    in a phụ lục: the mark ends the document's own text)."""
    body = parts.body
    if not body:
        return []
    out: list[Finding] = []
    bad_size = [p for p in body if style_problem([p], (13, 14))]
    if bad_size:
        sizes = sorted(
            {run.size for p in bad_size for run in p.visible if not 13 <= run.size <= 14}
        )
        out.append(
            finding(
                BODY_SIZE,
                Severity.ERROR,
                f"{len(bad_size)} đoạn nội dung cỡ {', '.join(f'{s:g}' for s in sizes)} pt, "
                f"ví dụ: {bad_size[0].text}",
                "Đặt cỡ chữ phần nội dung 13 hoặc 14 pt, thống nhất trong văn bản.",
                at=bad_size[0].text,
            )
        )
    problems: list[str] = []
    first_bad: str | None = None
    for i, p in enumerate(body):
        before = len(problems)
        size = p.visible[0].size if p.visible else 14.0
        multi_line = text_width_mm(p.text, size) > p.box_mm
        # a centred bold heading (the issuing authority of Mẫu 1.1–1.3, a Phần/Chương title)
        # may wrap: it is not running text
        heading = p.align == "center" and bool(p.visible) and all(r.bold for r in p.visible)
        if multi_line and p.align != "both" and not heading:
            problems.append(f"đoạn “{p.text[:40]}…” không căn đều hai bên")
        if p.align == "both" and not any(lo <= p.first_line_mm <= hi for lo, hi in INDENTS_MM):
            problems.append(f"thụt đầu dòng {p.first_line_mm / 10:.2f} cm")
        if p.line is not None and not 0.99 <= p.line <= 1.51:
            problems.append(f"giãn dòng {p.line:g} lần")
        if i + 1 < len(body) and p.after_pt + body[i + 1].before_pt < 6 - 0.01:
            problems.append(f"khoảng cách đoạn {p.after_pt + body[i + 1].before_pt:g} pt")
        if first_bad is None and len(problems) > before:
            first_bad = p.text
    if problems:
        out.append(
            finding(
                BODY_LAYOUT,
                Severity.WARNING,
                "; ".join(dict.fromkeys(problems[:3])),
                "Nội dung căn đều hai bên, thụt đầu dòng 1 cm hoặc 1,27 cm, cách đoạn tối thiểu "
                "6 pt, giãn dòng từ một dòng đến 1,5 dòng.",
                at=first_bad,
            )
        )
    if end_mark and not body[-1].text.rstrip().endswith("./."):
        out.append(
            finding(
                BODY_END,
                Severity.INFO,
                body[-1].text.strip()[-60:],
                "Kết thúc nội dung bằng dấu “./.” như các mẫu của Nghị định.",
                at=body[-1].text,
            )
        )
    return out
