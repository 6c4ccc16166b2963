"""The agency profile: who issues, where, with which units and signers, in which size profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.model.approval import Policy
from docgen.model.exchange import ExchangeOptions
from docgen.model.processing import MailOptions, ProcessingOptions
from docgen.model.register import COPIES_NOI_NHAN


@dataclass(frozen=True)
class Unit:
    """A unit of the agency (VT = Văn thư, KHTH = Phòng Kế hoạch tổng hợp, …)."""

    abbreviation: str
    name: str


@dataclass(frozen=True)
class KeySource:
    """Where a private key lives: a PKCS#11 token (an official's USB token, an HSM) or, for tests
    and small offices, a PKCS#12 file.

    On a token (`module` set): the token is found by `token_label` or `slot`, the key by `key_id`
    (hex) or `key_label`. `secret_env` names the environment variable holding the token's PIN or
    the file's password; the secret itself is never part of a profile. `certificate_name` is the
    name the certificate must carry (its common name) when it differs from the holder's name in
    the profile; "" means the holder's name. Paths are absolute (resolved by the loader).
    """

    pkcs12: str = ""
    module: str = ""
    token_label: str = ""
    slot: int | None = None
    key_id: str = ""
    key_label: str = ""
    secret_env: str = ""
    certificate_name: str = ""

    @property
    def on_token(self) -> bool:
        return bool(self.module)


@dataclass(frozen=True)
class Signer:
    """A person who signs; `authority`/`acting_for` give the default authority line (may be empty).

    `signature_image`: the blue PNG of the signer's signature (ô 7c) for electronic issue.
    `own_key`: the signer's own signing key (ô 7c, PL1 II.7.d) — with it, an issued PDF carries
    the signer's digital signature (appearance: `signature_image`) before the agency's; without
    it, the image is stamped into the page and only the agency signs.
    """

    key: str
    name: str
    position: str
    authority: str = ""
    acting_for: str = ""
    signature_image: str = ""
    own_key: KeySource | None = None


#: the environment variable of the agency key's password (a PKCS#12 file) …
AGENCY_PASSWORD_ENV = "DOCGEN_SIGN_PASSWORD"
#: … and of the agency token's PIN
AGENCY_PIN_ENV = "DOCGEN_SIGN_PIN"


@dataclass(frozen=True)
class Signing:
    """The agency's digital signature (ô 8) for issued PDFs: where its key is, the red seal PNG
    used as the visible appearance, an optional timestamp authority (PAdES B-T) and, with `ltv`,
    embedded revocation data (PAdES B-LT) checked against `trust_roots`.

    Paths are absolute (the profile loader resolves them against the profile's folder). Passwords
    and PINs are never stored here: the services read them from the environment or a prompt.
    """

    key: KeySource
    seal_image: str
    seal_size_mm: float = 40.0
    timestamp_url: str = ""
    trust_roots: tuple[str, ...] = ()
    ltv: bool = False

    @property
    def pkcs12(self) -> str:
        """The agency's PKCS#12 file ("" when its key is on a token)."""
        return self.key.pkcs12

    @property
    def password_env(self) -> str:
        return self.key.secret_env


@dataclass(frozen=True)
class Footer:
    """Ô 13: address, phone, fax, email, website; printed on page 1 only when any is set."""

    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""

    @property
    def empty(self) -> bool:
        return not any((self.address, self.phone, self.fax, self.email, self.website))


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; the decree's ranges are checked by the profile loader."""

    top: float = 20.0
    bottom: float = 20.0
    left: float = 30.0
    right: float = 15.0


@dataclass(frozen=True)
class SizeProfile:
    """Font sizes in points for each component: the profiles "13" and "14" of
    docs/format/README.md (ranges ND30 PL1 II–III)."""

    name: str
    quoc_hieu: float
    tieu_ngu: float
    agency: float
    number: float
    date: float
    vv: float
    title: float
    body: float
    signature: float
    kinh_gui: float
    page_number: float
    noi_nhan_label: float = 12
    noi_nhan_item: float = 11
    footer: float = 11
    phu_luc: float = 14  #: the `Phụ lục I` label is 14 pt in both profiles (PL1 III.1.b)


SIZE_PROFILES: dict[str, SizeProfile] = {
    "13": SizeProfile("13", 12, 13, 12, 13, 13, 12, 13, 13, 13, 13, 13),
    "14": SizeProfile("14", 13, 14, 13, 13, 14, 13, 14, 14, 14, 14, 14),
}


@dataclass(frozen=True)
class Style:
    """Choices the decree leaves open (UNCONFIRMED: docs/README.md), with their defaults."""

    #: end a single-line Kính gửi with "." (the reference dispatch does; Mục V's example does not)
    kinh_gui_single_period: bool = True
    #: "nd30": `- Lưu: VT, KHTH (02). NVA.(15)`; "merged": `- Lưu: VT, KHTH, NVA(02).`
    luu_format: str = "nd30"
    #: end the body with "./." (every PL3 template does)
    end_mark: bool = True
    #: group added to a secret document's symbol (`05/BQL-KHTH-M`): secret documents have their own
    #: number stream (ND30 Điều 15.2) yet number + symbol must stay unique in the year (Điều 15.1),
    #: so the symbols must differ. The decree does not say how (UNCONFIRMED); "" turns it off.
    secret_symbol_suffix: str = "M"
    #: convert to PDF/A-2b (archival PDF; ND30 sets no version for born-digital documents, see
    #: docs/format/README.md)
    pdfa: bool = False


#: `[numbering] thu_cong`: a thư công carries no Số line and takes no number (the default) …
THU_CONG_UNNUMBERED = "none"
#: … or is numbered in the administrative stream with a công văn's symbol (`12/BQL-VP`)
THU_CONG_AS_CONG_VAN = "cong-van"


@dataclass(frozen=True)
class Numbering:
    """How the agency numbers what the decree leaves open (UNCONFIRMED: docs/README.md).

    `thu_cong`: the decree gives a thư công neither a template nor an abbreviation and says
    nothing of its number (docs/format/number-and-date.md; practice: often unnumbered).
    `THU_CONG_UNNUMBERED` (the default) prints no Số line, and `docgen issue` refuses it;
    `THU_CONG_AS_CONG_VAN` numbers it in the administrative stream with the agency-unit symbol of
    a công văn.
    """

    thu_cong: str = THU_CONG_UNNUMBERED


@dataclass(frozen=True)
class Storage:
    """Where the agency keeps its archive and register (`[archive]` of the profile): `path` is
    absolute (the loader resolves it against the profile's folder); "" leaves the choice to
    `--archive`, DOCGEN_ARCHIVE or ./archive. `database_url` a PostgreSQL register; "" SQLite."""

    path: str = ""
    database_url: str = ""


@dataclass(frozen=True)
class RegisterOptions:
    """How the agency prints its registers (`[register]` of the profile).

    `copies`: column (7) Số lượng bản of the outgoing register — `COPIES_NOI_NHAN` (the default:
    ô 12's count of copies issued when given, else one per Nơi nhận item and Lưu holder, ND30
    Điều 17.1.a) or `COPIES_PHAT_HANH` (ô 12's count only; blank without it).
    """

    copies: str = COPIES_NOI_NHAN


#: `[records] transfer_deadline`: when a closed file kept 05 years or more is due at the agency
#: archive — within 01 year from the day the work ended (ND30 Điều 30.2, the default) …
DEADLINE_ND30 = "nd30"
#: … or by the end of the year after the one the work ended in (Luật Lưu trữ 2024; UNCONFIRMED)
DEADLINE_LUAT_2024 = "luat-2024"


@dataclass(frozen=True)
class RecordsOptions:
    """Records management's settings (`[records]` of the profile)."""

    transfer_deadline: str = DEADLINE_ND30


@dataclass(frozen=True)
class Agency:
    """The issuing agency and its conventions."""

    name: str
    abbreviation: str
    place: str
    parent: str = ""
    name_lines: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    signers: tuple[Signer, ...] = ()
    footer: Footer = Footer()
    margins: Margins = Margins()
    sizes: SizeProfile = SIZE_PROFILES["14"]
    style: Style = Style()
    signing: Signing | None = None
    numbering: Numbering = Numbering()
    #: the agency's 13-character identifier (`000.00.00.G09`, QCVN 102:2016; UNCONFIRMED), the
    #: OrganId of the metadata files; "" when not known
    code: str = ""
    #: whether this profile (a records clerk cleared for state secrets) may list secret documents
    secret_allowed: bool = False
    storage: Storage = Storage()
    register: RegisterOptions = RegisterOptions()
    #: `[approval]`: the steps a draft takes before issue (`docgen.rules.approval`)
    approval: Policy = field(default_factory=Policy)
    #: `[exchange]`: sending and receiving edXML packages (liên thông)
    exchange: ExchangeOptions = field(default_factory=ExchangeOptions)
    #: `[processing]`: who incoming documents are presented to (Điều 23)
    processing: ProcessingOptions = field(default_factory=ProcessingOptions)
    #: `[mail]`: the SMTP server of the daily digest of pending documents
    mail: MailOptions = field(default_factory=MailOptions)
    #: `[records]`: when closed files are due at the agency archive
    records: RecordsOptions = RecordsOptions()

    def unit(self, abbreviation: str) -> Unit | None:
        return next((u for u in self.units if u.abbreviation == abbreviation), None)

    def signer(self, key: str) -> Signer | None:
        return next((s for s in self.signers if s.key == key), None)
