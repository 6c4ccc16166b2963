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


@click.command("dev-token")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--pki",
    "pki_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Thư mục do docgen dev-pki tạo (chứng thư gốc và khóa gốc THỬ NGHIỆM).",
)
@click.option("--label", required=True, help="Nhãn token, ví dụ LQL.")
@click.option("--holder", required=True, help="Họ tên người giữ token (ghi lên chứng thư).")
@click.option(
    "--agency", default=DEFAULT_AGENCY, show_default=True, help="Tên cơ quan trên chứng thư."
)
@click.option(
    "--pki-password",
    envvar="DOCGEN_SIGN_PASSWORD",
    prompt="Mật khẩu bộ chứng thư thử (của dev-pki)",
    hide_input=True,
    help="Mật khẩu đã dùng với docgen dev-pki (hoặc biến DOCGEN_SIGN_PASSWORD).",
)
@click.option(
    "--pin",
    envvar="DOCGEN_DEV_TOKEN_PIN",
    prompt="Mã PIN cho token mới",
    hide_input=True,
    confirmation_prompt=True,
    help="Mã PIN của token mới (hoặc biến DOCGEN_DEV_TOKEN_PIN).",
)
def dev_token(
    folder: Path, pki_dir: Path, label: str, holder: str, agency: str, pki_password: str, pin: str
) -> None:
    """Tạo token USB THỬ NGHIỆM (SoftHSM2) với khóa sinh ngay trong token và chứng thư "KHÔNG
    DÙNG THẬT" của người giữ, để chạy thử ký số hai chữ ký như trên token thật.

    FOLDER giữ cấu hình và các token; đặt biến SOFTHSM2_CONF như lệnh in ra trước khi dùng.
    """
    from docgen.pdf.devpki import DevPki
    from docgen.pdf.devtoken import make_dev_token, softhsm_config
    from docgen.services import settings

    conf = folder / "softhsm2.conf"
    if not conf.is_file():
        conf = softhsm_config(folder)
    settings.use_softhsm(conf.resolve())
    pki = DevPki(
        pki_dir / "root.pem",
        pki_dir / "agency.pem",
        pki_dir / "agency.p12",
        pki_dir / "root-key.pem",
    )
    made = make_dev_token(
        conf.resolve(), pki, pki_password, label=label, pin=pin, holder=holder,
        organisation=agency,
    )  # fmt: skip
    click.echo(f"Đã tạo token THỬ NGHIỆM '{made.label}' của {holder} — KHÔNG DÙNG THẬT.")
    click.echo(f"Trước khi dùng: export SOFTHSM2_CONF={conf.resolve()}")
    click.echo("Ghi vào mục người ký trong docgen.toml:")
    click.echo(f'  pkcs11_module = "{made.module}"')
    click.echo(f'  token_label = "{made.label}"')
