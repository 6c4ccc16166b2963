"""The body (`noi_dung:`) and appendices (`phu_luc:`) of a document input.

An entry of `noi_dung` is a paragraph (text with `**đậm**`/`*nghiêng*`), a list group
(`gach:`/`so:`/`chu:`), a heading (`phan:`, `chuong:`, `muc:`, `tieu_muc:` with its title) or an article
(`dieu:` with its title, then `noi_dung:` and/or `khoan:`; a khoản may have `diem:`). Numbers are
given by docgen: Điều runs on through the document, a heading restarts the smaller ones under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import InputError
from docgen.inputs.reader import Section, check_text
from docgen.model.document import Appendix, Paragraph, Run
from docgen.rules import structure

_GROUPS = ("gach", "so", "chu")
_MARKUP = re.compile(r"(\*\*.+?\*\*|\*[^*]+?\*)")


def parse_runs(text: str) -> tuple[Run, ...]:
    """`**đậm**` and `*nghiêng*` markup → runs; everything else is literal text."""
    runs = []
    for piece in _MARKUP.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            runs.append(Run(piece[2:-2], bold=True))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            runs.append(Run(piece[1:-1], italic=True))
        else:
            runs.append(Run(piece))
    return tuple(runs)


@dataclass
class _Counters:
    dieu: int = 0
    headings: dict[str, int] = field(default_factory=dict)


def parse_body(
    top: Section, key: str = "noi_dung", *, required: bool = True
) -> tuple[Paragraph, ...]:
    """The paragraphs of `key` in `top`, structure numbered; () when absent and not required."""
    value = top.raw(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value:
        top.fail(
            "thiếu nội dung văn bản (danh sách các đoạn)",
            f"thêm `{key}:` với mỗi đoạn một dòng `- …`",
            key=key,
        )
    counters = _Counters()
    out: list[Paragraph] = []
    for i, entry in enumerate(value, 1):
        out.extend(_entry(top, f"{key}[{i}]", entry, counters))
    return tuple(out)


def _entry(top: Section, key: str, entry: Any, counters: _Counters) -> list[Paragraph]:
    if isinstance(entry, str) and entry.strip():
        return [Paragraph(parse_runs(check_text(entry, top, key)))]
    if not isinstance(entry, dict):
        top.fail("đoạn trống hoặc không phải chữ", "mỗi đoạn là một dòng chữ", key=key)
    section = Section(entry, source=top.source, path=key, error=InputError)
    if section.has("dieu") or "dieu" in entry:
        out = _dieu(section, counters)
    elif any(section.has(h) for h in structure.HEADINGS):
        out = _heading(section, counters)
    elif any(section.has(g) for g in _GROUPS):
        out = _group(section)
    elif len(entry) == 1 and next(iter(entry.values())) is None:  # `- Text ending with a colon:`
        section.fail(
            "đoạn kết thúc bằng dấu hai chấm bị YAML hiểu thành tên trường",
            'đặt cả đoạn trong dấu ngoặc kép: - "… như sau:"',
        )
    elif len(entry) == 1 and _is_scalar(next(iter(entry.values()))):
        # `- Điều kiện: hồ sơ gồm …`: the colon and space make YAML read a key and its value
        (head, tail), *_ = entry.items()
        section.fail(
            f"đoạn “{head}: {str(tail)[:30]}…” có dấu hai chấm nên YAML hiểu thành một nhóm",
            f'đặt cả đoạn trong dấu ngoặc kép: - "{head}: {str(tail)[:30]}…"',
        )
    else:
        section.fail(
            "nhóm mục phải có `gach:` (gạch đầu dòng), `so:` (1. 2.) hoặc `chu:` (a) b)), "
            "hoặc là tiêu đề `phan:`/`chuong:`/`muc:`/`tieu_muc:` hay điều `dieu:`",
            "ví dụ: - gach: [Ý thứ nhất, Ý thứ hai]",
        )
    section.done()
    return out


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _group(section: Section) -> list[Paragraph]:
    style = next(g for g in _GROUPS if section.has(g))
    items = section.text_list(style, required=True)
    marks = {"gach": lambda j: "-", "so": lambda j: f"{j}.", "chu": structure.letter}
    out = []
    for j, item in enumerate(items, 1):
        mark = marks[style](j)
        mark = mark if style != "chu" else f"{mark})"
        out.append(Paragraph(parse_runs(f"{mark} {item}")))
    return out


def _heading(section: Section, counters: _Counters) -> list[Paragraph]:
    found = [h for h in structure.HEADINGS if section.has(h)]
    if len(found) > 1:
        section.fail(
            f"một mục chỉ là một tiêu đề, ở đây có {', '.join(found)}",
            "tách mỗi tiêu đề thành một dòng `- …` riêng",
        )
    key = found[0]
    title = section.text(key, hint=f"ghi tên của tiêu đề, ví dụ: {key}: Những quy định chung")
    number = counters.headings.get(key, 0) + 1
    counters.headings[key] = number
    # a heading restarts the numbering of the smaller ones under it (Mục 1 again in Chương II)
    order = list(structure.HEADINGS)
    for smaller in order[order.index(key) + 1 :]:
        counters.headings.pop(smaller, None)
    return structure.heading(key, number, title)


def _dieu(section: Section, counters: _Counters) -> list[Paragraph]:
    title = section.text("dieu", required=False)
    paragraphs = [Paragraph(parse_runs(t)) for t in section.text_list("noi_dung")]
    khoan = section.raw("khoan")
    if khoan is not None and (not isinstance(khoan, list) or not khoan):
        section.fail("phải là danh sách các khoản `- …`", "mỗi khoản một dòng `- …`", key="khoan")
    if not title and not paragraphs and not khoan:
        section.fail(
            "điều không có tên và không có nội dung",
            "ghi tên điều sau `dieu:` hoặc thêm `noi_dung:`/`khoan:`",
            key="dieu",
        )
    counters.dieu += 1
    if title or not paragraphs:
        out = [structure.dieu(counters.dieu, title)]
    else:  # no title: `Điều 1.` in bold, then the first paragraph on the same line
        out = [structure.dieu(counters.dieu, "", paragraphs[0].runs)]
        paragraphs = paragraphs[1:]
    out.extend(paragraphs)
    for j, item in enumerate(khoan or [], 1):
        out.extend(_khoan(section, f"khoan[{j}]", j, item))
    return out


def _khoan(top: Section, key: str, number: int, item: Any) -> list[Paragraph]:
    if isinstance(item, str) and item.strip():
        return [structure.numbered(f"{number}.", parse_runs(check_text(item, top, key)))]
    if not isinstance(item, dict):
        top.fail(
            "khoản trống hoặc không phải chữ",
            "ghi khoản là một dòng chữ, hoặc `noi_dung:` kèm `diem:`",
            key=key,
        )
    section = Section(item, source=top.source, path=top.child_path(key), error=InputError)
    text = section.text("noi_dung", hint="ghi nội dung khoản, ví dụ: noi_dung: Đối tượng gồm:")
    points = section.text_list("diem", required=True, hint="mỗi điểm một dòng `- …`")
    section.done()
    out = [structure.numbered(f"{number}.", parse_runs(text))]
    out.extend(
        structure.numbered(f"{structure.letter(j)})", parse_runs(point))
        for j, point in enumerate(points, 1)
    )
    return out


def parse_appendices(top: Section) -> tuple[Appendix, ...]:
    """`phu_luc:`: a list of `{tieu_de: …, noi_dung: […]}`, numbered I, II, … in order."""
    value = top.raw("phu_luc")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        top.fail(
            "phải là danh sách các phụ lục",
            "mỗi phụ lục một mục `- tieu_de: …` kèm `noi_dung:`",
            key="phu_luc",
        )
    out = []
    for i, entry in enumerate(value, 1):
        section = Section(entry, source=top.source, path=f"phu_luc[{i}]", error=InputError)
        title = section.text("tieu_de", hint="ghi tên phụ lục, ví dụ: tieu_de: Danh mục …")
        body = parse_body(section)
        section.done()
        out.append(Appendix(title, body))
    return tuple(out)


__all__ = ["parse_appendices", "parse_body", "parse_runs"]
