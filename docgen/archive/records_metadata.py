"""The electronic-records metadata of a file and its documents, after Thông tư 02/2019/TT-BNV
(the field list is UNCONFIRMED: read from code that implements it, not from the circular;
docs/records/metadata-tt02.md maps every field and names those docgen cannot fill).

A field docgen has no value for is present with `null`, so a reader sees what is missing
instead of guessing, and `docgen.Missing` says why for each (`missing`); `docgen` holds docgen's
own facts (files and SHA-256, signature verdict, register row, the file's state). Keys are in
the order of the field list.
"""

from __future__ import annotations

from typing import Any

from docgen.archive.catalogue import CatalogueRow
from docgen.model.records import HoSo

LANGUAGE = "Tiếng Việt"
#: Chế độ sử dụng (Mode / Rights): the coding is not confirmed (U); docgen writes these words
OPEN_USE, RESTRICTED_USE = "Công khai", "Hạn chế"
#: Mức độ tin cậy (ConfidenceLevel) of a document docgen issued itself (U)
BORN_DIGITAL = "Gốc điện tử"

#: field -> what docgen lacks for it (None: filled); docs/records/metadata-tt02.md prints this
MISSING_FILE = {
    "SheetTotal": "tài liệu điện tử không có tờ giấy",
    "Format": "tình trạng vật lý: chỉ có ý nghĩa với tài liệu giấy, số hóa",
    "InforSign": "ký hiệu thông tin: docgen không có bảng ký hiệu thông tin",
    "Keyword": "từ khóa: chưa có ai nhập",
}
MISSING_DOCUMENT = {
    "Identifier": "mã cơ quan lưu trữ lịch sử (phần đầu của mã lưu trữ) chưa có trong hồ sơ cơ quan",
    "InforSign": "ký hiệu thông tin: docgen không có bảng ký hiệu thông tin",
    "Keyword": "từ khóa: chưa có ai nhập",
    "Autograph": "bút tích: docgen không ghi nhận bút tích trên văn bản",
    "Format": "tình trạng vật lý: chỉ có ý nghĩa với tài liệu giấy, số hóa",
}


#: fields null in some records only (a value docgen may or may not have), and why
SOMETIMES_MISSING = {
    "StartDate": "hồ sơ chưa kết thúc",
    "EndDate": "hồ sơ chưa kết thúc",
    "IssuedDate": "văn bản không ghi ngày",
    "ConfidenceLevel": "mức độ tin cậy: docgen không phân biệt văn bản điện tử gốc nhận được "
    "với bản số hóa",
}
#: `FileCode.OrganId` when the profile has no agency code
NO_ORGAN_ID = "mã định danh cơ quan: hồ sơ cơ quan (docgen.toml) chưa có `[agency] code`"


def missing(record: dict[str, Any], reasons: dict[str, str]) -> dict[str, str]:
    """The fields of `record` docgen has no value for (null, or an empty agency id), each with
    why: `reasons` (MISSING_FILE, MISSING_DOCUMENT), else SOMETIMES_MISSING."""
    out: dict[str, str] = {}
    if not record["FileCode"]["OrganId"]:
        out["FileCode.OrganId"] = NO_ORGAN_ID
    for key, value in record.items():
        if value is None:
            out[key] = reasons.get(key) or SOMETIMES_MISSING.get(key, "docgen chưa có giá trị")
    return out


def file_code(hoso: HoSo, organ_id: str) -> dict[str, Any]:
    """Mã hồ sơ as its three parts: the agency's id, the year, the file's code and unit."""
    return {
        "OrganId": organ_id,
        "FileCatalog": hoso.year,
        "FileNotation": f"{hoso.code}.{hoso.unit}",
    }


def file_record(hoso: HoSo, *, organ_id: str, restricted: bool) -> dict[str, Any]:
    """The file's record (hồ sơ): code, title, retention, use, language, dates, totals."""
    record: dict[str, Any] = {
        "FileCode": file_code(hoso, organ_id),
        "Title": hoso.title,
        "Maintenance": hoso.retention.label,
        "Rights": RESTRICTED_USE if restricted else OPEN_USE,
        "Creator": hoso.maker or hoso.unit,
        "Language": LANGUAGE,
        "StartDate": hoso.start_date.isoformat() if hoso.start_date else None,
        "EndDate": hoso.end_date.isoformat() if hoso.end_date else None,
        "DocTotal": hoso.documents,
        "SheetTotal": None,
        "PageTotal": hoso.pages,
        "Format": None,
        "InforSign": None,
        "Keyword": None,
        "Description": hoso.note,
        "docgen": {
            "Notation": hoso.notation,
            "Unit": hoso.unit,
            "Heading": hoso.heading,
            "Basis": hoso.basis,
            "Status": hoso.status.value,
        },
    }
    record["docgen"]["Missing"] = missing(record, MISSING_FILE)
    return record


def document_record(
    row: CatalogueRow,
    pl6: dict[str, Any],
    hoso: HoSo,
    ordinal: int,
    *,
    organ_id: str,
    names: dict[str, str],
) -> dict[str, Any]:
    """A document's record within `hoso`: the PL6 fields its metadata file has (`pl6`) and the
    archival ones; `names` maps each of its files to its name in the package."""
    restricted = bool(row.secrecy)
    confidence = BORN_DIGITAL if row.direction == "di" else None
    record: dict[str, Any] = {
        "DocCode": row.doc_id,
        "Identifier": None,
        "FileCode": file_code(hoso, organ_id),
        "DocOrdinal": ordinal,
        "TypeName": pl6.get("TypeName", row.type_name),
        "CodeNumber": pl6.get("CodeNumber", ""),
        "CodeNotation": row.symbol,
        "IssuedDate": row.doc_date.isoformat() if row.doc_date else None,
        "OrganName": row.organ,
        "Subject": row.subject,
        "Language": pl6.get("Language", LANGUAGE),
        "PageAmount": pl6.get("PageAmount", 0),
        "Description": pl6.get("Description", ""),
        "InforSign": None,
        "Keyword": None,
        "Mode": RESTRICTED_USE if restricted else OPEN_USE,
        "ConfidenceLevel": confidence,
        "Autograph": None,
        "Format": None,
        "docgen": {
            "Direction": row.direction,
            "Signature": row.signature,
            "Files": {names[name]: digest for name, digest in sorted(row.files.items())},
            "Metadata": names.get(f"{row.stem}.json", ""),
            "MetadataSha256": row.metadata_sha,
            "SignerInfo": pl6.get("SignerInfo"),
            "ArrivalNumber": row.arrival_number,
            "ArrivalDate": row.arrival_date.isoformat() if row.arrival_date else None,
        },
    }
    record["docgen"]["Missing"] = missing(record, MISSING_DOCUMENT)
    return record
