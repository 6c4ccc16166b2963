"""docgen's batch as a program of its own, timed from inside and sampled from outside, for
bench/e2e_bench.py (so the batch's process is only the batch, as with `docgen batch`).

`python -m bench.e2e_batch WORK SHEET [--stand-in]` runs `plan_batch` + `run_batch` (2 workers,
signing on) with the fixture of `bench.e2e_support.fixture(WORK)`, one document per row of
SHEET, and prints its timings as JSON: wall clock from reading the sheet to the last document
filed (worker and LibreOffice start-up included; Python's imports, ~1 s, not), the time before
the first number, and the time the parent spent recording. With --stand-in the converter is
`reused_pdf`: LibreOffice's PDF of the batch's first document, made once and copied for every
document, so stamping, signing, verifying and filing run for real on a real page while
LibreOffice's ~100 ms per page is left out (the 1,000-document memory figure).

A `Sampler` thread in the benchmark reads /proc every 50 ms (walking /proc/PID/task/*/children
from the batch's process, a fraction of a millisecond): each process's VmHWM (the kernel's own
peak of its resident memory; the last value seen, as it restarts at exec), the sum of VmRSS per
kind at that moment, and its CPU time. Kinds: `libreoffice` (soffice.bin, oosplash), `uno
bridge` (the pool's pool_worker.py and its `import uno` probe, run by the system python3) and
`docgen` (the batch's process, its workers, multiprocessing's resource tracker).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

#: the PDF `reused_pdf` copies (set by the batch program before its workers start)
REUSED_ENV = "DOCGEN_BENCH_E2E_PDF"
TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """The processes `pid` started and that still run (any of its threads may have started them)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:  # it ended meanwhile
        pass
    return found


@dataclass(frozen=True)
class _Seen:
    command: str
    kind: str
    name: str
    rss_kb: int
    hwm_kb: int
    cpu_s: float


def _kind(words: list[str]) -> str:
    command = " ".join(words)
    if "pool_worker.py" in command or "import uno" in command:  # the bridge, the pool's probe
        return "uno bridge"  # tested first: the bridge is given soffice's path
    return "libreoffice" if "soffice" in command or "oosplash" in command else "docgen"


def _name(words: list[str]) -> str:
    command = " ".join(words)
    for part, name in (
        ("resource_tracker", "resource tracker"),
        ("spawn_main", "batch worker"),
        ("pool_worker.py", "UNO bridge"),
        ("import uno", "UNO probe"),
        ("bench.e2e_batch", "batch"),
    ):
        if part in command:
            return name
    return " ".join(" ".join([Path(words[0]).name, *words[1:3]]).split())[:40]


def _look(pid: int, parent: str) -> _Seen | None:
    """`pid` now; None when it is gone, a zombie, or forked from `parent` (its command line) and
    not yet running its own program (then it shares its parent's pages)."""
    try:
        words = [w for w in Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0") if w]
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    values = {
        key: int(value.split()[0])
        for key, _, value in (line.partition(":") for line in status)
        if key in ("VmRSS", "VmHWM")
    }
    command = " ".join(words)
    if not words or "VmHWM" not in values or command == parent:
        return None
    name = _name(words)
    cpu = (int(stat[11]) + int(stat[12])) / TICK  # utime + stime
    return _Seen(command, _kind(words), name, values.get("VmRSS", 0), values["VmHWM"], cpu)


class Sampler(threading.Thread):
    """Samples `root` and its descendants every 50 ms until `finish()`."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.seen: dict[int, _Seen] = {}  #: pid -> its last sample (VmHWM: its peak)
        self.at_once: dict[str, int] = {}  #: kind -> largest sum of VmRSS kB at one sample
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.sample()

    def sample(self) -> None:
        now: dict[str, int] = {}
        pending = [(self.root, "")]
        while pending:
            pid, parent = pending.pop()
            seen = _look(pid, parent)
            if seen is not None:
                self.seen[pid] = seen
                now[seen.kind] = now.get(seen.kind, 0) + seen.rss_kb
                pending.extend((child, seen.command) for child in _children(pid))
        for kind, kb in now.items():
            self.at_once[kind] = max(self.at_once.get(kind, 0), kb)
        self.samples += 1

    def finish(self) -> dict[str, Any]:
        """Stop; the figures in MB and CPU seconds (each process's last < 50 ms is missed)."""
        self._done.set()
        self.join()
        peaks: dict[str, float] = {}
        counts: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for seen in self.seen.values():
            peaks[seen.kind] = peaks.get(seen.kind, 0.0) + seen.hwm_kb / 1024
            counts[seen.kind] = counts.get(seen.kind, 0.0) + 1
            cpu[seen.kind] = cpu.get(seen.kind, 0.0) + seen.cpu_s
        docgen = ("docgen", "uno bridge")
        listed = sorted(
            (s for s in self.seen.values() if s.kind != "libreoffice"), key=lambda s: -s.hwm_kb
        )
        return {
            "samples": float(self.samples),
            "cpu_s": cpu,
            #: the target's figure: batch process + workers + UNO bridges, sum of their peaks
            "docgen_sum_of_peaks_mb": sum(peaks.get(k, 0.0) for k in docgen),
            "docgen_processes": sum(counts.get(k, 0.0) for k in docgen),
            "batch_and_workers_sum_of_peaks_mb": peaks.get("docgen", 0.0),
            "uno_bridges_sum_of_peaks_mb": peaks.get("uno bridge", 0.0),
            "docgen_at_once_mb": sum(self.at_once.get(k, 0) for k in docgen) / 1024,
            "libreoffice_at_once_mb": self.at_once.get("libreoffice", 0) / 1024,
            "libreoffice_sum_of_peaks_mb": peaks.get("libreoffice", 0.0),
            "libreoffice_processes": counts.get("libreoffice", 0.0),
            "docgen_peaks_mb": [(s.name, round(s.hwm_kb / 1024, 1)) for s in listed],
        }


def measure_batch(work: Path, sheet: Path, count: int, *, stand_in: bool) -> dict[str, Any]:
    """Run the batch program on `sheet`, sampled; its timings plus memory and CPU."""
    command = [sys.executable, "-m", "bench.e2e_batch", str(work), str(sheet)]
    load = os.getloadavg()[0]
    child = subprocess.Popen(
        [*command, *(["--stand-in"] if stand_in else [])],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    sampler = Sampler(child.pid)
    sampler.start()
    out, _ = child.communicate()
    sampled = sampler.finish()
    if child.returncode != 0:
        raise RuntimeError(f"the batch of {count} documents exited with {child.returncode}")
    timings: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    if timings["issued"] != count:
        raise RuntimeError(f"the batch issued {timings['issued']} of {count}")
    cpu = sampled["cpu_s"]
    return {
        **timings,
        "converter": "stand-in (one LibreOffice PDF reused)" if stand_in else "LibreOffice pool",
        "ms_per_document": timings["wall_s"] / count * 1000,
        "cpu_docgen_ms_per_document": sum(cpu.get(k, 0.0) for k in ("docgen", "uno bridge"))
        / count
        * 1000,
        "cpu_libreoffice_ms_per_document": cpu.get("libreoffice", 0.0) / count * 1000,
        "load_average_before": load,
        "load_average_after": os.getloadavg()[0],
        "memory": sampled,
    }


def reused_pdf(docx: Path, out_dir: Path) -> Path:
    """A converter for the memory batch: a copy of the PDF named by DOCGEN_BENCH_E2E_PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{docx.stem}.pdf"
    shutil.copyfile(os.environ[REUSED_ENV], target)
    return target


def _stand_in(work: Path, plan: Any) -> None:
    from docgen.render.convert import convert_to_pdf
    from docgen.services.render_batch import render_document
    from docgen.services.settings import templates_dir

    first = replace(plan.items[0].document, number=1, date=plan.date)
    docx = work / "stand-in" / "first.docx"
    docx.parent.mkdir()
    docx.write_bytes(render_document(first, plan.agency, templates_dir()))
    os.environ[REUSED_ENV] = str(convert_to_pdf(docx, docx.parent))


def _batch(work: Path, sheet: Path, stand_in: bool) -> dict[str, Any]:
    """The batch, timed: wall clock, the time before the first number, the parent's recording."""
    import docgen.services.batch as batch
    from bench.e2e_support import DAY, Fixture, clock
    from docgen.archive import open_register
    from docgen.services.settings import templates_dir

    fix = Fixture.existing(work)
    archive = work / f"archive-{sheet.stem}"
    record = batch._record
    recording: list[float] = []
    marks: dict[str, float] = {}

    def timed_record(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return record(*args, **kwargs)
        finally:
            recording.append(time.perf_counter() - start)

    def progress(done: int, total: int, label: str) -> None:
        del total, label
        marks.setdefault("first" if done == 0 else "first_filed", time.perf_counter())

    batch._record = timed_record
    start = time.perf_counter()
    plan = batch.plan_batch(fix.dispatch, sheet, fix.profile, one_per_recipient=True, today=DAY)
    if stand_in:
        _stand_in(work, plan)
        start = time.perf_counter()  # the one conversion for the stand-in is not the batch's
    with open_register(archive, "BQL", clock=clock) as store:
        result = batch.run_batch(
            plan, archive=archive, store=store, templates=templates_dir(), jobs=2,
            convert=reused_pdf if stand_in else None, progress=progress,
        )  # fmt: skip
    wall = time.perf_counter() - start
    _spot_check(archive, result)
    return {
        "documents": float(len(plan.items)),
        "issued": result.issued_now,
        "wall_s": wall,
        #: plan, worker start-up, preflight (render + check of every row), reserving the block
        "before_first_number_s": marks["first"] - start,
        "production_s": start + wall - marks["first"],
        "parent_recording_s": sum(recording),
        "parent_recording_ms_median": statistics.median(recording) * 1000,
    }


def _spot_check(archive: Path, result: Any) -> None:
    """The last document is there, byte for byte, and its signature is intact."""
    import hashlib

    from docgen.services.filing import INTACT, signature_verdict
    from docgen.services.issue import folder_for

    entry = result.entries[-1][1]
    pdf = next(name for name in entry.files if name.endswith(".pdf"))
    path = archive / folder_for(entry) / pdf
    if hashlib.sha256(path.read_bytes()).hexdigest() != entry.files[pdf]:
        raise RuntimeError(f"{path}: checksum differs from the register")
    if signature_verdict(path) != INTACT:
        raise RuntimeError(f"{path}: signature not intact")


if __name__ == "__main__":
    timings = _batch(Path(sys.argv[1]), Path(sys.argv[2]), "--stand-in" in sys.argv[3:])
    print(json.dumps(timings), flush=True)
