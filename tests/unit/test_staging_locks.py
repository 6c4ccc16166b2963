"""Lock files of `.staging`: one left without its folder by a kill is removed by `recover`, a live
one is not, and an issue whose lock file was removed under it makes it again."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from docgen.archive import staging
from docgen.archive.staging import LOCK_SUFFIX, STAGING, Staging, recover


def _never(_manifest: staging.Manifest) -> bool:
    return False


def test_an_orphan_lock_is_removed_and_a_held_one_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / STAGING
    folder.mkdir()
    orphan = folder / f"dead{LOCK_SUFFIX}"  # killed between removing its folder and its lock
    orphan.write_bytes(b"")
    live = folder / f"live{LOCK_SUFFIX}"  # an issue between its lock and its folder
    fd = os.open(live, os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert recover(tmp_path, _never) == (0, 0)
        assert not orphan.exists()
        assert live.exists()
    finally:
        os.close(fd)
    recover(tmp_path, _never)
    assert sorted(folder.iterdir()) == []


def test_a_live_issue_keeps_its_folder_and_lock_through_recover(tmp_path: Path) -> None:
    owner = Staging(tmp_path)
    owner.add("a.pdf", b"%PDF")
    try:
        assert recover(tmp_path, _never) == (0, 0)
        assert owner.dir.is_dir() and owner.lock_path.exists()
    finally:
        owner.discard()
    assert sorted((tmp_path / STAGING).iterdir()) == []


def test_a_lock_removed_between_open_and_flock_is_made_again(tmp_path: Path) -> None:
    """The cleaner wins the race: it holds the file while our issue waits in flock, then unlinks
    it; the issue must not keep a lock on a file no one else can see."""
    path = tmp_path / f"t{LOCK_SUFFIX}"
    path.write_bytes(b"")
    cleaner = os.open(path, os.O_RDWR)
    fcntl.flock(cleaner, fcntl.LOCK_EX)
    result: list[int] = []
    waiter = threading.Thread(target=lambda: result.append(staging._hold_lock(path)))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # waiting for the cleaner's lock
    path.unlink()
    os.close(cleaner)
    waiter.join(5)
    assert result, "the issue never got its lock"
    try:
        assert os.fstat(result[0]).st_ino == os.stat(path).st_ino
    finally:
        os.close(result[0])
