"""A private PostgreSQL cluster for the tests: initdb in a temp dir, 127.0.0.1 on a free port.

Debian keeps initdb and pg_ctl off the PATH (environment notes, trap 11); as root the cluster runs
as the `postgres` user, which PostgreSQL requires. The system cluster is never touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def find_bin_dir() -> Path | None:
    """The newest `/usr/lib/postgresql/*/bin` holding initdb, or initdb's directory on PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """A throw-away cluster; `url(db)` names a database in it; `stop()` shuts it down."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.started = False
        self.options = ""

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self, *settings: str) -> PgCluster:
        """initdb and start; `settings` are extra `name=value` server settings."""
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            self.bin_dir / "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=60"
            " -c shared_buffers=32MB" + "".join(f" -c {setting}" for setting in settings)
        )
        self.restart()
        return self

    def restart(self) -> None:
        """Start the server again on the same data (after `crash`)."""
        self._run(
            self.bin_dir / "pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"),
            "-o", self.options, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.started = True

    def crash(self) -> None:
        """Stop the server at once, the way a crash would: no checkpoint, and whatever WAL is
        still in its memory is lost (what the kernel already holds survives)."""
        self._run(self.bin_dir / "pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        self.started = False

    def stop(self) -> None:
        if self.started:
            try:
                self._run(self.bin_dir / "pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
            finally:
                self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
