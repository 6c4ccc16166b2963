"""`docgen keys`: the signing keys of the agency and its signers — which tokens are plugged in,
and whether each key opens and its certificate may sign (before the first issue of the day)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.options import prompting_secrets
from docgen.inputs.profile import load_profile
from docgen.services import settings

_profile = click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
)


@click.group("keys")
def keys() -> None:
    """Khóa ký số của cơ quan và của người ký: token USB đang cắm, thử mở khóa."""


@keys.command("list")
@click.option("--module", help="Trình điều khiển token (.so); mặc định: như trong hồ sơ cơ quan.")
@_profile
def list_tokens(module: str | None, profile: Path | None) -> None:
    """Liệt kê token đang cắm và chứng thư số trên từng token (không cần mã PIN)."""
    from docgen.pdf.pkcs11 import list_keys

    modules = [module] if module else _modules(profile)
    if not modules:
        raise click.ClickException(
            "hồ sơ cơ quan chưa khai token nào (pkcs11_module) — ghi --module đường dẫn tệp .so "
            "của token"
        )
    for path in modules:
        click.echo(f"Trình điều khiển: {path}")
        found = list_keys(path)
        if not found:
            click.echo("  (không thấy token nào đang cắm)")
        for key in found:
            click.echo(
                f"  token '{key.token_label}' (khe {key.slot}) — key_id = \"{key.key_id}\": "
                f"{key.subject}; hết hạn {key.not_after}"
            )


def _modules(profile: Path | None) -> list[str]:
    agency = load_profile(settings.profile_path(profile))
    sources = [s.own_key for s in agency.signers if s.own_key is not None]
    if agency.signing is not None:
        sources.append(agency.signing.key)
    return list(dict.fromkeys(s.module for s in sources if s.on_token))


@keys.command("check")
@click.option(
    "--signer", "signers", multiple=True, help="Chỉ thử khóa của người ký này (lặp lại được)."
)
@_profile
def check(signers: tuple[str, ...], profile: Path | None) -> None:
    """Mở thử khóa ký của cơ quan và của người ký (hỏi mã PIN), kiểm tra chứng thư như khi ban
    hành: còn hạn, đúng người. Không ký gì, không lấy số nào."""
    from docgen.services.keys import check_keys

    agency = load_profile(settings.profile_path(profile))
    if agency.signing is None:
        raise click.ClickException(
            "hồ sơ cơ quan chưa có mục [signing]: văn bản ban hành không ký số"
        )
    found = check_keys(agency, signers or None, secrets=prompting_secrets())
    for info in found:
        click.echo(f"{info.holder}: mở được khóa ở {info.where}")
        click.echo(
            f"  chứng thư: {info.subject} — do {info.issuer} cấp, hết hạn {info.not_after:%d/%m/%Y}"
        )
    click.echo(f"Đã mở thử {len(found)} khóa: sẵn sàng ký số.")
