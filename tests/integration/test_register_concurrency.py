"""Many processes issuing at once, and a process killed inside a unit of work (both backends)."""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path

import pytest

from docgen.archive import open_register
from docgen.archive.register import RegisterStore
from docgen.model.register import RegisterEntry
from tests.integration.conftest import DEFAULT_NOW, FixedClock, issue_one

SPAWN = multiprocessing.get_context("spawn")


def _store(root: str, url: str | None) -> RegisterStore:
    return open_register(Path(root), "BQL", database_url=url, clock=FixedClock(DEFAULT_NOW))


def _issue_many(
    root: str, url: str | None, streams: list[str], barrier: Barrier, out: Queue[object]
) -> None:
    """Child process: issue one document into each of `streams` in turn; puts the numbers."""
    with _store(root, url) as store:
        barrier.wait(timeout=120)
        out.put([issue_one(store, stream, f"{stream}-BQL").number for stream in streams])


def _run(root: Path, url: str | None, plans: list[list[str]]) -> list[list[int]]:
    """Run one process per plan, started together; returns each process's numbers."""
    barrier = SPAWN.Barrier(len(plans))
    out: Queue[object] = SPAWN.Queue()
    children = [
        SPAWN.Process(target=_issue_many, args=(str(root), url, plan, barrier, out), daemon=True)
        for plan in plans
    ]
    for child in children:
        child.start()
    try:
        results = [out.get(timeout=300) for _ in children]
    finally:
        for child in children:
            child.join(60)
    assert [child.exitcode for child in children] == [0] * len(children)
    return sorted(results, key=lambda numbers: numbers[0])  # type: ignore[index]


@pytest.mark.slow
def test_eight_processes_get_1_to_1600_without_gaps(
    tmp_path: Path, database_url: str | None
) -> None:
    results = _run(tmp_path, database_url, [["hanh_chinh"] * 200 for _ in range(8)])
    every = sorted(n for numbers in results for n in numbers)
    assert every == list(range(1, 1601))
    for numbers in results:  # each process saw its own numbers rise
        assert numbers == sorted(numbers)
    with _store(str(tmp_path), database_url) as store:
        assert [row.number for row in store.entries(2024)] == list(range(1, 1601))
        report = store.check()
        assert report.ok, report.findings
        assert report.events == 1600


@pytest.mark.slow
def test_two_streams_interleaved_stay_independent(tmp_path: Path, database_url: str | None) -> None:
    plans = [["hanh_chinh", "ban_sao"] * 50 for _ in range(4)]
    results = _run(tmp_path, database_url, plans)
    for offset, stream in enumerate(("hanh_chinh", "ban_sao")):
        numbers = sorted(n for got in results for n in got[offset::2])
        assert numbers == list(range(1, 201)), stream
    with _store(str(tmp_path), database_url) as store:
        assert store.check().ok


def _die_inside(root: str, url: str | None, step: str, ready: Event) -> None:
    """Child process: open a unit of work, go as far as `step`, then wait to be killed."""
    store = _store(root, url)
    uow = store.unit_of_work().__enter__()
    number = uow.allocate("hanh_chinh")
    if step == "recorded":
        entry = RegisterEntry(2024, "hanh_chinh", number, "BQL-KHTH", date=uow.today())
        uow.record_issue(entry)
    ready.set()
    signal.pause()


@pytest.mark.parametrize("step", ["allocated", "recorded"])
def test_a_process_killed_inside_a_unit_of_work_consumes_no_number(
    tmp_path: Path, database_url: str | None, step: str
) -> None:
    with _store(str(tmp_path), database_url) as store:
        assert issue_one(store).number == 1
        ready = SPAWN.Event()
        child = SPAWN.Process(
            target=_die_inside, args=(str(tmp_path), database_url, step, ready), daemon=True
        )
        child.start()
        try:
            assert ready.wait(60), "the child never reached its step"
        finally:
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join(30)
        assert child.exitcode == -signal.SIGKILL
        report = store.check()
        assert report.ok, report.findings
        assert issue_one(store).number == 2
        assert [row.number for row in store.entries(2024)] == [1, 2]
