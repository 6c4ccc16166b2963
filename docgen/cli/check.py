"""`docgen check FILE.docx [--issued] [--json]`: list every departure from the ND30 format.

Exit codes: 0 — no finding, or notes (info) only; 12 — warnings but no error; 11 — errors
(`CheckFailed.exit_code`). A file that cannot be read is an input error (3), as everywhere.
"""

from __future__ import annotations

import io
import json
import shutil
import textwrap
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.table import Table

from docgen.errors import CheckFailed
from docgen.rules.check import Report, Severity
from docgen.rules.check.labels import label
from docgen.services.check import check_docx

EXIT_CLEAN = 0
EXIT_WARNINGS = 12
EXIT_ERRORS = CheckFailed.exit_code


def exit_code(report: Report) -> int:
    """0 when clean or notes only, 12 for warnings, 11 for errors."""
    worst = report.worst
    if worst is Severity.ERROR:
        return EXIT_ERRORS
    if worst is Severity.WARNING:
        return EXIT_WARNINGS
    return EXIT_CLEAN


#: narrower than this, the findings are listed one under another instead of in a table
TABLE_MIN_WIDTH = 100


def render_table(report: Report, width: int = 120) -> str:
    """The report in Vietnamese (plain text, no colours) at most `width` columns wide, then a
    summary line: a table on a wide terminal, a list on a narrow one (80 columns). Rules are named
    by their Vietnamese label; the ids are in `--json`."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    mode = "văn bản ban hành" if report.issued else "bản dự thảo"
    console.print(f"Kiểm tra thể thức: {report.source} ({mode})", soft_wrap=True, markup=False)
    if report.findings and width >= TABLE_MIN_WIDTH:
        table = Table(box=box.SQUARE, show_lines=True, expand=True)
        for header, ratio in (
            ("#", 0),
            ("Mức", 0),
            ("Ở đâu", 2),
            ("Quy tắc", 2),
            ("Phát hiện", 3),
            ("Cách sửa (căn cứ)", 4),
        ):
            table.add_column(header, ratio=ratio or None, overflow="fold")
        for i, f in enumerate(report.findings, 1):
            table.add_row(
                str(i),
                f.severity.label,
                f"{f.component}\n“{f.where}”" if f.where else f.component,
                label(f.rule),
                f.found,
                f"{f.fix} ({f.reference})",
            )
        console.print(table)
    for i, f in enumerate(report.findings if width < TABLE_MIN_WIDTH else (), 1):
        lines = textwrap.wrap(
            f"{i}. {f.severity.label} — {label(f.rule)} — {f.place}", width, subsequent_indent="   "
        )
        for head, text in (("Phát hiện", f.found), ("Cách sửa", f"{f.fix} ({f.reference})")):
            lines += textwrap.wrap(
                f"{head}: {text}", width, initial_indent="   ", subsequent_indent="   "
            )
        console.print("\n".join(lines), soft_wrap=True, markup=False)
    counts = {s: len(report.by(s)) for s in Severity}
    console.print(
        f"Tổng cộng: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
        f"{counts[Severity.INFO]} ghi chú."
        + (" Thể thức đúng Nghị định 30." if not report.findings else ""),
        soft_wrap=True,
    )
    return buffer.getvalue()


@click.command()
@click.argument("file", metavar="FILE.docx", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--issued",
    is_flag=True,
    help="Kiểm tra như văn bản ban hành: thiếu số hoặc ngày là lỗi (mặc định: bản dự thảo).",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho máy đọc.")
def check(file: Path, issued: bool, as_json: bool) -> int:
    """Kiểm tra thể thức một tệp Word (.docx) theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 — đúng thể thức (hoặc chỉ có ghi chú); 12 — có cảnh báo; 11 — có lỗi.
    """
    report = check_docx(file, issued)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, shutil.get_terminal_size((120, 24)).columns), nl=False)
    return exit_code(report)
