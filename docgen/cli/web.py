"""`docgen web`: the office in a browser (gunicorn on 127.0.0.1:8000); `docgen web createuser`."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.options import archive_options
from docgen.errors import InputError
from docgen.services import settings

if TYPE_CHECKING:
    from docgen.web.config import WebConfig


def _config(profile: Path | None, archive: Path | None, database_url: str | None) -> WebConfig:
    from dataclasses import replace

    from docgen.inputs.profile import load_profile
    from docgen.web.config import WebConfig

    path = settings.profile_path(profile)
    agency = load_profile(path)
    root = settings.archive_root(archive, agency.storage.path)
    url = settings.database_url(database_url, agency.storage.database_url)
    secret = settings.secret("DOCGEN_WEB_SECRET_KEY")
    config = WebConfig(path.resolve(), root.resolve(), url, https=settings.web_https())
    return replace(config, secret_key=secret) if secret else config


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ phục vụ.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Số tiến trình phục vụ cùng lúc.")  # fmt: skip
@archive_options
@click.pass_context
def web(
    ctx: click.Context,
    host: str,
    port: int,
    workers: int,
    profile: Path | None,
    archive: Path | None,
    database_url: str | None,
) -> None:
    """Mở ứng dụng web cho văn thư, chuyên viên và lãnh đạo (mặc định http://127.0.0.1:8000)."""
    ctx.obj = (profile, archive, database_url)
    if ctx.invoked_subcommand is not None:
        return
    from docgen.web.server import serve

    config = _config(profile, archive, database_url)
    click.echo(f"docgen web: http://{host}:{port}/ (kho lưu trữ {config.archive}); Ctrl+C để dừng.")
    serve(config, host=host, port=port, workers=workers)


@web.command("createuser")
@click.argument("username", metavar="TÊN-ĐĂNG-NHẬP")
@click.option("--role", "--vai-tro", "role", default="quan_tri", show_default=True,
              type=click.Choice(["chuyen_vien", "van_thu", "lanh_dao", "quan_tri"]),
              help="Vai trò.")  # fmt: skip
@click.option("--unit", "--don-vi", "unit", default="", help="Đơn vị (KHTH …).")
@click.option("--name", "--ho-ten", "full_name", default="", help="Họ và tên.")
@click.option(
    "--signer", "--nguoi-ky", "signer", default="", help="Mã người ký trong hồ sơ cơ quan."
)
@click.option(
    "--unit-head", "--truong-don-vi", "unit_head", is_flag=True,
    help="Trưởng đơn vị: kiểm tra dự thảo của đơn vị, giao văn bản đến cho người xử lý.",
)  # fmt: skip
@click.option("--email", "email", default="", help="Địa chỉ thư (thư nhắc việc hằng ngày).")
@click.pass_context
def createuser(
    ctx: click.Context,
    username: str,
    role: str,
    unit: str,
    full_name: str,
    signer: str,
    unit_head: bool,
    email: str,
) -> None:
    """Tạo người dùng (mặc định: quản trị). Mật khẩu hỏi ở dấu nhắc, hoặc lấy từ DOCGEN_WEB_PASSWORD."""
    from docgen.web.config import migrate, setup

    config = _config(*ctx.obj)
    password = settings.secret("DOCGEN_WEB_PASSWORD") or getpass.getpass("Mật khẩu: ")
    setup(config)
    migrate()
    from docgen.web.users import UserRefused, create_user  # its models need Django set up

    try:
        create_user(username, password, role=role, unit=unit, full_name=full_name,
                    signer_key=signer, unit_head=unit_head, email=email)  # fmt: skip
    except UserRefused as refused:
        raise InputError(
            str(refused), field=username, hint="chọn tên khác hoặc mật khẩu mạnh hơn"
        ) from None
    click.echo(f"Đã tạo người dùng {username} ({role}).")
