"""The copy input (docs/format/copies.md): a YAML file asking for a copy of an issued document.

    loai: sao-y                     # sao-y, sao-luc or trich-sao
    ban_goc: 12-QD-BQL.docx         # the issued .docx, or the YAML it was issued from (for a
                                    # trích sao: the YAML of the extract, rendered anew)
    so: 1                           # only in a draft typed by hand: `docgen issue` takes the
                                    # number from the copy stream (ban_sao) and dates it today
    ngay: 2024-03-20
    nguoi_ky: chanh-van-phong
    noi_nhan: [Sở Công Thương]      # `- Lưu: VT.` is added
    luu: [VP]                       # units keeping a copy besides VT: `- Lưu: VT, VP.`
    hinh_thuc: dien-tu              # giay (the paper block, Mẫu 3.1) or dien-tu (ô 14 + the
                                    # agency's digital signature, ND30 PL1-P2 I.3,
                                    # docs/format/copies.md); default:
                                    # dien-tu when the profile has [signing], giay otherwise

`load_input` reads any input file and returns a Document or a CopyRequest, by its `loai`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.inputs.document import (
    DOCUMENT_KEYS,
    parse_date,
    parse_document,
    parse_signature,
    read_yaml,
)
from docgen.inputs.reader import Section
from docgen.model.agency import Agency
from docgen.model.document import Copy, Document
from docgen.model.kinds import CopyKind

COPY_KINDS = {
    "sao-y": CopyKind.SAO_Y,
    "sao-luc": CopyKind.SAO_LUC,
    "trich-sao": CopyKind.TRICH_SAO,
}
#: `hinh_thuc:` → electronic; `dien_tu` is accepted for `dien-tu`
MEDIA = {"giay": False, "dien-tu": True, "dien_tu": True}


@dataclass(frozen=True)
class CopyRequest:
    """A copy to make: the copy block and what it copies (a .docx, or a document to render)."""

    copy: Copy
    original: Path
    extract: Document | None = None  #: the original given as its document YAML, rendered anew


def load_input(path: Path, agency: Agency, *, today: dt.date) -> Document | CopyRequest:
    """A document, or a copy request when `loai` is a copy form."""
    data = read_yaml(path)
    slug = data.get("loai") if isinstance(data, dict) else None
    if isinstance(slug, str) and slug in COPY_KINDS:
        return parse_copy(data, agency, source=str(path), base=path.parent, today=today)
    return parse_document(data, agency, source=str(path), today=today)


def parse_copy(
    data: Any, agency: Agency, *, source: str, base: Path, today: dt.date
) -> CopyRequest:
    """Build a CopyRequest from parsed YAML; `ban_goc` is read relative to `base`."""
    top = Section(data, source=source, path="", error=InputError, known=DOCUMENT_KEYS)
    kind = COPY_KINDS[top.text("loai")]
    name = top.text("ban_goc", hint="ghi tên tệp văn bản được sao, ví dụ: ban_goc: 12-QD-BQL.docx")
    original = base / name
    if original.suffix.lower() not in (".docx", ".yaml", ".yml"):
        top.fail(
            "bản gốc phải là tệp .docx (hoặc tệp .yaml của phần trích sao)",
            "ghi tên tệp Word của văn bản đã ban hành",
            key="ban_goc",
        )
    if not original.is_file():
        top.fail(f"không tìm thấy tệp `{name}`", "kiểm tra tên tệp và thư mục", key="ban_goc")
    number = top.integer("so", low=1, high=999_999)
    date = parse_date(top, today=today)
    if number is not None and not date.complete:
        top.fail("bản sao đã có số thì phải ghi đủ ngày", "ví dụ: ngay: 2024-03-20", key="ngay")
    signature = parse_signature(top, agency)
    recipients = top.text_list("noi_nhan", hint="mỗi nơi nhận một dòng `- …`")
    units = [u.upper() for u in top.text_list("luu", hint="mỗi đơn vị một dòng, ví dụ: - VP")]
    for i, unit in enumerate(units, 1):
        if agency.unit(unit) is None:
            known = ", ".join(u.abbreviation for u in agency.units)
            top.fail(
                f"đơn vị `{unit}` không có trong cấu hình cơ quan",
                f"dùng một trong: {known}, hoặc thêm đơn vị vào docgen.toml ([units])",
                key=f"luu[{i}]",
            )
    electronic = _medium(top, agency)
    top.done()
    extract = None
    if original.suffix.lower() != ".docx":
        extract = parse_document(read_yaml(original), agency, source=str(original), today=today)
    luu = tuple(dict.fromkeys(u for u in units if u != "VT"))
    copy = Copy(
        kind,
        date,
        signature,
        number=number,
        noi_nhan=tuple(recipients),
        luu=luu,
        electronic=electronic,
    )
    return CopyRequest(copy, original, extract)


def _medium(top: Section, agency: Agency) -> bool:
    """True for an electronic copy: `hinh_thuc: dien-tu`, or nothing said and a profile that signs.
    An electronic copy carries the agency's digital signature, so it needs `[signing]`."""
    value = top.text("hinh_thuc", required=False)
    if not value:
        return agency.signing is not None
    if value not in MEDIA:
        top.fail(
            f"hình thức bản sao `{value}` không có",
            "dùng giay (khối sao cuối văn bản) hoặc dien-tu (ô 14 và chữ ký số của cơ quan)",
            key="hinh_thuc",
        )
    if MEDIA[value] and agency.signing is None:
        top.fail(
            "bản sao điện tử cần chữ ký số của cơ quan nhưng docgen.toml không có [signing]",
            "thêm [signing] vào docgen.toml, hoặc ghi hinh_thuc: giay để làm bản sao giấy",
            key="hinh_thuc",
        )
    return MEDIA[value]
