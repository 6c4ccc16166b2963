"""The queue in front of the register's flock (`archive.fair_lock`): first come, first served;
a waiter killed in the queue does not block it; a time-out leaves no ticket behind; the flock
still excludes whoever skips the queue."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from docgen.archive.fair_lock import FairLock, remove_unfinished


class Late(Exception):
    pass


def _lock(tmp_path: Path) -> FairLock:
    """A FairLock of its own open file description, as another clerk's process has."""
    return FairLock(tmp_path / "q", tmp_path / "lock")


def _tickets(tmp_path: Path) -> list[str]:
    return sorted(os.listdir(tmp_path / "q")) if (tmp_path / "q").exists() else []


def test_waiters_get_the_lock_in_the_order_they_came(tmp_path: Path) -> None:
    holder = _lock(tmp_path)
    holder.acquire(time.monotonic() + 5, Late)
    order: list[int] = []
    threads = []
    for index in range(5):
        lock = _lock(tmp_path)

        def wait(lock: FairLock = lock, index: int = index) -> None:
            lock.acquire(time.monotonic() + 30, Late)
            order.append(index)
            time.sleep(0.01)  # each holds a while: the later ones poll meanwhile
            lock.release()

        threads.append(threading.Thread(target=wait))
        threads[-1].start()
        while len(_tickets(tmp_path)) < index + 1:  # its ticket is in the queue
            time.sleep(0.001)
    holder.release()
    for thread in threads:
        thread.join(30)
    assert order == [0, 1, 2, 3, 4]
    assert _tickets(tmp_path) == []


def _queue_and_hang(folder: str, ready: multiprocessing.synchronize.Event) -> None:
    lock = FairLock(Path(folder) / "q", Path(folder) / "lock")
    ready.set()
    lock.acquire(time.monotonic() + 60, Late)
    time.sleep(60)


def test_a_clerk_killed_in_the_queue_or_holding_the_lock_blocks_no_one(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    holder = _lock(tmp_path)
    holder.acquire(time.monotonic() + 5, Late)
    ready = context.Event()
    waiting = context.Process(target=_queue_and_hang, args=(str(tmp_path), ready))
    waiting.start()
    ready.wait(60)
    while len(_tickets(tmp_path)) < 1:
        time.sleep(0.001)
    os.kill(waiting.pid or 0, signal.SIGKILL)  # killed while it waits: its ticket stays
    waiting.join()
    assert len(_tickets(tmp_path)) == 1
    holder.release()
    ready = context.Event()
    owner = context.Process(target=_queue_and_hang, args=(str(tmp_path), ready))
    owner.start()  # comes after the dead ticket, gets the lock, then dies holding it
    ready.wait(60)
    later = _lock(tmp_path)
    deadline = time.monotonic() + 60
    while not _holds(tmp_path, owner.pid):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(owner.pid or 0, signal.SIGKILL)
    owner.join()
    later.acquire(time.monotonic() + 10, Late)
    later.release()
    assert _tickets(tmp_path) == []


def _holds(tmp_path: Path, pid: int | None) -> bool:
    """Whether `pid` holds the flock of `lock` (from /proc/locks, by the file's inode)."""
    inode = os.stat(tmp_path / "lock").st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "FLOCK" in fields and str(pid) in fields and fields[-3].endswith(f":{inode}"):
            return True
    return False


def test_a_time_out_names_the_wait_and_leaves_no_ticket(tmp_path: Path) -> None:
    holder = _lock(tmp_path)
    holder.acquire(time.monotonic() + 5, Late)
    with pytest.raises(Late):
        _lock(tmp_path).acquire(time.monotonic() + 0.05, Late)
    assert _tickets(tmp_path) == []  # the holder took none (nobody queued), the waiter's went
    holder.release()
    assert _tickets(tmp_path) == []


def test_the_flock_excludes_a_process_that_skips_the_queue(tmp_path: Path) -> None:
    outsider = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(outsider, fcntl.LOCK_EX)
    with pytest.raises(Late):
        _lock(tmp_path).acquire(time.monotonic() + 0.05, Late)
    fcntl.flock(outsider, fcntl.LOCK_UN)
    lock = _lock(tmp_path)
    lock.acquire(time.monotonic() + 5, Late)
    assert lock.held
    lock.acquire(time.monotonic() + 5, Late)  # held already: no wait
    assert lock.held
    lock.release()


def test_a_hidden_ticket_of_a_process_killed_while_making_it_is_removed_later(
    tmp_path: Path,
) -> None:
    queue = tmp_path / "q"
    queue.mkdir()
    stale = queue / ".00000000000000000001-0000000001-deadbeef"
    stale.write_bytes(b"")
    fresh = queue / ".00000000000000000002-0000000002-cafebabe"
    fresh.write_bytes(b"")
    old = time.time() - 120
    os.utime(stale, (old, old))
    remove_unfinished(queue)
    assert sorted(p.name for p in queue.iterdir()) == [fresh.name]  # a young one may be live


def test_a_free_lock_is_taken_without_a_ticket_but_never_past_a_queued_waiter(
    tmp_path: Path,
) -> None:
    """Nobody queued: the lock is taken at once and no ticket is made (short holds pass
    quickly). A live ticket in the queue: a newcomer does not take the free lock past it."""
    first = _lock(tmp_path)
    first.acquire(time.monotonic() + 5, Late)
    assert first.held and _tickets(tmp_path) == []
    first.release()
    queued = tmp_path / "q" / "00000000000000000001-0000000001-cafebabe"
    queued.parent.mkdir(exist_ok=True)
    waiter = os.open(queued, os.O_CREAT | os.O_RDWR)
    fcntl.flock(waiter, fcntl.LOCK_EX)  # a live waiter's ticket, the lock itself free
    newcomer = _lock(tmp_path)
    with pytest.raises(Late):
        newcomer.acquire(time.monotonic() + 0.05, Late)
    assert not newcomer.held
    outsider = os.open(tmp_path / "lock", os.O_RDWR)
    fcntl.flock(outsider, fcntl.LOCK_EX | fcntl.LOCK_NB)  # still free: the newcomer let it be
    os.close(outsider)
    assert _tickets(tmp_path) == [queued.name]
    os.close(waiter)  # the waiter goes: its ticket is dead, and the newcomer removes it
    newcomer.acquire(time.monotonic() + 5, Late)
    assert newcomer.held and queued.name not in _tickets(tmp_path)
    newcomer.release()
    assert _tickets(tmp_path) == []


class Interrupted(Exception):
    pass


def test_a_wait_cut_short_by_a_signal_leaves_neither_lock_nor_ticket(tmp_path: Path) -> None:
    """A clerk presses Ctrl+C (here: an alarm whose handler raises) while queued for the lock:
    the exception goes on, no ticket stays, and once the holder lets go the lock is free for
    the next one — not taken for ever by the interrupted wait's helper thread."""

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    holder = _lock(tmp_path)
    holder.acquire(time.monotonic() + 5, Late)
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(Interrupted):
            _lock(tmp_path).acquire(time.monotonic() + 10, Late)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert _tickets(tmp_path) == []
    holder.release()
    time.sleep(0.1)  # the interrupted wait's thread is granted the lock and lets it go
    later = _lock(tmp_path)
    later.acquire(time.monotonic() + 2, Late)
    assert later.held
    later.release()
