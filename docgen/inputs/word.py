"""A Word draft as a `Document`: what the register and the archive need, read from the components
the format checker found (`rules.check.locate.Parts`), and where the number and date go.

The draft is never re-rendered: `docgen issue du-thao.docx` fills the number and the date into the
specialist's own file (`render.word_fill`). This module only reads it. What it cannot read without
guessing — the type when the title and the symbol disagree, the drafting unit of a named type with
several units on its Lưu line, a signer the profile does not know — it refuses in one line naming
the flag that settles it (`--type`, `--unit`, `--signer`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputError
from docgen.model.agency import Agency, Signer
from docgen.model.document import (
    Appendix,
    Authority,
    AuthorityLine,
    Document,
    IssueDate,
    Luu,
    Secrecy,
    Signature,
    Urgency,
)
from docgen.model.kinds import Kind
from docgen.rules.check.locate import ABBREVIATIONS, Parts, canon, same_cell, shown
from docgen.rules.check.view import Paragraph
from docgen.rules.text import collapse_spaces, strip_end_punctuation

_NUMBER = re.compile(r"Số\s*:?[\s\u00a0.…_]*(?P<number>\d*)[\s\u00a0.…_]*/\s*(?P<symbol>[^\s\t]+)")
_DATE = re.compile(
    r"ngày[\s\u00a0.…_]*(?P<day>\d{1,2})?[\s\u00a0.…_]*tháng[\s\u00a0.…_]*(?P<month>\d{1,2})?"
    r"[\s\u00a0.…_]*năm[\s\u00a0.…_]*(?P<year>\d{4})?"
)
_PREFIX = re.compile(r"^(?P<prefix>TM|Q|KT|TL|TUQ)\.\s*(?P<office>\S.*)$")
_DASH = re.compile(r"^[\s\-–—+•·*]+")
_LUU = re.compile(
    r"^Lưu\s*:?\s*(?P<list>.*?)\s*(?:\((?P<copies>\d+)\))?\s*\."
    r"(?:\s*(?P<drafter>[A-ZĐ]+)\.?\s*(?:\((?P<issued>\d+)\))?\.?)?\s*$"
)
_UNIT_COUNT = re.compile(r"^(?P<unit>.+?)\s*\((?P<count>\d+)\)$")
_APPENDIX = re.compile(r"^PHỤ LỤC(?: [IVXLC]+)?$")
_REFERENCE = re.compile(r"^\s*\(\s*Kèm\s+theo\b", re.I)
_VV = re.compile(r"^\s*V\s*/\s*v\.?\s*", re.I)
_NHU_TREN = re.compile(r"^Như trên\s*(?:\((?P<note>.*)\))?\s*[;.,]?$", re.I)
URGENCY = {u.value: u for u in Urgency} | {"HOẢ TỐC": Urgency.HOA_TOC}
SECRECY = {s.value: s for s in Secrecy}


@dataclass(frozen=True)
class WordOptions:
    """What the clerk settled on the command line: `--type`, `--unit`, `--signer`."""

    kind: str | None = None  #: a type slug (`cong-van`, `quyet-dinh` …)
    unit: str | None = None
    signer: str | None = None  #: a signer's key in the profile
    appendices: tuple[Path, ...] = ()  #: `--phu-luc`: the phụ lục issued in files of their own


@dataclass(frozen=True)
class WordDraft:
    """A Word draft read: the document it describes, and where its blanks are (paragraph indices
    in `read_docx`'s order). `number` is set when the draft already carries one."""

    document: Document
    symbol: str  #: as printed after `Số: …/`
    so: int
    date: int
    references: tuple[int, ...] = ()  #: `(Kèm theo … số … ngày …)` lines of in-file appendices
    kinh_gui: tuple[int, ...] = ()  #: the Kính gửi paragraph, then its item paragraphs


class _Reader:
    def __init__(self, parts: Parts, agency: Agency, options: WordOptions, source: str) -> None:
        self.parts = parts
        self.agency = agency
        self.options = options
        self.source = source

    def fail(self, message: str, hint: str, field: str = "") -> InputError:
        return InputError(message, source=self.source, field=field, hint=hint)

    # --- number, symbol, type and unit -------------------------------------------------------

    def number_line(self) -> tuple[int | None, str]:
        so = self.parts.so
        match = None if so is None else _NUMBER.search(unicodedata.normalize("NFC", so.text))
        if match is None:
            raise self.fail(
                "không tìm thấy dòng `Số: …/…` dưới tên cơ quan",
                f"trong Word, ghi dòng `Số:      /{self.agency.abbreviation}-…` (để trống số) "
                "dưới tên cơ quan ban hành rồi chạy lại",
                "Số",
            )
        number = int(match["number"]) if match["number"] else None
        return number, strip_end_punctuation(match["symbol"])

    def kind(self, symbol: str) -> Kind:
        groups = symbol.split("-")
        found: dict[str, Kind] = {}
        if self.parts.kind is not None:
            where = "tên loại" if self.parts.title is not None else "dòng V/v"
            found[where] = self.parts.kind
        by_symbol = ABBREVIATIONS.get(groups[0])
        if by_symbol is None and groups[0] == self.agency.abbreviation:
            by_symbol = Kind.CONG_VAN  # agency-unit: a công văn (or a thư công numbered so)
        if by_symbol is not None:
            found["ký hiệu"] = by_symbol
        if found.get("tên loại") is Kind.THU_CONG and by_symbol is Kind.CONG_VAN:
            found["ký hiệu"] = Kind.THU_CONG
        if self.options.kind:
            try:
                chosen = Kind.from_slug(self.options.kind)
            except KeyError:
                slugs = ", ".join(k.info.slug for k in Kind)
                raise self.fail(
                    f"loại văn bản `{self.options.kind}` không có trong Nghị định 30",
                    f"dùng --type với một trong: {slugs}",
                    "--type",
                ) from None
            clash = {w: k for w, k in found.items() if k is not chosen}
            if clash:
                where, kind = next(iter(clash.items()))
                raise self.fail(
                    f"--type {chosen.info.slug} nhưng {where} của văn bản là "
                    f"{kind.info.name.lower()}",
                    "sửa tên loại hoặc ký hiệu trong Word cho khớp, hoặc bỏ --type",
                    "--type",
                )
            return chosen
        kinds = set(found.values())
        if len(kinds) == 1:
            return kinds.pop()
        if not kinds:
            raise self.fail(
                "không xác định được loại văn bản (không thấy tên loại, dòng V/v hay ký hiệu "
                "loại trong dòng Số)",
                "ghi loại bằng --type, ví dụ --type cong-van hoặc --type quyet-dinh",
                "--type",
            )
        seen = "; ".join(f"{w}: {k.info.name.lower()}" for w, k in found.items())
        raise self.fail(
            f"loại văn bản không rõ ({seen})",
            "sửa văn bản trong Word cho khớp, hoặc ghi loại bằng --type",
            "--type",
        )

    def check_symbol(self, kind: Kind, symbol: str) -> str:
        """The drafting unit the symbol names (công văn), after checking its agency group."""
        groups = symbol.split("-")
        agency = self.agency.abbreviation
        named = kind.info.abbreviation is not None
        at = 1 if named else 0
        if len(groups) <= at or groups[at] != agency:
            raise self.fail(
                f"ký hiệu `/{symbol}` không phải của cơ quan {agency} trong hồ sơ cơ quan",
                f"sửa dòng Số trong Word (ví dụ `/{'QĐ-' if named else ''}{agency}"
                f"{'' if named else '-KHTH'}`), hoặc dùng đúng hồ sơ cơ quan (--profile)",
                "Số",
            )
        if named:
            return ""
        unit = groups[1] if len(groups) > 1 else ""
        suffix = self.agency.style.secret_symbol_suffix
        if unit == suffix and len(groups) == 2:
            unit = ""
        return unit

    def unit(self, kind: Kind, from_symbol: str, luu: Luu) -> str:
        option = self.options.unit
        if from_symbol or kind is Kind.CONG_VAN:
            if option and from_symbol and option != from_symbol:
                raise self.fail(
                    f"--unit {option} nhưng ký hiệu của văn bản ghi đơn vị {from_symbol}",
                    "sửa ký hiệu trong Word, hoặc bỏ --unit",
                    "--unit",
                )
            unit = from_symbol or option or ""
            if not unit:
                raise self.fail(
                    "ký hiệu công văn thiếu đơn vị soạn thảo (ví dụ /BQL-KHTH)",
                    "sửa dòng Số trong Word, hoặc ghi đơn vị bằng --unit",
                    "--unit",
                )
        elif option:
            unit = option
        elif len(luu.units) == 1:
            unit = luu.units[0]
        elif not luu.units:
            unit = ""  # only VT keeps it (a giấy giới thiệu): no unit to name
        else:
            raise self.fail(
                f"dòng Lưu có nhiều đơn vị ({', '.join(luu.units)}), không rõ đơn vị soạn thảo",
                "ghi đơn vị soạn thảo bằng --unit, ví dụ --unit " + luu.units[0],
                "--unit",
            )
        if unit:
            self.known_unit(unit, "--unit" if option else "Số")
        return unit

    def known_unit(self, unit: str, field: str) -> None:
        if self.agency.unit(unit) is None:
            known = ", ".join(u.abbreviation for u in self.agency.units)
            raise self.fail(
                f"đơn vị `{unit}` không có trong hồ sơ cơ quan",
                f"dùng một trong: {known}, hoặc thêm đơn vị vào docgen.toml ([units])",
                field,
            )

    # --- date, subject, Kính gửi ---------------------------------------------------------------

    def date(self, today: dt.date) -> IssueDate:
        p = self.parts.date
        match = None if p is None else _DATE.search(unicodedata.normalize("NFC", p.text))
        if match is None:
            raise self.fail(
                "không tìm thấy dòng địa danh, ngày tháng (`…, ngày … tháng … năm …`)",
                f"trong Word, ghi `{self.agency.place}, ngày      tháng … năm …` dưới Tiêu ngữ",
                "ngày",
            )
        year = int(match["year"]) if match["year"] else today.year
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] and month else None
        return IssueDate(year, month, day)

    def subject(self, kind: Kind) -> str:
        parts = self.parts
        if kind is Kind.CONG_VAN and parts.vv is not None:
            lines = [parts.vv, *self._continued(parts.vv)]
            return collapse_spaces(_VV.sub("", " ".join(p.text for p in lines)))
        if kind.info.has_trich_yeu:
            if not parts.trich_yeu:
                raise self.fail(
                    f"không tìm thấy trích yếu dưới tên loại {kind.info.name.upper()}",
                    "trong Word, ghi trích yếu (chữ đậm, căn giữa) ngay dưới tên loại",
                    "trích yếu",
                )
            return _lower_first(collapse_spaces(" ".join(p.text for p in parts.trich_yeu)))
        if kind is Kind.THU_CONG and parts.title is not None:
            title = collapse_spaces(shown(parts.title)).lower()
            return title[:1].upper() + title[1:]
        return kind.info.name

    def _continued(self, first: Paragraph) -> list[Paragraph]:
        """The lines of a V/v typed as several paragraphs of its cell."""
        more: list[Paragraph] = []
        for p in self.parts.view.paragraphs[first.index + 1 :]:
            text = p.text.strip()
            if not same_cell(first, p) or not text or canon(text) in URGENCY | SECRECY:
                break
            more.append(p)
        return more

    def kinh_gui(self) -> tuple[list[str], tuple[int, ...]]:
        head = self.parts.kinh_gui
        if head is None:
            return [], ()
        rest = re.sub(r"^\s*Kính\s+gửi\s*:?", "", head.text, flags=re.I).strip()
        items = [strip_end_punctuation(_DASH.sub("", p.text)) for p in self.parts.kinh_gui_items]
        names = [strip_end_punctuation(collapse_spaces(rest))] if rest else []
        indices = (head.index, *(p.index for p in self.parts.kinh_gui_items))
        return [n for n in names + items if n], indices

    # --- signature, Nơi nhận and Lưu -----------------------------------------------------------

    def signature(self) -> Signature:
        authorities: list[AuthorityLine] = []
        positions: list[str] = []
        for p in self.parts.signature:
            line = collapse_spaces(shown(p))
            match = _PREFIX.match(line)
            if match and not positions:
                authorities.append(AuthorityLine(Authority[match["prefix"]], match["office"]))
            else:
                positions.append(line)
        name = collapse_spaces(self.parts.signer.text) if self.parts.signer is not None else ""
        signer = self._signer(name)
        if not authorities and not positions:
            if signer is None:
                raise self.fail(
                    "không tìm thấy chức vụ người ký (ô 7a) ở cuối văn bản",
                    "trong Word, ghi chức vụ (chữ in hoa, đậm) trên họ tên người ký",
                    "người ký",
                )
            positions = [signer.position.upper()]
        return Signature(
            authorities=tuple(authorities),
            position=" ".join(positions),
            name=name or (signer.name if signer else ""),
            key=signer.key if signer else "",
        )

    def _signer(self, name: str) -> Signer | None:
        key = self.options.signer
        if key:
            signer = self.agency.signer(key)
            if signer is None:
                known = ", ".join(s.key for s in self.agency.signers) or "(chưa có)"
                raise self.fail(
                    f"không có người ký mã `{key}` trong hồ sơ cơ quan",
                    f"dùng --signer với một trong: {known}",
                    "--signer",
                )
            if name and _name_key(name) != _name_key(signer.name):
                raise self.fail(
                    f"--signer {key} là {signer.name} nhưng văn bản ghi người ký {name}",
                    "sửa họ tên người ký trong Word, hoặc chọn đúng --signer",
                    "--signer",
                )
            return signer
        if not name:
            raise self.fail(
                "không tìm thấy họ tên người ký (ô 7b) ở cuối văn bản",
                "ghi họ tên dưới chức vụ trong Word, hoặc chọn người ký bằng --signer <mã>",
                "--signer",
            )
        matches = [s for s in self.agency.signers if _name_key(s.name) == _name_key(name)]
        if len(matches) > 1:
            keys = ", ".join(s.key for s in matches)
            raise self.fail(
                f"hồ sơ cơ quan có {len(matches)} người ký tên {name}",
                f"chọn người ký bằng --signer với một trong: {keys}",
                "--signer",
            )
        if not matches and self.agency.signing is not None:
            known = ", ".join(s.key for s in self.agency.signers) or "(chưa có)"
            raise self.fail(
                f"người ký {name} không có trong hồ sơ cơ quan nên không có ảnh chữ ký để ký số",
                f"thêm người ký vào docgen.toml ([[signers]]), hoặc dùng --signer ({known})",
                "--signer",
            )
        return matches[0] if matches else None

    def noi_nhan(self) -> tuple[bool | str, list[str], Luu | None]:
        nhu_tren: bool | str = False
        items: list[str] = []
        luu: Luu | None = None
        for p in self.parts.noi_nhan_items:
            text = collapse_spaces(_DASH.sub("", p.text))
            if not text:
                continue
            if re.match(r"^Lưu\b", text):
                luu = self.luu(text)
                continue
            match = _NHU_TREN.match(text)
            if match and not items:
                note = (match["note"] or "").strip()
                nhu_tren = note or True
                continue
            items.append(strip_end_punctuation(text))
        return nhu_tren, items, luu

    def luu(self, text: str) -> Luu:
        match = _LUU.match(text)
        if match is None:
            raise self.fail(
                f"không đọc được dòng `{text}`",
                "trong Word, ghi dòng cuối Nơi nhận dạng `- Lưu: VT, KHTH.` rồi chạy lại",
                "Lưu",
            )
        names = [n.strip() for n in match["list"].split(",") if n.strip()]
        archive = int(match["copies"]) if match["copies"] else None
        drafter = match["drafter"]
        issued = int(match["issued"]) if match["issued"] else None
        if (
            names
            and self.agency.style.luu_format == "merged"
            and self.agency.unit(_UNIT_COUNT.sub(r"\g<unit>", names[-1])) is None
            and names[-1] != "VT"
        ):
            merged = _UNIT_COUNT.match(names.pop())  # the drafter, with the number issued
            drafter = merged["unit"] if merged else drafter
            issued = int(merged["count"]) if merged else issued
        units: list[str] = []
        for name in names:
            counted = _UNIT_COUNT.match(name)
            if counted:
                name, archive = counted["unit"], int(counted["count"])
            if name != "VT":
                self.known_unit(name, "Lưu")
                units.append(name)
        return Luu(tuple(units), archive, drafter, issued)

    # --- marks and appendices ------------------------------------------------------------------

    def marks(self) -> tuple[Urgency | None, Secrecy | None]:
        paras = self.parts.view.paragraphs
        end = self.parts.body[0].index if self.parts.body else len(paras)
        urgency = secrecy = None
        for p in paras[:end]:
            key = canon(p.text)
            urgency = urgency or URGENCY.get(key)
            secrecy = secrecy or SECRECY.get(key)
        return urgency, secrecy

    def appendices(self) -> tuple[tuple[Appendix, ...], tuple[int, ...]]:
        paras = self.parts.view.paragraphs
        start = max((p.index for p in (*self.parts.signature, self.parts.signer) if p), default=0)
        found: list[Appendix] = []
        references: list[int] = []
        for p in paras[start + 1 :]:
            if p.table != -1 or not _APPENDIX.match(canon(p.text)):
                continue
            following = [q for q in paras[p.index + 1 : p.index + 6] if q.text.strip()]
            for k, q in enumerate(following):
                if _REFERENCE.match(q.text):
                    title = " ".join(collapse_spaces(r.text) for r in following[:k])
                    found.append(Appendix(title, ()))
                    references.append(q.index)
                    break
        return tuple(found), tuple(references)


@dataclass(frozen=True)
class WordAppendix:
    """A phụ lục issued in a Word file of its own: its number, title and reference line."""

    roman: str
    title: str
    reference: int  #: paragraph index of its `(Kèm theo … số … ngày …)` line


def read_word_appendix(parts: Parts, *, source: str) -> WordAppendix:
    """The phụ lục file whose components are `parts`; InputError when it is not one."""
    head = parts.appendix
    if head is None:
        raise InputError(
            "tệp này không phải một phụ lục (đầu trang không có `Phụ lục I`, tên phụ lục và "
            "dòng `(Kèm theo …)`)",
            source=source,
            field="--phu-luc",
            hint="chỉ ghi ở --phu-luc các tệp phụ lục làm thành tệp riêng; phụ lục ở cuối văn "
            "bản chính thì không cần",
        )
    roman = canon(head.label.text).removeprefix("PHỤ LỤC").strip() or "I"
    title = " ".join(collapse_spaces(p.text) for p in head.title)
    return WordAppendix(roman, title, head.reference.index)


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", collapse_spaces(name)).casefold()


def _lower_first(text: str) -> str:
    """`Về việc …` → `về việc …`, as the clerk types a trích yếu (the template capitalises it);
    a first word in capitals (`UBND …`) stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def read_word_draft(
    parts: Parts, agency: Agency, options: WordOptions, *, source: str, today: dt.date
) -> WordDraft:
    """The `WordDraft` of a draft whose components are `parts`; InputError (one line naming the
    component or the flag to use) where it cannot be read without guessing."""
    if parts.appendix is not None:
        raise InputError(
            "tệp này là một phụ lục riêng, không phải văn bản chính",
            source=source,
            hint="cấp số văn bản chính; phụ lục trong cùng tệp Word được ghi số cùng văn bản",
        )
    reader = _Reader(parts, agency, options, source)
    title_kind = parts.kind
    unnumbered = title_kind is Kind.THU_CONG and parts.so is None
    number, symbol = (None, "") if unnumbered else reader.number_line()
    kind = Kind.THU_CONG if unnumbered else reader.kind(symbol)
    from_symbol = "" if unnumbered else reader.check_symbol(kind, symbol)
    nhu_tren, noi_nhan, luu = reader.noi_nhan()
    if luu is None and kind is not Kind.THU_CONG:
        raise InputError(
            "không có dòng `- Lưu: VT, …` ở cuối Nơi nhận",
            source=source,
            field="Lưu",
            hint="trong Word, thêm dòng `- Lưu: VT, <đơn vị soạn thảo>.` cuối Nơi nhận: nó cho "
            "biết ai giữ bản lưu",
        )
    luu = luu or Luu(units=())
    unit = reader.unit(kind, from_symbol, luu)
    recipients, kinh_gui = reader.kinh_gui()
    urgency, secrecy = reader.marks()
    appendices, references = reader.appendices()
    title = ""
    if kind is Kind.THU_CONG and parts.title is not None:
        title = reader.subject(kind)
    document = Document(
        kind=kind,
        unit=unit,
        subject=reader.subject(kind),
        date=reader.date(today),
        body=(),
        signature=reader.signature(),
        luu=luu,
        recipients=tuple(recipients),
        noi_nhan=tuple(noi_nhan),
        nhu_tren=nhu_tren,
        number=number,
        urgency=urgency,
        secrecy=secrecy,
        appendices=appendices,
        title=title,
        show_noi_nhan=parts.noi_nhan is not None,
    )
    so = parts.so.index if parts.so is not None else -1
    assert parts.date is not None  # reader.date found it
    return WordDraft(document, symbol, so, parts.date.index, references, kinh_gui)
