"""The `docgen` command line: the only code that prints.

Subcommands live in their own modules and are imported only when called (start-up stays fast).
Errors: every `DocgenError` becomes one Vietnamese line on stderr and its family's exit code
(`docgen.cli.errors`); a traceback is printed only with `--verbose` (accepted anywhere on the line).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence

import click

from docgen import __version__
from docgen.cli import vi
from docgen.cli.errors import run_guarded

#: name -> "module:attribute" of a click command. Add one line per command.
COMMANDS: dict[str, str] = {
    "register": "docgen.cli.register:register",
    "draft": "docgen.cli.draft:draft",
    "issue": "docgen.cli.issue:issue",
    "batch": "docgen.cli.batch:batch",
    "words": "docgen.cli.words:words",
    "dev-pki": "docgen.cli.devtools:dev_pki",
    "dev-seal": "docgen.cli.devtools:dev_seal",
    "check": "docgen.cli.check:check",
    "sign": "docgen.cli.sign:sign",
    "stamp": "docgen.cli.stamp:stamp",
    "verify": "docgen.cli.verify:verify",
    "file": "docgen.cli.file:file",
    "receive": "docgen.cli.receive:receive",
    "ocr": "docgen.cli.ocr:ocr",
    "send": "docgen.cli.exchange:send",
    "exchange": "docgen.cli.exchange:exchange",
    "search": "docgen.cli.search:search",
    "archive": "docgen.cli.archive:archive",
    "templates": "docgen.cli.templates:templates",
    "web": "docgen.cli.web:web",
    "keys": "docgen.cli.keys:keys",
    "dev-token": "docgen.cli.devtools:dev_token",
    "hoso": "docgen.cli.hoso:hoso",
    "den": "docgen.cli.den:den",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it is invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    """docgen — soạn, cấp số, ký, lưu và tra cứu văn bản theo Nghị định 30/2020/NĐ-CP.

    Thêm --verbose ở bất kỳ đâu trên dòng lệnh để xem chi tiết kỹ thuật khi có lỗi.
    """


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI and exit with the code of the outcome."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args
    args = [a for a in args if a != "--verbose"]
    vi.install()
    if not verbose:
        # pyHanko logs a full traceback for every certificate path it cannot build (an unsigned
        # sender, an untrusted root); the reports already say it in one Vietnamese line.
        for name in ("pyhanko", "pyhanko_certvalidator"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    sys.exit(run_guarded(cli, args, verbose=verbose))
