"""The keys an issued document is signed with, opened and checked before a number is taken.

ND30 Phụ lục I (II.7.d, II.8.a): an electronic document carries the competent person's digital
signature (ô 7c, appearance: their signature image), then the agency's (ô 8, appearance: the seal).
`open_keys` opens the agency's key and the own key of every signer of the document that the
profile gives one, logs in to their tokens, and refuses — one Vietnamese line, nothing signed, no
number taken — a missing PIN, a wrong PIN, a missing or locked token, a certificate not yet valid
or expired, a certificate of another person, and (with long-term validation) a revoked one.

PINs and passwords come from `Secrets`: the environment by default (unattended use, the web
application), a prompt without echo at the command line (`docgen.cli.options.prompting_secrets`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import InputError, SignatureError
from docgen.model.agency import Agency, KeySource
from docgen.model.document import Document
from docgen.pdf.sign import Ltv, Pkcs12Signer, Signer, held
from docgen.services import settings

#: (environment variable, what is asked: "mã PIN token của Lê Quang Long") -> the secret or None
Secrets = Callable[[str, str], str | None]


def from_environment(variable: str, what: str) -> str | None:
    """The secret in the environment variable `variable` (never logged)."""
    return settings.secret(variable)


def fixed(values: Mapping[str, str]) -> Secrets:
    """Secrets from `values` (variable → secret), then the environment: what a batch's worker
    processes get from the command that prompted for them."""

    def secrets(variable: str, what: str) -> str | None:
        return values.get(variable) or settings.secret(variable)

    return secrets


@dataclass(frozen=True)
class KeyRing:
    """The keys of one issue, held open: the agency's and each signer's own (by signer key)."""

    agency: Signer
    personal: Mapping[str, Signer] = field(default_factory=dict)
    ltv: Ltv | None = None
    warnings: tuple[str, ...] = ()

    def own(self, signer_key: str) -> Signer | None:
        return self.personal.get(signer_key)


def signer_keys(document: Document) -> list[str]:
    """The profile keys of the people who sign `document`, in signing order: the second block
    (a biên bản's secretary, the left column) before the main one."""
    keys = [document.second_signature.key] if document.second_signature else []
    return [k for k in (*keys, document.signature.key) if k]


def secret_question(source: KeySource, holder: str) -> str:
    """What a prompt asks for `source`: "Mã PIN token của …" or "Mật khẩu tệp khóa của …"."""
    return f"{'Mã PIN token' if source.on_token else 'Mật khẩu tệp khóa ký'} của {holder}"


def needed_secrets(agency: Agency, keys: Iterable[str]) -> list[tuple[str, str]]:
    """(variable, question) of every secret `open_keys` will ask for, without duplicates."""
    signing = agency.signing
    if signing is None:
        return []
    wanted = [(signing.key.secret_env, secret_question(signing.key, agency.name))]
    for key in dict.fromkeys(keys):
        signer = agency.signer(key)
        if signer is not None and signer.own_key is not None:
            wanted.append((signer.own_key.secret_env, secret_question(signer.own_key, signer.name)))
    return list(dict.fromkeys(wanted))


@contextlib.contextmanager
def open_keys(
    agency: Agency,
    keys: Iterable[str] = (),
    *,
    secrets: Secrets = from_environment,
    at: dt.datetime | None = None,
) -> Iterator[KeyRing | None]:
    """Open the agency's key and the own key of each signer in `keys` (profile keys) and check
    their certificates at `at` (default: now); yields None when the profile does not sign.
    SignatureError for the first problem; the keys are closed when the block ends."""
    signing = agency.signing
    if signing is None:
        yield None
        return
    when = at or dt.datetime.now(dt.UTC)
    ltv = agency_ltv(agency) if signing.ltv else None
    warnings: list[str] = []
    with contextlib.ExitStack() as stack:
        # The agency's certificate is held to a name only when the profile writes it
        # (`certificate_name`): CAs often abbreviate an agency's long name.
        opened = _open(
            stack, signing.key, agency.name, "chứng thư số của cơ quan", when, secrets, ltv,
            warnings, check_name=bool(signing.key.certificate_name),
        )  # fmt: skip
        personal: dict[str, Signer] = {}
        for key in dict.fromkeys(keys):
            signer = agency.signer(key)
            if signer is None or signer.own_key is None:
                continue
            personal[key] = _open(
                stack, signer.own_key, signer.name, f"chứng thư số của {signer.name}", when,
                secrets, ltv, warnings,
            )  # fmt: skip
        yield KeyRing(opened, personal, ltv, tuple(warnings))


def agency_ltv(agency: Agency) -> Ltv:
    """The long-term validation settings of the agency's profile (its trust roots)."""
    from docgen.pdf.verify import load_roots

    assert agency.signing is not None
    return Ltv(tuple(load_roots([Path(p) for p in agency.signing.trust_roots])))


def key_signer(source: KeySource, secret: str, holder: str) -> Signer:
    """The `Signer` over `source` unlocked by `secret`."""
    if source.on_token:
        from docgen.pdf.pkcs11 import Pkcs11Signer

        return Pkcs11Signer(
            source.module,
            secret,
            token_label=source.token_label,
            slot=source.slot,
            key_id=source.key_id,
            key_label=source.key_label,
            holder=holder,
        )
    return Pkcs12Signer(Path(source.pkcs12), secret, secret_env=source.secret_env)


def _open(
    stack: contextlib.ExitStack,
    source: KeySource,
    holder: str,
    what: str,
    at: dt.datetime,
    secrets: Secrets,
    ltv: Ltv | None,
    warnings: list[str],
    *,
    check_name: bool = True,
) -> Signer:
    from docgen.pdf.certcheck import certificate_problems, expires_soon, revocation_problems
    from docgen.pdf.sign import certificate_of

    question = secret_question(source, holder)
    secret = secrets(source.secret_env, question)
    if not secret:
        raise SignatureError(
            f"chưa có {question[0].lower()}{question[1:]}",
            field=source.secret_env,
            hint=f"chạy lệnh trong cửa sổ dòng lệnh để nhập khi được hỏi, hoặc đặt biến môi "
            f"trường {source.secret_env} (máy chạy không người trực); chưa lấy số nào",
        )
    holding = stack.enter_context(held(key_signer(source, secret, holder)))
    pyhanko_signer = holding.key  # type: ignore[attr-defined]
    cert = certificate_of(holding)
    problems = certificate_problems(
        cert,
        expected_name=(source.certificate_name or holder) if check_name else None,
        at=at,
        what=what,
    )
    if not problems and ltv is not None:
        problems = revocation_problems(cert, list(pyhanko_signer.cert_registry), ltv, at, what)
    if problems:
        first = problems[0]
        raise SignatureError(
            first.text,
            field="certificate_name" if first.code == "name" else "",
            hint="chưa ký, chưa lấy số nào",
        )
    ends = expires_soon(cert, at)
    if ends is not None:
        warnings.append(
            f"{what} hết hạn ngày {ends.astimezone(settings.VIETNAM):%d/%m/%Y}: đề nghị gia hạn "
            "sớm, rồi chạy `docgen archive refresh-ltv` cho văn bản đã ký"
        )
    return holding


@contextlib.contextmanager
def profile_keys(
    agency: Agency, signer_key: str | None, *, source: str, secrets: Secrets = from_environment
) -> Iterator[KeyRing]:
    """The keys `docgen sign` signs a PDF made elsewhere with, from the profile (`source`, its
    path, for the messages): the agency's key, and with `signer_key` that signer's own key when
    the profile gives one — on a token or in a PKCS#12 file, opened and checked as for an issue.
    InputError for a profile that does not sign or an unknown signer."""
    if agency.signing is None:
        raise InputError(
            "hồ sơ cơ quan chưa có khóa ký số",
            source=source,
            field="signing",
            hint="thêm mục [signing] (khóa của cơ quan trên token hoặc tệp PKCS#12, ảnh dấu), "
            "hoặc ký bằng --p12 TỆP",
        )
    if signer_key and agency.signer(signer_key) is None:
        known = ", ".join(s.key for s in agency.signers) or "chưa có ai"
        raise InputError(
            f"hồ sơ cơ quan không có người ký '{signer_key}'",
            source=source,
            field="--signer",
            hint=f"ghi một trong các mã người ký của hồ sơ: {known}",
        )
    with open_keys(agency, [signer_key] if signer_key else [], secrets=secrets) as ring:
        assert ring is not None  # the profile signs
        yield ring


def trust_roots(profile: Path | None) -> tuple[Path, ...]:
    """The `[signing] trust_roots` of the profile (`profile`, else DOCGEN_PROFILE, else
    ./docgen.toml) when it can be read and names some; () otherwise."""
    from docgen.errors import DocgenError
    from docgen.inputs.profile import load_profile

    path = settings.profile_path(profile)
    if profile is None and not path.is_file():
        return ()
    try:
        agency = load_profile(path)
    except DocgenError:
        if profile is not None:
            raise
        return ()
    return tuple(Path(p) for p in agency.signing.trust_roots) if agency.signing else ()


@dataclass(frozen=True)
class KeyInfo:
    """One key `check_keys` opened: whose, where, and its certificate."""

    holder: str
    where: str
    subject: str
    issuer: str
    not_after: dt.datetime


def _where(source: KeySource) -> str:
    if source.on_token:
        token = f"token '{source.token_label}'" if source.token_label else f"khe {source.slot}"
        return f"{token} ({source.module})"
    return f"tệp {source.pkcs12}"


def check_keys(
    agency: Agency, keys: Iterable[str] | None = None, *, secrets: Secrets = from_environment
) -> list[KeyInfo]:
    """Open the agency's key and the own keys of `keys` (None: every signer with one) as an
    issue would, and describe their certificates; SignatureError as `open_keys` raises it."""
    from docgen.pdf.certcheck import common_name
    from docgen.pdf.sign import certificate_of

    signing = agency.signing
    if signing is None:
        return []
    chosen = [s.key for s in agency.signers if s.own_key is not None] if keys is None else keys
    chosen = list(chosen)
    found: list[KeyInfo] = []
    with open_keys(agency, chosen, secrets=secrets) as ring:
        assert ring is not None
        holders = [(agency.name, signing.key, ring.agency)]
        for key in chosen:
            signer = agency.signer(key)
            own = ring.own(key)
            if signer is not None and signer.own_key is not None and own is not None:
                holders.append((signer.name, signer.own_key, own))
        for holder, source, opened in holders:
            cert = certificate_of(opened)
            found.append(
                KeyInfo(
                    holder, _where(source), common_name(cert),
                    str(cert.issuer.native.get("common_name") or cert.issuer.human_friendly),
                    cert["tbs_certificate"]["validity"]["not_after"].native,
                )
            )  # fmt: skip
    return found
