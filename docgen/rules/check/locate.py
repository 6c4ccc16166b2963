"""Finds the components (ô 1 … ô 9b) in a `DocView`, from their text and position, not their styles,
so a file typed by hand is read the same way as ours."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from docgen.model.kinds import Kind
from docgen.rules.check.view import DocView, Paragraph
from docgen.rules.metrics import text_width_mm
from docgen.rules.text import upper

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
MARKS = {"MẬT", "TỐI MẬT", "TUYỆT MẬT", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC"}
_SO = re.compile(r"^\s*Số\b")
_DATE = re.compile(r"ngày.*tháng.*năm", re.S)
_KINH_GUI = re.compile(r"^\s*Kính\s+gửi", re.I)
_NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận", re.I)
#: words a position line starts with (so a name typed in capitals is not taken for one)
_POSITION = re.compile(
    r"^(PHÓ|GIÁM|TRƯỞNG|CHỦ|CHÁNH|TỔNG|VỤ|CỤC|THỨ|BỘ|HIỆU|VIỆN|KT\.|TM\.|TL\.|TUQ\.|Q\.)"
)
_DASH = re.compile(r"^\s*[-–—+•]")
_APPENDIX_LABEL = re.compile(r"^\s*PHỤ\s+LỤC\b")
_REFERENCE = re.compile(r"^\s*\(\s*Kèm\s+theo\b", re.I)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def canon(text: str) -> str:
    """Upper case, NFC, one space between words, old-style tone marks (HOÀ, UỶ) made new-style."""
    text = " ".join(upper(text).split())
    for old, new in (("OÀ", "ÒA"), ("OẢ", "ỎA"), ("UỶ", "ỦY"), ("OÁ", "ÓA"), ("OẠ", "ỌA")):
        text = text.replace(old, new)
    return text


#: type names as written in the title line (ô 5a) → kind
TITLES = {canon(kind.info.name): kind for kind in Kind if kind.info.abbreviation}
#: a thư công's title: `THƯ` and what it is (`THƯ CHÚC MỪNG`, `THƯ NGỎ`), in capitals
#: (docs/format/number-and-date.md)
_LETTER = re.compile(r"^THƯ(?: \S+){1,7}$")
#: type abbreviation → kind
ABBREVIATIONS = {kind.info.abbreviation: kind for kind in Kind if kind.info.abbreviation}


@dataclass(frozen=True)
class Mark:
    """A horizontal rule found under a text: how it is drawn and how long it is."""

    how: str  #: "border", "underscore", "shape"
    length_mm: float


@dataclass(frozen=True)
class AppendixHead:
    """The head of a phụ lục in a file of its own: `Phụ lục I`, its title, the reference line."""

    label: Paragraph
    title: tuple[Paragraph, ...]
    reference: Paragraph


@dataclass(frozen=True)
class Parts:
    """The components found; None / () where a component is absent."""

    view: DocView
    quoc_hieu: Paragraph | None = None
    tieu_ngu: Paragraph | None = None
    tieu_ngu_rule: Mark | None = None
    parent: tuple[Paragraph, ...] = ()
    agency: tuple[Paragraph, ...] = ()
    agency_rule: Mark | None = None
    so: Paragraph | None = None
    date: Paragraph | None = None
    vv: Paragraph | None = None
    title: Paragraph | None = None
    kind: Kind | None = None
    trich_yeu: tuple[Paragraph, ...] = ()
    trich_yeu_rule: Mark | None = None
    kinh_gui: Paragraph | None = None
    kinh_gui_items: tuple[Paragraph, ...] = ()
    body: tuple[Paragraph, ...] = ()
    noi_nhan: Paragraph | None = None
    noi_nhan_items: tuple[Paragraph, ...] = ()
    signature: tuple[Paragraph, ...] = ()  #: ô 7a lines (authority and positions)
    signer: Paragraph | None = None  #: ô 7b name
    appendix: AppendixHead | None = None  #: set for a phụ lục file (then only `body` is set)


def segment(text: str, needle: re.Pattern[str]) -> str:
    """The tab-separated part of `text` that holds `needle` (hand-typed headers put the two columns
    in one paragraph with a tab between them), else the whole text."""
    if "\t" not in text:
        return text
    return next((part for part in text.split("\t") if needle.search(part)), text)


def is_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == upper(text)


def shown(p: Paragraph) -> str:
    """The text as printed (w:caps shows lower-case letters in capitals)."""
    if p.runs and all(run.caps for run in p.visible):
        return upper(p.text)
    return p.text


def same_cell(a: Paragraph, b: Paragraph) -> bool:
    return (a.table, a.row, a.col) == (b.table, b.row, b.col)


def rule_after(view: DocView, p: Paragraph) -> Mark | None:
    """The rule drawn under `p`: its bottom border, a line shape, or in the next paragraphs of the
    same cell an empty paragraph with a border, a line shape, or a run of underscores."""
    if p.shapes_mm:
        return Mark("shape", max(p.shapes_mm))
    if p.border_bottom:
        return Mark("border", p.box_mm)
    for q in view.paragraphs[p.index + 1 : p.index + 3]:
        if not same_cell(p, q):
            return None
        text = q.text.strip()
        if q.shapes_mm:
            return Mark("shape", max(q.shapes_mm))
        if not text and (q.border_top or q.border_bottom):
            return Mark("border", q.box_mm)
        if text and set(text) <= {"_"} and q.visible:
            run = q.visible[0]
            return Mark("underscore", text_width_mm(text, run.size, bold=run.bold))
        if text:
            return None
    return None


def title_kind(p: Paragraph) -> Kind | None:
    """The kind whose ô 5a title `p` is: a type name (`QUYẾT ĐỊNH`), or a thư công's `THƯ …`
    typed in capitals (so a công văn's sentence `Thư viện …` is not taken for one)."""
    key = canon(p.text)
    if key in TITLES:
        return TITLES[key]
    if _LETTER.match(key) and is_upper(shown(p).strip()):
        return Kind.THU_CONG
    return None


def _first(
    paras: tuple[Paragraph, ...], test: Callable[[Paragraph], bool], start: int = 0
) -> Paragraph | None:
    return next((p for p in paras[start:] if test(p)), None)


def locate(view: DocView) -> Parts:
    """Find every component of `view` (see `Parts`)."""
    paras = view.paragraphs
    head = paras[:60]
    qh = _first(head, lambda p: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in canon(p.text))
    appendix = None if qh is not None else appendix_head(view)
    if appendix is not None:
        after = paras[appendix.reference.index + 1 :]
        return Parts(view=view, appendix=appendix, body=_running_text(after))
    tn = _first(head, lambda p: "ĐỘC LẬP" in canon(p.text) and "HẠNH PHÚC" in canon(p.text))
    if qh is not None and qh.table >= 0:  # the header table holds ô 3 and ô 4
        head = tuple(p for p in head if p.table == qh.table)
    else:  # no table: a few lines at the top of the page
        head = head[: (qh.index if qh is not None else 0) + 6]
    so = _first(head, lambda p: bool(_SO.match(nfc(p.text))) and "/" in p.text)
    date = _first(
        head, lambda p: bool(_DATE.search(nfc(p.text))) and (p is not so or "\t" in p.text)
    )
    parent, agency = _agency(view, qh)
    in_header = [p for p in (qh, tn, so, date, *agency) if p is not None]
    header_end = max((p.index for p in in_header), default=-1)
    if qh is not None and qh.table >= 0:
        header_end = max(p.index for p in paras if p.table == qh.table)
    vv = None
    if so is not None:
        vv = _first(
            paras,
            lambda p: (
                p.index <= max(header_end, so.index + 2)
                and p.text.strip() != ""
                and (p.table, p.col) == (so.table, so.col)
                and canon(p.text) not in MARKS
                and canon(p.text) not in TITLES
                and p.align != "both"
                and not _KINH_GUI.match(p.text)
            ),
            so.index + 1,
        )
    title = _first(paras, lambda p: p.table == -1 and title_kind(p) is not None, header_end + 1)
    trich: list[Paragraph] = []
    trich_rule = None
    if title is not None and title.index < header_end + 4:
        for p in paras[title.index + 1 : title.index + 4]:
            if not p.text.strip() or set(p.text.strip()) <= {"_"}:
                break
            if p.align != "center" or _KINH_GUI.match(p.text):
                break
            trich.append(p)
        trich_rule = rule_after(view, trich[-1] if trich else title)
    else:
        title = None
    kinh_gui = _first(paras, lambda p: bool(_KINH_GUI.match(nfc(p.text))), header_end + 1)
    kg_items: list[Paragraph] = []
    if kinh_gui is not None:
        for p in paras[kinh_gui.index + 1 :]:
            if not p.text.strip():
                continue
            if not _DASH.match(p.text):
                break
            kg_items.append(p)
    noi_nhan = _first(paras, lambda p: bool(_NOI_NHAN.match(nfc(p.text))), header_end + 1)
    nn_items: list[Paragraph] = []
    if noi_nhan is not None:
        for p in paras[noi_nhan.index + 1 :]:
            if noi_nhan.table >= 0 and not same_cell(noi_nhan, p):
                break
            if p.text.strip():
                if noi_nhan.table < 0 and not _DASH.match(p.text):
                    break
                nn_items.append(p)
    signature, signer = _signature(view, noi_nhan, nn_items)
    starts = [header_end, *(p.index for p in (title, *trich, kinh_gui, *kg_items) if p)]
    if trich_rule is not None and trich:
        starts.append(trich[-1].index + 1)
    ends = [p.index for p in (noi_nhan, *signature) if p is not None]
    first_bottom = min(ends, default=len(paras))
    body = _running_text(paras[max(starts) + 1 : first_bottom])
    kind = title_kind(title) if title is not None else None
    if kind is None and vv is not None:
        kind = Kind.CONG_VAN
    return Parts(
        view=view,
        quoc_hieu=qh,
        tieu_ngu=tn,
        tieu_ngu_rule=None if tn is None else rule_after(view, tn),
        parent=parent,
        agency=agency,
        agency_rule=rule_after(view, agency[-1]) if agency else None,
        so=so,
        date=date,
        vv=vv,
        title=title,
        kind=kind,
        trich_yeu=tuple(trich),
        trich_yeu_rule=trich_rule,
        kinh_gui=kinh_gui,
        kinh_gui_items=tuple(kg_items),
        body=body,
        noi_nhan=noi_nhan,
        noi_nhan_items=tuple(nn_items),
        signature=signature,
        signer=signer,
    )


def _running_text(paras: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """The paragraphs of `paras` outside tables with text that is not a rule of underscores."""
    return tuple(
        p for p in paras if p.table == -1 and p.text.strip() and not set(p.text.strip()) <= {"_"}
    )


def appendix_head(view: DocView) -> AppendixHead | None:
    """The head of a phụ lục file: its first text is `Phụ lục …` outside any table, followed within
    a few lines by the `(Kèm theo …)` reference line (PL1 III.1.b–c); None for any other file."""
    lines = [p for p in view.paragraphs[:12] if p.text.strip()]
    if not lines or lines[0].table != -1 or not _APPENDIX_LABEL.match(canon(lines[0].text)):
        return None
    for k, p in enumerate(lines[1:5], 1):
        if p.table != -1:
            return None
        if _REFERENCE.match(nfc(p.text)):
            return AppendixHead(lines[0], tuple(lines[1:k]), p)
    return None


def _agency(
    view: DocView, qh: Paragraph | None
) -> tuple[tuple[Paragraph, ...], tuple[Paragraph, ...]]:
    """(parent agency lines, issuing agency lines): the capitals in the cell left of the Quốc hiệu."""
    if qh is None:  # no Quốc hiệu to anchor on: the first cell of a table that opens the file
        first = view.paragraphs[0] if view.paragraphs else None
        if first is None or first.table < 0:
            return (), ()
        cands = [p for p in view.paragraphs if (p.table, p.row, p.col) == (first.table, 0, 0)]
    elif qh.table >= 0 and qh.col > 0:
        cands = [p for p in view.paragraphs if (p.table, p.row, p.col) == (qh.table, qh.row, 0)]
    else:
        cands = list(view.paragraphs[: qh.index])
    lines: list[Paragraph] = []
    for p in cands:
        text = shown(p).strip()
        if not text:
            continue
        if _SO.match(text) or set(text) <= {"_"} or not is_upper(text):
            break
        lines.append(p)
    parent: list[Paragraph] = []
    for p in lines[:-1]:
        if any(run.bold for run in p.visible):
            break
        parent.append(p)
    return tuple(parent), tuple(lines[len(parent) :])


def _signature(
    view: DocView, noi_nhan: Paragraph | None, items: list[Paragraph]
) -> tuple[tuple[Paragraph, ...], Paragraph | None]:
    paras = view.paragraphs
    if noi_nhan is not None and noi_nhan.table >= 0:
        lines = [
            p
            for p in paras
            if (p.table, p.row) == (noi_nhan.table, noi_nhan.row)
            and p.col != noi_nhan.col
            and p.text.strip()
        ]
    elif noi_nhan is not None:
        after = (items[-1].index if items else noi_nhan.index) + 1
        lines = [p for p in paras[after:] if p.text.strip() and p.align != "both"]
    elif len(view.tables) > 1 and paras and paras[-1].table == len(view.tables) - 1:
        # no Nơi nhận: the signature is the right column of the table that ends the document
        last = paras[-1].table
        right = max(p.col for p in paras if p.table == last)
        lines = [p for p in paras if (p.table, p.col) == (last, right) and p.text.strip()]
    else:  # typed without a table: the centred lines after the last justified paragraph
        tail: list[Paragraph] = []
        for p in reversed(paras):
            if p.table >= 0 or p.align == "both":
                break
            if p.text.strip():
                tail.insert(0, p)
        lines = tail
    authority = []
    for p in lines:
        if not is_upper(shown(p).strip()):
            break
        authority.append(p)
    names = [p for p in lines[len(authority) :] if not p.text.strip().startswith(("(", "[", "<"))]
    if not names and len(authority) >= 2 and not _POSITION.match(canon(authority[-1].text)):
        # the name typed in capitals: the last line that is not a position is the name
        return tuple(authority[:-1]), authority[-1]
    return tuple(authority), (names[-1] if names else None)
