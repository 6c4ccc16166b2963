"""The day a closed file is due at the agency archive (`rules.records.transfer_deadline`) and the
profile's `[records] transfer_deadline`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.errors import ProfileError
from docgen.inputs.profile import load_profile
from docgen.model.agency import DEADLINE_LUAT_2024, DEADLINE_ND30
from docgen.rules.records import transfer_deadline
from tests.conftest import REFERENCE_PROFILE


def test_within_a_year_of_the_end_of_the_work_or_by_the_end_of_the_next_year() -> None:
    assert transfer_deadline(dt.date(2025, 12, 31)) == dt.date(2026, 12, 31)
    assert transfer_deadline(dt.date(2024, 2, 29), DEADLINE_ND30) == dt.date(2025, 2, 28)
    assert transfer_deadline(dt.date(2025, 3, 10), DEADLINE_LUAT_2024) == dt.date(2026, 12, 31)


def test_the_profile_names_the_reading_or_is_refused_naming_the_key(tmp_path: Path) -> None:
    assert load_profile(REFERENCE_PROFILE).records.transfer_deadline == DEADLINE_ND30
    text = REFERENCE_PROFILE.read_text("utf-8")
    good = tmp_path / "good.toml"
    good.write_text(f'{text}\n[records]\ntransfer_deadline = "luat-2024"\n', "utf-8")
    assert load_profile(good).records.transfer_deadline == DEADLINE_LUAT_2024
    bad = tmp_path / "bad.toml"
    bad.write_text(f'{text}\n[records]\ntransfer_deadline = "sau-2-nam"\n', "utf-8")
    with pytest.raises(ProfileError) as refused:
        load_profile(bad)
    line = refused.value.one_line()
    assert "transfer_deadline" in line and "sau-2-nam" in line and "luat-2024" in line
