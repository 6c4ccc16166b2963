"""`docgen sign`: the agency's digital signature (PAdES) on a PDF made elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.stamp import parse_time
from docgen.errors import InputError

_png = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("sign")
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("dst", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--p12",
    required=True,
    envvar="DOCGEN_SIGN_P12",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tệp khóa ký PKCS#12 của cơ quan (hoặc DOCGEN_SIGN_P12).",
)
@click.option(
    "--password",
    envvar="DOCGEN_SIGN_PASSWORD",
    prompt="Mật khẩu tệp khóa ký",
    hide_input=True,
    help="Mật khẩu tệp PKCS#12 (nên dùng biến môi trường DOCGEN_SIGN_PASSWORD).",
)
@click.option(
    "--signer-p12",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
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
    p12: Path,
    password: str,
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

    Văn bản chính: --seal, --signature-image, --position, --name — đóng chữ ký rồi ký số với hình
    con dấu trùm 1/3 chữ ký bên trái. Tệp đính kèm: --attachment-number — in số/ký hiệu và thời
    điểm ký ở góc trên phải trang 1 rồi ký ẩn. Bản sao điện tử: --copy và --copy-agency — in hình
    thức sao, cơ quan sao và thời điểm ký ở góc trên phải rồi ký ẩn. Không có các tùy chọn đó: ký
    ẩn, không đóng gì thêm.
    """
    from docgen.pdf.pipeline import finish_attachment, finish_copy, finish_main_document
    from docgen.pdf.sign import Pkcs12Signer, sign_file
    from docgen.pdf.stamp import SignatureStamp

    signer = Pkcs12Signer(p12, password)
    when = parse_time(signed_at)
    if seal_image is not None:
        if signature_image is None or not position or not signer_name:
            raise InputError(
                "thiếu thông tin khối chữ ký",
                hint="với --seal cần đủ --signature-image, --position và --name.",
            )
        stamp = SignatureStamp(position, signer_name, signature_image)
        personal = None
        if signer_p12 is not None:
            secret = signer_password or click.prompt("Mật khẩu khóa ký cá nhân", hide_input=True)
            personal = Pkcs12Signer(signer_p12, secret)
        done = finish_main_document(
            src, dst, signer, signature=stamp, seal_image=seal_image, marks=marks,
            signed_at=when, timestamp_url=timestamp_url, personal=personal,
        )  # fmt: skip
        assert done.placement is not None
        click.echo(f"Đã đóng chữ ký và ký số có hình dấu ở trang {done.placement.page_index + 1}.")
    elif attachment_number:
        done = finish_attachment(
            src, dst, signer, number_symbol=attachment_number, signed_at=when,
            timestamp_url=timestamp_url,
        )  # fmt: skip
        click.echo(f"Đã in góc trên phải trang 1: {done.top_right}")
    elif copy_form:
        done = finish_copy(
            src, dst, signer, form=copy_form, agency=copy_agency or "", signed_at=when,
            timestamp_url=timestamp_url,
        )  # fmt: skip
        click.echo(f"Đã in góc trên phải trang 1: {done.top_right}")
    else:
        done_sign = sign_file(src, dst, signer, signed_at=when, timestamp_url=timestamp_url)
        click.echo(f"Đã ký số ẩn lúc {done_sign.signed_at.isoformat()}.")
        click.echo(f"Đã ghi: {dst}")
        return
    click.echo(f"Thời điểm ký: {done.signed.signed_at.isoformat()}")
    click.echo(f"Đã ghi: {dst}")
