"""One place that turns errors into a clerk-facing line and an exit code."""

from __future__ import annotations

import errno
import traceback
from typing import Final

import click

from docgen.errors import FAMILIES, DocgenError

EXIT_OK: Final = 0
EXIT_USAGE: Final = 2
EXIT_UNEXPECTED: Final = 70

#: family -> exit code; a test proves every family in `docgen.errors.FAMILIES` is here and distinct.
EXIT_CODES: Final[dict[type[DocgenError], int]] = {family: family.exit_code for family in FAMILIES}


def exit_code_for(error: DocgenError) -> int:
    """The exit code of `error`'s family (the most specific registered one)."""
    for klass in type(error).__mro__:
        if klass in EXIT_CODES:
            return EXIT_CODES[klass]
    return DocgenError.exit_code


def say_error(line: str) -> None:
    click.echo(f"Lỗi: {line}", err=True)


def run_guarded(command: click.Command, args: list[str], *, verbose: bool) -> int:
    """Invoke `command` with `args`; map every failure to one line on stderr and an exit code."""
    try:
        result = command.main(args=args, prog_name="docgen", standalone_mode=False)
    except DocgenError as error:
        if verbose:
            traceback.print_exc()
        say_error(error.one_line())
        return exit_code_for(error)
    except click.exceptions.Abort:
        say_error("đã dừng theo yêu cầu.")
        return 130
    except click.UsageError as error:
        if verbose:
            traceback.print_exc()
        where = error.ctx.command_path if error.ctx else "docgen"
        say_error(f"lệnh chưa đúng: {error.format_message()} — xem `{where} --help`.")
        return EXIT_USAGE
    except click.ClickException as error:
        say_error(error.format_message())
        return error.exit_code
    except OSError as error:
        if verbose:
            traceback.print_exc()
        name = f" ({error.filename})" if error.filename else ""
        if error.errno == errno.ENOSPC:
            say_error(
                f"ổ đĩa đã hết chỗ trống khi ghi tệp{name} — giải phóng chỗ trống rồi chạy "
                "lại; docgen không để lại tệp ghi dở và sổ đăng ký không thay đổi."
            )
        else:
            reason = error.strerror or str(error)
            say_error(
                f"không đọc/ghi được tệp{name}: {reason} — kiểm tra đường dẫn, quyền truy "
                "cập và chỗ trống trên đĩa rồi chạy lại."
            )
        return EXIT_UNEXPECTED - 1
    except Exception as error:  # the last net: a clerk never sees a bare traceback
        if verbose:
            traceback.print_exc()
        say_error(
            f"lỗi không mong đợi ({type(error).__name__}: {error}) — chạy lại với --verbose "
            "và gửi nội dung cho người quản trị docgen."
        )
        return EXIT_UNEXPECTED
    return result if isinstance(result, int) else EXIT_OK
