"""`docgen words AMOUNT`: print an amount in Vietnamese words, for pasting into another document."""

from __future__ import annotations

import click

from docgen.rules.words import WordsStyle, amount_in_words


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("amount", nargs=-1, required=True)
@click.option("--no-currency", is_flag=True, help="Không thêm «đồng» vào cuối.")
@click.option("--le", is_flag=True, help="Đọc «lẻ» thay cho «linh» (105: một trăm lẻ năm).")
@click.option("--tu", is_flag=True, help="Đọc «tư» sau «mươi» (24: hai mươi tư).")
@click.option("--ngan", is_flag=True, help="Đọc «ngàn» thay cho «nghìn».")
def words(amount: tuple[str, ...], no_currency: bool, le: bool, tu: bool, ngan: bool) -> None:
    """In số tiền bằng chữ: `docgen words 1005000000` → Một tỷ không trăm linh năm triệu đồng.

    AMOUNT viết như 1.250.000, 1 250 000, 1250000, 12,5 hoặc -5 (dấu chấm ngăn cách hàng nghìn,
    dấu phẩy trước phần thập phân).
    """
    # `ignore_unknown_options` lets `-5` through as an amount instead of an unknown option, and
    # nargs=-1 lets a clerk type `docgen words 1 005 000 000` without quotes.
    style = WordsStyle(
        linh="lẻ" if le else "linh",
        four="tư" if tu else "bốn",
        thousand="ngàn" if ngan else "nghìn",
    )
    click.echo(amount_in_words(" ".join(amount), None if no_currency else "đồng", style))
