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
@click.option(
    "--online",
    is_flag=True,
    help="Hỏi máy chủ OCSP/CRL của tổ chức chứng thực xem chứng thư đã bị thu hồi chưa.",
)
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hồ sơ cơ quan: không có --trust thì dùng trust_roots ở [signing] của hồ sơ.",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho máy đọc.")
@click.pass_context
def verify(
    ctx: click.Context,
    files: tuple[Path, ...],
    trust: tuple[Path, ...],
    online: bool,
    profile: Path | None,
    as_json: bool,
) -> None:
    """Kiểm tra từng chữ ký số trong tệp PDF, theo thứ tự ký: ai ký (họ tên, cơ quan, tổ chức
    cấp chứng thư), lúc nào, còn nguyên vẹn không, chứng thư có tin cậy và đã bị thu hồi chưa,
    có gì bị sửa sau mỗi chữ ký.

    Mã thoát khác 0 khi có tệp không đạt.
    """
    from docgen.pdf.verify import REVOCATION_TEXT, verify_pdf
    from docgen.services.keys import trust_roots

    roots = trust or trust_roots(profile)
    reports = [verify_pdf(path, roots, online=online) for path in files]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            click.echo(f"Tệp: {report.path}")
            for order, sig in enumerate(report.signatures, 1):
                when = sig.signed_at.isoformat() if sig.signed_at else "không rõ"
                what = "Dấu thời gian tài liệu" if sig.document_timestamp else "Chữ ký"
                click.echo(f"  {order}. {what} '{sig.field}' của: {sig.signer or 'không rõ'}")
                if sig.organisation:
                    click.echo(f"    cơ quan, tổ chức: {sig.organisation}")
                if sig.issuer:
                    click.echo(f"    chứng thư do: {sig.issuer} cấp")
                click.echo(f"    thời điểm ký (giờ Việt Nam): {when}")
                if sig.timestamped_at and not sig.document_timestamp:
                    click.echo(f"    dấu thời gian: {sig.timestamped_at.isoformat()}")
                click.echo(f"    nguyên vẹn: {_mark(sig.intact and sig.valid)}")
                click.echo(f"    chứng thư tin cậy: {_mark(sig.trusted)}")
                click.echo(f"    tình trạng thu hồi: {REVOCATION_TEXT[sig.revocation]}")
                if sig.ltv:
                    click.echo("    kiểm tra dài hạn (LTV): có dữ liệu kèm theo")
                changed = (
                    "; ".join(sig.changes)
                    if sig.changes
                    else "có"
                    if sig.modified_after
                    else "không"
                )
                click.echo(f"    bị sửa sau chữ ký này: {changed}")
            for problem in report.all_problems():
                click.echo(f"  - {problem}")
            verdict = "HỢP LỆ" if report.ok else "KHÔNG HỢP LỆ"
            click.echo(f"  Kết luận: {verdict}")
    if not all(r.ok for r in reports):
        ctx.exit(CheckFailed.exit_code)
