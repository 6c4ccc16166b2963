"""The draft form of each document type: the same fields as the YAML input (docs: the examples'
README), written in plain boxes, and turned into that input (`data_of`) for the services.

Texts are typed as a clerk types them: one recipient or one paragraph per line; a paragraph that
starts with `- ` is a dashed item; **đậm** and *nghiêng* as in the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from docgen.inputs.kind_fields import FIELDS, REQUIRED
from docgen.model.agency import Agency
from docgen.model.kinds import Kind

URGENCY = [("", "Không"), ("khan", "Khẩn"), ("thuong-khan", "Thượng khẩn"), ("hoa-toc", "Hỏa tốc")]
SECRECY = [("", "Không"), ("mat", "Mật"), ("toi-mat", "Tối mật"), ("tuyet-mat", "Tuyệt mật")]
APPENDICES = 2  #: phụ lục slots in the form


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    widget: str  #: text, lines, textarea, select, multi, check, date
    help: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()


def kinds() -> list[tuple[str, str]]:
    """(slug, name) of every type a draft can be (copies are made by the records office)."""
    return [(k.info.slug, k.info.name) for k in Kind]


def fields_for(kind: Kind, agency: Agency) -> list[Field]:
    """The boxes of the draft form of `kind`, in the order they appear on the page."""
    units = tuple((u.abbreviation, f"{u.abbreviation} — {u.name}") for u in agency.units)
    signers = tuple((s.key, f"{s.name} — {s.position}") for s in agency.signers)
    info = kind.info
    out: list[Field] = []
    if kind is Kind.THU_CONG:
        out.append(Field("ten_thu", "Thư gì (tiêu đề THƯ …)", "text", "ví dụ: chúc mừng", True))
    if info.has_trich_yeu:
        out.append(Field("trich_yeu", "Trích yếu", "text", "ví dụ: mời dự họp giao ban", True))
    if info.has_kinh_gui:
        required = kind is Kind.CONG_VAN
        out.append(Field("kinh_gui", "Kính gửi", "lines", "mỗi nơi một dòng", required))
    extra = {
        "can_cu": Field("can_cu", "Căn cứ", "lines", "mỗi căn cứ một dòng"),
        "tham_quyen_ban_hanh": Field("tham_quyen_ban_hanh", "Thẩm quyền ban hành", "text"),
        "kinh_moi": Field("kinh_moi", "Trân trọng kính mời", "lines", "người được mời"),
        "thoi_gian": Field("thoi_gian", "Thời gian", "text", "ví dụ: 08 giờ 30, ngày 12 tháng 3"),
        "dia_diem": Field("dia_diem", "Địa điểm", "text"),
        "thanh_phan": Field("thanh_phan", "Thành phần tham dự", "lines", "mỗi người một dòng"),
        "chu_tri": Field("chu_tri", "Chủ trì", "text"),
        "thu_ky": Field("thu_ky", "Thư ký", "text"),
        "ket_thuc": Field("ket_thuc", "Kết thúc", "text"),
        "gia_tri_den": Field("gia_tri_den", "Có giá trị đến", "date"),
        "dien_gui": Field("dien_gui", "Điện gửi", "lines", "mỗi nơi một dòng"),
    }
    needed = set(REQUIRED.get(kind, ()))
    for key, box in extra.items():
        if kind in FIELDS.get(key, frozenset()):
            out.append(Field(box.name, box.label, box.widget, box.help, key in needed))
    out.append(
        Field("noi_dung", "Nội dung", "textarea", "mỗi đoạn một dòng; dòng bắt đầu “- ” là gạch "
              "đầu dòng; **đậm**, *nghiêng*", True)
    )  # fmt: skip
    out.append(Field("nguoi_ky", "Người ký", "select", "", True, signers))
    if kind in FIELDS["nguoi_ky_2"]:
        out.append(Field("nguoi_ky_2_ho_ten", "Người ký thứ hai: họ tên", "text", "", True))
        out.append(Field("nguoi_ky_2_chuc_vu", "Người ký thứ hai: chức vụ", "text", "", True))
    out.append(Field("noi_nhan", "Nơi nhận khác", "lines", "mỗi nơi một dòng"))
    if info.has_kinh_gui:
        out.append(Field("nhu_tren", "“Như trên” đầu Nơi nhận", "check"))
    out.append(Field("luu", "Lưu (đơn vị giữ bản lưu)", "multi", "ngoài Văn thư", False, units))
    out.append(Field("do_khan", "Độ khẩn", "select", "", False, tuple(URGENCY)))
    out.append(Field("do_mat", "Độ mật", "select", "", False, tuple(SECRECY)))
    if kind is not Kind.THU_CONG:
        for i in range(1, APPENDICES + 1):
            out.append(Field(f"phu_luc_{i}_tieu_de", f"Phụ lục {'I' * i}: tên", "text"))
            out.append(Field(f"phu_luc_{i}_noi_dung", f"Phụ lục {'I' * i}: nội dung", "textarea"))
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _body(text: str) -> list[Any]:
    """Paragraphs of a box: consecutive `- …` lines become one dashed group."""
    out: list[Any] = []
    for line in _lines(text):
        if line.startswith("- "):
            if out and isinstance(out[-1], dict) and "gach" in out[-1]:
                out[-1]["gach"].append(line[2:].strip())
            else:
                out.append({"gach": [line[2:].strip()]})
        else:
            out.append(line)
    return out


def data_of(
    post: dict[str, Any], kind: Kind, *, unit: str, today: dt.date, lists: dict[str, list[str]]
) -> dict[str, Any]:
    """The YAML input the form `post` describes (`lists`: the values of multi-select boxes)."""
    get = {k: str(v).strip() for k, v in post.items()}
    data: dict[str, Any] = {"loai": kind.info.slug, "don_vi": unit}
    data["ngay"] = {"nam": today.year, "thang": today.month}
    for key in ("trich_yeu", "ten_thu", "tham_quyen_ban_hanh", "thoi_gian", "dia_diem",
                "chu_tri", "thu_ky", "ket_thuc", "do_khan", "do_mat"):  # fmt: skip
        if get.get(key):
            data[key] = get[key]
    for key in ("kinh_gui", "can_cu", "thanh_phan", "dien_gui", "kinh_moi"):
        if get.get(key):
            data[key] = _lines(get[key])
    if get.get("gia_tri_den"):
        data["gia_tri_den"] = get["gia_tri_den"]
    if get.get("noi_dung"):
        data["noi_dung"] = _body(get["noi_dung"])
    if get.get("nguoi_ky"):
        data["nguoi_ky"] = get["nguoi_ky"]
    if get.get("nguoi_ky_2_ho_ten") or get.get("nguoi_ky_2_chuc_vu"):
        data["nguoi_ky_2"] = {
            "ho_ten": get.get("nguoi_ky_2_ho_ten", ""),
            "chuc_vu": get.get("nguoi_ky_2_chuc_vu", ""),
        }
    noi_nhan: dict[str, Any] = {}
    if get.get("noi_nhan"):
        noi_nhan["cac_noi"] = _lines(get["noi_nhan"])
    if kind.info.has_kinh_gui:
        noi_nhan["nhu_tren"] = get.get("nhu_tren") in ("on", "true", "1")
    if noi_nhan:
        data["noi_nhan"] = noi_nhan
    units = [u for u in lists.get("luu", []) if u]
    if units:
        data["luu"] = {"don_vi": units}
    appendices = []
    for i in range(1, APPENDICES + 1):
        title, body = get.get(f"phu_luc_{i}_tieu_de", ""), get.get(f"phu_luc_{i}_noi_dung", "")
        if title or body:
            appendices.append({"tieu_de": title, "noi_dung": _body(body)})
    if appendices:
        data["phu_luc"] = appendices
    return data


def post_of(data: dict[str, Any]) -> dict[str, Any]:
    """The form's boxes for a stored draft `data` (the reverse of `data_of`)."""
    out: dict[str, Any] = {}
    for key in ("trich_yeu", "ten_thu", "tham_quyen_ban_hanh", "thoi_gian", "dia_diem",
                "chu_tri", "thu_ky", "ket_thuc", "do_khan", "do_mat", "gia_tri_den", "nguoi_ky"):  # fmt: skip
        if key in data:
            out[key] = str(data[key])
    for key in ("kinh_gui", "can_cu", "thanh_phan", "dien_gui", "kinh_moi"):
        if key in data:
            value = data[key]
            out[key] = "\n".join(value if isinstance(value, list) else [str(value)])
    out["noi_dung"] = _unbody(data.get("noi_dung", []))
    second = data.get("nguoi_ky_2")
    if isinstance(second, dict):
        out["nguoi_ky_2_ho_ten"] = second.get("ho_ten", "")
        out["nguoi_ky_2_chuc_vu"] = second.get("chuc_vu", "")
    noi_nhan = data.get("noi_nhan", {})
    out["noi_nhan"] = "\n".join(noi_nhan.get("cac_noi", []))
    out["nhu_tren"] = "on" if noi_nhan.get("nhu_tren", True) else ""
    out["luu"] = data.get("luu", {}).get("don_vi", [])
    for i, appendix in enumerate(data.get("phu_luc", []), 1):
        out[f"phu_luc_{i}_tieu_de"] = appendix.get("tieu_de", "")
        out[f"phu_luc_{i}_noi_dung"] = _unbody(appendix.get("noi_dung", []))
    return out


def _unbody(body: list[Any]) -> str:
    lines: list[str] = []
    for item in body:
        if isinstance(item, dict) and "gach" in item:
            lines.extend(f"- {x}" for x in item["gach"])
        else:
            lines.append(str(item))
    return "\n".join(lines)


def box_of(field: str) -> str:
    """The form box an input error's field path names (`kinh_gui[2]` → `kinh_gui`,
    `phu_luc[1].tieu_de` → `phu_luc_1_tieu_de`, `noi_nhan.cac_noi[1]` → `noi_nhan`)."""
    if field.startswith("phu_luc["):
        match = re.match(r"phu_luc\[(\d+)\](?:\.([a-z_]+))?", field)
        if match:
            return f"phu_luc_{match[1]}_{match[2] or 'tieu_de'}"
    if field.startswith("nguoi_ky_2"):
        rest = field.split(".", 1)
        return f"nguoi_ky_2_{rest[1]}" if len(rest) > 1 else "nguoi_ky_2_ho_ten"
    if field.startswith("noi_nhan.nhu_tren"):
        return "nhu_tren"
    head = re.split(r"[.\[]", field, maxsplit=1)[0]
    return head
