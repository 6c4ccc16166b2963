"""End-to-end benchmark (issue 7): issue N one-page dispatches, one per recipient, numbered,
signed and filed, beside the straightforward pipeline measured in the same run; each stage's cost
per document; the peak memory of a batch of 1,000.

1. docgen: `plan_batch` + `run_batch` (2 workers, each with its own resident LibreOffice, real
   PAdES signing with a test PKI and seal) into a fresh SQLite archive, N = 300, run as a program
   of its own (bench/e2e_batch.py). Wall clock from reading the sheet to the last document filed,
   worker and LibreOffice start-up included (Python's imports, ~1 s per command, are not).
   Target: <= 200 ms/document. Its processes' memory and CPU are sampled from /proc.
2. baseline, sequential, on the first DOCGEN_BENCH_E2E_BASELINE rows (default 60) of the same
   sheet: `DocxTemplate(templates/official/cong-van.docx)` rendered with the context docgen builds
   (`build_context`, so both fill in the same text) and saved; one `soffice --convert-to pdf` per
   file (`convert_to_pdf`); the signature image stamped and the PDF signed with the seal visible
   (`finish_main_document`: pypdf/fpdf2 overlay + pyHanko, key opened once); PDF and DOCX copied
   into an archive folder. Target: ratio <= 0.2 (5x faster).
3. stages (bench/e2e_support.py), in this process, one thread, DOCGEN_BENCH_E2E_STAGES documents
   (default 50); render, PDF and sign have the baseline's steps beside them.
4. memory: the peak of the docgen processes (batch process + workers + the pool's UNO bridges,
   sum of their peaks; LibreOffice apart) of the batch of 1., and of a batch of
   DOCGEN_BENCH_E2E_MEMORY documents (default 1,000, signing on) with a stand-in converter
   (LibreOffice's PDF of the first document, reused; real LibreOffice with
   DOCGEN_BENCH_E2E_MEMORY_LO=1, ~3 minutes more). Target: <= 400 MB.

Run: `python -m bench e2e` (4-8 minutes on 2 cores). DOCGEN_BENCH_E2E_COUNT changes N.
The machine's load average is recorded: other work on the 2 cores slows the batch far more than
the sequential baseline.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.e2e_batch import measure_batch
from bench.e2e_support import DAY, PASSWORD, Fixture, fixture, measure_stages
from bench.report import Figure

COUNT = int(os.environ.get("DOCGEN_BENCH_E2E_COUNT", "300"))
BASELINE = int(os.environ.get("DOCGEN_BENCH_E2E_BASELINE", "60"))
STAGES = int(os.environ.get("DOCGEN_BENCH_E2E_STAGES", "50"))
MEMORY = int(os.environ.get("DOCGEN_BENCH_E2E_MEMORY", "1000"))
MEMORY_LO = os.environ.get("DOCGEN_BENCH_E2E_MEMORY_LO", "") == "1"
TARGET_MS, TARGET_RATIO, TARGET_MB = 200.0, 0.2, 400.0


# -- the straightforward pipeline ------------------------------------------------------------


def measure_baseline(fix: Fixture, count: int) -> dict[str, float]:
    """Sequential docxtpl → soffice → stamp + sign → copy, per document; medians per step."""
    from docxtpl import DocxTemplate

    from docgen.inputs.profile import load_profile
    from docgen.pdf.pipeline import finish_main_document
    from docgen.pdf.sign import Pkcs12Signer, held
    from docgen.pdf.stamp import SignatureStamp
    from docgen.render.context import build_context
    from docgen.render.convert import convert_to_pdf
    from docgen.rules.blocks import signature_lines
    from docgen.services.batch import plan_batch
    from docgen.services.settings import templates_dir

    agency = load_profile(fix.profile)
    plan = plan_batch(
        fix.dispatch, fix.sheet(count), fix.profile, one_per_recipient=True, today=DAY
    )
    template = templates_dir() / "cong-van.docx"
    out = fix.work / "baseline"
    archive = out / "archive"
    archive.mkdir(parents=True)
    signature = plan.items[0].document.signature
    signer_info = agency.signer(signature.key)
    assert agency.signing is not None and signer_info is not None
    stamp = SignatureStamp(
        signature_lines(signature)[-1], signature.name, Path(signer_info.signature_image)
    )
    steps: dict[str, list[float]] = {"render": [], "pdf": [], "sign": [], "copy": []}
    start = time.perf_counter()
    with held(Pkcs12Signer(Path(agency.signing.pkcs12), PASSWORD)) as key:
        for number, item in enumerate(plan.items, start=1):
            document = replace(item.document, number=number, date=plan.date)
            docx = out / f"{number:03d}.docx"
            t0 = time.perf_counter()
            rendered = DocxTemplate(str(template))
            rendered.render(build_context(document, agency))
            rendered.save(str(docx))
            t1 = time.perf_counter()
            pdf = convert_to_pdf(docx, out / "pdf")
            t2 = time.perf_counter()
            signed = out / f"{number:03d}-signed.pdf"
            finish_main_document(
                pdf, signed, key, signature=stamp, seal_image=Path(agency.signing.seal_image)
            )
            t3 = time.perf_counter()
            shutil.copyfile(signed, archive / f"{number:02d}-BQL-KHTH.pdf")
            shutil.copyfile(docx, archive / f"{number:02d}-BQL-KHTH.docx")
            t4 = time.perf_counter()
            for name, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                steps[name].append(seconds)
    wall = time.perf_counter() - start
    result = {"documents": float(count), "ms_per_document": wall / count * 1000}
    result["load_average_after"] = os.getloadavg()[0]
    result.update({f"{k}_ms": statistics.median(v) * 1000 for k, v in steps.items()})
    return result


# -- the benchmark ------------------------------------------------------------------------------


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="docgen-bench-e2e-") as raw:
        fix = fixture(Path(raw))
        results: dict[str, Any] = {
            "docgen": measure_batch(fix.work, fix.sheet(COUNT), COUNT, stand_in=False)
        }
        results["baseline"] = measure_baseline(fix, min(BASELINE, COUNT))
        results["stages"] = measure_stages(fix, STAGES)
        if MEMORY:
            sheet = fix.sheet(MEMORY)
            results["memory"] = measure_batch(fix.work, sheet, MEMORY, stand_in=not MEMORY_LO)
    return results


Row = tuple[str, float, float | None, str]


def _stage_rows(r: dict[str, Any]) -> list[Row]:
    """(stage, docgen ms/document, baseline ms/document or None, baseline label)."""
    s, b = r["stages"], r["baseline"]
    record = s.get("number: record", 0.0)
    return [
        ("draft: render (compiled template)", s["render"],
         s["baseline: docxtpl render + save"], "DocxTemplate render + save"),
        ("draft: format check of the issued bytes", s["check"], None, ""),
        ("number: reserve (share of one block) + record (its commit is in file)",
         s["number: reserve (share of the block)"] + record, None, ""),
        ("PDF: resident LibreOffice (pool of 1) + embedded-font check",
         s["pdf: convert"] + s.get("pdf: font check", 0.0), b["pdf_ms"], "one soffice per file"),
        ("seal + sign: stamp, PAdES B-B, seal visible (key held by the worker)", s["sign"],
         b["sign_ms"], "same stamp + sign, key opened once"),
        ("seal + sign: signature verdict for the catalogue", s.get("sign: verify", 0.0), None, ""),
        ("file: row + metadata, staging, one commit (register + catalogue), place, fsync",
         s["file"] - record, b["copy_ms"], "copy PDF + DOCX into a folder"),
        ("index: search text of the DOCX (in the worker)", s.get("index: text", 0.0), None, ""),
        ("index: catalogue + FTS5 row alone, own commit (in docgen: inside file's commit)",
         s["index: catalogue + FTS insert, own commit"], None, ""),
    ]  # fmt: skip


def _memory_figures(m: dict[str, Any], what: str) -> list[Figure]:
    # The group's peak is the largest total at one moment (sampled every 50 ms); the sum of each
    # process's own peak (VmHWM, exact) bounds it from above when the processes peak at
    # different times. The target is read on the first; the bound is shown beside it.
    mb = m["docgen_at_once_mb"]
    docgen = f"peak memory, {what}: docgen processes (batch + workers + UNO bridges, at once)"
    bound = f"peak memory, {what}: docgen processes, sum of each one's own peak (upper bound)"
    libreoffice = f"peak memory, {what}: LibreOffice (soffice, all at once)"
    return [
        Figure(docgen, "MB", mb, target=f"<= {TARGET_MB:g} MB", met=mb <= TARGET_MB),
        Figure(bound, "MB", m["docgen_sum_of_peaks_mb"]),
        Figure(libreoffice, "MB", m["libreoffice_at_once_mb"]),
    ]


def to_figures(r: dict[str, Any]) -> list[Figure]:
    d, b = r["docgen"], r["baseline"]
    n, sample = int(d["documents"]), int(b["documents"])
    ms = d["ms_per_document"]
    label = f"straightforward pipeline, sequential, sample of {sample} rows"
    stage = f"end to end: {n} one-page dispatches, one per recipient, signed and filed (2 workers)"
    figures = [
        Figure(
            stage, "ms/document", ms, b["ms_per_document"], label,
            target=f"ratio <= {TARGET_RATIO:g} (5x faster)",
            met=ms <= TARGET_RATIO * b["ms_per_document"],
        ),
        Figure(stage, "ms/document", ms, target=f"<= {TARGET_MS:g} ms/document", met=ms <= TARGET_MS),
        Figure(
            "end to end: CPU time per document / 2 cores (docgen + LibreOffice; the wall clock "
            "of an idle machine, start-up aside)",
            "ms/document", (d["cpu_docgen_ms_per_document"] + d["cpu_libreoffice_ms_per_document"]) / 2,
        ),
    ]  # fmt: skip
    for name, value, baseline, baseline_label in _stage_rows(r):
        figures.append(
            Figure(f"e2e stage, one thread: {name}", "ms/document", value, baseline, baseline_label)
        )
    figures += _memory_figures(d["memory"], f"batch of {n} (real LibreOffice)")
    if "memory" in r:
        m = r["memory"]
        what = f"batch of {int(m['documents']):,} ({m['converter']}, signing on)"
        # With the stand-in, LibreOffice ran once (for the PDF reused): no figure of its own.
        figures += _memory_figures(m["memory"], what)[: 3 if "pool" in m["converter"] else 2]
    return figures


def _print_memory(m: dict[str, Any], what: str, *, libreoffice: bool = True) -> None:
    print(
        f"peak memory, {what}: docgen {m['docgen_sum_of_peaks_mb']:.0f} MB = sum of the peaks of "
        f"{int(m['docgen_processes'])} processes (batch + workers "
        f"{m['batch_and_workers_sum_of_peaks_mb']:.0f}, UNO bridges and their `import uno` probes "
        f"{m['uno_bridges_sum_of_peaks_mb']:.0f}); {m['docgen_at_once_mb']:.0f} MB at once; "
        f"target <= {TARGET_MB:g} MB"
    )
    print("  " + ", ".join(f"{name} {mb:.0f}" for name, mb in m["docgen_peaks_mb"] if mb >= 1))
    if libreoffice:
        print(
            f"  LibreOffice: {m['libreoffice_at_once_mb']:.0f} MB at once "
            f"({int(m['libreoffice_processes'])} soffice processes over the run, sum of their "
            f"peaks {m['libreoffice_sum_of_peaks_mb']:.0f} MB); {int(m['samples'])} samples"
        )


def report(r: dict[str, Any]) -> None:
    d, b, s = r["docgen"], r["baseline"], r["stages"]
    n = int(d["documents"])
    print(f"end to end: {n} one-page dispatches, one per recipient, signed, filed into SQLite")
    print(f"{'':<46}{'ms/doc':>9}{'ratio':>8}")
    ratio = d["ms_per_document"] / b["ms_per_document"]
    print(f"{'docgen batch (2 workers, LibreOffice pool)':<46}{d['ms_per_document']:>9.1f}", end="")
    print(f"{ratio:>8.3f}   targets <= {TARGET_MS:g} ms, ratio <= {TARGET_RATIO:g}")
    sample = f"straightforward pipeline ({int(b['documents'])} rows)"
    print(f"{sample:<46}{b['ms_per_document']:>9.1f}")
    print(
        f"  docgen: {d['wall_s']:.1f} s; {d['before_first_number_s']:.1f} s before the first "
        f"number (plan, workers start, preflight render + check of every row, block reserved), "
        f"then {d['production_s']:.1f} s producing and filing"
    )
    cpu_docgen, cpu_lo = d["cpu_docgen_ms_per_document"], d["cpu_libreoffice_ms_per_document"]
    print(
        f"  parent recording {d['parent_recording_s']:.1f} s in all "
        f"({d['parent_recording_ms_median']:.1f} ms/document median); load average "
        f"{d['load_average_before']:.1f} before, {d['load_average_after']:.1f} after"
    )
    print(
        f"  CPU per document: docgen processes {cpu_docgen:.0f} ms + LibreOffice {cpu_lo:.0f} ms"
        f" = {cpu_docgen + cpu_lo:.0f} ms, i.e. {(cpu_docgen + cpu_lo) / 2:.0f} ms/document if "
        "both cores were the batch's alone"
    )
    print(
        f"  baseline per document (medians): render {b['render_ms']:.1f}, soffice "
        f"{b['pdf_ms']:.0f}, stamp + sign {b['sign_ms']:.1f}, copy {b['copy_ms']:.2f} ms"
    )
    print(f"stages, one thread, {int(s['documents'])} documents, medians in ms/document:")
    print(f"  {'stage':<84}{'docgen':>8}{'baseline':>10}")
    total = 0.0
    for name, value, baseline, _ in _stage_rows(r):
        total += 0.0 if "own commit" in name else value
        cell = f"{baseline:>10.1f}" if baseline is not None else f"{'—':>10}"
        print(f"  {name:<84}{value:>8.1f}{cell}")
    print(f"  {'sum (the own-commit index row is part of file)':<84}{total:>8.1f}")
    print(f"  (LibreOffice pool start-up: {s['pool_start_s']:.1f} s)")
    _print_memory(d["memory"], f"batch of {n} (real LibreOffice)")
    if "memory" in r:
        m = r["memory"]
        what = f"batch of {int(m['documents']):,} ({m['converter']})"
        _print_memory(m["memory"], what, libreoffice="pool" in m["converter"])


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()
