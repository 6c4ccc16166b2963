"""A clerk whose issue queues behind another clerk's is told so (`RegisterStore.on_wait`), on
SQLite (the write lock) and PostgreSQL (the counter's row); a clerk who does not wait is not."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.cli.options import _tell_waiting
from tests.integration.conftest import FixedClock, issue_one


@pytest.mark.parametrize("counter", ["new", "existing"])
def test_a_clerk_queued_behind_another_is_told_once(
    store: RegisterStore,
    tmp_path: Path,
    database_url: str | None,
    clock: FixedClock,
    counter: str,
) -> None:
    notices: list[float] = []
    got: list[int] = []
    started = threading.Event()

    def second_clerk() -> None:
        with open_register(
            tmp_path / "archive", "BQL", database_url=database_url, clock=clock
        ) as other:
            other.on_wait = lambda: notices.append(time.monotonic())
            other.wait_notice_after = 0.2
            started.set()
            got.append(issue_one(other).number)

    first = 0
    if counter == "existing":  # the stream's counter of the year is there already
        first = issue_one(store).number
    with store.unit_of_work() as uow:  # the first clerk holds the stream's counter
        uow.allocate("hanh_chinh", 2024)
        thread = threading.Thread(target=second_clerk)
        thread.start()
        started.wait(10)
        deadline = time.monotonic() + 10
        while not notices and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(notices) == 1 and got == []  # told while still waiting
    # left without commit: the first clerk's number goes back and the second one gets it
    thread.join(30)
    assert got == [first + 1] and len(notices) == 1


def test_a_clerk_who_does_not_wait_is_not_told(store: RegisterStore) -> None:
    notices: list[str] = []
    store.on_wait = lambda: notices.append("told")
    store.wait_notice_after = 0.5
    for _ in range(3):
        issue_one(store)
    time.sleep(0.6)  # a timer not cancelled would have fired by now
    assert notices == []


def test_the_command_tells_the_clerk_once(capsys: pytest.CaptureFixture[str]) -> None:
    tell = _tell_waiting()
    tell()
    tell()
    err = capsys.readouterr().err
    assert err.count("Sổ đăng ký đang bận: một người khác đang cấp số.") == 1
    assert "không cần làm gì" in err
