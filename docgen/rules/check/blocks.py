"""Nơi nhận and the Lưu line (ô 9b, ô 12) and the signature block (ô 7a, ô 7b) — PL1 II.7, II.9,
III.3; docs/format/blocks.md, docs/format/signature.md."""

from __future__ import annotations

import re

from docgen.model.kinds import Kind
from docgen.rules.check.common import expectation, listed, style_finding, style_problem
from docgen.rules.check.findings import Finding, Severity, declare, finding
from docgen.rules.check.locate import Parts, is_upper, nfc, shown

NN_PRESENT = declare("noi_nhan_present", "ô 9b", "NĐ30 Điều 8.2.i, PL1 II.9")
NN_LABEL = declare("noi_nhan_label_size12_bold_italic", "ô 9b", "NĐ30 PL1 II.9.d")
NN_ITEMS = declare("noi_nhan_items_size11", "ô 9b", "NĐ30 PL1 II.9.d")
NN_PUNCT = declare("noi_nhan_item_punctuation", "ô 9b", "NĐ30 PL1 II.9.d")
NN_LUU = declare("noi_nhan_last_line_luu_vt", "ô 9b, ô 12", "NĐ30 PL1 II.9.d, III.3")
NN_NHU_TREN = declare("noi_nhan_first_item_nhu_tren_for_congvan", "ô 9b", "NĐ30 PL1 II.9.c")
NN_LUU_ONCE = declare("noi_nhan_luu_only_last", "ô 9b", "NĐ30 PL1 II.9.d")
NN_NHU_TREN_REFERS = declare("noi_nhan_nhu_tren_has_addressees", "ô 9b", "NĐ30 PL1 II.9.c")
NN_REPEAT = declare("noi_nhan_no_repeats", "ô 9b", "NĐ30 Điều 17.1.a (suy ra)")
SIG_PRESENT = declare("signature_present", "ô 7a, ô 7b", "NĐ30 Điều 8.2.g, PL1 II.7")
SIG_PREFIX = declare("signature_prefix", "ô 7a", "NĐ30 Điều 13, PL1 II.7.b,đ")
SIG_POSITION = declare("signature_position_after_prefix", "ô 7a", "NĐ30 Điều 13.2–13.4, PL1 II.7.b")
SIG_STYLE = declare("signature_style", "ô 7a, ô 7b", "NĐ30 PL1 II.7.đ")
SIG_TITLE = declare("signer_name_no_title", "ô 7b", "NĐ30 PL1 II.7.c")

#: PL1 II.9.d and III.3 (docs/format/blocks.md), plus repeated copy counts (the merged agency form
#: `KHTH, NVA(02) (03).`) and ô 12 initials without the optional count (`- Lưu: VT, KHTH. NVA.`)
#: and a count after VT alone (`- Lưu: VT (01).`), all of which `luu_line` writes
LUU_RE = re.compile(r"^- Lưu: VT( ?\(\d+\))?(, [^,;.]+?( ?\(\d+\))*)*\.( [A-ZĐ]+\.?(\(\d+\))?)?$")
PREFIX_RE = re.compile(r"^(TM|Q|KT|TL|TUQ)\. \S")
#: what looks like an authority prefix, written rightly or wrongly (K.T., KT không chấm, T/M …)
LOOSE_PREFIX = re.compile(
    r"^(T\s?[./]?\s?M|K\s?\.?\s?T|T\s?\.?\s?L|T\s?\.?\s?U\s?\.?\s?Q|Q)(?=[\s./])"
)
NEEDS_POSITION = ("TM", "KT", "TL", "TUQ")
TITLES = re.compile(
    r"^(GS|PGS|TS|ThS|Ths|KS|BS|CN|NCS|TSKH)\.?\s|^(Giáo sư|Phó Giáo sư|Tiến sĩ|Thạc sĩ|Kỹ sư|"
    r"Bác sĩ|Cử nhân)\b",
    re.I,
)


def line(text: str) -> str:
    return " ".join(nfc(text).split())


def check(parts: Parts, issued: bool) -> list[Finding]:
    return [*_noi_nhan(parts), *_signature(parts)]


def _noi_nhan(parts: Parts) -> list[Finding]:
    label = parts.noi_nhan
    if label is None and parts.kind is Kind.THU_CONG:  # a letter may name no recipients
        return []
    if label is None:
        return [
            finding(
                NN_PRESENT,
                Severity.ERROR,
                "không thấy “Nơi nhận:”",
                "Thêm khối “Nơi nhận:” ở góc dưới bên trái, ngang dòng chức vụ người ký.",
            )
        ]
    out: list[Finding] = []
    problem = style_problem([label], (12, 12), bold=True, italic=True)
    if line(label.text) != "Nơi nhận:":
        problem = ", ".join(x for x in (f"viết “{line(label.text)}”", problem) if x)
    if problem:
        out.append(
            finding(
                NN_LABEL,
                Severity.ERROR,
                f"“Nơi nhận:” {problem}",
                "Viết “Nơi nhận:” (có dấu hai chấm) trên một dòng riêng, cỡ 12, đậm, nghiêng.",
            )
        )
    items = parts.noi_nhan_items
    out.extend(listed(style_finding(NN_ITEMS, items, "các dòng nơi nhận", (11, 11), italic=False)))
    for item in items[:-1]:
        text = line(item.text)
        if not text.startswith("- ") or not text.endswith(";"):
            out.append(
                finding(
                    NN_PUNCT,
                    Severity.ERROR,
                    text,
                    "Mỗi nơi nhận một dòng, bắt đầu bằng “- ”, cuối dòng có dấu “;”.",
                )
            )
            break
    last = line(items[-1].text) if items else ""
    if not LUU_RE.match(last):
        out.append(
            finding(
                NN_LUU,
                Severity.ERROR,
                last or "không có dòng Lưu",
                "Dòng cuối ghi “- Lưu: VT, <đơn vị soạn thảo> (<số bản lưu>).” — có dấu hai "
                "chấm sau “Lưu”, dấu phẩy giữa các phần, dấu chấm cuối.",
            )
        )
    out.extend(_contradictions(parts))
    if parts.kinh_gui is not None and items and not line(items[0].text).startswith("- Như trên"):
        out.append(
            finding(
                NN_NHU_TREN,
                Severity.WARNING,
                line(items[0].text),
                "Văn bản có “Kính gửi” thì dòng đầu của Nơi nhận là “- Như trên;”.",
            )
        )
    return out


#: a "Như trên" refers to the addressees above: a Kính gửi block, a công điện's "… điện:" lines or
#: a giấy mời's "trân trọng kính mời:" line
_ADDRESSEES = re.compile(r"\bđiện:|trân trọng kính mời\b", re.I)
_NAME = re.compile(r"^[-–—+•\s]+|[\s;.,]+$")


def _contradictions(parts: Parts) -> list[Finding]:
    """What the Nơi nhận says against itself: a Lưu line that is not the last, "Như trên" with
    nobody above it, a recipient listed twice."""
    out: list[Finding] = []
    items = [line(p.text) for p in parts.noi_nhan_items]
    early = [t for t in items[:-1] if re.match(r"^[-–\s]*Lưu\b", t)]
    if early:
        out.append(
            finding(
                NN_LUU_ONCE,
                Severity.ERROR,
                f"dòng “{early[0]}” nằm giữa các nơi nhận",
                "Chỉ một dòng “- Lưu: VT, …” ở cuối Nơi nhận; xóa dòng Lưu thừa.",
                at=early[0],
            )
        )
    addressed = parts.kinh_gui is not None or any(
        _ADDRESSEES.search(p.text) for p in parts.body[:6]
    )
    nhu_tren = next((t for t in items if t.lstrip("-– ").startswith("Như trên")), None)
    if nhu_tren is not None and not addressed:
        out.append(
            finding(
                NN_NHU_TREN_REFERS,
                Severity.WARNING,
                f"“{nhu_tren}” nhưng văn bản không có Kính gửi",
                "“Như trên” chỉ các nơi ở phần Kính gửi; văn bản không có Kính gửi thì ghi đủ tên "
                "từng nơi nhận.",
                at=nhu_tren,
            )
        )
    seen: set[str] = set()
    for text in items:
        name = _NAME.sub("", text).casefold()
        if name and name in seen:
            out.append(
                finding(
                    NN_REPEAT,
                    Severity.WARNING,
                    f"“{text}” ghi hai lần",
                    "Mỗi nơi nhận ghi một lần (số bản in theo Nơi nhận): xóa dòng lặp.",
                    at=text,
                )
            )
            break
        seen.add(name)
    return out


def _signature(parts: Parts) -> list[Finding]:
    lines, signer = parts.signature, parts.signer
    if not lines or signer is None:
        return [
            finding(
                SIG_PRESENT,
                Severity.ERROR,
                "thiếu dòng chức vụ người ký" if not lines else "thiếu họ tên người ký",
                "Ghi quyền hạn, chức vụ (in hoa, đậm) và họ tên người ký ở góc dưới bên phải.",
            )
        ]
    out: list[Finding] = []
    for p in lines:
        text = line(p.text).upper()
        if LOOSE_PREFIX.match(text) and not PREFIX_RE.match(text):
            out.append(
                finding(
                    SIG_PREFIX,
                    Severity.ERROR,
                    text,
                    "Viết quyền hạn đúng dạng “TM.”, “Q.”, “KT.”, “TL.”, “TUQ.” (có dấu chấm, "
                    "sau đó một dấu cách), ví dụ “KT. TRƯỞNG BAN”.",
                )
            )
            break
    last = line(lines[-1].text).upper()
    head = LOOSE_PREFIX.match(last)
    if head and head.group(1).replace(".", "").replace("/", "").replace(" ", "") in NEEDS_POSITION:
        out.append(
            finding(
                SIG_POSITION,
                Severity.ERROR,
                " / ".join(line(p.text) for p in lines),
                "Sau dòng “KT./TL./TUQ./TM. …” ghi chức vụ của người ký trên dòng riêng, ví dụ "
                "“KT. TRƯỞNG BAN” rồi “PHÓ TRƯỞNG BAN”.",
            )
        )
    problem = style_problem(lines, (13, 14), bold=True, italic=False, caps=True)
    name_problem = style_problem([signer], (13, 14), bold=True, italic=False)
    if is_upper(shown(signer)):
        name_problem = ", ".join(x for x in (name_problem, "viết in hoa toàn bộ") if x)
    if problem or name_problem:
        found = "; ".join(
            x
            for x in (
                f"chức vụ {problem}" if problem else "",
                f"họ tên {name_problem}" if name_problem else "",
            )
            if x
        )
        out.append(
            finding(
                SIG_STYLE,
                Severity.ERROR,
                found,
                f"Quyền hạn, chức vụ: {expectation((13, 14), bold=True, italic=False, caps=True)}; "
                f"họ tên: {expectation((13, 14), bold=True, italic=False)}.",
            )
        )
    name = line(signer.text)
    if TITLES.match(name):
        out.append(
            finding(
                SIG_TITLE,
                Severity.WARNING,
                name,
                "Không ghi học hàm, học vị trước họ tên người ký.",
            )
        )
    return out
