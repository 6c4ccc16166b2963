"""A pool of resident LibreOffice workers for batch DOCX → PDF conversion.

Each worker is `pool_worker.py` run by a Python with `uno` (Debian's python3-uno), in its own
process group with its own soffice and private profile. The pool hands one document at a time to
an idle worker and waits at most `timeout` seconds for it; a worker that hangs is killed and
started again, a worker that dies (killed, crashed) is started again and the document retried
once, and every worker is restarted after `max_docs` documents to bound LibreOffice's memory
growth. Inputs are checked to be real .docx files and outputs real PDFs (`convert.check_pdf`).

Starting a worker (soffice start-up) takes a few seconds, so a pool is for batches; a single
document is better served by `convert.convert_to_pdf`.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import ConversionError, SystemDependencyError, TemplateError
from docgen.render.convert import check_pdf, soffice_path
from docgen.render.docx import check_docx

WORKER_SCRIPT = Path(__file__).with_name("pool_worker.py")
PYTHON_CANDIDATES = ("/usr/bin/python3", "python3")


def uno_python() -> str:
    """A Python interpreter that can `import uno`; SystemDependencyError naming the package."""
    for candidate in PYTHON_CANDIDATES:
        path = shutil.which(candidate)
        if path is None:
            continue
        probe = subprocess.run(
            [path, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return path
    raise SystemDependencyError(
        "máy chưa có python3-uno để chạy LibreOffice thường trú",
        hint="nhờ quản trị máy cài gói: apt-get install --no-install-recommends python3-uno",
    )


class _WorkerDied(Exception):
    """The worker process ended (killed or crashed) while it had a document."""


class _Timeout(Exception):
    """The worker did not answer in time."""


@dataclass(frozen=True)
class WorkerHealth:
    """One worker as seen by `ConversionPool.health`."""

    index: int
    alive: bool
    pid: int | None
    documents: int
    restarts: int


@dataclass(frozen=True)
class Outcome:
    """One document of a batch: the PDF, or the clerk-facing error that stopped it."""

    source: Path
    pdf: Path | None
    error: ConversionError | None = None


class _Worker:
    """One worker process and its line protocol (see pool_worker.py)."""

    def __init__(self, index: int, python: str, soffice: str, profile: Path) -> None:
        self.index, self.python, self.soffice, self.profile = index, python, soffice, profile
        self.process: subprocess.Popen[bytes] | None = None
        self.buffer = b""
        self.documents = 0
        self.restarts = -1  # the first start is not a restart

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float) -> None:
        self.stop()
        self.restarts += 1
        self.documents = 0
        self.buffer = b""
        self.process = subprocess.Popen(
            [self.python, str(WORKER_SCRIPT), self.soffice, self.profile.as_uri(),
             f"docgen-{uuid.uuid4().hex}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True,  # one group: the worker and its soffice die together
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )  # fmt: skip
        try:
            ready = self._read(time.monotonic() + timeout)
        except (_Timeout, _WorkerDied):
            ready = {}
        if not ready.get("ready"):
            self.stop()
            raise ConversionError(
                "không khởi động được LibreOffice thường trú",
                hint="kiểm tra LibreOffice chạy được (soffice --headless --version) rồi thử lại",
            )

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.process = None

    def request(self, message: dict[str, str], timeout: float) -> dict[str, Any]:
        """Send one request and return the answer; _Timeout or _WorkerDied otherwise."""
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _WorkerDied from None
        return self._read(time.monotonic() + timeout)

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _Timeout
                if not selector.select(left):
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise _WorkerDied
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        answer: dict[str, Any] = json.loads(line)
        return answer


class ConversionPool:
    """Resident LibreOffice workers behind one `convert` call; use as a context manager.

    `workers` defaults to one per core. `timeout` bounds each document, `start_timeout` each
    worker start, `max_docs` the documents a worker converts before it is restarted.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = 120.0,
        start_timeout: float = 90.0,
        max_docs: int = 200,
        python: str | None = None,
    ) -> None:
        self.size = workers or os.cpu_count() or 1
        self.timeout, self.start_timeout, self.max_docs = timeout, start_timeout, max_docs
        # `python`: an interpreter already known to import uno (a batch finds it once for all
        # its workers instead of each starting a probe process).
        self._python = python or uno_python()
        self._soffice = soffice_path()
        self._home = Path(tempfile.mkdtemp(prefix="docgen-pool-"))
        self._workers = [
            _Worker(i, self._python, self._soffice, self._home / f"profile-{i}")
            for i in range(self.size)
        ]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        try:
            # Start the workers side by side: each soffice start-up takes seconds.
            with ThreadPoolExecutor(self.size) as starter:
                list(starter.map(lambda w: w.start(self.start_timeout), self._workers))
        except BaseException:
            self.close()
            raise
        for worker in self._workers:
            self._idle.put(worker)

    def __enter__(self) -> ConversionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker and remove the profiles; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for worker in self._workers:
            worker.stop()
        shutil.rmtree(self._home, ignore_errors=True)

    def health(self) -> list[WorkerHealth]:
        """Each worker's state; a worker busy with a document is reported as it was last seen."""
        return [
            WorkerHealth(
                w.index, w.alive, w.process.pid if w.process else None, w.documents, w.restarts
            )
            for w in self._workers
        ]

    def check_health(self, timeout: float = 10.0) -> list[WorkerHealth]:
        """Ping every worker (waiting for busy ones to finish), restart any that is dead or mute.

        Returns the state afterwards. Raises ConversionError if a worker cannot be restarted.
        """
        taken = [self._idle.get() for _ in self._workers]
        try:
            for worker in taken:
                try:
                    alive = worker.alive and bool(worker.request({"op": "ping"}, timeout).get("ok"))
                except (_Timeout, _WorkerDied):
                    alive = False
                if not alive:
                    worker.start(self.start_timeout)
        finally:
            for worker in taken:
                self._idle.put(worker)
        return self.health()

    def worker_pids(self) -> list[int]:
        """Process-group ids of the live workers (each group holds a worker and its soffice)."""
        return [w.process.pid for w in self._workers if w.process and w.alive]

    def convert(
        self,
        docx: Path,
        out_dir: Path,
        *,
        expected_pages: int | None = None,
        timeout: float | None = None,
    ) -> Path:
        """Convert `docx` into `out_dir/<stem>.pdf` and return that path.

        Raises ConversionError for a file that is not a real .docx, that LibreOffice cannot
        convert, that takes longer than `timeout` (default: the pool's), or whose PDF is not a
        PDF of `expected_pages` pages. The pool stays usable after each of these.
        """
        if self._closed:
            raise ConversionError("bộ chuyển đổi đã đóng", hint="tạo bộ chuyển đổi mới")
        try:
            check_docx(docx)
        except TemplateError:
            raise ConversionError(
                "tệp không phải tệp Word .docx hợp lệ",
                source=str(docx),
                hint="mở tệp bằng Word và lưu lại dạng .docx rồi thử lại",
            ) from None
        out_dir.mkdir(parents=True, exist_ok=True)
        target = (out_dir / f"{docx.stem}.pdf").resolve()
        limit = self.timeout if timeout is None else timeout
        worker = self._idle.get()
        try:
            for attempt in (1, 2):
                if not worker.alive or worker.documents >= self.max_docs:
                    worker.start(self.start_timeout)
                staging = target.with_name(f".{target.stem}.{uuid.uuid4().hex}.pdf")
                try:
                    answer = worker.request(
                        {"op": "convert", "src": str(docx.resolve()), "dst": str(staging)}, limit
                    )
                except _Timeout:
                    worker.stop()  # a hung soffice is not worth waiting for
                    staging.unlink(missing_ok=True)
                    raise ConversionError(
                        f"LibreOffice không chuyển xong sau {limit:.0f} giây nên đã bị dừng",
                        source=str(docx),
                        hint="mở tệp bằng Word kiểm tra; tệp quá lớn hoặc hỏng có thể gây treo",
                    ) from None
                except _WorkerDied:
                    worker.stop()
                    staging.unlink(missing_ok=True)
                    if attempt == 2:
                        raise ConversionError(
                            "LibreOffice dừng đột ngột hai lần với tệp này",
                            source=str(docx),
                            hint="mở tệp bằng Word kiểm tra rồi thử lại",
                        ) from None
                    continue  # the worker was killed under us: once more on a fresh one
                worker.documents += 1
                if not answer.get("ok"):
                    if answer.get("fatal"):
                        worker.stop()
                    staging.unlink(missing_ok=True)
                    raise ConversionError(
                        "LibreOffice không mở được tệp để chuyển sang PDF",
                        source=str(docx),
                        hint="mở tệp bằng Word, lưu lại dạng .docx rồi thử lại",
                    )
                try:
                    check_pdf(staging, expected_pages=expected_pages)
                    os.replace(staging, target)
                finally:
                    staging.unlink(missing_ok=True)
                return target
            raise AssertionError("unreachable")  # pragma: no cover
        finally:
            self._idle.put(worker)

    def convert_many(
        self, docx_files: Sequence[Path], out_dir: Path, *, timeout: float | None = None
    ) -> list[Outcome]:
        """Convert every file, all workers busy at once; one failure does not stop the batch.

        Returns one Outcome per input, in input order. Output names follow the input stems.
        """

        def one(path: Path) -> Outcome:
            try:
                return Outcome(path, self.convert(path, out_dir, timeout=timeout))
            except ConversionError as error:
                return Outcome(path, None, error)

        with ThreadPoolExecutor(self.size) as executor:
            return list(executor.map(one, docx_files))
