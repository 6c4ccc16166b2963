"""Type-specific fields of a document input, turned into the ô 6 lines of that type.

- `can_cu:` legal bases (named types; italic lines ending `;`, the last `.`);
- `tham_quyen_ban_hanh:` the issuing-authority line of a quyết định, nghị quyết or công điện
  (default: the head's office and the agency name, `TRƯỞNG BAN BAN QUẢN LÝ …`);
- `kinh_moi:` who a giấy mời invites: its line `<agency> trân trọng kính mời: …` (Mẫu 1.7);
- `thoi_gian:`, `dia_diem:` of a giấy mời (Mẫu 1.7) or a biên bản (Mẫu 1.9);
- `thanh_phan:`, `chu_tri:`, `thu_ky:`, `ket_thuc:` of a biên bản, whose secretary signs as
  `nguoi_ky_2:` (read by `document.py`); the other party of a hợp đồng, bản ghi nhớ or bản thỏa
  thuận signs as `nguoi_ky_2:` too;
- `gia_tri_den:` the last day a giấy giới thiệu is valid (Mẫu 1.8);
- `dien_gui:` the recipients a công điện is sent to (Mẫu 1.6);
- `ten_thu:` what a thư công is (`chúc mừng` → the title `THƯ CHÚC MỪNG`; ND30 PL3 gives it no
  template, docs/format/number-and-date.md, so docgen gives it the named types' layout without a
  trích yếu).
"""

from __future__ import annotations

import datetime as dt

from docgen.inputs.reader import Section
from docgen.model.agency import Agency
from docgen.model.document import Paragraph, Role, Run, Signature
from docgen.model.kinds import Kind
from docgen.rules import structure
from docgen.rules.blocks import dashed
from docgen.rules.dates import day_parts
from docgen.rules.text import upper

_NAMED = frozenset(k for k in Kind if k.info.abbreviation is not None)
#: which types each field belongs to
FIELDS: dict[str, frozenset[Kind]] = {
    "can_cu": _NAMED,
    "tham_quyen_ban_hanh": frozenset({Kind.QUYET_DINH, Kind.NGHI_QUYET, Kind.CONG_DIEN}),
    "kinh_moi": frozenset({Kind.GIAY_MOI}),
    "thoi_gian": frozenset({Kind.GIAY_MOI, Kind.BIEN_BAN}),
    "dia_diem": frozenset({Kind.GIAY_MOI, Kind.BIEN_BAN}),
    "thanh_phan": frozenset({Kind.BIEN_BAN}),
    "chu_tri": frozenset({Kind.BIEN_BAN}),
    "thu_ky": frozenset({Kind.BIEN_BAN}),
    "ket_thuc": frozenset({Kind.BIEN_BAN}),
    "nguoi_ky_2": frozenset({Kind.BIEN_BAN, Kind.HOP_DONG, Kind.BAN_GHI_NHO, Kind.BAN_THOA_THUAN}),
    "gia_tri_den": frozenset({Kind.GIAY_GIOI_THIEU}),
    "dien_gui": frozenset({Kind.CONG_DIEN}),
    "ten_thu": frozenset({Kind.THU_CONG}),
}
#: fields a type cannot do without
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.GIAY_MOI: ("kinh_moi", "thoi_gian", "dia_diem"),
    Kind.BIEN_BAN: ("thoi_gian", "dia_diem", "thanh_phan", "nguoi_ky_2"),
    Kind.GIAY_GIOI_THIEU: ("gia_tri_den",),
    Kind.CONG_DIEN: ("dien_gui",),
    Kind.THU_CONG: ("ten_thu",),
}
_EXAMPLES = {
    "kinh_moi": "kinh_moi: Đại diện lãnh đạo các doanh nghiệp trong các khu công nghiệp",
    "thoi_gian": "thoi_gian: 08 giờ 30, ngày 12 tháng 3 năm 2024",
    "dia_diem": "dia_diem: Phòng họp tầng 3, số 2 Phạm Văn Bạch, Cầu Giấy, Hà Nội",
    "thanh_phan": "thanh_phan: [Ông Nguyễn Văn A, Phó Trưởng ban]",
    "nguoi_ky_2: {ho_ten: …, chuc_vu: Thư ký}": "",
    "gia_tri_den": "gia_tri_den: 2024-03-31",
    "dien_gui": "dien_gui: [Giám đốc các doanh nghiệp trong các khu công nghiệp]",
    "ten_thu": "ten_thu: chúc mừng (tiêu đề thành THƯ CHÚC MỪNG)",
}


def check_fields(top: Section, kind: Kind) -> None:
    """Refuse a field the type does not have, and a missing field the type needs."""
    for key, kinds in FIELDS.items():
        if top.has(key) and kind not in kinds:
            names = ", ".join(sorted(k.info.name.lower() for k in kinds))
            top.fail(
                f"trường `{key}` không dùng cho {kind.info.name.lower()}",
                f"xóa trường này (chỉ dùng cho: {names}) hoặc sửa `loai:`",
                key=key,
            )
    for key in REQUIRED.get(kind, ()):
        if not top.has(key):
            example = _EXAMPLES.get(key) or f"{key}: {{ho_ten: …, chuc_vu: Thư ký}}"
            top.fail(
                f"{kind.info.name.lower()} phải có trường `{key}`",
                f"thêm dòng `{example}`",
                key=key,
            )


def compose_body(
    top: Section, kind: Kind, agency: Agency, signature: Signature, body: tuple[Paragraph, ...]
) -> tuple[Paragraph, ...]:
    """The whole ô 6 of `kind`: its opening lines, the clerk's body, its closing lines."""
    before: list[Paragraph] = []
    after: list[Paragraph] = []
    authority = top.text("tham_quyen_ban_hanh", required=False)
    office = structure.authority_office(signature)
    if kind in (Kind.QUYET_DINH, Kind.NGHI_QUYET):
        before.append(structure.authority_line(authority or f"{office} {agency.name}"))
    if kind is Kind.CONG_DIEN:
        sender = upper(authority or f"{office} {agency.name}")
        before.append(Paragraph((Run(f"{sender} điện:"),), Role.AUTHORITY))
        before.extend(structure.plain(d) for d in dashed(top.text_list("dien_gui", required=True)))
    before.extend(structure.can_cu(top.text_list("can_cu")))
    verb = structure.verb(kind)
    if verb is not None:
        before.append(verb)
    if kind is Kind.GIAY_MOI:
        before.extend(_invitation(top, agency))
        after.append(structure.labelled("Thời gian", _clause(top.text("thoi_gian"))))
        after.append(structure.labelled("Địa điểm", _clause(top.text("dia_diem"))))
    if kind is Kind.BIEN_BAN:
        before.extend(_bien_ban_opening(top))
        end = top.text("ket_thuc", required=False)
        if end:
            after.append(structure.plain(_clause(end)))
    if kind is Kind.GIAY_GIOI_THIEU:
        after.append(structure.validity(read_date(top, "gia_tri_den")))
    return (*before, *body, *after)


def invitees(top: Section) -> list[str]:
    """Who a giấy mời invites (`kinh_moi:`, one text or a list)."""
    return top.text_list(
        "kinh_moi", required=True, hint="ghi người được mời, ví dụ: " + _EXAMPLES["kinh_moi"]
    )


def _invitation(top: Section, agency: Agency) -> list[Paragraph]:
    """Mẫu 1.7: `<Agency> trân trọng kính mời: <who>` — inline for one, dashed lines for more."""
    who = invitees(top)
    inviter = structure.sentence_case_agency(agency.name, agency.place)
    if len(who) == 1:
        return [structure.plain(f"{inviter} trân trọng kính mời: {_clause(who[0])}.")]
    return [
        structure.plain(f"{inviter} trân trọng kính mời:"),
        *(structure.plain(d) for d in dashed(who)),
    ]


def letter_title(top: Section) -> str:
    """A thư công's title from `ten_thu`: `chúc mừng` (or `Thư chúc mừng`) → `Thư chúc mừng`;
    the template prints it in capitals as a type name (PL1 II.5.b; docs/format/blocks.md)."""
    purpose = " ".join(top.text("ten_thu").split())
    if purpose.lower() == "thư" or purpose.lower().startswith("thư "):
        purpose = purpose[3:].strip()
    if not purpose:
        top.fail(
            "`ten_thu` chỉ có chữ “thư”",
            "ghi thư gì, ví dụ: ten_thu: chúc mừng",
            key="ten_thu",
        )
    return f"Thư {purpose[:1].lower()}{purpose[1:]}"


def _clause(text: str) -> str:
    return text.rstrip(" .;")


def _bien_ban_opening(top: Section) -> list[Paragraph]:
    """Mẫu 1.9: time, place, participants, who chairs and who takes the minutes, then Nội dung."""
    out = [
        structure.labelled("Thời gian bắt đầu", _clause(top.text("thoi_gian"))),
        structure.labelled("Địa điểm", _clause(top.text("dia_diem"))),
        Paragraph((Run("Thành phần tham dự:", bold=True),)),
    ]
    out.extend(structure.plain(d) for d in dashed(top.text_list("thanh_phan", required=True)))
    for key, label in (("chu_tri", "Chủ trì"), ("thu_ky", "Thư ký")):
        value = top.text(key, required=False)
        if value:
            out.append(structure.labelled(label, _clause(value)))
    out.append(Paragraph((Run("Nội dung:", bold=True),)))
    return out


def read_date(top: Section, key: str) -> dt.date:
    """A full date field: YAML date, `2024-03-31` or `31/3/2024`."""
    value = top.raw(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        parts = day_parts(value)
        if parts is not None:
            try:
                return dt.date(*parts)
            except ValueError:
                top.fail(
                    f"ngày `{value.strip()}` không có trên lịch", "kiểm tra ngày, tháng", key=key
                )
    top.fail("ngày không đúng dạng", "ghi dạng 2024-03-31 hoặc 31/3/2024", key=key)
