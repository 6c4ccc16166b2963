"""Four clerks at once on one archive, on SQLite and on PostgreSQL: each one (its own process and
register connection) issues documents through the issue service (a fast stand-in converter),
files external PDFs, receives incoming PDFs and searches for what it has already seen, in a random
mix, for 15 s per backend (`make test`) or 120 s (`make soak`, DOCGEN_SOAK=1).

Afterwards: every number stream is exactly 1..n (no duplicate, no gap), every issued, filed and
received document is in the register and the catalogue, on disk with its checksum (and its units'
copies), and findable by its words and by its number; the filed documents' ordinals are distinct;
nothing is left in staging; `archive check` is clean; and no search during the run missed. The
figures are printed (pytest -s, or the test's captured output)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import random
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docgen.archive import catalogue, layout, open_register
from docgen.archive.metadata import decode
from docgen.archive.register import RegisterStore
from docgen.archive.staging import STAGING, sha256
from docgen.errors import DocgenError
from docgen.inputs.profile import load_profile
from docgen.model.register import DEN, EntryStatus
from docgen.services.archive import check_archive
from docgen.services.filing import file_pdf
from docgen.services.incoming import receive
from docgen.services.issue import issue, recover_staging
from docgen.services.search import parse, search
from docgen.services.settings import templates_dir
from tests.conftest import REFERENCE_PROFILE
from tests.integration import conftest as integration
from tests.integration.test_dispatch_layouts import dispatch
from tests.integration.test_filing_external import plain_pdf
from tests.integration.test_issue_service import fake_pdf, write_yaml

# the integration tests' backends: `backend_name` runs each test on SQLite and on PostgreSQL
pg_cluster = integration.pg_cluster
backend_name = integration.backend_name
database_url = integration.database_url

CLERKS = 4
SECONDS = 120.0 if os.environ.get("DOCGEN_SOAK") == "1" else 15.0
#: a clerk's day: mostly issuing, then searching, filing and receiving
KINDS = ("issue", "file", "receive", "search")
WEIGHTS = (35, 20, 20, 25)
AGENCY = "BQL"
YEAR = integration.DEFAULT_NOW.year
SENT = dt.date(YEAR, 5, 2)  #: the date on the incoming and filed documents (before "today")


@dataclasses.dataclass(frozen=True)
class Done:
    """One document a clerk issued, filed or received, as the clerk saw it."""

    kind: str
    doc_id: str
    notation: str  #: number/symbol as printed on the document
    token: str  #: a word only this document holds
    stream: str = ""  #: the register stream of its number ("" for a filed document)
    number: int = 0  #: its register number (its own number for a filed document)


class Clerk:
    """One clerk's session: its register connection, its documents, its tallies."""

    def __init__(self, store: RegisterStore, root: Path, work: Path, clerk: int) -> None:
        self.store, self.root, self.work, self.clerk = store, root, work, clerk
        self.agency = load_profile(REFERENCE_PROFILE)
        self.done: list[Done] = []
        self.ops: Counter[str] = Counter()
        self.searches = 0
        self.misses: list[str] = []
        self.filed = 0
        self.received = 0

    def issue(self, token: str) -> Done:
        data = {**dispatch(1, 1, paragraphs=1), "trich_yeu": f"kiểm tra {token} của văn thư"}
        result = issue(
            write_yaml(self.work / f"{token}.yaml", data),
            REFERENCE_PROFILE,
            archive=self.root,
            store=self.store,
            templates=templates_dir(),
            convert=fake_pdf,
        )
        entry = result.entry
        doc_id = f"di/{entry.year}/{entry.stream}/{entry.number}"
        return Done("issue", doc_id, entry.number_symbol, token, entry.stream, entry.number)

    def file(self, token: str) -> Done:
        self.filed += 1
        symbol = f"QĐ-UBND{self.clerk}"
        pdf = plain_pdf(self.work / f"{token}.pdf", text=f"Quyết định {token} của UBND")
        row = file_pdf(
            pdf, archive=self.root, store=self.store, agency=self.agency, number=self.filed,
            symbol=symbol, date=SENT, subject=f"giao nhiệm vụ {token}", holders=("KHTH",),
        )  # fmt: skip
        return Done("file", row.doc_id, f"{self.filed}/{symbol}", token, "", self.filed)

    def receive(self, token: str) -> Done:
        self.received += 1
        notation = f"{self.received}/SCT-KH{self.clerk}"
        pdf = plain_pdf(self.work / f"{token}.pdf", text=f"Công văn {token} của Sở Công Thương")
        got = receive(
            pdf, archive=self.root, store=self.store, agency=self.agency,
            sender="Sở Công Thương", notation=notation, date=SENT, to="KHTH",
            subject=f"đề nghị báo cáo {token}",
        )  # fmt: skip
        return Done("receive", got.row.doc_id, notation, token, DEN, got.entry.number)

    def search(self, rng: random.Random) -> None:
        seen = rng.choice(self.done)
        for text in (seen.token, seen.notation):
            self.searches += 1
            found = {row.doc_id for row in search(self.store, parse(text))}
            if seen.doc_id not in found:
                self.misses.append(f"clerk {self.clerk}: `{text}` did not find {seen.doc_id}")


def _clerk(root: str, url: str | None, clerk: int, seconds: float, barrier: Any, out: str) -> None:
    """A clerk process: work for `seconds` after all clerks are ready, then write its report."""
    report: dict[str, Any] = {"errors": []}
    rng = random.Random(1000 + clerk)
    work = Path(out).with_suffix("")
    work.mkdir(parents=True, exist_ok=True)
    clock = integration.FixedClock(integration.DEFAULT_NOW)
    try:
        with open_register(Path(root), AGENCY, database_url=url, clock=clock) as store:
            me = Clerk(store, Path(root), work, clerk)
            barrier.wait(timeout=300)
            deadline = time.monotonic() + seconds
            plan = [*rng.sample(KINDS[:3], 3), "search"]  # every kind at least once
            step = 0
            while plan or time.monotonic() < deadline:
                kind = plan.pop(0) if plan else rng.choices(KINDS, WEIGHTS)[0]
                step += 1
                token = f"hs{clerk}k{step}"
                try:
                    if kind == "search":
                        me.search(rng)
                    else:
                        me.done.append(getattr(me, kind)(token))
                    me.ops[kind] += 1
                except DocgenError as error:
                    report["errors"].append(f"clerk {clerk} {kind} {token}: {error.one_line()}")
            report.update(
                done=[dataclasses.asdict(d) for d in me.done],
                ops=dict(me.ops),
                searches=me.searches,
                misses=me.misses,
            )
    except Exception:
        report["errors"].append(f"clerk {clerk} stopped: {traceback.format_exc()}")
    Path(out).write_text(json.dumps(report, ensure_ascii=False), "utf-8")


def run_clerks(root: Path, url: str | None, reports: Path) -> list[dict[str, Any]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(CLERKS)
    outs = [reports / f"clerk-{c}.json" for c in range(CLERKS)]
    processes = [
        context.Process(target=_clerk, args=(str(root), url, c, SECONDS, barrier, str(outs[c])))
        for c in range(CLERKS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=SECONDS + 600)
    stuck = [p for p in processes if p.is_alive()]
    for process in stuck:
        process.kill()
        process.join()
    assert not stuck, f"{len(stuck)} clerks still running long after their time (a hang)"
    assert [p.exitcode for p in processes] == [0] * CLERKS
    return [json.loads(out.read_text("utf-8")) for out in outs]


def inconsistencies(root: Path, store: RegisterStore, done: list[Done]) -> list[str]:
    """Every disagreement between what the clerks saw and the register, catalogue and disk."""
    found: list[str] = []
    staging = root / STAGING
    if staging.exists() and any(staging.iterdir()):
        found.append(f"left in staging: {sorted(p.name for p in staging.iterdir())}")
    recover_staging(root, store)
    issued = [e for e in store.entries(YEAR) if e.status is EntryStatus.ISSUED]
    for stream in sorted({e.stream for e in issued} | {d.stream for d in done if d.stream}):
        numbers = sorted(e.number for e in issued if e.stream == stream)
        mine = sorted(d.number for d in done if d.stream == stream)
        if numbers != list(range(1, len(numbers) + 1)) or numbers != mine:
            found.append(f"stream {stream}: register {numbers}, clerks {mine}")
    rows = {row.doc_id: row for row in catalogue.all_rows(store.db, store.agency)}
    expected = {d.doc_id for d in done}
    if len(expected) != len(done):
        found.append("two clerks were told the same document id")
    found += [f"{d}: in the catalogue, no clerk filed it" for d in sorted(set(rows) - expected)]
    ordinals: list[int] = []
    for seen in done:
        row = rows.get(seen.doc_id)
        if row is None:
            found.append(f"{seen.doc_id}: missing from the catalogue")
            continue
        files = {f"{row.folder}/{n}": digest for n, digest in row.files.items()}
        files[f"{row.folder}/{row.stem}.json"] = row.metadata_sha
        for unit in row.holders[1:]:
            files[f"{layout.unit_folder(unit, row.year)}/{row.copy_name}"] = row.files[
                row.copy_name
            ]
        for relative, digest in sorted(files.items()):
            path = root / relative
            if not path.is_file() or sha256(path.read_bytes()) != digest:
                found.append(f"{seen.doc_id}: {relative} missing or not its checksum")
        if seen.kind == "file":
            metadata = decode((root / row.folder / f"{row.stem}.json").read_bytes())
            ordinals.append(int(metadata["DocOrdinal"]))
        for text in (seen.token, seen.notation):
            if seen.doc_id not in {r.doc_id for r in search(store, parse(text))}:
                found.append(f"{seen.doc_id}: not found by `{text}` after the run")
    if sorted(ordinals) != list(range(1, len(ordinals) + 1)):
        found.append(f"filed documents' DocOrdinal not 1..n: {sorted(ordinals)}")
    report = check_archive(root, store)
    found += [f"archive check: {p.line()}" for p in report.problems]
    return found


@pytest.mark.slow
def test_four_clerks_issue_file_receive_and_search_at_once(
    tmp_path: Path, backend_name: str, database_url: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "archive"
    reports = run_clerks(root, database_url, tmp_path)
    errors = [e for r in reports for e in r["errors"]]
    misses = [m for r in reports for m in r.get("misses", [])]
    done = [Done(**d) for r in reports for d in r.get("done", [])]
    ops: Counter[str] = Counter()
    for r in reports:
        ops.update(r.get("ops", {}))
    searches = sum(r.get("searches", 0) for r in reports)
    clock = integration.FixedClock(integration.DEFAULT_NOW)
    with open_register(root, AGENCY, database_url=database_url, clock=clock) as store:
        found = inconsistencies(root, store, done) if not errors else ["(not checked)"]
    with capsys.disabled():
        print(
            f"\n[reliability] mixed workload, {backend_name}, {CLERKS} clerks x {SECONDS:.0f} s: "
            + ", ".join(f"{kind}: {ops[kind]}" for kind in KINDS)
            + f"; searches {searches} (missed {len(misses)}); failed operations {len(errors)};"
            f" inconsistencies found {len(found)}"
        )
    assert errors == []
    assert misses == []
    assert found == []
    assert all(ops[kind] >= CLERKS for kind in KINDS)  # every clerk did every kind at least once


def _same_document(kind: str, root: str, url: str | None, pdf: str, barrier: Any, out: str) -> None:
    """One clerk receiving (or filing) the shared `pdf` the moment every clerk is ready."""
    clock = integration.FixedClock(integration.DEFAULT_NOW)
    try:
        with open_register(Path(root), AGENCY, database_url=url, clock=clock) as store:
            agency = load_profile(REFERENCE_PROFILE)
            barrier.wait(timeout=300)
            try:
                if kind == "receive":
                    receive(
                        Path(pdf), archive=Path(root), store=store, agency=agency,
                        sender="Sở Công Thương", notation="1744/HD-SCT", date=SENT,
                    )  # fmt: skip
                else:
                    file_pdf(
                        Path(pdf), archive=Path(root), store=store, agency=agency, number=12,
                        symbol="QĐ-UBND", date=SENT,
                    )  # fmt: skip
                outcome = "ok"
            except DocgenError as error:
                outcome = f"{type(error).__name__}: {error.message}"
    except Exception:
        outcome = f"unexpected: {traceback.format_exc()}"
    Path(out).write_text(outcome, "utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["receive", "file"])
def test_the_same_document_from_four_clerks_at_once_is_registered_once(
    tmp_path: Path, database_url: str | None, kind: str
) -> None:
    """PL6 III.1.h: a document is registered once, even when two clerks press the key together."""
    root = tmp_path / "archive"
    pdf = plain_pdf(tmp_path / "in.pdf", text="Hướng dẫn số 1744/HD-SCT")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(CLERKS)
    outs = [tmp_path / f"clerk-{c}.txt" for c in range(CLERKS)]
    processes = [
        context.Process(
            target=_same_document, args=(kind, str(root), database_url, str(pdf), barrier, str(o))
        )
        for o in outs
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=600)
    assert [p.exitcode for p in processes] == [0] * CLERKS
    outcomes = sorted(out.read_text("utf-8") for out in outs)
    assert outcomes[-1] == "ok" and outcomes.count("ok") == 1, outcomes
    # each other clerk is told the document is already registered (not a database error)
    refused = (
        "RegisterError: văn bản 1744/HD-SCT ngày 02/05/2024 của Sở Công Thương đã được vào sổ"
        if kind == "receive"
        else "ArchiveError: văn bản số 12/QĐ-UBND năm 2024 đã được lưu trước đây"
    )
    assert all(o.startswith(refused) for o in outcomes[:-1]), outcomes
    clock = integration.FixedClock(integration.DEFAULT_NOW)
    with open_register(root, AGENCY, database_url=database_url, clock=clock) as store:
        assert len(catalogue.all_rows(store.db, store.agency)) == 1
        assert [e.number for e in store.entries(YEAR, DEN)] == ([1] if kind == "receive" else [])
        assert check_archive(root, store).ok
