"""The agency profile (`docgen.toml`): validated, unknown keys rejected with the key named."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from docgen.errors import ProfileError
from docgen.inputs.profile_approval import approval_policy
from docgen.inputs.profile_exchange import exchange_options
from docgen.inputs.profile_keys import key_source, signer_secret_envs
from docgen.inputs.profile_processing import mail_options, processing_options
from docgen.inputs.reader import Section
from docgen.model.agency import (
    DEADLINE_LUAT_2024,
    DEADLINE_ND30,
    SIZE_PROFILES,
    THU_CONG_AS_CONG_VAN,
    THU_CONG_UNNUMBERED,
    Agency,
    Footer,
    KeySource,
    Margins,
    Numbering,
    RecordsOptions,
    RegisterOptions,
    Signer,
    Signing,
    SizeProfile,
    Storage,
    Style,
    Unit,
)
from docgen.model.register import COPIES_NOI_NHAN, COPIES_PHAT_HANH

#: The decree's margin ranges in mm (PL1 I.3); a profile outside them is refused.
MARGIN_RANGES: dict[str, tuple[float, float]] = {
    "top": (20, 25),
    "bottom": (20, 25),
    "left": (30, 35),
    "right": (15, 20),
}
_ABBR = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9.]*$")
_AGENCY_CODE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$")
_AUTHORITIES = ("TM", "Q", "KT", "TL", "TUQ")


def load_profile(path: Path) -> Agency:
    """Read and validate an agency profile; raises ProfileError naming the file and the key."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProfileError(
            "không tìm thấy tệp cấu hình cơ quan",
            hint="chỉ đường dẫn bằng --profile hoặc DOCGEN_PROFILE, hoặc chép examples/bql-hanoi/docgen.toml",
            source=source,
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError(
            "tệp không phải chữ UTF-8", hint="lưu lại tệp với bảng mã UTF-8", source=source
        ) from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at (.*)\)", str(error))
        at = (
            f" ({where.group(1).replace('line', 'dòng').replace('column', 'cột')})" if where else ""
        )
        raise ProfileError(
            f"sai cú pháp TOML{at}", hint="kiểm tra dấu = và dấu ngoặc kép ở dòng đó", source=source
        ) from None
    return parse_profile(data, source=source, base=path.parent)


def parse_profile(data: object, *, source: str, base: Path | None = None) -> Agency:
    """Build an Agency from parsed TOML data; relative file paths are taken from `base`."""
    base = base or Path(".")
    top = Section(data, source=source, path="", error=ProfileError)
    agency = top.section("agency", required=True)
    assert agency is not None
    abbreviation = agency.text("abbreviation", hint='ví dụ: abbreviation = "BQL"')
    if not _ABBR.match(abbreviation):
        agency.fail(
            "chữ viết tắt chỉ gồm chữ cái, chữ số, bắt đầu bằng chữ hoa, không dấu cách",
            "ví dụ: BQL",
            key="abbreviation",
        )
    name = agency.text("name")
    name_lines = tuple(agency.text_list("name_lines"))
    if name_lines and " ".join(name_lines) != " ".join(name.split()):
        agency.fail(
            "các dòng ghép lại không khớp với `name`",
            "name_lines là tên cơ quan chia dòng, giữ nguyên từng chữ",
            key="name_lines",
        )
    parent = agency.text("parent", required=False)
    code = agency.text("code", required=False)
    if code and not _AGENCY_CODE.match(code):
        agency.fail(
            f"mã định danh cơ quan `{code}` không đúng dạng",
            'dạng 13 ký tự như "000.00.00.G09" (mã theo QCVN 102:2016), hoặc bỏ trống',
            key="code",
        )
    place = agency.text("place", hint='ví dụ: place = "Hà Nội"')
    agency.done()

    units = _units(top.section("units"))
    signing = _signing(top.section("signing"), base)
    signers = _signers(top.section("signers"), base, signing.key.module if signing else "")
    footer = _footer(top.section("footer"))
    margins, sizes, style = _format(top.section("format"))
    numbering = _numbering(top.section("numbering"))
    storage = _storage(top.section("archive"), base)
    register = _register(top.section("register"))
    approval = approval_policy(top.section("approval"), {s.key for s in signers})
    exchange = exchange_options(top.section("exchange"), base)
    processing = processing_options(top.section("processing"))
    mail = mail_options(top.section("mail"))
    records = _records(top.section("records"))
    access = top.section("access")
    secret_allowed = access.flag("secret_allowed", default=False) if access is not None else False
    if access is not None:
        access.done()
    top.done()
    return Agency(
        name=name,
        abbreviation=abbreviation,
        place=place,
        parent=parent,
        name_lines=name_lines,
        units=units,
        signers=signers,
        footer=footer,
        margins=margins,
        sizes=sizes,
        style=style,
        signing=signing,
        numbering=numbering,
        code=code,
        secret_allowed=secret_allowed,
        storage=storage,
        register=register,
        approval=approval,
        exchange=exchange,
        processing=processing,
        mail=mail,
        records=records,
    )


def _units(section: Section | None) -> tuple[Unit, ...]:
    units = [Unit("VT", "Văn thư")]
    if section is None:
        return tuple(units)
    for key in section.data:
        abbreviation = str(key)
        if not _ABBR.match(abbreviation):
            section.fail(
                "chữ viết tắt đơn vị không hợp lệ",
                'ví dụ: KHTH = "Phòng Kế hoạch tổng hợp"',
                key=abbreviation,
            )
        name = section.text(abbreviation)
        units = [u for u in units if u.abbreviation != abbreviation]
        units.append(Unit(abbreviation, name))
    section.done()
    return tuple(units)


def _path(section: Section, key: str, base: Path, *, required: bool = False) -> str:
    """A file path of the profile, made absolute against the profile's folder ("" when absent)."""
    value = section.text(key, required=required)
    return str((base / value).resolve()) if value else ""


def _signers(section: Section | None, base: Path, module: str) -> tuple[Signer, ...]:
    """`[signers.<key>]`; `module`: the agency's PKCS#11 module, used by a signer's token entry
    that names none."""
    if section is None:
        return ()
    signers = []
    for key in section.data:
        entry = section.section(str(key))
        assert entry is not None
        authority = entry.text("authority", required=False).rstrip(".").upper()
        if authority and authority not in _AUTHORITIES:
            entry.fail(
                f"thẩm quyền ký `{authority}` không có trong Nghị định 30",
                "dùng một trong TM, Q, KT, TL, TUQ hoặc bỏ trống",
                key="authority",
            )
        acting_for = entry.text(
            "acting_for",
            required=authority not in ("", "Q"),
            hint='ví dụ: acting_for = "Trưởng ban" (chức vụ được ký thay)',
        )
        pin_env, password_env = signer_secret_envs(str(key))
        own_key = key_source(
            entry, base, pin_env=pin_env, password_env=password_env, default_module=module,
            required=False,
        )  # fmt: skip
        signers.append(
            Signer(
                key=str(key),
                name=entry.text("name"),
                position=entry.text("position"),
                authority=authority,
                acting_for=acting_for,
                signature_image=_path(entry, "signature_image", base),
                own_key=own_key,
            )
        )
        entry.done()
    section.done()
    return tuple(signers)


def _signing(section: Section | None, base: Path) -> Signing | None:
    """`[signing]`: the agency's key (a token or a PKCS#12 file), its seal image, and the
    timestamp authority and trust roots of long-term validation, for signing issued PDFs
    (optional)."""
    if section is None:
        return None
    key = key_source(section, base)
    assert key is not None  # required
    roots = tuple(str((base / p).resolve()) for p in section.text_list("trust_roots"))
    signing = Signing(
        key=key,
        seal_image=_path(section, "seal_image", base, required=True),
        seal_size_mm=section.number("seal_size_mm", default=40.0),
        timestamp_url=section.text("timestamp_url", required=False),
        trust_roots=roots,
        ltv=section.flag("ltv", default=False),
    )
    if signing.ltv and not (signing.timestamp_url and signing.trust_roots):
        section.fail(
            "ký số dài hạn (ltv = true) cần máy chủ dấu thời gian và chứng thư gốc",
            'ghi timestamp_url = "…" và trust_roots = ["…pem"], hoặc đặt ltv = false',
            key="timestamp_url" if not signing.timestamp_url else "trust_roots",
        )
    if not 20 <= signing.seal_size_mm <= 60:
        section.fail(
            f"đường kính dấu {signing.seal_size_mm:g} mm không hợp lý",
            "ghi đường kính thật của con dấu, thường 35–42 mm",
            key="seal_size_mm",
        )
    section.done()
    return signing


def _numbering(section: Section | None) -> Numbering:
    """`[numbering]`: what the decree leaves open about numbers (a thư công;
    docs/format/number-and-date.md)."""
    if section is None:
        return Numbering()
    choices = (THU_CONG_UNNUMBERED, THU_CONG_AS_CONG_VAN)
    thu_cong = section.text("thu_cong", required=False, default=THU_CONG_UNNUMBERED)
    if thu_cong not in choices:
        section.fail(
            f"cách đánh số thư công `{thu_cong}` không có",
            f'dùng "{THU_CONG_UNNUMBERED}" (thư công không số) hoặc "{THU_CONG_AS_CONG_VAN}" '
            "(cấp số như công văn)",
            key="thu_cong",
        )
    section.done()
    return Numbering(thu_cong=thu_cong)


def _register(section: Section | None) -> RegisterOptions:
    """`[register] copies`: where column (7) Số lượng bản comes from (docs/records/register.md)."""
    if section is None:
        return RegisterOptions()
    copies = _choice(
        section, "copies", {
            COPIES_NOI_NHAN: "số bản phát hành ở ô 12, không có thì đếm nơi nhận",
            COPIES_PHAT_HANH: "chỉ số bản phát hành ở ô 12",
        }, what="cách tính số lượng bản",
    )  # fmt: skip
    return RegisterOptions(copies=copies)


def _records(section: Section | None) -> RecordsOptions:
    """`[records] transfer_deadline`: when a closed file is due at the agency archive
    (docs/records/hoso.md)."""
    if section is None:
        return RecordsOptions()
    deadline = _choice(
        section, "transfer_deadline", {
            DEADLINE_ND30: "trong 01 năm kể từ ngày kết thúc công việc, Nghị định 30/2020 Điều 30",
            DEADLINE_LUAT_2024: "hết năm sau năm kết thúc công việc, Luật Lưu trữ 2024",
        }, what="cách tính hạn nộp lưu",
    )  # fmt: skip
    return RecordsOptions(transfer_deadline=deadline)


def _choice(section: Section, key: str, choices: dict[str, str], *, what: str) -> str:
    """The value of `key`, one of `choices` (value → what it means; the first is the default);
    the section is done. ProfileError naming the key and the values otherwise."""
    value = section.text(key, required=False, default=next(iter(choices)))
    if value not in choices:
        options = " hoặc ".join(f'"{v}" ({meaning})' for v, meaning in choices.items())
        section.fail(f"{what} `{value}` không có", f"dùng {options}", key=key)
    section.done()
    return value


def check_signing_files(
    agency: Agency, signer_key: str, *, source: str, signer_image: bool = True
) -> None:
    """ProfileError naming the key when a file needed to sign is missing; `signer_image` False:
    the signer's image is not needed (an electronic copy shows none, ND30 PL1-P2 I.3;
    docs/format/copies.md). The key files (a .p12, a token's module) of the agency and of the
    signer's own key are files too."""
    signing = agency.signing
    if signing is None:
        return
    needed = [("signing.seal_image", signing.seal_image)]
    needed.append(_key_file("signing", signing.key))
    signer = agency.signer(signer_key)
    image = signer.signature_image if signer is not None else ""
    if signer_image:
        needed.append((f"signers.{signer_key or '?'}.signature_image", image))
    if signer is not None and signer.own_key is not None:
        needed.append(_key_file(f"signers.{signer_key}", signer.own_key))
    for key, path in needed:
        if not path:
            raise ProfileError(
                "thiếu tệp cần cho ký số",
                source=source,
                field=key,
                hint="người ký phải là người khai trong [signers] có signature_image "
                "(ảnh chữ ký PNG nền trong suốt)",
            )
        if not Path(path).is_file():
            token = key.endswith("pkcs11_module")
            raise ProfileError(
                f"không tìm thấy {'trình điều khiển token' if token else 'tệp'} {path}",
                source=source,
                field=key,
                hint="cài phần mềm token của tổ chức cấp chứng thư số rồi ghi đúng đường dẫn tệp "
                ".so"
                if token
                else "kiểm tra đường dẫn (tính từ thư mục chứa docgen.toml)",
            )


def _key_file(where: str, key: KeySource) -> tuple[str, str]:
    return (
        (f"{where}.pkcs11_module", key.module) if key.on_token else (f"{where}.pkcs12", key.pkcs12)
    )


def _footer(section: Section | None) -> Footer:
    if section is None:
        return Footer()
    footer = Footer(
        **{
            k: section.text(k, required=False)
            for k in ("address", "phone", "fax", "email", "website")
        }
    )
    section.done()
    return footer


def _format(section: Section | None) -> tuple[Margins, SizeProfile, Style]:
    if section is None:
        return Margins(), SIZE_PROFILES["14"], Style()
    raw_size = section.raw("size_profile")
    size_name = "14" if raw_size is None else str(raw_size)  # 0, "" or false are typos, not "14"
    if size_name not in SIZE_PROFILES:
        section.fail(f"cỡ chữ `{size_name}` không có", 'dùng "13" hoặc "14"', key="size_profile")
    margins = Margins()
    margin_section = section.section("margins_mm")
    if margin_section is not None:
        values = {}
        for side, (low, high) in MARGIN_RANGES.items():
            value = margin_section.number(side, default=getattr(margins, side))
            if not low <= value <= high:
                margin_section.fail(
                    f"lề {value:g} mm nằm ngoài khoảng Nghị định 30 cho phép ({low:g}–{high:g} mm)",
                    f"chọn một giá trị từ {low:g} đến {high:g} (PL I, mục I.3)",
                    key=side,
                )
            values[side] = value
        margin_section.done()
        margins = Margins(**values)
    luu_format = section.text("luu_format", required=False, default="nd30")
    if luu_format not in ("nd30", "merged"):
        section.fail(
            f"kiểu dòng Lưu `{luu_format}` không có", 'dùng "nd30" hoặc "merged"', key="luu_format"
        )
    style = Style(
        kinh_gui_single_period=section.flag("kinh_gui_single_period", default=True),
        luu_format=luu_format,
        end_mark=section.flag("end_mark", default=True),
        secret_symbol_suffix=_suffix(section),
        pdfa=section.flag("pdfa", default=False),
    )
    section.done()
    return margins, SIZE_PROFILES[size_name], style


def _suffix(section: Section) -> str:
    suffix = section.text("secret_symbol_suffix", required=False, default="M")
    if suffix and not _ABBR.match(suffix):
        section.fail(
            "nhóm ký hiệu văn bản mật chỉ gồm chữ cái, chữ số, bắt đầu bằng chữ hoa",
            'ví dụ: secret_symbol_suffix = "M"',
            key="secret_symbol_suffix",
        )
    return suffix


def _storage(section: Section | None, base: Path) -> Storage:
    """`[archive] path` (relative to the profile's folder) and `database_url`."""
    if section is None:
        return Storage()
    path = section.text("path", required=False)
    url = section.text("database_url", required=False)
    if url and not url.startswith(("postgresql://", "postgres://")):
        section.fail(
            "database_url phải là địa chỉ PostgreSQL",
            'ví dụ: database_url = "postgresql://docgen@may-chu/docgen" (mật khẩu để trong '
            "~/.pgpass hoặc PGPASSWORD, không ghi vào đây); bỏ trống để dùng SQLite",
            key="database_url",
        )
    section.done()
    resolved = str((base / path).resolve()) if path else ""
    return Storage(resolved, url)
