"""A first-come, first-served queue in front of an flock, for the clerks of one machine.

Why: a freed flock goes to whichever waiter polls first. With four clerks issuing one document
after another, a clerk could lose that race several times running and wait for eight issues
instead of three (bench: p95 2.1 s for a median of 0.5 s). Here each waiter takes a ticket and
tries the lock only when no live ticket is older than its own, so it waits for at most the
clerks who came before it.

A ticket is a file `<queue>/<arrival ns>-<pid>-<random>`, flocked by its owner while it waits
and while it holds the lock; it is made under a hidden name and renamed once flocked, so a ticket
is never seen unlocked while its owner lives. The kernel frees the flock of a process that dies
(even by SIGKILL): a ticket that can be locked is dead, and the next waiter removes it.

The queue orders the attempts; the flock itself still excludes (`lock_fd`), so a process that
skips the queue, or a clock that steps back, costs fairness and never safety.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from docgen.files import remove_if_abandoned

#: the longest pause between two looks at the queue (seconds)
MAX_PAUSE_S = 0.001


class FairLock:
    """Queue at `queue` (a folder) for the flock on the open file `lock_fd`."""

    def __init__(self, queue: Path, lock_fd: int) -> None:
        self.queue = queue
        self.lock_fd = lock_fd
        self._ticket: Path | None = None
        self._ticket_fd: int | None = None
        self.held = False

    def acquire(self, deadline: float, timed_out: Callable[[], Exception]) -> None:
        """Wait for our turn, then for the lock, until `deadline` (time.monotonic); raise
        `timed_out()` after it, leaving the queue as before. Held already: nothing to wait for
        (as a second flock on the same file)."""
        if self.held:
            return
        self._take_ticket()
        pause = 0.0001
        try:
            while True:
                if not self._anyone_before() and self._try_lock():
                    self.held = True
                    return
                if time.monotonic() >= deadline:
                    raise timed_out()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE_S)
        except BaseException:
            self._drop_ticket()
            raise

    def release(self) -> None:
        self.held = False
        fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
        self._drop_ticket()

    def _take_ticket(self) -> None:
        if self.queue.is_dir():
            remove_unfinished(self.queue)
        else:
            self.queue.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid():010d}-{uuid.uuid4().hex[:8]}"
        hidden = self.queue / f".{name}"
        fd = os.open(hidden, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.rename(hidden, self.queue / name)
        self._ticket, self._ticket_fd = self.queue / name, fd

    def _drop_ticket(self) -> None:
        if self._ticket is not None:
            with contextlib.suppress(FileNotFoundError):
                self._ticket.unlink()
        if self._ticket_fd is not None:
            os.close(self._ticket_fd)
        self._ticket = self._ticket_fd = None

    def _anyone_before(self) -> bool:
        """True while a live ticket older than ours is in the queue; dead ones are removed."""
        assert self._ticket is not None
        mine = self._ticket.name
        try:
            names = sorted(n for n in os.listdir(self.queue) if not n.startswith("."))
        except FileNotFoundError:
            return False
        for name in reversed([n for n in names if n < mine]):
            if _alive(self.queue / name):
                return True
        return False

    def _try_lock(self) -> bool:
        try:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _alive(ticket: Path) -> bool:
    """True when `ticket`'s owner still holds it; a dead ticket is removed on the way."""
    return not remove_if_abandoned(ticket)


def remove_unfinished(queue: Path, *, older_than_s: float = 60.0) -> None:
    """Remove the hidden tickets of processes killed before they renamed them (a hidden ticket
    is unlocked for an instant after it is made, hence the age)."""
    now = time.time()
    with contextlib.suppress(FileNotFoundError):
        for name in sorted(os.listdir(queue)):
            path = queue / name
            with contextlib.suppress(FileNotFoundError):
                if name.startswith(".") and now - path.stat().st_mtime > older_than_s:
                    _alive(path)
