"""The template context: every placeholder of our templates, computed from the model by the rules."""

from __future__ import annotations

from typing import Any

from docxtpl import RichText

from docgen.model.agency import Agency, Footer
from docgen.model.document import Appendix, Copy, Document, Luu, Paragraph
from docgen.rules.blocks import kinh_gui, noi_nhan, signature_lines
from docgen.rules.dates import date_line
from docgen.rules.numbering import compose_symbol, copy_symbol, so_line, takes_number
from docgen.rules.structure import reference_line, roman, sentence_case_agency
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


def body_items(body: tuple[Paragraph, ...], *, end_mark: bool) -> list[dict[str, Any]]:
    """Body paragraphs as the template loops over them: the role (`kieu`) picks the style, `chu` is
    the text; the last one ends with `./.` when `end_mark`."""
    return [
        {"kieu": p.role.value, "chu": rich(p, end_mark=end_mark and i == len(body) - 1)}
        for i, p in enumerate(body)
    ]


def appendix_items(document: Document, agency: Agency, symbol: str) -> list[dict[str, Any]]:
    """Phụ lục I, II, …: number, title in capitals, the `(Kèm theo …)` line, body paragraphs."""
    issuer = sentence_case_agency(agency.name, agency.place)
    line = reference_line(document.kind, document.number, symbol, document.date, issuer)

    def item(i: int, appendix: Appendix) -> dict[str, Any]:
        return {
            "so": roman(i),
            "tieu_de": upper(appendix.title),
            "kem_theo": line,
            "noi_dung": body_items(appendix.body, end_mark=False),
        }

    return [item(i, a) for i, a in enumerate(document.appendices, 1)]


def appendix_contexts(document: Document, agency: Agency) -> list[tuple[str, dict[str, Any]]]:
    """(Roman number, context) of each appendix issued in its own file."""
    items = appendix_items(document, agency, symbol_of(document, agency))
    return [(item["so"], {"phu_luc": [item]}) for item in items]


def sentence(text: str) -> str:
    """The trích yếu under a type name starts with a capital (`Về việc …`, PL3 Mẫu 1.2)."""
    return text[:1].upper() + text[1:]


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
    symbol = symbol_of(document, agency)
    second = document.second_signature
    return {
        "co_quan_chu_quan": upper(agency.parent),
        "co_quan": "\n".join(agency.name_lines) if agency.name_lines else upper(agency.name),
        # an unnumbered thư công (the profile's choice) has no Số line
        "so": so_line(document.number, symbol)
        if takes_number(document.kind, agency.numbering)
        else "",
        "vv": f"V/v {document.subject}",
        "trich_yeu": sentence(document.subject),
        "ten_loai": upper(document.title or document.kind.info.name),
        "dia_danh_ngay": date_line(agency.place, document.date),
        "do_mat": document.secrecy.value if document.secrecy else "",
        "do_khan": document.urgency.value if document.urgency else "",
        "kinh_gui": (block.inline or "").removeprefix("Kính gửi: ") if block else "",
        "kinh_gui_cac_muc": list(block.items) if block else [],
        "noi_dung": body_items(document.body, end_mark=agency.style.end_mark),
        "noi_nhan": noi_nhan(
            list(document.noi_nhan),
            document.luu,
            nhu_tren=document.nhu_tren,
            luu_style=agency.style.luu_format,
        )
        if document.show_noi_nhan
        else [],
        "chu_ky": signature_lines(document.signature),
        "ho_ten": document.signature.name,
        "chu_ky_2": signature_lines(second) if second else [],
        "ho_ten_2": second.name if second else "",
        # separate appendix files get theirs from `appendix_contexts`
        "phu_luc": [] if document.appendices_separate else appendix_items(document, agency, symbol),
        "dia_chi": footer_line(agency.footer),
    }


def build_copy_context(copy: Copy, agency: Agency) -> dict[str, Any]:
    """The placeholders of the copy block (Mẫu 3.1): the copy form stands where a type name would."""
    return {
        "co_quan": "\n".join(agency.name_lines) if agency.name_lines else upper(agency.name),
        "so": so_line(copy.number, copy_symbol(copy.kind, agency.abbreviation)),
        "ten_loai": copy.kind.value[0],
        "dia_danh_ngay": date_line(agency.place, copy.date),
        "noi_nhan": noi_nhan(
            list(copy.noi_nhan), Luu(units=copy.luu), luu_style=agency.style.luu_format
        ),
        "chu_ky": signature_lines(copy.signature),
        "ho_ten": copy.signature.name,
    }
