"""Every error family has its own exit code and a one-line clerk message."""

from docgen.cli.errors import EXIT_CODES, EXIT_UNEXPECTED, EXIT_USAGE, exit_code_for
from docgen.errors import FAMILIES, DocgenError, InputError


def test_every_family_is_mapped_to_a_distinct_code() -> None:
    assert set(EXIT_CODES) == set(FAMILIES)
    codes = list(EXIT_CODES.values())
    assert len(set(codes)) == len(codes)
    assert not {0, 1, EXIT_USAGE, EXIT_UNEXPECTED} & set(codes)


def test_subclass_takes_its_family_code() -> None:
    class Special(InputError):
        pass

    assert exit_code_for(Special("x")) == InputError.exit_code


def test_one_line_names_file_field_and_fix() -> None:
    error = DocgenError(
        "thiếu trích yếu", source="cv.yaml", field="subject", hint="thêm dòng subject"
    )
    line = error.one_line()
    assert "\n" not in line
    assert line == "cv.yaml: subject: thiếu trích yếu — thêm dòng subject"
