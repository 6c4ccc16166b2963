"""`make bench`: run every `bench/*_bench.py` in its own process and write one report (Markdown +
JSON) under bench/results/, also as latest.md / latest.json. `python -m bench render register` runs
a subset (and writes its report without touching latest.*)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import RESULTS, machine, markdown


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def run_one(name: str) -> dict[str, Any]:
    """Run bench/<name>.py in a child process; its figures plus its peak RSS and duration."""
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
        out = Path(scratch) / "result.json"
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "bench.runner", name, str(out)])
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        section: dict[str, Any] = {
            "name": name,
            "seconds": seconds,
            "peak_rss_mb": usage.ru_maxrss / 1024,
        }
        if child.returncode != 0 or not out.exists():
            section["error"] = f"exit code {child.returncode}"
        else:
            section.update(json.loads(out.read_text()))
    return section


def main(selected: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("*_bench.py"))
    if selected:
        names = [n for n in names if n.removesuffix("_bench") in selected]
    sections = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        sections.append(run_one(name))
    when = dt.datetime.now(dt.UTC)
    meta = {"when": when.isoformat(timespec="seconds"), "machine": machine(), "commit": _commit()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    text = markdown(sections, meta)
    data = json.dumps({"meta": meta, "sections": sections}, ensure_ascii=False, indent=1)
    targets = [RESULTS / f"{stamp}.md", RESULTS / f"{stamp}.json"]
    if not selected:
        targets += [RESULTS / "latest.md", RESULTS / "latest.json"]
    for path in targets:
        path.write_text(text if path.suffix == ".md" else data, "utf-8")
    print(f"\nReport: {targets[0]}" + (" (and latest.md / latest.json)" if not selected else ""))
    return 1 if any("error" in s for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
