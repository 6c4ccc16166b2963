"""A register row's catalogue id and back: the one pair every service and view uses."""

from __future__ import annotations

import pytest

from docgen.model.register import DEN, EntryKey, catalogue_id, key_of


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (EntryKey(2024, DEN, 12), "den/2024/12"),
        (EntryKey(2024, "hanh_chinh", 5), "di/2024/hanh_chinh/5"),
        (EntryKey(2025, "quyet_dinh", 120), "di/2025/quyet_dinh/120"),
    ],
)
def test_a_key_and_its_catalogue_id_are_each_others(key: EntryKey, text: str) -> None:
    assert catalogue_id(key) == text
    assert key_of(text) == key


@pytest.mark.parametrize(
    "text", ["", "den/2024", "den/x/12", "di/2024/hanh_chinh", "di/2024/hanh_chinh/../5",
             "nop/2024/abc", "../../etc/passwd"],
)  # fmt: skip
def test_an_id_of_no_register_row_has_no_key(text: str) -> None:
    assert key_of(text) is None
