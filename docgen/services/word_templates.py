"""`docgen templates export DIR`: a Word template (.dotx) of every document type, with the agency
profile applied (parent and agency names, place, size profile, margins, the first drafting unit in
the symbol and the Lưu line) and `«…»` placeholders where the specialist types. No Jinja syntax
is visible: the templates are docgen's own drafts of a document whose fields are the placeholders.

A draft made from one (Word: File › New from the template, fill every «…», save as .docx) is read
by `docgen issue du-thao.docx` like any other Word draft; the checker reports a placeholder left
unfilled (`template_placeholder_filled`), a warning in a draft and an error when issuing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docgen.errors import InputError, ProfileError
from docgen.files import write_atomic
from docgen.inputs.document import parse_document
from docgen.inputs.profile import load_profile
from docgen.model.agency import Agency
from docgen.model.kinds import Kind
from docgen.rules import structure
from docgen.services.render_batch import render_document

DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
SIGNER_NAME = "«Họ và tên người ký»"
SIGNER_POSITION = "«Chức vụ người ký»"


def template_input(kind: Kind, unit: str, year: int) -> dict[str, Any]:
    """The document input of `kind` whose every field is a placeholder (parsed as YAML would be)."""
    data: dict[str, Any] = {
        "loai": kind.info.slug,
        "don_vi": unit,
        "ngay": {"nam": year},
        "nguoi_ky": {"ho_ten": SIGNER_NAME, "chuc_vu": SIGNER_POSITION},
        "noi_dung": ["«Nội dung văn bản: mỗi ý một đoạn»"],
        "noi_nhan": {"cac_noi": ["«Nơi nhận»"]},
    }
    if kind.info.has_trich_yeu:
        data["trich_yeu"] = "«trích yếu nội dung văn bản»"
    if kind.info.has_kinh_gui:
        data["kinh_gui"] = ["«Tên cơ quan, tổ chức nhận văn bản»"]
    if kind in (Kind.QUYET_DINH, Kind.NGHI_QUYET):
        data["can_cu"] = ["Căn cứ «văn bản quy định chức năng, nhiệm vụ»"]
    if kind is Kind.GIAY_MOI:
        data["kinh_moi"] = "«người được mời»"
    if kind in (Kind.GIAY_MOI, Kind.BIEN_BAN):
        data["thoi_gian"] = "«… giờ …, ngày … tháng … năm …»"
        data["dia_diem"] = "«địa điểm»"
    if kind is Kind.BIEN_BAN:
        data["thanh_phan"] = ["«Họ tên, chức vụ người tham dự»"]
    if kind in (Kind.BIEN_BAN, Kind.HOP_DONG, Kind.BAN_GHI_NHO, Kind.BAN_THOA_THUAN):
        second = "Thư ký" if kind is Kind.BIEN_BAN else "«Chức vụ đại diện bên kia»"
        data["nguoi_ky_2"] = {"ho_ten": "«Họ và tên người ký thứ hai»", "chuc_vu": second}
    if kind is Kind.GIAY_GIOI_THIEU:
        data["gia_tri_den"] = dt.date(year, 12, 31)  # the line is replaced below
    if kind is Kind.CONG_DIEN:
        data["dien_gui"] = ["«Nơi nhận công điện»"]
    if kind is Kind.THU_CONG:
        data["ten_thu"] = "«chúc mừng, cảm ơn …»"
    return data


def as_template(docx: bytes) -> bytes:
    """The .docx package `docx` as a Word template (.dotx): the same parts, the main part's content
    type that of a template, so Word makes a new document from it instead of editing it."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE.encode(), TEMPLATE_TYPE.encode())
            target.writestr(info, data)
    return out.getvalue()


def as_document(dotx: bytes) -> bytes:
    """The reverse of `as_template`: what Word saves when a document made from it is saved."""
    source = zipfile.ZipFile(io.BytesIO(dotx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(TEMPLATE_TYPE.encode(), DOCUMENT_TYPE.encode())
            target.writestr(info, data)
    return out.getvalue()


def drafting_unit(agency: Agency) -> str:
    """The unit the templates name (the first one after VT); ProfileError when there is none."""
    unit = next((u.abbreviation for u in agency.units if u.abbreviation != "VT"), None)
    if unit is None:
        raise ProfileError(
            "hồ sơ cơ quan chưa có đơn vị soạn thảo nào ngoài Văn thư",
            field="units",
            hint='thêm đơn vị vào [units] của docgen.toml, ví dụ KHTH = "Phòng Kế hoạch tổng hợp"',
        )
    return unit


def template_of(kind: Kind, agency: Agency, templates: Path, *, year: int) -> bytes:
    """The .dotx bytes of `kind` for `agency`."""
    data = template_input(kind, drafting_unit(agency), year)
    document = parse_document(
        data, agency, source=f"mẫu {kind.info.slug}", today=dt.date(year, 1, 1)
    )
    if kind is Kind.GIAY_GIOI_THIEU:  # the validity line, whose date is a placeholder too
        line = structure.plain("Giấy này có giá trị đến hết «ngày … tháng … năm …».")
        document = replace(document, body=(*document.body[:-1], line))
    return as_template(render_document(document, agency, templates))


@dataclass(frozen=True)
class Exported:
    kind: Kind
    path: Path


def export_templates(
    profile: Path, folder: Path, *, templates: Path, year: int, kinds: tuple[Kind, ...] = ()
) -> list[Exported]:
    """Write `<slug>.dotx` for each of `kinds` (default: every type) into `folder`; nothing is
    written when any of them fails."""
    agency = load_profile(profile)
    if folder.exists() and not folder.is_dir():
        raise InputError(
            "đã có một tệp trùng tên thư mục", source=str(folder), hint="chọn tên thư mục khác"
        )
    made = [
        (kind, template_of(kind, agency, templates, year=year)) for kind in kinds or tuple(Kind)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind, data in made:
        path = folder / f"{kind.info.slug}.dotx"
        write_atomic(path, data)
        out.append(Exported(kind, path))
    return out
