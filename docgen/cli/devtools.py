"""`docgen dev-pki` and `docgen dev-seal`: clearly fake signing material for demos and tests."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_AGENCY = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"


@click.command("dev-pki")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--agency", default=DEFAULT_AGENCY, show_default=True, help="Tên cơ quan trên chứng thư."
)
@click.option(
    "--password",
    envvar="DOCGEN_SIGN_PASSWORD",
    prompt="Mật khẩu cho tệp agency.p12",
    hide_input=True,
    confirmation_prompt=True,
    help="Mật khẩu tệp PKCS#12 (hoặc biến môi trường DOCGEN_SIGN_PASSWORD).",
)
def dev_pki(out_dir: Path, agency: str, password: str) -> None:
    """Tạo chứng thư số THỬ NGHIỆM (gốc + cơ quan), ghi rõ "KHÔNG DÙNG THẬT".

    Ghi vào OUT_DIR: root.pem (chứng thư gốc để kiểm tra), agency.pem, agency.p12 (khóa + chứng thư,
    có mật khẩu). Chỉ dùng để chạy thử; không có giá trị pháp lý.
    """
    from docgen.pdf.devpki import make_dev_pki

    pki = make_dev_pki(out_dir, agency=agency, password=password)
    click.echo("Đã tạo bộ chứng thư THỬ NGHIỆM — KHÔNG DÙNG THẬT:")
    click.echo(f"  chứng thư gốc (dùng cho --trust): {pki.root_cert}")
    click.echo(f"  chứng thư cơ quan:               {pki.agency_cert}")
    click.echo(f"  khóa ký PKCS#12 (có mật khẩu):   {pki.agency_p12}")


@click.command("dev-seal")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--agency", default=DEFAULT_AGENCY, show_default=True, help="Tên cơ quan quanh vành dấu."
)
@click.option(
    "--signer", default="Lê Quang Long", show_default=True, help="Tên người ký (chữ ký mẫu)."
)
@click.option("--size-mm", default=40.0, show_default=True, type=float, help="Đường kính dấu (mm).")
def dev_seal(out_dir: Path, agency: str, signer: str, size_mm: float) -> None:
    """Vẽ con dấu MẪU (tròn, đỏ, nền trong suốt) và chữ ký MẪU (xanh) để chạy thử.

    Ghi vào OUT_DIR: seal.png (kích thước thật, 300 dpi) và signature.png. Không có giá trị pháp lý.
    """
    from docgen.pdf.devseal import make_dev_seal

    made = make_dev_seal(out_dir, agency=agency, signer=signer, size_mm=size_mm)
    click.echo(f"Đã vẽ con dấu MẪU ({size_mm:g} mm): {made.seal}")
    click.echo(f"Đã vẽ chữ ký MẪU: {made.signature}")
