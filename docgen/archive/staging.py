"""Files of a document being issued: staged first, placed only after the register committed.

An issue writes its files into `<archive>/.staging/<token>/` while it holds an exclusive lock on
`<token>.lock` (taken before the folder exists, so no one ever sees the folder unlocked), records the register row, commits, then moves the files into place. If the process
dies anywhere (even SIGKILL) the lock is released by the kernel, and the next `recover()` finishes
the job: files whose register row was committed are placed (roll forward), the others are deleted
(roll back). So every consumed number has its files, and no file exists without its row.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import CommitUncertain
from docgen.files import remove_if_abandoned, remove_stale_temps, write_atomic

STAGING = ".staging"
MANIFEST = "manifest.json"
LOCK_SUFFIX = ".lock"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a staging folder will become: `files` (name → SHA-256) placed into `target`."""

    year: int
    stream: str
    number: int
    target: str  #: relative to the archive root
    files: dict[str, str]
    #: folder (relative to the root) -> names of staged files copied there (the units' copies)
    copies: dict[str, list[str]] = field(default_factory=dict)
    #: the catalogue id of a document filed without a register number ("" when numbered)
    doc_id: str = ""

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        return cls(
            int(raw["year"]),
            str(raw["stream"]),
            int(raw["number"]),
            str(raw["target"]),
            {str(k): str(v) for k, v in raw["files"].items()},
            {str(k): [str(n) for n in v] for k, v in raw.get("copies", {}).items()},
            str(raw.get("doc_id", "")),
        )


class Staging:
    """One staging folder, locked by this process until `close()`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        token = uuid.uuid4().hex
        (root / STAGING).mkdir(parents=True, exist_ok=True)
        self.lock_path = root / STAGING / f"{token}{LOCK_SUFFIX}"
        self._lock = _hold_lock(self.lock_path)
        self.dir = root / STAGING / token
        self.dir.mkdir()
        self.files: dict[str, str] = {}

    def add(self, name: str, data: bytes) -> Path:
        """Stage `data` as `name`; returns its staged path."""
        path = self.dir / name
        write_atomic(path, data)
        self.files[name] = sha256(data)
        return path

    def seal(
        self,
        *,
        year: int,
        stream: str,
        number: int,
        target: str,
        copies: dict[str, list[str]] | None = None,
        doc_id: str = "",
    ) -> Manifest:
        """Write the manifest: from now on a crash rolls forward if the register committed."""
        manifest = Manifest(year, stream, number, target, dict(self.files), copies or {}, doc_id)
        write_atomic(self.dir / MANIFEST, manifest.to_json())
        return manifest

    def place(self, manifest: Manifest) -> list[Path]:
        """Move the staged files into their place; returns the final paths."""
        placed = _place(self.root, self.dir, manifest)
        self.close()
        return placed

    def discard(self) -> None:
        self.close()

    def abandon(self, error: BaseException) -> None:
        """Give up after `error`: discard the staged files — unless the COMMIT's outcome is
        unknown (CommitUncertain), then keep them, unlocked, for `recover` to place or remove
        by what the register says on the next run."""
        if isinstance(error, CommitUncertain):
            self._unlock()
        else:
            self.discard()

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        with contextlib.suppress(OSError):
            self.lock_path.unlink()
        with contextlib.suppress(OSError):
            os.close(self._lock)


def _hold_lock(path: Path) -> int:
    """Create and lock `path`; returns the open descriptor.

    `recover` removes a lock file left without its folder (a process killed between taking the
    lock and making the folder, or between removing the folder and the lock). It may do so in the
    instant between our open and our flock: then the file we lock is no longer the one at `path`,
    and we make it again (the usual lock-file check of the inode after flock)."""
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _missing(folder: Path) -> Callable[[], bool]:
    return lambda: not folder.is_dir()


def _remove_orphan_locks(staging: Path) -> None:
    """Remove the lock files whose folder does not exist and whose owner is gone."""
    for lock in sorted(staging.glob(f"*{LOCK_SUFFIX}")):
        folder = lock.with_suffix("")
        if not folder.is_dir():  # and still not once its lock is ours: a live issue has both
            remove_if_abandoned(lock, still=_missing(folder))


def _place(root: Path, staged: Path, manifest: Manifest) -> list[Path]:
    target = root / manifest.target
    target.mkdir(parents=True, exist_ok=True)
    placed = []
    for name in sorted(manifest.files):
        final = target / name
        source = staged / name
        if source.exists():
            os.replace(source, final)
        placed.append(final)
    _fsync_dir(target)
    for folder, names in sorted(manifest.copies.items()):
        # Copies are made from the placed originals, so a roll-forward after a crash makes them
        # again from the same bytes; a copy is written atomically, never seen half made.
        destination = root / folder
        for name in names:
            # A placement killed half way may have left its temp file: it is ours to remove.
            remove_stale_temps(destination / name)
            write_atomic(destination / name, (target / name).read_bytes())
    return placed


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def _try_lock(folder: Path) -> Iterator[bool]:
    """True when nobody holds `folder`'s lock (its issuing process is gone)."""
    try:
        fd = os.open(folder.with_name(folder.name + LOCK_SUFFIX), os.O_RDWR)
    except FileNotFoundError:  # the owner finished (removed its lock) or never took one
        yield True
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        yield False
        return
    try:
        yield True
    finally:
        os.close(fd)


def recover(root: Path, committed: Callable[[Manifest], bool]) -> tuple[int, int]:
    """Finish or undo the issues that died half way; returns (placed, discarded) counts.

    `committed(manifest)` says whether the register holds that number with those files.
    Folders still locked belong to a live issue on this machine and are left alone.
    """
    placed = discarded = 0
    staging = root / STAGING
    if not staging.is_dir():
        return 0, 0
    for folder in sorted(p for p in staging.iterdir() if p.is_dir()):
        with _try_lock(folder) as free:
            if not free:
                continue
            manifest_path = folder / MANIFEST
            manifest = (
                Manifest.from_json(manifest_path.read_bytes()) if manifest_path.exists() else None
            )
            if manifest is not None and committed(manifest):
                _place(root, folder, manifest)
                placed += 1
            else:
                discarded += 1
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                folder.with_name(folder.name + LOCK_SUFFIX).unlink()
    _remove_orphan_locks(staging)
    return placed, discarded
