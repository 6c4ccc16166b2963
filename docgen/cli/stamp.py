"""`docgen stamp`: put the signature image, seal, marks or a top-right line on a PDF made elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.errors import InputError

_png = click.Path(exists=True, dir_okay=False, path_type=Path)


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time from the command line; InputError when it does not parse or has no zone."""
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InputError(
            f"thời điểm '{value}' không đúng ISO 8601 có múi giờ",
            field="--signed-at",
            hint="ví dụ 2024-03-05T09:15:30+07:00.",
        )
    return when


@click.command("stamp")
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("dst", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--signature-image", type=_png, help="Ảnh chữ ký (PNG xanh, nền trong suốt).")
@click.option("--seal", "seal_image", type=_png, help="Ảnh con dấu (PNG đỏ, nền trong suốt).")
@click.option("--position", help="Dòng chức vụ ngay trên chỗ ký, ví dụ 'TRƯỞNG BAN'.")
@click.option("--name", "signer_name", help="Họ tên người ký như trong văn bản.")
@click.option("--seal-size-mm", default=40.0, show_default=True, help="Đường kính thật của dấu.")
@click.option("--attachment-number", help="Số/ký hiệu văn bản chính, in góc trên phải trang 1.")
@click.option("--signed-at", help="Thời điểm ký ISO 8601 cho dòng số/ký hiệu (mặc định: bây giờ).")
@click.option("--mark", "marks", multiple=True, help="Dấu mật/khẩn: MẬT, TỐI MẬT, KHẨN, HỎA TỐC…")
def stamp(
    src: Path,
    dst: Path,
    signature_image: Path | None,
    seal_image: Path | None,
    position: str | None,
    signer_name: str | None,
    seal_size_mm: float,
    attachment_number: str | None,
    signed_at: str | None,
    marks: tuple[str, ...],
) -> None:
    """Đóng dấu lên tệp PDF SRC (chưa ký số) và ghi ra DST.

    Chữ ký và dấu được đặt vào khối chữ ký tìm thấy theo chức vụ và họ tên (kể cả khi khối chữ ký
    nằm ở trang 2, 3); dấu trùm khoảng 1/3 chữ ký về bên trái.
    """
    from docgen.pdf.placement import attachment_line_text
    from docgen.pdf.sign import signing_time
    from docgen.pdf.stamp import SignatureStamp, stamp_file
    from docgen.pdf.styles import SealStyle

    signature = None
    if signature_image is not None or seal_image is not None:
        if signature_image is None or not position or not signer_name:
            raise InputError(
                "thiếu thông tin khối chữ ký",
                hint="cần đủ --signature-image, --position và --name.",
            )
        signature = SignatureStamp(
            position, signer_name, signature_image, seal_image, seal_style=SealStyle(seal_size_mm)
        )
    top_right = None
    if attachment_number:
        top_right = attachment_line_text(attachment_number, signing_time(parse_time(signed_at)))
    if signature is None and top_right is None and not marks:
        raise InputError("chưa chọn nội dung cần đóng", hint="xem `docgen stamp --help`.")
    result = stamp_file(src, dst, signature=signature, top_right=top_right, marks=marks)
    if result.placement is not None:
        click.echo(f"Đã đặt chữ ký và dấu ở trang {result.placement.page_index + 1}.")
    if top_right:
        click.echo(f"Đã in góc trên phải trang 1: {top_right}")
    for mark in marks:
        click.echo(f"Đã đóng dấu: {mark.upper()}")
    click.echo(f"Đã ghi: {dst}")
