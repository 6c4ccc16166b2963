"""`docgen verify`: are a PDF's digital signatures intact and trusted, who signed and when."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen.errors import CheckFailed


def _mark(ok: bool) -> str:
    return "đạt" if ok else "KHÔNG ĐẠT"


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="DOCGEN_TRUST_ROOTS",
    help="Chứng thư gốc tin cậy (.pem/.cer); lặp lại được. Mặc định: kho tin cậy của máy.",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho máy đọc.")
@click.pass_context
def verify(
    ctx: click.Context, files: tuple[Path, ...], trust: tuple[Path, ...], as_json: bool
) -> None:
    """Kiểm tra chữ ký số trong tệp PDF: còn nguyên vẹn, bao trùm toàn bộ tệp, chứng thư tin cậy,
    ai ký và ký lúc nào, có bị sửa sau khi ký không.

    Mã thoát khác 0 khi có tệp không đạt.
    """
    from docgen.pdf.verify import verify_pdf

    reports = [verify_pdf(path, trust) for path in files]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            click.echo(f"Tệp: {report.path}")
            for sig in report.signatures:
                when = sig.signed_at.isoformat() if sig.signed_at else "không rõ"
                click.echo(f"  Chữ ký '{sig.field}' của: {sig.signer or 'không rõ'}")
                if sig.issuer:
                    click.echo(f"    chứng thư do: {sig.issuer} cấp")
                click.echo(f"    thời điểm ký (giờ Việt Nam): {when}")
                if sig.timestamped_at:
                    click.echo(f"    dấu thời gian: {sig.timestamped_at.isoformat()}")
                click.echo(f"    nguyên vẹn: {_mark(sig.intact and sig.valid)}")
                click.echo(f"    bao trùm toàn bộ tệp: {_mark(sig.whole_file)}")
                click.echo(f"    chứng thư tin cậy: {_mark(sig.trusted)}")
            for problem in report.all_problems():
                click.echo(f"  - {problem}")
            verdict = "HỢP LỆ" if report.ok else "KHÔNG HỢP LỆ"
            click.echo(f"  Kết luận: {verdict}")
    if not all(r.ok for r in reports):
        ctx.exit(CheckFailed.exit_code)
