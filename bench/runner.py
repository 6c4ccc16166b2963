"""Run one benchmark module in its own process (so its peak memory is its own) and write its
results as JSON: `python -m bench.runner NAME OUT.json`."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from bench.report import figure_dict


def main(name: str, out: Path) -> None:
    module = importlib.import_module(f"bench.{name}")
    raw = module.run() if hasattr(module, "run") else module.main()
    if hasattr(module, "report"):
        module.report(raw)  # the module's own human-readable lines
    figures = (
        [figure_dict(f) for f in module.to_figures(raw)] if hasattr(module, "to_figures") else []
    )
    out.write_text(json.dumps({"raw": raw, "figures": figures}, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
