"""Fuzzing recipient spreadsheets: random bytes, damaged XLSX zips and sheet XML, random CSV text
and random cells in real workbooks. Whatever comes in, the answer is recipients or one InputError
(a clear line), never another exception, never a hang, and nothing is written.

`make test` runs a short pass; `make soak` (DOCGEN_SOAK=1) many more examples. The counts tried are
printed by test_report_recipient_counts."""

from __future__ import annotations

import contextlib
import io
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from docgen.errors import InputError
from docgen.inputs.recipients import Recipient, RecipientsError, load_recipients
from tests.conftest import EXAMPLES
from tests.reliability.test_fuzz_files import _flip
from tests.reliability.test_fuzz_inputs import EXAMPLES as COUNT

COUNTS: dict[str, int] = {}
#: a hang guard, not a timing assertion: a real sheet reads in milliseconds
HANG_SECONDS = 60

FUZZ = settings(
    max_examples=COUNT,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SAMPLE_XLSX = (EXAMPLES / "nguoi-nhan.xlsx").read_bytes()
SAMPLE_CSV = (EXAMPLES / "nguoi-nhan.csv").read_text("utf-8-sig")


@contextlib.contextmanager
def no_hang() -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"reading the sheet took more than {HANG_SECONDS} s (a hang)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read(folder: Path, name: str, data: bytes, kind: str) -> tuple[Recipient, ...] | None:
    """Load `data` saved as `folder/name`: recipients, or None after a clean one-line InputError.
    Any other exception fails the test; so does a file appearing beside the input."""
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    path = folder / name
    path.write_bytes(data)
    try:
        with no_hang():
            return load_recipients(path, limit=500)
    except InputError as error:
        line = error.one_line()
        assert "\n" not in line and error.message and error.source == str(path)
        if isinstance(error, RecipientsError):
            assert error.problems and all(p.row >= 2 for p in error.problems)
        return None
    finally:
        assert [p.name for p in folder.iterdir()] == [name]


def _rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@FUZZ
@given(raw=st.binary(max_size=600), suffix=st.sampled_from([".xlsx", ".csv", ".txt", ".xls"]))
def test_random_bytes(tmp_path: Path, raw: bytes, suffix: str) -> None:
    read(tmp_path / "in", f"nguoi-nhan{suffix}", raw, "random bytes")


@FUZZ
@given(
    positions=st.lists(st.integers(min_value=0), min_size=1, max_size=8),
    value=st.integers(0, 255),
    cut=st.integers(min_value=0),
)
def test_damaged_xlsx_bytes(tmp_path: Path, positions: list[int], value: int, cut: int) -> None:
    data = _flip(SAMPLE_XLSX, positions, value)[: max(1, cut % (len(SAMPLE_XLSX) + 1))]
    read(tmp_path / "in", "nguoi-nhan.xlsx", data, "XLSX (zip bytes)")


with zipfile.ZipFile(io.BytesIO(SAMPLE_XLSX)) as _sample:
    SAMPLE_MEMBERS = {name: _sample.read(name) for name in _sample.namelist()}


@FUZZ
@given(
    part=st.sampled_from(sorted(SAMPLE_MEMBERS)),
    positions=st.lists(st.integers(min_value=0), min_size=0, max_size=6),
    value=st.sampled_from(b'<>/"= \x00&;rcvt0159'),
    cut=st.integers(min_value=0),
    drop=st.booleans(),
)
def test_damaged_xml_inside_a_good_zip(
    tmp_path: Path, part: str, positions: list[int], value: int, cut: int, drop: bool
) -> None:
    """A well-formed zip whose parts are damaged or missing: openpyxl's errors stay inside."""
    members = dict(SAMPLE_MEMBERS)
    if drop:
        del members[part]
    else:
        xml = _flip(members[part], positions, value) if positions else members[part]
        members[part] = xml[: cut % (len(xml) + 1)]
    read(tmp_path / "in", "nguoi-nhan.xlsx", _rezip(members), "XLSX (damaged XML)")


csv_alphabet = st.sampled_from(
    [*',;\t"\r\n {}%#@.', "Tên", "Địa chỉ", "Email", "Mã", "ten", "a@b.vn", "Công ty", "0123"]
)
cells = st.text(max_size=20) | st.lists(csv_alphabet, max_size=6).map("".join)


@FUZZ
@given(text=st.lists(csv_alphabet | st.text(max_size=8), max_size=60).map("".join))
def test_random_csv_text(tmp_path: Path, text: str) -> None:
    header = "Tên;Email;" if len(text) % 2 else ""  # half of them get a name column to go further
    read(tmp_path / "in", "nguoi-nhan.csv", (header + text).encode("utf-8"), "CSV (text)")


@FUZZ
@given(
    cut=st.integers(min_value=0, max_value=len(SAMPLE_CSV)),
    insert=st.text(max_size=12) | csv_alphabet,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]),
)
def test_mutated_sample_csv(tmp_path: Path, cut: int, insert: str, encoding: str) -> None:
    text = SAMPLE_CSV[:cut] + insert + SAMPLE_CSV[cut:]
    data = text.encode(encoding, errors="replace")
    got = read(tmp_path / "in", "nguoi-nhan.csv", data, "CSV (mutated sample)")
    if got is not None:
        assert all(r.name and r.row >= 2 for r in got)


@FUZZ
@given(
    header=st.lists(cells, min_size=1, max_size=5),
    rows=st.lists(
        st.lists(
            cells | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.none(),
            max_size=5,
        ),
        max_size=8,
    ),
)
def test_random_cells_in_a_real_workbook(
    tmp_path: Path, header: list[str], rows: list[list[object]]
) -> None:
    """Any cell openpyxl can write: recipients (each with a name) or a clean error."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            with contextlib.suppress(IllegalCharacterError):  # openpyxl refuses them itself
                sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    got = read(tmp_path / "in", "nguoi-nhan.xlsx", out.getvalue(), "XLSX (random cells)")
    if got is not None:
        assert all(r.name and r.name == " ".join(r.name.split()) for r in got)


def test_report_recipient_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(
            f"\n[reliability] recipient sheets fuzzed: {sum(COUNTS.values())} "
            + ", ".join(f"{k}: {v}" for k, v in sorted(COUNTS.items()))
        )
