"""Backend details that need no database: the missing extra, URL redaction, placeholders."""

from __future__ import annotations

import sys

import pytest

from docgen.archive.postgres import PostgresBackend, redact
from docgen.errors import SystemDependencyError


def test_missing_psycopg_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    with pytest.raises(SystemDependencyError) as caught:
        PostgresBackend("postgresql://u@h/db").connect()
    assert "pip install 'docgen[postgres]'" in caught.value.one_line()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pw@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgresql://h/db", "postgresql://h/db"),
    ],
)
def test_passwords_never_reach_a_message(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_placeholders_are_rewritten_for_psycopg() -> None:
    backend = PostgresBackend("postgresql://h/db")
    assert backend.placeholders("SELECT ? , ?") == "SELECT %s , %s"
