"""The incoming register (Sổ đăng ký văn bản đến, ND30 PL4 VI) in `docgen register … --den`.

Incoming documents take their số đến from the `den` stream of the same register (`docgen
receive`), so they share its history, its `register check` and its `show`/`export`/`dispatch`:
`--den` picks that stream and its own ten columns (docs/records/register.md).
"""

from __future__ import annotations

from typing import Any

import click

from docgen.archive.export import incoming_row_cells
from docgen.model.register import DEN, RegisterEntry

#: the `--den` flag shared by `show`, `export` and `dispatch`
den_option = click.option(
    "--den",
    is_flag=True,
    help="Sổ đăng ký văn bản đến (số đến, văn bản nhận bằng `docgen receive`).",
)


def stream_of(den: bool, stream: str | None, default: str | None) -> str | None:
    """The stream a subcommand works on: `den` with --den, else --stream, else `default`.

    Raises click.UsageError for --den with another --stream.
    """
    if den:
        if stream not in (None, DEN):
            raise click.UsageError(
                f"--den là sổ văn bản đến, không dùng cùng --stream {stream}", ctx=None
            )
        return DEN
    return stream or default


def incoming_json(entry: RegisterEntry, type_name: str = "") -> dict[str, Any]:
    """One incoming row as a JSON object (`show --den --json`): the columns of PL4 VI by name."""
    cells = incoming_row_cells(entry, type_name)
    theirs = entry.recipients[1] if len(entry.recipients) > 1 else None
    return {
        "year": entry.year,
        "stream": entry.stream,
        "arrival_number": entry.number,
        "arrival_date": entry.date.isoformat() if entry.date else None,
        "author": entry.signer,
        "number_symbol": cells[3],
        "date": theirs,
        "type_name": type_name,
        "subject": entry.subject,
        "to": list(entry.holders),
        "dispatched": entry.dispatched.isoformat() if entry.dispatched else None,
        "receipt": entry.receipt,
        "note": entry.remarks,
        "status": entry.status.value,
        "files": dict(entry.files),
        "exchange": [
            {
                "code": leg.organ.code,
                "name": leg.organ.name,
                "reported": leg.status.slug if leg.status else None,
                "reported_at": leg.status_at.isoformat() if leg.status_at else None,
            }
            for leg in entry.exchange
        ],
    }


def incoming_line(entry: RegisterEntry, type_name: str = "") -> str:
    """One incoming row as `show --den` prints it: số đến, ngày đến, their number and date,
    tác giả, type and trích yếu, then where it went (and when, who signed), and the note."""
    cells = incoming_row_cells(entry, type_name)
    arrival_date, arrival, author, theirs, their_date, subject, to, handed, receipt, note = cells
    line = f"{arrival:<5} {arrival_date or '—':<10} {theirs:<16} {their_date or '—':<10} {author}"
    if subject:
        line += f" — {subject}"
    if to:
        line += f" → {to}"
    if handed:
        line += f", chuyển {handed}" + (f", {receipt} ký nhận" if receipt else "")
    if note:
        line += f" ({note})"
    for leg in entry.exchange:  # received as a package: what was last reported to its sender
        line += f" [liên thông {leg.organ.code}"
        line += f", đã báo: {leg.status.label}]" if leg.status else "]"
    return line
