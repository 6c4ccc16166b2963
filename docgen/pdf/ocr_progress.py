"""An ocrmypdf plugin that reports its page progress to docgen (`docgen.pdf.ocr`).

ocrmypdf loads this file itself (`ocrmypdf --plugin …/ocr_progress.py`), in the Python that runs
ocrmypdf (Debian's `/usr/bin/python3`), so it imports nothing of docgen: only pluggy, which
ocrmypdf depends on. ocrmypdf's own progress bar is off when its stderr is not a terminal; the
bar class this plugin hands it ignores that (`disable`) and writes one line per update to
stderr instead, `PREFIX` then JSON: the stage's name, the updates so far, their total and the
unit scale (ocrmypdf counts a page's OCR stage as two half-pages).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pluggy import HookimplMarker

hookimpl = HookimplMarker("ocrmypdf")

#: what starts a progress line on ocrmypdf's stderr
PREFIX = "DOCGEN-OCR-PROGRESS "


class LineProgress:
    """A tqdm-like progress bar that writes `PREFIX {"desc", "n", "total", "scale"}` lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.desc = str(kwargs.get("desc", ""))
        self.total = float(kwargs.get("total") or 0)
        self.scale = float(kwargs.get("unit_scale") or 1)
        self.n = 0.0

    def __enter__(self) -> LineProgress:
        self._write()
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: float = 1, *args: Any, **kwargs: Any) -> None:
        completed = kwargs.get("completed")
        self.n = float(completed) if completed is not None else self.n + float(n or 0)
        self._write()

    def _write(self) -> None:
        line = {"desc": self.desc, "n": self.n, "total": self.total, "scale": self.scale}
        sys.stderr.write(PREFIX + json.dumps(line) + "\n")
        sys.stderr.flush()


@hookimpl
def get_progressbar_class() -> type[LineProgress]:
    return LineProgress
