"""The template context: every placeholder of our templates, computed from the model by the rules."""

from __future__ import annotations

from typing import Any

from docxtpl import RichText

from docgen.model.agency import Agency, Footer
from docgen.model.document import Document, Paragraph
from docgen.rules.blocks import kinh_gui, noi_nhan, signature_lines
from docgen.rules.dates import date_line
from docgen.rules.numbering import compose_symbol, so_line
from docgen.rules.text import upper

END_MARK = "./."


def footer_line(footer: Footer) -> str:
    """Ô 13 text: `Địa chỉ: …; Điện thoại: …; Fax: …; E-mail: …; Website: …` (the parts given)."""
    parts = [
        (footer.address, "Địa chỉ"),
        (footer.phone, "Điện thoại"),
        (footer.fax, "Fax"),
        (footer.email, "E-mail"),
        (footer.website, "Website"),
    ]
    return "; ".join(f"{label}: {value}" for value, label in parts if value)


def rich(paragraph: Paragraph, *, end_mark: bool = False) -> RichText:
    """A body paragraph as docxtpl RichText (docxtpl escapes the text itself)."""
    text = RichText()
    runs = list(paragraph.runs)
    for run in runs:
        text.add(run.text, bold=run.bold, italic=run.italic)
    if end_mark and not paragraph.text.rstrip().endswith(END_MARK):
        text.add(END_MARK[1:] if paragraph.text.rstrip().endswith(".") else END_MARK)
    return text


def symbol_of(document: Document, agency: Agency) -> str:
    """The document's ký hiệu; a secret one carries the profile's secret group (`BQL-KHTH-M`)."""
    symbol = compose_symbol(document.kind, agency.abbreviation, document.unit)
    suffix = agency.style.secret_symbol_suffix
    return f"{symbol}-{suffix}" if document.secrecy is not None and suffix else symbol


def build_context(document: Document, agency: Agency) -> dict[str, Any]:
    """Every placeholder value of the template for `document` issued by `agency`."""
    block = (
        kinh_gui(list(document.recipients), single_period=agency.style.kinh_gui_single_period)
        if document.recipients
        else None
    )
    body = list(document.body)
    return {
        "co_quan_chu_quan": upper(agency.parent),
        "co_quan": "\n".join(agency.name_lines) if agency.name_lines else upper(agency.name),
        "so": so_line(document.number, symbol_of(document, agency)),
        "vv": f"V/v {document.subject}",
        "trich_yeu": document.subject,
        "ten_loai": upper(document.kind.info.name),
        "dia_danh_ngay": date_line(agency.place, document.date),
        "do_mat": document.secrecy.value if document.secrecy else "",
        "do_khan": document.urgency.value if document.urgency else "",
        "kinh_gui": (block.inline or "").removeprefix("Kính gửi: ") if block else "",
        "kinh_gui_cac_muc": list(block.items) if block else [],
        "noi_dung": [
            rich(p, end_mark=agency.style.end_mark and i == len(body) - 1)
            for i, p in enumerate(body)
        ],
        "noi_nhan": noi_nhan(
            list(document.noi_nhan),
            document.luu,
            nhu_tren=document.nhu_tren,
            luu_style=agency.style.luu_format,
        ),
        "chu_ky": signature_lines(document.signature),
        "ho_ten": document.signature.name,
        "dia_chi": footer_line(agency.footer),
    }
