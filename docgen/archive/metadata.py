"""One metadata file per document: the fields of ND30 Phụ lục VI Phần II as JSON (the table in
docs/records/filing.md).

The file is UTF-8, indented, with keys in the decree's order, so a person can read it without
docgen. docgen's own facts (files and their SHA-256, where each holder's copy is, secrecy, the
signature verdict, the register row) sit under `docgen`. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from docgen.archive.catalogue import CatalogueRow
from docgen.archive.layout import FILE_NOTATION

#: Priority (field 14): 0 thường, then the urgency levels of ô 10b
PRIORITY = {"": 0, "KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3}
LANGUAGE = "Tiếng Việt"


@dataclass(frozen=True)
class Extras:
    """Metadata that the catalogue row does not carry."""

    organ_id: str = ""  #: OrganId of the agency keeping the file (13 characters when known)
    ordinal: int = 0  #: DocOrdinal, the order of the document in its file
    page_amount: int = 0
    signer_position: str = ""
    signer_name: str = ""
    issued_amount: int | None = None
    description: str = ""
    instructions: str = ""  #: incoming: TraceHeaderList (ý kiến phân phối, chỉ đạo)
    due_date: dt.date | None = None  #: DueDate (hạn trả lời; a package received carries it)
    copies: dict[str, str] = field(default_factory=dict)  #: unit -> path of its copy
    register: dict[str, Any] = field(default_factory=dict)  #: stream/number/year when numbered
    #: a scan's OCR (docs/records/ocr.md): pages recognised, language, where the text layer is
    ocr: dict[str, Any] = field(default_factory=dict)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def metadata(row: CatalogueRow, extras: Extras) -> dict[str, Any]:
    """The metadata of `row` as a dict in the decree's field order (outgoing or incoming form)."""
    data: dict[str, Any] = {
        "FileCode": {
            "OrganId": extras.organ_id,
            "FileCatalog": row.year,
            "FileNotation": FILE_NOTATION[row.direction],
        },
        "DocOrdinal": extras.ordinal,
        "TypeName": row.type_name,
        "CodeNumber": f"{row.number:02d}" if row.number is not None else "",
        "CodeNotation": row.symbol,
        "IssuedDate": _iso(row.doc_date),
        "OrganName": row.organ,
        "Subject": row.subject,
        "Language": LANGUAGE,
        "PageAmount": extras.page_amount,
        "Description": extras.description,
    }
    signer = {"Position": extras.signer_position, "FullName": extras.signer_name}
    priority = PRIORITY.get(row.urgency, 0)
    if row.direction == "den":
        data |= {
            "ArrivalDate": _iso(row.arrival_date),
            "ArrivalNumber": row.arrival_number,
            "SignerInfo": signer,
            "Priority": priority,
            "ToPlaces": "; ".join(row.holders[1:]),
            "TraceHeaderList": extras.instructions,
            "DueDate": _iso(extras.due_date),
        }
    else:
        data |= {
            "SignerInfo": signer,
            "To": [{"OrganId": "", "OrganName": name} for name in row.recipients],
            "Priority": priority,
            "IssuedAmount": extras.issued_amount,
            "DueDate": _iso(extras.due_date),
        }
    data["docgen"] = {
        "DocId": row.doc_id,
        "Direction": row.direction,
        "Kind": row.kind,
        "Urgency": row.urgency,
        "Secrecy": row.secrecy,
        "Signer": row.signer,
        "Holders": {"VT": row.folder, **extras.copies},
        "Files": dict(sorted(row.files.items())),
        "Signature": row.signature,
        "Register": extras.register,
    }
    if extras.ocr:
        data["docgen"]["Ocr"] = extras.ocr
    return data


def encode(data: dict[str, Any]) -> bytes:
    """The metadata file's bytes: indented UTF-8 JSON ending with a newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode(raw: bytes) -> dict[str, Any]:
    """The metadata read back; accepts the decree's typo spellings `Organld`/`Signerlnfo`."""
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("metadata is not a JSON object")
    if "Signerlnfo" in data:
        data["SignerInfo"] = data.pop("Signerlnfo")
    code = data.get("FileCode")
    if isinstance(code, dict) and "Organld" in code:
        code["OrganId"] = code.pop("Organld")
    return data
