"""Turns: the clerks issuing in one stream make their documents at the same time and record them
one after the other, each into the number it made its document with.

Why: an issue renders, converts and signs the numbered document (about 0.3 s), and the number
used to be known only inside the unit of work that takes it, so four clerks issuing at once waited
for each other's conversions (4 × 0.4 s: p95 1.7 s). Here a clerk first takes a turn in the
stream: under a short flock on the stream's folder it reads the stream's last number and counts
the live turns already there; its turn's number is the one after all of them — the number it
will get if every clerk before it records theirs. It makes its document with that number outside
any lock, waits until no earlier turn is live (`Turn.wait`), then takes the number in its unit of
work as before. The register still decides: when the number taken is not the turn's (a clerk
before it failed or died, or someone took a number without a turn), the issue makes its document
again with the number taken, inside the unit of work (`services.issue`). So turns change how long
a clerk waits, never which number a document gets; a failure still consumes no number.

A turn is a file `<folder>/<year>-<stream>/<arrival ns>-<pid>-<random>`, flocked by its owner from
before it is visible (made hidden, flocked, renamed) until it is removed. Its owner removes it
after its COMMIT, under the same short flock (`Turn.finishing`), so a newcomer sees either the old
last number and the turn, or the new last number and no turn: never a number counted twice or not
at all. The kernel frees the flock of a process that dies (even by SIGKILL): a turn that can be
locked is dead, and the next clerk who looks removes it.

The folder is shared by every issuer of the archive (its `.turns/`), on SQLite and PostgreSQL
alike: like the staging locks, it needs a file system whose flock the issuers share.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from docgen.archive.fair_lock import (
    alive,
    nearest_before,
    new_ticket,
    remove_unfinished,
    tickets,
    wait_released,
)

#: the archive's folder of turns
TURNS = ".turns"
_SAFE = re.compile(r"[^\w-]")


class Turns:
    """The turns of every stream, in `folder` (the archive's `.turns`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @contextlib.contextmanager
    def take(self, year: int, stream: str, last: Callable[[], int]) -> Iterator[Turn]:
        """A turn in `stream` of `year`, whose number is `last()` (the stream's last number now,
        read under the stream's flock) plus one per live turn before it, plus one. Given back
        when the block ends, whatever happened."""
        queue = self.folder / f"{year}-{_SAFE.sub('_', stream) or '_'}"
        queue.mkdir(parents=True, exist_ok=True)
        with _flocked(queue):
            remove_unfinished(queue)
            # The turns before the number: a turn is removed after its COMMIT, under this flock,
            # so these and `last()` are one consistent picture.
            ahead = sum(alive(queue / name) for name in tickets(queue))
            number = last() + ahead + 1
            turn = Turn(queue, number)
        try:
            yield turn
        finally:
            turn.give_back()


class Turn:
    """One clerk's place in a stream's queue (`Turns.take`): `number` is the number the clerk
    gets if every earlier turn records its own."""

    def __init__(self, queue: Path, number: int) -> None:
        self.queue = queue
        self.number = number
        path, fd = new_ticket(queue)
        self.path: Path | None = path
        self._fd: int | None = fd

    def wait(self, seconds: float) -> bool:
        """Wait until no live turn came before this one (each recorded its number, gave up or
        died): True; False after `seconds` (a clerk before is stuck: the caller goes on, and the
        register gives it the number that is next, which may not be this turn's). Blocked on
        the flock of the turn just before, as the register's lock queue waits (`fair_lock`)."""
        assert self.path is not None
        deadline = time.monotonic() + seconds
        while (before := nearest_before(self.queue, self.path.name)) is not None:
            if not wait_released(before, deadline):
                return False
        return True

    @contextlib.contextmanager
    def finishing(self) -> Iterator[None]:
        """Around the COMMIT of this turn's number: the stream's flock is held, and the turn is
        removed before it is let go if the block succeeds (kept, still live, if it raised)."""
        with _flocked(self.queue):
            yield
            self.give_back()

    def give_back(self) -> None:
        """Remove the turn (once; later calls do nothing)."""
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.path = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def _flocked(folder: Path) -> Iterator[None]:
    """The flock of `folder` itself (no lock file to leave behind), held for a few milliseconds
    by whoever counts the turns or removes one after its COMMIT."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
