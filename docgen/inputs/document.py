"""The document input (YAML): what a clerk writes to describe one document.

Keys are Vietnamese without diacritics so they are easy to type (`trich_yeu`, `kinh_gui`, …);
`examples/bql-hanoi/bql-khth-moi-xet-chon-spcncl.yaml` shows every field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import InputError
from docgen.inputs.body import parse_appendices, parse_body, parse_runs
from docgen.inputs.kind_fields import FIELDS, check_fields, compose_body, letter_title
from docgen.inputs.reader import Section, check_text
from docgen.model.agency import Agency
from docgen.model.document import (
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
from docgen.rules.blocks import needs_position
from docgen.rules.dates import day_parts
from docgen.rules.numbering import takes_number

_URGENCY = {"khan": Urgency.KHAN, "thuong-khan": Urgency.THUONG_KHAN, "hoa-toc": Urgency.HOA_TOC}
_SECRECY = {"mat": Secrecy.MAT, "toi-mat": Secrecy.TOI_MAT, "tuyet-mat": Secrecy.TUYET_MAT}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's C parser when present: the pure-Python one takes longer than the whole
    render) that keeps an impossible date (`ngay: 2024-02-31`) as the text the clerk typed.

    PyYAML builds dates while parsing and raises a bare ValueError for one not on the calendar;
    kept as text, the field's own check names the field and says what is wrong.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_document(path: Path, agency: Agency, *, today: dt.date) -> Document:
    """Read and validate a document YAML file; `today` dates a draft that gives no date."""
    return parse_document(read_yaml(path), agency, source=str(path), today=today)


def read_yaml(path: Path) -> Any:
    """The parsed YAML of an input file (never None); InputError names the file and the line."""
    source = str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(
            "không tìm thấy tệp", hint="kiểm tra tên và đường dẫn tệp", source=source
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            "tệp không phải chữ UTF-8", hint="lưu lại tệp với bảng mã UTF-8", source=source
        ) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: builds no Python objects
    except yaml.reader.ReaderError as error:  # a raw control character: not a syntax slip
        line = text.count("\n", 0, error.position) + 1
        raise InputError(
            f"có ký tự điều khiển không in được (dòng {line})",
            hint="xóa ký tự lạ (thường do dán từ PDF) rồi gõ lại",
            source=source,
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark is not None else ""
        tab = _tab_line(text, mark.line if mark is not None else None)
        if tab is not None:
            raise InputError(
                f"có ký tự Tab ở dòng {tab}: YAML không dùng Tab để thụt lề",
                hint="thay mỗi Tab bằng dấu cách (thụt lề 2 dấu cách mỗi bậc) rồi chạy lại",
                source=source,
            ) from None
        colon = _colon_line(text, error)
        raise InputError(
            f"sai cú pháp YAML{at}",
            hint=colon or "kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép ở dòng đó",
            source=source,
        ) from None
    if data is None:
        raise InputError(
            "tệp trống", hint="chép một tệp mẫu trong examples/ rồi sửa", source=source
        )
    return data


def _tab_line(text: str, line: int | None) -> int | None:
    """The 1-based line of the tab YAML stumbled on: the error's own line when it holds one,
    else the first line indented with a tab."""
    lines = text.splitlines()
    if line is not None and line < len(lines) and "\t" in lines[line]:
        return line + 1
    for number, content in enumerate(lines, 1):
        if content[: len(content) - len(content.lstrip())].count("\t"):
            return number
    return None


def _colon_line(text: str, error: yaml.YAMLError) -> str:
    """The hint for a text with `: ` inside a value YAML refused ("mapping values are not allowed
    here"): put the whole text in quotes."""
    if "mapping values are not allowed" not in str(error):
        return ""
    return (
        "một dòng chữ có dấu hai chấm và dấu cách (`: `) ở giữa: đặt cả dòng trong dấu ngoặc "
        'kép, ví dụ: trich_yeu: "V/v: mời họp"'
    )


#: every top-level field of a document input (a copy's too): one is never taken for a typo of
#: another (`nguoi_ky` is not a misspelt `nguoi_ky_2`)
DOCUMENT_KEYS = frozenset(
    {
        "loai", "don_vi", "trich_yeu", "so", "ngay", "kinh_gui", "nguoi_ky", "nguoi_ky_2",
        "noi_dung", "phu_luc", "phu_luc_rieng", "noi_nhan", "luu", "do_khan", "do_mat",
        "ban_goc", "hinh_thuc", *FIELDS,
    }
)  # fmt: skip


def parse_document(data: Any, agency: Agency, *, source: str, today: dt.date) -> Document:
    """Build a Document from parsed YAML data, checking it against the agency profile."""
    top = Section(data, source=source, path="", error=InputError, known=DOCUMENT_KEYS)
    slug = top.text("loai", required=False, default="cong-van")
    try:
        kind = Kind.from_slug(slug)
    except KeyError:
        slugs = [k.info.slug for k in Kind]
        close = difflib.get_close_matches(slug, slugs, n=1)
        guess = f"có phải `{close[0]}`? " if close else ""
        top.fail(
            f"loại văn bản `{slug}` không có trong Nghị định 30",
            f"{guess}dùng một trong: {', '.join(slugs)}",
            key="loai",
        )
    unit = top.text("don_vi", hint="ghi chữ viết tắt đơn vị soạn thảo, ví dụ: don_vi: KHTH")
    _known_unit(top, "don_vi", unit, agency)
    check_fields(top, kind)
    title = letter_title(top) if kind is Kind.THU_CONG else ""
    subject = top.text(
        "trich_yeu",
        required=kind.info.has_trich_yeu,
        default=title or kind.info.name,  # the register still needs a subject
        hint="ghi trích yếu nội dung, ví dụ: trich_yeu: mời dự họp …",
    )
    number = top.integer("so", low=1, high=999_999)
    if number is not None and not takes_number(kind, agency.numbering):
        top.fail(
            'cơ quan để thư công không số (docgen.toml: [numbering] thu_cong = "none")',
            'xóa dòng `so:`, hoặc đặt [numbering] thu_cong = "cong-van" để cấp số như công văn',
            key="so",
        )
    date = parse_date(top, today=today)
    if number is not None and not date.complete:
        top.fail(
            "văn bản đã có số thì phải ghi đủ ngày, tháng, năm",
            "ví dụ: ngay: 2024-03-05",
            key="ngay",
        )
    recipients = top.text_list("kinh_gui", hint="mỗi nơi nhận một dòng `- …`")
    if kind is Kind.CONG_VAN and not recipients:
        top.fail(
            "công văn phải có ít nhất một nơi nhận ở Kính gửi",
            "thêm `kinh_gui:` với dòng `- …`",
            key="kinh_gui",
        )
    if recipients and not kind.info.has_kinh_gui and kind is not Kind.THU_CONG:
        top.fail(
            f"{kind.info.name.lower()} không có phần Kính gửi",
            "ghi các nơi nhận vào `noi_nhan: cac_noi:` (Kính gửi chỉ dùng cho công văn, "
            "tờ trình, báo cáo, thư công)",
            key="kinh_gui",
        )
    signature = parse_signature(top, agency)
    body = compose_body(top, kind, agency, signature, parse_body(top))
    second = parse_signature(top, agency, "nguoi_ky_2") if top.has("nguoi_ky_2") else None
    appendices = parse_appendices(top)
    if appendices and kind is Kind.THU_CONG:
        top.fail(
            "thư công không có phụ lục",
            "đưa nội dung vào thư, hoặc gửi kèm bằng công văn: loai: cong-van",
            key="phu_luc",
        )
    separate = top.flag("phu_luc_rieng", default=False)
    if separate and not appendices:
        top.fail(
            "`phu_luc_rieng` chỉ dùng khi có `phu_luc:`",
            "thêm các phụ lục vào `phu_luc:` hoặc xóa dòng `phu_luc_rieng`",
            key="phu_luc_rieng",
        )
    # a thư công shows Nơi nhận (and its Lưu line) only when the clerk names one
    show_noi_nhan = kind is not Kind.THU_CONG or top.has("noi_nhan") or top.has("luu")
    nhu_tren, noi_nhan = _noi_nhan(top, default_nhu_tren=bool(recipients))
    _consistent_recipients(top, kind, recipients, nhu_tren, noi_nhan)
    # no Lưu line printed: only the records office keeps the letter (no unit copy to file)
    luu = _luu(top, agency, unit) if show_noi_nhan else Luu(units=())
    urgency = _choice(top, "do_khan", _URGENCY)
    secrecy = _choice(top, "do_mat", _SECRECY)
    top.done()
    return Document(
        kind=kind,
        unit=unit,
        subject=subject,
        date=date,
        body=body,
        signature=signature,
        luu=luu,
        recipients=tuple(recipients),
        noi_nhan=tuple(noi_nhan),
        nhu_tren=nhu_tren,
        number=number,
        urgency=urgency,
        secrecy=secrecy,
        second_signature=second,
        appendices=appendices,
        appendices_separate=separate,
        title=title,
        show_noi_nhan=show_noi_nhan,
    )


def _known_unit(where: Section, key: str, unit: str, agency: Agency) -> None:
    if agency.unit(unit) is None:
        known = ", ".join(u.abbreviation for u in agency.units)
        where.fail(
            f"đơn vị `{unit}` không có trong cấu hình cơ quan",
            f"dùng một trong: {known}, hoặc thêm đơn vị vào docgen.toml ([units])",
            key=key,
        )


def parse_date(top: Section, *, today: dt.date) -> IssueDate:
    value = top.raw("ngay")
    if value is None:
        return IssueDate(today.year, today.month)  # a draft: the records office fills in the day
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):  # checked like the other forms (the year range)
        value = {"ngay": value.day, "thang": value.month, "nam": value.year}
    # a typed day, quoted, or one PyYAML could not build (not on the calendar): checked below
    parts = day_parts(value) if isinstance(value, str) else None
    if parts is not None:
        value = {"ngay": parts[2], "thang": parts[1], "nam": parts[0]}
    section = (
        Section(value, source=top.source, path="ngay", error=InputError)
        if isinstance(value, dict)
        else None
    )
    if section is None:
        top.fail(
            "ngày không đúng dạng",
            "ghi 2024-03-05, 05/3/2024 hoặc {nam: 2024, thang: 3} cho bản dự thảo",
            key="ngay",
        )
    year = section.integer("nam", required=True, low=1945, high=2100)
    month = section.integer("thang", low=1, high=12)
    day = section.integer("ngay", low=1, high=31)
    section.done()
    assert year is not None
    if day is not None and month is None:
        section.fail("có ngày mà không có tháng", "ghi thêm `thang:`")
    if day is not None and month is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            section.fail(
                f"ngày {day}/{month}/{year} không có trên lịch", "kiểm tra lại ngày và tháng"
            )
    return IssueDate(year, month, day)


def parse_signature(top: Section, agency: Agency, field: str = "nguoi_ky") -> Signature:
    value = top.raw(field)
    short = isinstance(value, str)  # `nguoi_ky: truong-ban`: errors name `nguoi_ky`, as typed
    if short:
        value = {"ma": value}
    section = Section(value, source=top.source, path=field, error=InputError) if value else None
    if section is None:
        top.missing(field, "thiếu người ký", f"ghi `{field}: <mã người ký trong docgen.toml>`")
    key = section.text("ma", required=False)
    signer = agency.signer(key) if key else None
    if key and signer is None:
        known = ", ".join(s.key for s in agency.signers) or "(chưa có)"
        close = difflib.get_close_matches(key, [s.key for s in agency.signers], n=1)
        guess = f"có phải `{close[0]}`? " if close else ""
        section.fail(
            f"không có người ký mã `{key}` trong cấu hình cơ quan",
            f"{guess}dùng một trong: {known}",
            key=None if short else "ma",
        )
    name = section.text("ho_ten", required=signer is None, default=signer.name if signer else "")
    position = section.text("chuc_vu", required=False, default=signer.position if signer else "")
    raw_auth = section.text_list("tham_quyen") or (
        [signer.authority] if signer and signer.authority else []
    )
    offices = section.text_list("thay_cho") or (
        [signer.acting_for] if signer and signer.acting_for else []
    )
    authorities = []
    for i, token in enumerate(raw_auth, 1):
        try:
            authorities.append(Authority[token.rstrip(".").upper()])
        except KeyError:
            section.fail(
                f"thẩm quyền ký `{token}` không có trong Nghị định 30",
                "dùng TM, Q, KT, TL hoặc TUQ (hoặc bỏ trống khi người đứng đầu ký)",
                key=f"tham_quyen[{i}]",
            )
    if len(offices) != len(authorities):
        section.fail(
            f"có {len(authorities)} thẩm quyền ký nhưng {len(offices)} chức danh được ký thay",
            "mỗi thẩm quyền (KT., TL. …) cần một `thay_cho`, ví dụ: thay_cho: Trưởng ban",
            key="thay_cho",
        )
    if needs_position(authorities) and not position:
        section.fail(
            "ký thay/thừa lệnh/thay mặt phải có chức vụ của người ký",
            "ghi `chuc_vu:`, ví dụ: chuc_vu: Phó Trưởng ban",
            key="chuc_vu",
        )
    if not authorities and not position:
        section.fail(
            "thiếu chức vụ người ký", "ghi `chuc_vu:`, ví dụ: chuc_vu: Trưởng ban", key="chuc_vu"
        )
    section.done()
    lines = tuple(AuthorityLine(a, o) for a, o in zip(authorities, offices, strict=True))
    return Signature(authorities=lines, position=position, name=name, key=key)


_LUU_ITEM = re.compile(r"^\s*-?\s*Lưu\b", re.I)
#: types whose "Như trên" refers to addressees named elsewhere than a Kính gửi block
_ADDRESSED_IN_TEXT = {Kind.CONG_DIEN: "dien_gui", Kind.GIAY_MOI: "kinh_moi"}


def _same_name(text: str) -> str:
    return " ".join(text.casefold().strip(" ;.,").split())


def _consistent_recipients(
    top: Section, kind: Kind, recipients: list[str], nhu_tren: bool | str, noi_nhan: list[str]
) -> None:
    """Refuse what would contradict itself on the page: a Lưu line typed among the Nơi nhận items
    (docgen prints the Lưu line last, from `luu:`), "Như trên" with nobody above it to refer to,
    and a recipient named twice."""
    for i, item in enumerate(noi_nhan, 1):
        if _LUU_ITEM.match(item):
            top.fail(
                f"Nơi nhận có dòng “{item}”: docgen tự in dòng “- Lưu: VT, …” ở cuối Nơi nhận",
                "xóa dòng này; đơn vị giữ bản lưu ghi ở `luu: don_vi: [VP]`",
                key=f"noi_nhan.cac_noi[{i}]",
            )
    if nhu_tren and not recipients and kind not in _ADDRESSED_IN_TEXT:
        top.fail(
            "“Như trên” chỉ các nơi ở Kính gửi, mà văn bản này không có Kính gửi",
            "ghi đủ tên từng nơi nhận vào `noi_nhan: cac_noi:` và bỏ `nhu_tren`",
            key="noi_nhan.nhu_tren",
        )
    # Without "Như trên" a Kính gửi recipient is rightly listed again in Nơi nhận.
    lists = [("kinh_gui", recipients), ("noi_nhan.cac_noi", noi_nhan)]
    groups = [lists] if nhu_tren else [lists[:1], lists[1:]]
    for group in groups:
        _no_repeats(top, group)


def _no_repeats(top: Section, lists: list[tuple[str, list[str]]]) -> None:
    seen: dict[str, str] = {}
    for where, name in [(f"{key}[{i}]", n) for key, names in lists for i, n in enumerate(names, 1)]:
        first = seen.setdefault(_same_name(name), where)
        if first != where:
            also = (
                " (đã có trong Kính gửi, “Như trên” đã gồm nơi này)"
                if first.startswith("kinh_gui")
                else ""
            )
            top.fail(
                f"“{name}” ghi hai lần: ở {first} và ở {where}{also}",
                "mỗi nơi nhận ghi một lần; xóa dòng lặp",
                key=where,
            )


_NHU_TREN_ITEM = re.compile(r"^\s*-?\s*Như trên\s*(?:\((?P<note>[^)]*)\))?\s*[;.,]?\s*$", re.I)


def _noi_nhan(top: Section, *, default_nhu_tren: bool) -> tuple[bool | str, list[str]]:
    section = top.section("noi_nhan")
    if section is None:
        return default_nhu_tren, []
    raw = section.raw("nhu_tren")
    nhu_tren: bool | str = default_nhu_tren
    if isinstance(raw, bool):
        nhu_tren = raw
    elif isinstance(raw, str) and raw.strip():
        nhu_tren = check_text(raw, section, "nhu_tren")
    elif raw is not None:
        section.fail(
            "phải là true/false hoặc ghi chú trong ngoặc", "ví dụ: nhu_tren: true", key="nhu_tren"
        )
    items = section.text_list("cac_noi")
    section.done()
    # `Như trên` typed as the first item (a công điện, whose addressees are in its text): the
    # flag it stands for, so it prints once and the register does not take it for a recipient
    first = _NHU_TREN_ITEM.match(items[0]) if items else None
    if first is not None:
        items = items[1:]
        nhu_tren = (first["note"] or "").strip() or (
            nhu_tren if isinstance(nhu_tren, str) else True
        )
    return nhu_tren, items


def _luu(top: Section, agency: Agency, unit: str) -> Luu:
    section = top.section("luu")
    if section is None:
        return Luu(units=(unit,))
    units = section.text_list("don_vi") or [unit]
    for i, abbreviation in enumerate(units, 1):
        _known_unit(section, f"don_vi[{i}]", abbreviation, agency)
    luu = Luu(
        units=tuple(u for u in units if u != "VT"),
        archive_copies=section.integer("so_ban_luu", low=1, high=999),
        drafter=section.text("nguoi_soan", required=False).upper()
        or None,  # initials in capitals (ND30 PL1 III.3; docs/format/blocks.md)
        issued_copies=section.integer("so_ban_phat_hanh", low=1, high=99_999),
    )
    if luu.issued_copies is not None and luu.drafter is None:  # ô 12 prints them together
        section.fail(
            "số bản phát hành chỉ ghi kèm chữ viết tắt tên người soạn (ô 12)",
            "thêm `nguoi_soan:`, ví dụ: nguoi_soan: NVA",
            key="so_ban_phat_hanh",
        )
    section.done()
    return luu


def _choice(top: Section, key: str, options: dict[str, Any]) -> Any:
    value = top.text(key, required=False)
    if not value:
        return None
    if value not in options:
        top.fail(f"giá trị `{value}` không có", f"dùng một trong: {', '.join(options)}", key=key)
    return options[value]


__all__ = [
    "load_document",
    "parse_date",
    "parse_document",
    "parse_runs",
    "parse_signature",
    "read_yaml",
]
