"""Fuzzing every clerk-written input docgen reads: whatever the bytes, the answer is a result or one
DocgenError (a clear Vietnamese line), never another exception, and nothing is written.

`make test` runs a short pass; `make soak` sets DOCGEN_SOAK=1 for many more examples. The counts
tried are printed at the end of the run (pytest -s or the summary of test_report_counts)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import DocgenError
from docgen.inputs.document import load_document
from docgen.inputs.profile import load_profile
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, REFERENCE_YAML

SOAK = os.environ.get("DOCGEN_SOAK") == "1"
EXAMPLES = 2000 if SOAK else 150
COUNTS: dict[str, int] = {}

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values a clerk might type, and values no clerk would
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "{{ 7*7 }}",
            "{% for x in y %}",
            "Công ty A & B <Việt Nam>",
            "2024-02-31",
            "31/2/2024",
            "KT.",
            "TUQ",
            "../../etc/passwd",
            "a\x00b",
            "\u0301",
            "đầu tư",
            "cong-van",
            "quyet-dinh",
            "KHTH",
            "VT",
            "hoa-toc",
            "mat",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _mutations() -> st.SearchStrategy[dict[str, object]]:
    base = yaml.safe_load(REFERENCE_YAML.read_text("utf-8"))
    keys = [*base, "so", "do_khan", "do_mat", "luu", "noi_nhan", "xyz"]
    return st.dictionaries(st.sampled_from(keys), values, max_size=4).map(
        lambda changes: {**base, **changes}
    )


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


@FUZZ
@given(data=_mutations())
def test_document_yaml_structure(tmp_path: Path, data: dict[str, object]) -> None:
    _count("document YAML (structure)")
    agency = load_profile(REFERENCE_PROFILE)
    source = tmp_path / "cv.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        load_document(source, agency, today=FIXED_TODAY)
    except DocgenError as error:
        assert "\n" not in error.one_line() and error.message


@FUZZ
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_document_yaml_bytes(tmp_path: Path, raw: bytes) -> None:
    _count("document YAML (bytes)")
    agency = load_profile(REFERENCE_PROFILE)
    source = tmp_path / "cv.yaml"
    source.write_bytes(raw)
    try:
        load_document(source, agency, today=FIXED_TODAY)
    except DocgenError as error:
        assert "\n" not in error.one_line()


@FUZZ
@given(
    raw=st.binary(max_size=300),
    cut=st.integers(min_value=0, max_value=4000),
    insert=st.text(max_size=20),
)
def test_profile_toml(tmp_path: Path, raw: bytes, cut: int, insert: str) -> None:
    _count("agency profile TOML")
    text = REFERENCE_PROFILE.read_text("utf-8")
    mutated = (text[:cut] + insert + text[cut:]).encode("utf-8") if raw[:1] != b"\x00" else raw
    path = tmp_path / "docgen.toml"
    path.write_bytes(mutated)
    try:
        load_profile(path)
    except DocgenError as error:
        assert "\n" not in error.one_line()


def test_report_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        total = sum(COUNTS.values())
        print(
            f"\n[reliability] fuzzed inputs tried: {total} "
            + ", ".join(f"{k}: {v}" for k, v in sorted(COUNTS.items()))
        )
