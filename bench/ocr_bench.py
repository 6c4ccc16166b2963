"""OCR benchmark (issue 17): pages per minute through docgen's OCR path — the scans queued
(`docgen.services.ocr.submit`) and run by the queue's own command, `docgen ocr work`, in a child
process — beside ocrmypdf run on the same scanned files in the same run; target: docgen no slower
than 1.1× the bare ocrmypdf runs. Also how many pages are recognised at once (Tesseract
processes alive, sampled every 20 ms from /proc) and how many cores the queue keeps busy (CPU
seconds of `docgen ocr work` and its ocrmypdf runs over the wall clock): the queue should run
≥ 2 pages at once on 2 cores, i.e. keep both busy (target ≥ 1.8 cores). Tesseract is only one
stage of a page (Ghostscript renders it, ocrmypdf straightens it and grafts the text layer in
its own worker processes), so the Tesseract count understates the pages in progress.

The scans are made as tests/integration/test_ocr_scans.py makes them (`tests.support.scans`:
docgen's own documents issued through real LibreOffice, printed to 200-dpi grey images with
noise and a 1–2° turn, image-only PDFs), DOCGEN_BENCH_OCR_DOCUMENTS of them (4: ~6 pages).

Three runs over the same files, one after the other:

- `docgen`: every scan submitted to the queue, then `python -m docgen ocr work` until it is
  empty (ocrmypdf as `OcrEngine` calls it: `--jobs` = cores, `--skip-text`, `--deskew`,
  `--optimize 0`, the progress plugin, the sidecar; the results written to the job rows);
- `bare` (the target's baseline): ocrmypdf with exactly the engine's arguments, without the
  plugin, the files taken by as many runs at once as the queue runs jobs at once;
- `plain`: `ocrmypdf -l vie IN OUT` with ocrmypdf's defaults (PDF/A output through Ghostscript,
  optimisation on), one file after the other — what an administrator would try by hand.

Knobs: DOCGEN_BENCH_OCR_DOCUMENTS (4), DOCGEN_OCR_JOBS (the engine's --jobs, default the cores),
DOCGEN_OCR_WORKERS (the queue's workers in `docgen ocr work`, default 2).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.report import Figure

DOCUMENTS = int(os.environ.get("DOCGEN_BENCH_OCR_DOCUMENTS", "4"))
TARGET = 1.1  #: docgen's seconds over the bare ocrmypdf runs' seconds, at most
PAGES_AT_ONCE = 2.0  #: pages at once on 2 cores: the cores the queue keeps busy, at least …
CORE_SHARE = 0.9  #: … this share of them (a core's CPU time is never all OCR's)
SAMPLE_S = 0.02


class Sampler:
    """Counts the Tesseract processes alive on the machine every SAMPLE_S seconds (this bench's
    own: started after it began and gone when it ends), until stopped: their mean and most."""

    def __init__(self) -> None:
        self.counts: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            count = 0
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry.name}/comm") as comm:
                        count += comm.read().strip() == "tesseract"
                except OSError:
                    continue
            self.counts.append(count)
            self._stop.wait(SAMPLE_S)

    def figures(self) -> dict[str, float]:
        busy = [c for c in self.counts if c]
        return {
            "mean_while_busy": sum(busy) / len(busy) if busy else 0.0,
            "mean": sum(self.counts) / len(self.counts) if self.counts else 0.0,
            "max": float(max(self.counts, default=0)),
            "share_at_least_2": sum(1 for c in self.counts if c >= 2) / max(len(self.counts), 1),
        }


def _children_cpu() -> float:
    """CPU seconds of this process's waited-for children and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _repo() -> Path:
    return Path(__file__).resolve().parent.parent


def docgen_queue(scans: list[Path], root: Path, workers: int) -> dict[str, Any]:
    """Every scan submitted, then `docgen ocr work` until the queue is empty."""
    from docgen.archive import open_register
    from docgen.archive.queue import DONE
    from docgen.services import ocr as ocr_service
    from tests.conftest import REFERENCE_PROFILE

    with open_register(root, "BQL") as store:
        for path in scans:
            ocr_service.submit(path.read_bytes(), name=path.name, archive=root, store=store)
    env = {**os.environ, "DOCGEN_OCR_WORKERS": str(workers)}
    command = [sys.executable, "-m", "docgen", "ocr", "work", "--profile",
               str(REFERENCE_PROFILE), "--archive", str(root)]  # fmt: skip
    with Sampler() as sampler:
        began, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(
            command, cwd=_repo(), env=env, capture_output=True, text=True, timeout=3600,
            check=False,
        )  # fmt: skip
        wall, cpu = time.perf_counter() - began, _children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"docgen ocr work failed:\n{done.stderr[-3000:]}")
    with open_register(root, "BQL") as store:
        states = [
            str(row[0]) for row in store.db.all("SELECT state FROM ocr_jobs WHERE agency = ?",
                                                (store.agency,))
        ]  # fmt: skip
    return {"seconds": wall, "cores_used": cpu / wall, "at_once": sampler.figures(),
            "jobs": len(states),
            "done": sum(1 for s in states if s == DONE), "said": done.stdout.strip()}  # fmt: skip


def ocrmypdf_runs(scans: list[Path], out: Path, argv: Any, at_once: int) -> dict[str, Any]:
    """`argv(source, output, sidecar)` run on every scan, `at_once` at a time."""
    out.mkdir(parents=True, exist_ok=True)

    def one(path: Path) -> None:
        command = argv(path, out / path.name, out / f"{path.stem}.txt")
        subprocess.run(command, check=True, capture_output=True, timeout=3600)

    with Sampler() as sampler:
        began, cpu = time.perf_counter(), _children_cpu()
        with ThreadPoolExecutor(at_once) as pool:
            list(pool.map(one, scans))
        wall, cpu = time.perf_counter() - began, _children_cpu() - cpu
    return {"seconds": wall, "cores_used": cpu / wall, "at_once": sampler.figures()}


def run() -> dict[str, Any]:
    from docgen.pdf.ocr import scanned_pages
    from docgen.services import ocr as ocr_service
    from docgen.services.settings import ocr_workers
    from tests.support import scans

    engine = ocr_service.engine()
    if engine is None:
        raise RuntimeError("OCR is turned off (DOCGEN_OCRMYPDF=off)")
    workers = ocr_workers()
    with tempfile.TemporaryDirectory(prefix="docgen-ocr-bench-") as scratch:
        work = Path(scratch)
        began = time.perf_counter()
        made = scans.scan_all(scans.issue_fixtures(work / "issued", DOCUMENTS), work / "scans")
        paths = [f.scan for f in made if f.scan is not None]
        fixture_s = time.perf_counter() - began
        pages = sum(len(scanned_pages(p.read_bytes())) for p in paths)
        results: dict[str, Any] = {
            "documents": len(paths), "pages": pages, "cores": os.cpu_count(),
            "jobs": engine.jobs, "workers": workers, "fixtures_s": fixture_s,
            "load_average_before": os.getloadavg()[0],
        }  # fmt: skip
        results["docgen"] = docgen_queue(paths, work / "archive", workers)
        results["bare"] = ocrmypdf_runs(paths, work / "bare", engine.arguments, workers)
        results["plain"] = ocrmypdf_runs(
            paths,
            work / "plain",
            lambda source, out, _sidecar: [engine.command, "-l", engine.language, source, out],
            1,
        )
        for name in ("docgen", "bare", "plain"):
            results[name]["pages_per_minute"] = pages * 60 / results[name]["seconds"]
    return results


def to_figures(raw: dict[str, Any]) -> list[Figure]:
    docgen, bare, plain = raw["docgen"], raw["bare"], raw["plain"]
    ratio = docgen["seconds"] / bare["seconds"]
    cores = docgen["cores_used"]
    return [
        Figure(
            f"ocr: pages/minute through the queue (`docgen ocr work`, {raw['workers']} workers, "
            f"--jobs {raw['jobs']}), {raw['pages']} scanned pages, {raw['cores']} cores",
            "pages/min",
            docgen["pages_per_minute"],
            bare["pages_per_minute"],
            f"ocrmypdf with the engine's arguments, {raw['workers']} files at once",
            target=f"docgen's time <= {TARGET:g}× the baseline's",
            met=ratio <= TARGET and docgen["done"] == docgen["jobs"],
            better="higher",
        ),
        Figure(
            "ocr: pages/minute of plain `ocrmypdf -l vie` (its defaults), one file after another",
            "pages/min",
            plain["pages_per_minute"],
            better="higher",
        ),
        Figure(
            "ocr: cores the queue keeps busy (CPU seconds of `docgen ocr work` and its ocrmypdf "
            f"runs over the wall clock), {raw['cores']} cores",
            "cores",
            cores,
            bare["cores_used"],
            f"ocrmypdf with the engine's arguments, {raw['workers']} files at once",
            target=f">= {PAGES_AT_ONCE * CORE_SHARE:g} (2 pages at once on 2 cores)",
            met=cores >= PAGES_AT_ONCE * CORE_SHARE,
            better="higher",
        ),
        Figure(
            "ocr: Tesseract processes at once while the queue runs (mean while any runs; one "
            "stage of a page's work, so fewer than the pages in progress)",
            "processes",
            docgen["at_once"]["mean_while_busy"],
            better="higher",
        ),
    ]


def report(raw: dict[str, Any]) -> None:
    print(
        f"ocr: {raw['documents']} scans, {raw['pages']} pages, {raw['cores']} cores, "
        f"--jobs {raw['jobs']}, {raw['workers']} queue workers; fixtures made in "
        f"{raw['fixtures_s']:.0f} s; load average before {raw['load_average_before']:.1f}"
    )
    for name, what in (
        ("docgen", "docgen ocr work (the queue)"),
        ("bare", "ocrmypdf, the engine's arguments"),
        ("plain", "ocrmypdf -l vie, its defaults"),
    ):
        r = raw[name]
        a = r["at_once"]
        print(
            f"  {what:<36} {r['seconds']:7.1f} s {r['pages_per_minute']:6.1f} pages/min, "
            f"{r['cores_used']:.2f} cores busy; Tesseract at once: mean {a['mean_while_busy']:.2f} while busy, max "
            f"{a['max']:.0f}, ≥ 2 for {a['share_at_least_2']:.0%} of the time"
        )
    ratio = raw["docgen"]["seconds"] / raw["bare"]["seconds"]
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"  docgen / bare: {ratio:.2f}× (target <= {TARGET:g}×: {verdict}); queue: "
          f"{raw['docgen']['done']}/{raw['docgen']['jobs']} jobs done")  # fmt: skip


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()
