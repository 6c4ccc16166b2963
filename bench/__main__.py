"""`make bench`: run every `bench/*_bench.py` (each has a `main()` that measures docgen beside its
baseline in the same run and prints the ratio). `python -m bench render register` runs a subset."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(selected: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("*_bench.py"))
    if selected:
        names = [n for n in names if n.removesuffix("_bench") in selected]
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception as error:  # one broken benchmark must not hide the others' figures
            failed.append(name)
            print(f"FAILED: {type(error).__name__}: {error}")
        print(f"({time.perf_counter() - start:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
