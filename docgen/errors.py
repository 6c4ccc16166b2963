"""The one exception root of docgen and its families.

Every error a clerk can meet is a `DocgenError`. Its `message` is one Vietnamese sentence naming what
is wrong (the file and the field when there are some); `hint` says what to do next. The CLI maps each
family to an exit code in one place (`docgen.cli.errors`) and prints `message` and `hint` on one line.
"""

from __future__ import annotations


class DocgenError(Exception):
    """Root of every error docgen raises on purpose."""

    #: Exit code for this family; the CLI reads it, a test checks every family has its own.
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", source: str = "", field: str = "") -> None:
        self.message = message
        self.hint = hint
        self.source = source
        self.field = field
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled as its class and attributes (not its __init__ arguments, which subclasses
        # change), so an error raised in a batch worker process reaches the clerk intact.
        return (_restore, (type(self), str(self), dict(self.__dict__)))

    def one_line(self) -> str:
        """The clerk-facing line: `file: field: message — hint`, always a single line (a field name
        or value quoted from the input may itself hold a line break)."""
        parts = [p for p in (self.source, self.field) if p]
        head = ": ".join([*parts, self.message])
        line = f"{head} — {self.hint}" if self.hint else head
        return line.replace("\r", "\\r").replace("\n", "\\n")


def _restore(cls: type[DocgenError], text: str, state: dict[str, object]) -> DocgenError:
    error = cls.__new__(cls)
    Exception.__init__(error, text)
    error.__dict__.update(state)
    return error


class InputError(DocgenError):
    """A document input (YAML), a spreadsheet or a command argument is malformed or incomplete."""

    exit_code = 3


class ProfileError(DocgenError):
    """The agency profile (docgen.toml) is malformed, incomplete or out of the decree's ranges."""

    exit_code = 4


class TemplateError(DocgenError):
    """A .docx template cannot be read or rendered."""

    exit_code = 5


class SystemDependencyError(DocgenError):
    """A program or font docgen needs is missing from this machine."""

    exit_code = 6


class ConversionError(DocgenError):
    """LibreOffice failed to turn a DOCX into a valid PDF."""

    exit_code = 7


class RegisterError(DocgenError):
    """The register (number book) refused an operation: locked, unreachable, duplicate, closed."""

    exit_code = 8


class CommitUncertain(RegisterError):
    """The connection to the register dropped while COMMIT was on its way: the register may or
    may not hold the transaction, so what was staged for it is kept for the next run's recovery
    to place or remove by what the register then says."""


class ArchiveError(DocgenError):
    """The archive refused to store or read a file, or found it inconsistent."""

    exit_code = 9


class SignatureError(DocgenError):
    """A PDF could not be stamped, signed or verified."""

    exit_code = 10


class CheckFailed(DocgenError):
    """A checker found errors (the report has the details)."""

    exit_code = 11


#: Every family, in exit-code order. `docgen.cli.errors` and its test use this list.
FAMILIES: tuple[type[DocgenError], ...] = (
    InputError,
    ProfileError,
    TemplateError,
    SystemDependencyError,
    ConversionError,
    RegisterError,
    ArchiveError,
    SignatureError,
    CheckFailed,
)
