"""Clerks issuing at once make their documents at the same time (`docgen.archive.turns`), and the
register still decides every number: a clerk whose turn's number went to someone else makes its
document again with the number it gets. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path
from typing import Any

from docgen.archive import open_register
from docgen.model.register import EntryStatus
from docgen.services.issue import docx_text, issue
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_issue_concurrency import assert_consistent
from tests.integration.test_issue_service import fake_pdf, write_yaml


class SlowConverter:
    """A stand-in for LibreOffice that takes `seconds`, notes when it ran (in `log`, one JSON
    line per call) and, with `fail`, gives up at the end as a crashed conversion would."""

    def __init__(self, log: Path, seconds: float, *, fail: bool = False) -> None:
        self.log, self.seconds, self.fail = log, seconds, fail

    def __call__(self, docx: Path, out_dir: Path) -> Path:
        began = time.time()
        with self.log.open("a") as handle:  # written first: the test waits for it
            handle.write(json.dumps({"stem": docx.stem, "began": began, "end": None}) + "\n")
        time.sleep(self.seconds)
        if self.fail:
            raise RuntimeError("LibreOffice dừng giữa chừng")
        pdf = fake_pdf(docx, out_dir)
        with self.log.open("a") as handle:
            handle.write(json.dumps({"stem": docx.stem, "began": began, "end": time.time()}) + "\n")
        return pdf


def _clerk(root: str, url: str | None, label: str, seconds: float, fail: bool) -> None:
    folder = Path(root).parent
    source = write_yaml(
        folder / f"{label}.yaml", {**dispatch(1, 1, paragraphs=1), "trich_yeu": f"việc {label}"}
    )
    outcome: dict[str, Any]
    with open_register(Path(root), "BQL", database_url=url) as store:
        try:
            result = issue(
                source, REFERENCE_PROFILE, archive=Path(root), store=store,
                templates=templates_dir(),
                convert=SlowConverter(folder / f"{label}.log", seconds, fail=fail),
            )  # fmt: skip
        except Exception as error:
            outcome = {"error": str(error)}
        else:
            outcome = {"number": result.entry.number, "text": docx_text(result.docx.read_bytes())}
    (folder / f"{label}.json").write_text(json.dumps(outcome), "utf-8")


def _calls(folder: Path, label: str) -> list[dict[str, Any]]:
    path = folder / f"{label}.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _start(
    context: Any, root: Path, url: str | None, label: str, seconds: float, fail: bool
) -> Any:
    process = context.Process(target=_clerk, args=(str(root), url, label, seconds, fail))
    process.start()
    deadline = time.monotonic() + 60
    while not _calls(root.parent, label):  # its turn is taken: it is converting
        assert time.monotonic() < deadline and process.is_alive(), label
        time.sleep(0.01)
    return process


def _outcome(folder: Path, label: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((folder / f"{label}.json").read_text("utf-8"))
    return result


def _two_clerks(root: Path, url: str | None, first: tuple[float, bool], then: float) -> None:
    """Clerk "a" (conversion seconds, fails) takes its turn, then clerk "b"; both run to the end."""
    context = multiprocessing.get_context("spawn")
    clerks = [_start(context, root, url, "a", *first), _start(context, root, url, "b", then, False)]
    for process in clerks:
        process.join(timeout=120)
        assert process.exitcode == 0


def test_two_clerks_convert_at_the_same_time_and_each_document_bears_its_number(
    tmp_path: Path, database_url: str | None
) -> None:
    root = tmp_path / "archive"
    _two_clerks(root, database_url, (1.0, False), 1.0)
    a, b = _outcome(tmp_path, "a"), _outcome(tmp_path, "b")
    assert (a["number"], b["number"]) == (1, 2)
    assert "Số: 01/BQL-KHTH" in a["text"] and "Số: 02/BQL-KHTH" in b["text"]
    (done_a,), (done_b,) = ([c for c in _calls(tmp_path, x) if c["end"]] for x in "ab")
    assert done_b["began"] < done_a["end"]  # the second converted while the first did
    assert [c["stem"] for c in _calls(tmp_path, "b")] == ["02-BQL-KHTH"] * 2  # made once
    assert_consistent(root, database_url, 2)


def test_when_the_clerk_before_fails_the_next_one_makes_its_document_again_with_its_number(
    tmp_path: Path, database_url: str | None
) -> None:
    root = tmp_path / "archive"
    _two_clerks(root, database_url, (1.0, True), 0.1)
    assert "LibreOffice dừng giữa chừng" in _outcome(tmp_path, "a")["error"]
    b = _outcome(tmp_path, "b")
    assert b["number"] == 1  # the failed issue consumed no number
    assert "Số: 01/BQL-KHTH" in b["text"] and "Số: 02/" not in b["text"]
    made = [c["stem"] for c in _calls(tmp_path, "b") if c["end"]]
    assert made == ["02-BQL-KHTH", "01-BQL-KHTH"]  # made for its turn, then for its number
    assert_consistent(root, database_url, 1)
    with open_register(root, "BQL", database_url=database_url) as store:
        (only,) = store.entries(store.today().year)
        assert only.status is EntryStatus.ISSUED and only.number == 1
    assert not any(p.is_file() for p in (root / ".turns").rglob("*"))
