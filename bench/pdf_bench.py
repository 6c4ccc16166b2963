"""PDF benchmark (issue 4): DOCX → PDF three ways in one run, then stamp + sign per document.

The same N copies of the reference dispatch (examples/bql-hanoi) are converted
- one `soffice` process per file (`convert_to_pdf` in a loop),
- one `soffice` call for all files (`convert_many`),
- the resident pool (`ConversionPool`, one worker per core; start-up reported apart),
and each PDF is then stamped (signature image) and signed (PAdES, visible seal) with a held key.
Targets on 2 cores: pool ≥ 10× faster than one process per file and faster than the single call;
stamp + sign ≤ 100 ms per document. Run: `python -m bench pdf` (N from DOCGEN_BENCH_PDF_COUNT,
default 100).
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.report import Figure

COUNT = int(os.environ.get("DOCGEN_BENCH_PDF_COUNT", "100"))
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bql-hanoi"


def _reference(work: Path) -> tuple[Path, str, str, str]:
    """The reference dispatch as DOCX, with its signer's position line, name and agency."""
    import datetime as dt

    from docgen.inputs.document import load_document
    from docgen.inputs.profile import load_profile
    from docgen.rules.blocks import signature_lines
    from docgen.services.draft import draft
    from docgen.services.settings import templates_dir

    source, profile = EXAMPLE / "bql-khth-moi-xet-chon-spcncl.yaml", EXAMPLE / "docgen.toml"
    today = dt.date(2024, 3, 5)
    out = work / "reference.docx"
    draft(source, profile, out, pdf=False, templates=templates_dir(), today=today)
    agency = load_profile(profile)
    document = load_document(source, agency, today=today)
    position = signature_lines(document.signature)[-1]
    return out, position, document.signature.name, agency.name


def _copies(docx: Path, folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = [folder / f"cv-{i:03d}.docx" for i in range(count)]
    for path in paths:
        shutil.copyfile(docx, path)
    return paths


def run(count: int = COUNT) -> dict[str, float]:
    """Seconds per document for each way, plus the pool's start-up and stamp+sign medians."""
    from docgen.pdf.devpki import make_dev_pki
    from docgen.pdf.devseal import make_dev_seal
    from docgen.pdf.pipeline import finish_main_document
    from docgen.pdf.sign import Pkcs12Signer, held
    from docgen.pdf.stamp import SignatureStamp
    from docgen.render.convert import convert_many, convert_to_pdf
    from docgen.render.pool import ConversionPool

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="docgen-bench-pdf-") as raw:
        work = Path(raw)
        docx, position, name, agency = _reference(work)
        files = _copies(docx, work / "in", count)

        times = []
        for path in files:
            start = time.perf_counter()
            convert_to_pdf(path, work / "per-file")
            times.append(time.perf_counter() - start)
        results["per_file"] = statistics.median(times)

        start = time.perf_counter()
        convert_many(files, work / "one-call")
        results["one_call"] = (time.perf_counter() - start) / count

        start = time.perf_counter()
        with ConversionPool() as pool:
            results["pool_start"] = time.perf_counter() - start
            start = time.perf_counter()
            outcomes = pool.convert_many(files, work / "pool")
            results["pool"] = (time.perf_counter() - start) / count
            results["pool_workers"] = pool.size
        failed = [o for o in outcomes if o.pdf is None]
        if failed:
            raise RuntimeError(f"{len(failed)} pool conversions failed: {failed[0].error}")

        pki = make_dev_pki(work / "pki", agency=agency, password="bench")
        images = make_dev_seal(work / "img", agency=agency, signer=name)
        stamp = SignatureStamp(position, name, images.signature)
        times = []
        with held(Pkcs12Signer(pki.agency_p12, "bench")) as signer:
            for outcome in outcomes:
                assert outcome.pdf is not None
                start = time.perf_counter()
                finish_main_document(
                    outcome.pdf, outcome.pdf.with_suffix(".signed.pdf"), signer,
                    signature=stamp, seal_image=images.seal,
                )  # fmt: skip
                times.append(time.perf_counter() - start)
        results["stamp_sign"] = statistics.median(times)
    return results


def to_figures(r: dict[str, float]) -> list[Figure]:
    per_file, one_call, pool = r["per_file"] * 1000, r["one_call"] * 1000, r["pool"] * 1000
    return [
        Figure(
            "convert: resident pool",
            "ms/document",
            pool,
            per_file,
            "one soffice per file",
            target="ratio <= 0.1 (10x faster)",
            met=pool * 10 <= per_file,
        ),
        Figure(
            "convert: resident pool",
            "ms/document",
            pool,
            one_call,
            "one soffice call for all",
            target="ratio < 1",
            met=pool < one_call,
        ),
        Figure(
            "convert: one soffice call for all",
            "ms/document",
            one_call,
            per_file,
            "one soffice per file",
        ),
        Figure(
            "stamp + sign (PAdES B-B, seal visible)",
            "ms/document",
            r["stamp_sign"] * 1000,
            target="<= 100 ms",
            met=r["stamp_sign"] <= 0.100,
        ),
    ]


def main() -> None:
    report(run())


def report(r: dict[str, float]) -> None:
    per_file = r["per_file"]
    print(f"{COUNT} copies of the reference dispatch; {r['pool_workers']:.0f} pool workers")
    print(f"{'way':<34}{'ms/doc':>10}{'vs per-file':>13}")
    rows = [
        ("one soffice per file (median)", r["per_file"]),
        ("one soffice call for all", r["one_call"]),
        ("resident pool (wall / docs)", r["pool"]),
    ]
    for label, seconds in rows:
        print(f"{label:<34}{seconds * 1000:>10.1f}{per_file / seconds:>12.1f}×")
    print(f"pool start-up (once): {r['pool_start']:.1f} s")
    print(f"stamp + sign per document (median): {r['stamp_sign'] * 1000:.1f} ms")
    checks = [
        ("pool ≥ 10× faster than one process per file", per_file / r["pool"] >= 10),
        ("pool faster than one call for all", r["pool"] < r["one_call"]),
        ("stamp + sign ≤ 100 ms", r["stamp_sign"] <= 0.100),
    ]
    for label, ok in checks:
        print(f"  {'đạt' if ok else 'CHƯA ĐẠT'}: {label}")


if __name__ == "__main__":
    main()
