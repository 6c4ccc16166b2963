"""Clear errors when the register is locked too long, unreachable or not a register."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.postgres import PostgresBackend
from docgen.archive.register import RegisterStore
from docgen.archive.sqlite import FILE_NAME, SqliteBackend
from docgen.errors import RegisterError
from tests.integration.conftest import FixedClock, issue_one
from tests.integration.pg import free_port


def impatient(root: Path, url: str | None, clock: FixedClock) -> RegisterStore:
    """A second workstation that waits only 0.2 s for a lock."""
    if url is None:
        return RegisterStore(SqliteBackend(root / FILE_NAME, busy_timeout=0.2), "BQL", clock=clock)
    return RegisterStore(PostgresBackend(url, lock_timeout=0.2), "BQL", clock=clock)


def test_a_register_locked_too_long_is_a_clear_error(
    tmp_path: Path, database_url: str | None, clock: FixedClock
) -> None:
    with open_register(tmp_path, "BQL", database_url=database_url, clock=clock) as first:
        issue_one(first)
        second = impatient(tmp_path, database_url, clock)
        try:
            with first.unit_of_work() as uow:
                uow.allocate("hanh_chinh")
                with pytest.raises(RegisterError, match=r"đang bị khóa quá 0\.2 giây") as caught:
                    issue_one(second)
                assert "chờ người kia cấp số xong" in caught.value.one_line()
            assert issue_one(second).number == 2
        finally:
            second.close()


@pytest.mark.postgres
def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"postgresql://docgen:secret@127.0.0.1:{free_port()}/register"
    with pytest.raises(RegisterError, match="không kết nối được") as caught:
        open_register(tmp_path, "BQL", database_url=url)
    line = caught.value.one_line()
    assert "secret" not in line and "docgen:***@127.0.0.1" in line
    assert "DOCGEN_DATABASE_URL" in line


def test_a_file_that_is_not_a_register_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RegisterError, match="không phải sổ đăng ký"):
        open_register(tmp_path, "BQL")
