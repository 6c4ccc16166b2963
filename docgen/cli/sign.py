"""`docgen sign`: the agency's digital signature (PAdES) on a PDF made elsewhere."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.stamp import parse_time
from docgen.errors import InputError

if TYPE_CHECKING:
    from docgen.model.agency import Signer as Person
    from docgen.pdf.sign import Ltv, Signer

_existing = click.Path(exists=True, dir_okay=False, path_type=Path)
_png = _existing


@click.command("sign")
@click.argument("src", type=_existing)
@click.argument("dst", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    type=_existing,
    help="Ký bằng khóa ghi trong hồ sơ cơ quan (token hoặc tệp PKCS#12), thay cho --p12.",
)
@click.option(
    "--signer",
    "signer_key",
    help="Cùng --profile: mã người ký trong hồ sơ; đóng chữ ký (ảnh, họ tên, chức vụ của người "
    "đó), người đó ký số bằng khóa riêng nếu có, rồi cơ quan ký với hình dấu.",
)
@click.option(
    "--p12",
    envvar="DOCGEN_SIGN_P12",
    type=_existing,
    help="Tệp khóa ký PKCS#12 của cơ quan (hoặc DOCGEN_SIGN_P12).",
)
@click.option(
    "--password",
    envvar="DOCGEN_SIGN_PASSWORD",
    help="Mật khẩu tệp PKCS#12 (nên dùng biến môi trường DOCGEN_SIGN_PASSWORD; không ghi thì "
    "được hỏi).",
)
@click.option(
    "--signer-p12",
    type=_existing,
    help="Khóa ký số cá nhân của người ký (ô 7c): ảnh chữ ký thành hình chữ ký số của người ký.",
)
@click.option(
    "--signer-password",
    envvar="DOCGEN_SIGNER_PASSWORD",
    help="Mật khẩu khóa ký cá nhân (nên dùng biến môi trường DOCGEN_SIGNER_PASSWORD).",
)
@click.option("--seal", "seal_image", type=_png, help="Văn bản chính: ảnh dấu làm hình chữ ký số.")
@click.option("--signature-image", type=_png, help="Ảnh chữ ký người ký, đóng trước khi ký số.")
@click.option("--position", help="Dòng chức vụ ngay trên chỗ ký, ví dụ 'TRƯỞNG BAN'.")
@click.option("--name", "signer_name", help="Họ tên người ký như trong văn bản.")
@click.option("--mark", "marks", multiple=True, help="Dấu mật/khẩn đóng trước khi ký.")
@click.option("--attachment-number", help="Tệp đính kèm: số/ký hiệu văn bản chính (ký ẩn).")
@click.option("--copy", "copy_form", help="Bản sao điện tử: SAO Y, SAO LỤC hoặc TRÍCH SAO (ký ẩn).")
@click.option("--copy-agency", help="Tên cơ quan thực hiện sao (cùng --copy).")
@click.option("--signed-at", help="Thời điểm ký ISO 8601 (mặc định: bây giờ).")
@click.option(
    "--tsa", "timestamp_url", envvar="DOCGEN_TSA_URL", help="Địa chỉ máy chủ dấu thời gian."
)
def sign(
    src: Path,
    dst: Path,
    profile: Path | None,
    signer_key: str | None,
    p12: Path | None,
    password: str | None,
    signer_p12: Path | None,
    signer_password: str | None,
    seal_image: Path | None,
    signature_image: Path | None,
    position: str | None,
    signer_name: str | None,
    marks: tuple[str, ...],
    attachment_number: str | None,
    copy_form: str | None,
    copy_agency: str | None,
    signed_at: str | None,
    timestamp_url: str | None,
) -> None:
    """Ký số của cơ quan (PAdES, SHA-256) lên tệp PDF SRC, ghi ra DST.

    Khóa ký: --profile (khóa của cơ quan và của người ký ghi trong hồ sơ cơ quan, trên token
    hoặc tệp PKCS#12; mã PIN được hỏi hoặc lấy từ biến môi trường) hoặc --p12. Văn bản chính:
    --signer (cùng --profile) hoặc --seal, --signature-image, --position, --name — đóng chữ ký
    rồi ký số với hình con dấu trùm 1/3 chữ ký bên trái. Tệp đính kèm: --attachment-number — in
    số/ký hiệu và thời điểm ký ở góc trên phải trang 1 rồi ký ẩn. Bản sao điện tử: --copy và
    --copy-agency — in hình thức sao, cơ quan sao và thời điểm ký ở góc trên phải rồi ký ẩn.
    Không có các tùy chọn đó: ký ẩn, không đóng gì thêm.
    """
    if signer_key and profile is None:
        raise InputError(
            "--signer chỉ dùng cùng --profile",
            field="--signer",
            hint="ghi thêm --profile docgen.toml, nơi có người ký đó và khóa của họ",
        )
    if profile is None and p12 is None:
        raise InputError(
            "chưa có khóa ký",
            field="--profile",
            hint="ghi --profile docgen.toml (khóa ghi trong hồ sơ cơ quan: token hoặc tệp "
            "PKCS#12) hoặc --p12 TỆP",
        )
    when = parse_time(signed_at)
    with _keys(profile, signer_key, p12, password, signer_p12, signer_password) as keys:
        person = keys.profile_signer
        if person is not None:  # what the profile says, unless given here
            seal_image = seal_image or keys.seal
            if signature_image is None and person.signature_image:
                signature_image = Path(person.signature_image)
        page = _Page(
            seal_image, signature_image, position or (person.position if person else None),
            signer_name or (person.name if person else None), marks, attachment_number,
            copy_form, copy_agency,
        )  # fmt: skip
        _sign(src, dst, keys, page, when=when, timestamp_url=timestamp_url or keys.timestamp_url)


@dataclass(frozen=True)
class _Page:
    """What goes on the page before the signature (see the command's help)."""

    seal_image: Path | None
    signature_image: Path | None
    position: str | None
    signer_name: str | None
    marks: tuple[str, ...]
    attachment_number: str | None
    copy_form: str | None
    copy_agency: str | None


@dataclass(frozen=True)
class _Keys:
    agency: Signer  #: the agency's key
    personal: Signer | None = None  #: the signer's own key, if any
    ltv: Ltv | None = None
    profile_signer: Person | None = None  #: the profile's signer of --signer
    seal: Path | None = None  #: the profile's seal image
    timestamp_url: str | None = None


@contextlib.contextmanager
def _keys(
    profile: Path | None,
    signer_key: str | None,
    p12: Path | None,
    password: str | None,
    signer_p12: Path | None,
    signer_password: str | None,
) -> Iterator[_Keys]:
    from docgen.pdf.sign import Pkcs12Signer

    if profile is None:
        assert p12 is not None
        secret = password or click.prompt("Mật khẩu tệp khóa ký", hide_input=True)
        personal = None
        if signer_p12 is not None:
            mine = signer_password or click.prompt("Mật khẩu khóa ký cá nhân", hide_input=True)
            personal = Pkcs12Signer(signer_p12, mine)
        yield _Keys(Pkcs12Signer(p12, secret), personal)
        return
    from docgen.cli.options import prompting_secrets
    from docgen.inputs.profile import load_profile
    from docgen.services.keys import profile_keys

    agency = load_profile(profile)
    with profile_keys(agency, signer_key, source=str(profile), secrets=prompting_secrets()) as ring:
        signing = agency.signing
        assert signing is not None
        who = agency.signer(signer_key) if signer_key else None
        yield _Keys(
            ring.agency, ring.own(signer_key) if signer_key else None, ring.ltv, who,
            Path(signing.seal_image) if signing.seal_image else None,
            signing.timestamp_url or None,
        )  # fmt: skip


def _sign(
    src: Path,
    dst: Path,
    keys: _Keys,
    page: _Page,
    *,
    when: dt.datetime | None,
    timestamp_url: str | None,
) -> None:
    from docgen.pdf.pipeline import finish_attachment, finish_copy, finish_main_document
    from docgen.pdf.sign import sign_file
    from docgen.pdf.stamp import SignatureStamp

    if page.seal_image is not None:
        if not page.signature_image or not page.position or not page.signer_name:
            raise InputError(
                "thiếu thông tin khối chữ ký",
                hint="với --seal cần đủ --signature-image, --position và --name (hoặc --signer "
                "của hồ sơ cơ quan).",
            )
        stamp = SignatureStamp(page.position, page.signer_name, page.signature_image)
        done = finish_main_document(
            src, dst, keys.agency, signature=stamp, seal_image=page.seal_image, marks=page.marks,
            signed_at=when, timestamp_url=timestamp_url, personal=keys.personal, ltv=keys.ltv,
        )  # fmt: skip
        assert done.placement is not None
        click.echo(f"Đã đóng chữ ký và ký số có hình dấu ở trang {done.placement.page_index + 1}.")
    elif page.attachment_number:
        done = finish_attachment(
            src, dst, keys.agency, number_symbol=page.attachment_number, signed_at=when,
            timestamp_url=timestamp_url, ltv=keys.ltv,
        )  # fmt: skip
        click.echo(f"Đã in góc trên phải trang 1: {done.top_right}")
    elif page.copy_form:
        done = finish_copy(
            src, dst, keys.agency, form=page.copy_form, agency=page.copy_agency or "",
            signed_at=when, timestamp_url=timestamp_url, ltv=keys.ltv,
        )  # fmt: skip
        click.echo(f"Đã in góc trên phải trang 1: {done.top_right}")
    else:
        done_sign = sign_file(
            src, dst, keys.agency, signed_at=when, timestamp_url=timestamp_url, ltv=keys.ltv
        )
        click.echo(f"Đã ký số ẩn lúc {done_sign.signed_at.isoformat()}.")
        click.echo(f"Đã ghi: {dst}")
        return
    click.echo(f"Thời điểm ký: {done.signed.signed_at.isoformat()}")
    click.echo(f"Đã ghi: {dst}")
