"""Peak memory of a batch (issue 7: <= 400 MB for 1,000 documents, LibreOffice excluded and
reported apart), for bench/e2e_bench.py.

A `Sampler` thread reads /proc every 50 ms (walking /proc/PID/task/*/children from the root, a
fraction of a millisecond): each descendant process's VmHWM (the kernel's own peak of its
resident memory, kept per process) and the sum of VmRSS per kind at that moment.
Kinds: `libreoffice` (soffice.bin, oosplash), `uno bridge` (the pool's pool_worker.py, run by the
system python3 with uno) and `docgen` (the batch's process, its workers, multiprocessing's helper).

`python -m bench.e2e_memory WORK SHEET [--libreoffice]` is the batch measured: the fixture of
`bench.e2e_support.fixture(WORK)`, one document per row of SHEET, 2 workers, signing on. Without
--libreoffice its converter is a stand-in (`reused_pdf`): LibreOffice's PDF of the batch's first
document, made once and copied for every document, so stamping, signing, verifying and filing
run for real on a real page while LibreOffice's ~100 ms per page is left out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

#: the PDF `reused_pdf` copies (set by the child before the workers start; they inherit it)
REUSED_ENV = "DOCGEN_BENCH_E2E_PDF"


def _children(pid: int) -> list[int]:
    """The processes `pid` started and that still run (any of its threads may have started them)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:  # it ended meanwhile
        pass
    return found


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) of `pid` in kB, or None once it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {
        key: int(value.split()[0])
        for key, _, value in (line.partition(":") for line in lines)
        if key in ("VmRSS", "VmHWM")
    }
    if "VmHWM" not in values:
        return None  # a zombie
    return values.get("VmRSS", 0), values["VmHWM"]


def _kind(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"
    if "pool_worker.py" in command or "import uno" in command:  # the bridge, the pool's probe
        return "uno bridge"  # before soffice: the bridge is given soffice's path
    return "libreoffice" if "soffice" in command or "oosplash" in command else "docgen"


def _name(pid: int) -> str:
    """What the process is, in a few words: its program and the module or script it runs."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return "?"
    shown = [Path(words[0]).name, *(w for w in words[1:3] if w and not w.startswith("--"))]
    return " ".join(" ".join(shown).split())[:60]


class Sampler(threading.Thread):
    """Samples `root` and its descendants every 50 ms until `finish()`; `summary()` in MB."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, tuple[str, int]] = {}  #: pid -> (kind, VmHWM kB)
        self.names: dict[int, str] = {}
        self.at_once: dict[str, int] = {}  #: kind -> largest sum of VmRSS kB at one sample
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.sample()

    def sample(self) -> None:
        now: dict[str, int] = {}
        pending = [self.root]
        while pending:
            pid = pending.pop()
            pending.extend(_children(pid))
            status = _status_kb(pid)
            if status is None:
                continue
            if pid not in self.peaks:
                self.names[pid] = _name(pid)
            kind, peak = self.peaks.get(pid) or (_kind(pid), 0)
            self.peaks[pid] = (kind, max(peak, status[1]))
            now[kind] = now.get(kind, 0) + status[0]
        for kind, kb in now.items():
            self.at_once[kind] = max(self.at_once.get(kind, 0), kb)
        self.samples += 1

    def finish(self) -> dict[str, Any]:
        self._done.set()
        self.join()
        sums: dict[str, float] = {}
        counts: dict[str, float] = {}
        for kind, kb in self.peaks.values():
            sums[kind] = sums.get(kind, 0.0) + kb / 1024
            counts[kind] = counts.get(kind, 0.0) + 1
        docgen = ("docgen", "uno bridge")
        return {
            "samples": float(self.samples),
            #: the target's figure: batch process + workers + UNO bridges, sum of their peaks
            "docgen_sum_of_peaks_mb": sum(sums.get(k, 0.0) for k in docgen),
            "docgen_processes": sum(counts.get(k, 0.0) for k in docgen),
            "batch_and_workers_sum_of_peaks_mb": sums.get("docgen", 0.0),
            "uno_bridges_sum_of_peaks_mb": sums.get("uno bridge", 0.0),
            "docgen_at_once_mb": sum(self.at_once.get(k, 0) for k in docgen) / 1024,
            "libreoffice_at_once_mb": self.at_once.get("libreoffice", 0) / 1024,
            "libreoffice_sum_of_peaks_mb": sums.get("libreoffice", 0.0),
            "libreoffice_processes": counts.get("libreoffice", 0.0),
            "docgen_peaks_mb": sorted(
                (
                    (self.names[pid], round(kb / 1024, 1))
                    for pid, (kind, kb) in self.peaks.items()
                    if kind != "libreoffice"
                ),
                key=lambda pair: -pair[1],
            ),
        }


def measure_memory(work: Path, sheet: Path, count: int, *, libreoffice: bool) -> dict[str, Any]:
    """The batch of `sheet` run as its own program (so its process is only the batch), sampled."""
    command = [sys.executable, "-m", "bench.e2e_memory", str(work), str(sheet)]
    start = time.perf_counter()
    child = subprocess.Popen(
        [*command, *(["--libreoffice"] if libreoffice else [])],
        cwd=Path(__file__).resolve().parents[1],
    )
    sampler = Sampler(child.pid)
    sampler.start()
    code = child.wait()
    summary = sampler.finish()
    if code != 0:
        raise RuntimeError(f"the batch of {count} documents exited with {code}")
    return {
        "documents": float(count),
        "converter": "LibreOffice pool" if libreoffice else "stand-in (one LibreOffice PDF reused)",
        "wall_s": time.perf_counter() - start,
        **summary,
    }


def reused_pdf(docx: Path, out_dir: Path) -> Path:
    """A converter for the memory batch: a copy of the PDF named by DOCGEN_BENCH_E2E_PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{docx.stem}.pdf"
    shutil.copyfile(os.environ[REUSED_ENV], target)
    return target


def _child(work: Path, sheet: Path, libreoffice: bool) -> None:
    from bench.e2e_support import DAY, Fixture, clock
    from docgen.archive import open_register
    from docgen.render.convert import convert_to_pdf
    from docgen.services.batch import plan_batch, run_batch
    from docgen.services.render_batch import render_document
    from docgen.services.settings import templates_dir

    fix = Fixture.existing(work)
    archive = work / "memory-archive"
    plan = plan_batch(fix.dispatch, sheet, fix.profile, one_per_recipient=True, today=DAY)
    convert = None
    if not libreoffice:
        first = replace(plan.items[0].document, number=1, date=plan.date)
        docx = work / "memory-first" / "first.docx"
        docx.parent.mkdir()
        docx.write_bytes(render_document(first, plan.agency, templates_dir()))
        os.environ[REUSED_ENV] = str(convert_to_pdf(docx, docx.parent))
        convert = reused_pdf
    with open_register(archive, "BQL", clock=clock) as store:
        result = run_batch(
            plan, archive=archive, store=store, templates=templates_dir(), jobs=2, convert=convert
        )
    print(f"memory batch: {result.issued_now} documents issued", flush=True)


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), "--libreoffice" in sys.argv[3:])
