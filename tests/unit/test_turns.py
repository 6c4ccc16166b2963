"""The turns of a stream (`docgen.archive.turns`): the number of a turn, waiting for the turns
before it, a dead clerk's turn, and the picture a newcomer sees while a turn commits."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

from docgen.archive.turns import Turns


def test_a_turn_counts_the_last_number_and_every_live_turn_before_it(tmp_path: Path) -> None:
    turns = Turns(tmp_path / ".turns")
    with turns.take(2024, "hanh_chinh", lambda: 4) as first:
        assert first.number == 5
        with turns.take(2024, "hanh_chinh", lambda: 4) as second:
            assert second.number == 6
            with turns.take(2024, "mat", lambda: 0) as other_stream:
                assert other_stream.number == 1  # each stream has its own queue
        with turns.take(2024, "hanh_chinh", lambda: 4) as third:
            assert third.number == 6  # the second gave up: it is not counted any more
    with turns.take(2025, "hanh_chinh", lambda: 0) as next_year:
        assert next_year.number == 1
    leftovers = [p for p in (tmp_path / ".turns").rglob("*") if p.is_file()]
    assert leftovers == []  # no lock file: the flock is the folder's own


def test_a_turn_waits_for_the_earlier_ones_only(tmp_path: Path) -> None:
    turns = Turns(tmp_path / ".turns")
    with turns.take(2024, "s", lambda: 0) as first, turns.take(2024, "s", lambda: 0) as second:
        assert first.wait(0.0)  # nobody before the first
        assert not second.wait(0.05)  # the first is live: the second times out
        done: list[bool] = []
        waiter = threading.Thread(target=lambda: done.append(second.wait(5.0)))
        waiter.start()
        time.sleep(0.05)
        assert done == []  # still waiting
        first.give_back()
        waiter.join(timeout=5)
        assert done == [True]


def test_finishing_removes_the_turn_only_when_the_commit_succeeds(tmp_path: Path) -> None:
    turns = Turns(tmp_path / ".turns")
    with turns.take(2024, "s", lambda: 0) as turn:
        try:
            with turn.finishing():
                raise RuntimeError("COMMIT failed")
        except RuntimeError:
            pass
        with turns.take(2024, "s", lambda: 0) as later:
            assert later.number == 2  # the first is still live: it may try again
        with turn.finishing():
            pass
        with turns.take(2024, "s", lambda: 1) as after:
            assert after.number == 2  # the first committed 1 and is gone


def _hold_a_turn(folder: str, ready: multiprocessing.synchronize.Event) -> None:
    with Turns(Path(folder)).take(2024, "s", lambda: 0):
        ready.set()
        time.sleep(60)


def test_the_turn_of_a_killed_clerk_is_not_counted_and_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / ".turns"
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    clerk = context.Process(target=_hold_a_turn, args=(str(folder), ready))
    clerk.start()
    try:
        assert ready.wait(30)
        turns = Turns(folder)
        with turns.take(2024, "s", lambda: 0) as alive_then:
            assert alive_then.number == 2  # the other clerk's turn is live
            assert not alive_then.wait(0.05)
        assert clerk.pid is not None
        os.kill(clerk.pid, signal.SIGKILL)
        clerk.join(timeout=10)
        with turns.take(2024, "s", lambda: 0) as after:
            assert after.number == 1  # the dead turn counts for nothing
            assert after.wait(0.0)
        assert os.listdir(folder / "2024-s") == []  # and is gone
    finally:
        clerk.kill()
        clerk.join(timeout=10)


def test_with_no_failure_every_turn_gets_the_number_it_was_given(tmp_path: Path) -> None:
    """Clerks (threads: the flocks are per open file, so they exclude each other as processes
    do) take turns, wait, and "commit" one number each under `finishing`, many times over: each
    turn's number is exactly the one it commits. A newcomer reading the counter and the turns
    while one commits would otherwise count a number twice or not at all."""
    turns = Turns(tmp_path / ".turns")
    counter = [0]
    wrong: list[tuple[int, int]] = []

    def clerk() -> None:
        for _ in range(60):
            with turns.take(2024, "s", lambda: counter[0]) as turn:
                time.sleep(0.0005)  # making the document
                assert turn.wait(30)
                with turn.finishing():
                    counter[0] += 1  # the COMMIT of the next number
                    if counter[0] != turn.number:
                        wrong.append((turn.number, counter[0]))

    clerks = [threading.Thread(target=clerk) for _ in range(6)]
    for thread in clerks:
        thread.start()
    for thread in clerks:
        thread.join(timeout=120)
    assert counter[0] == 360
    assert wrong == []
