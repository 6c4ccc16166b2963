"""Follow-up benchmark (issue 17): the follow-up list (`docgen.services.followup.my_work`, the
incoming part of "Việc của tôi") and the unit report (`followup.report`) over 100,000 incoming
documents, on SQLite and PostgreSQL; p50/p95 over repeated calls, target p95 <= 150 ms.

The documents (`DOCGEN_BENCH_FOLLOWUP_ROWS`, 100,000) arrive over two years up to TODAY, ~140 a
working day, across 4 lead units (KHTH, VP, QLDN, QHXD) and 41 people (a văn thư, 2 leaders, 4
unit heads, 34 chuyên viên): most done (filed, a few late), some handled within their deadline,
some overdue, the last days' still to present, assign or give, and a few forgotten at each step.

Each document's state is made by the services' own functions — `docgen.rules.processing.decide`
(the step, refused as a clerk's would be) then `processing_fold.fold_processing` — on its register
row, step by step at the step's instant, and its `processing` row is
`docgen.archive.processing.write_statements` of the result: the row the service writes. The rows
go in by executemany, 5,000 a transaction (the archive layer's bulk path, as `archive_bench`
fills the catalogue); the history's events are not written (the lists and the report never read
them). That these are the services' rows is checked in the same run: a few documents of every
kind taken through `docgen.services.processing` (present, assign, delegate, progress, close) in a
register of their own, then the same recipes through the bulk path, compared column by column.

Baseline measured beside each call, in the same run: a plain `SELECT COUNT(*) FROM processing`
of the agency (what reading every row's key costs the database on that table).

Knobs: DOCGEN_BENCH_FOLLOWUP_ROWS (100,000), DOCGEN_BENCH_FOLLOWUP_CALLS (200 per kind),
DOCGEN_BENCH_FOLLOWUP_BACKENDS (`sqlite,postgresql`), DOCGEN_BENCH_DATABASE_URL (a PostgreSQL
server instead of a private cluster on 127.0.0.1).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.report import Figure, backends_in

ROWS = int(os.environ.get("DOCGEN_BENCH_FOLLOWUP_ROWS", "100000"))
CALLS = int(os.environ.get("DOCGEN_BENCH_FOLLOWUP_CALLS", "200"))
BACKENDS = tuple(
    b.strip()
    for b in os.environ.get("DOCGEN_BENCH_FOLLOWUP_BACKENDS", "sqlite,postgresql").split(",")
)
TARGET_MS = 150.0
BATCH = 5000
AGENCY_CODE = "BQL"
#: the day the lists and the report are read (a Monday)
TODAY = dt.date(2025, 12, 15)
FIRST = dt.date(2024, 1, 2)
UNITS = ("KHTH", "VP", "QLDN", "QHXD")
SENDERS = (
    "Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Cục Thuế",
    "Công an Thành phố", "Ủy ban nhân dân Thành phố", "Công ty TNHH Phát triển KCN Thăng Long",
    "Bộ Kế hoạch và Đầu tư", "Sở Lao động – Thương binh và Xã hội", "Sở Xây dựng",
)  # fmt: skip
SUBJECTS = (
    "đề nghị cung cấp số liệu lao động", "góp ý dự thảo quy hoạch", "phòng cháy chữa cháy",
    "báo cáo tình hình thu hút đầu tư", "kiểm tra an toàn vệ sinh lao động",
    "giải quyết kiến nghị của doanh nghiệp", "chuyển đổi số", "bảo vệ môi trường",
)  # fmt: skip
KINDS = ("list: chuyên viên", "list: unit head", "list: leader", "list: văn thư",
         "report: every unit, a year", "report: one unit, a quarter")  # fmt: skip


def _people() -> dict[str, Any]:
    """41 people: username → Person."""
    from docgen.model.processing import Person

    found = [
        Person("vanthu", "Phạm Thị Lan", "van_thu", "VT"),
        Person("lanhdao", "Lê Quang Long", "lanh_dao", ""),
        Person("lanhdao2", "Nguyễn Văn Ngân", "lanh_dao", ""),
    ]
    for unit in UNITS:
        found.append(Person(f"tp{unit.lower()}", f"Trưởng phòng {unit}", "chuyen_vien", unit, True))
    for index in range(34):
        unit = UNITS[index % len(UNITS)]
        found.append(Person(f"cv{index + 1:02d}", f"Chuyên viên {index + 1}", "chuyen_vien", unit))
    return {p.username: p for p in found}


PEOPLE = _people()
LEADERS = ("lanhdao", "lanhdao2")
STAFF = {u: [p for p in PEOPLE.values() if p.unit == u and not p.unit_head] for u in UNITS}


# -- the documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """One incoming document: when it arrived and the steps taken on it, each (action, day,
    arguments of the service)."""

    year: int
    number: int
    arrival: dt.date
    sender: str
    notation: str
    subject: str
    steps: tuple[tuple[str, dt.date, dict[str, Any]], ...]


def recipes(count: int, seed: int = 17) -> Iterator[Recipe]:
    """`count` documents arriving from FIRST to TODAY (numbered from 1 each year), their steps
    drawn as an office takes them: presented the day they come, assigned within two days (a
    deadline of 7–20 days for 4 in 5), given to a person of the lead unit the next day, a
    progress note for 1 in 4, done after a few days (1 in 8 after its deadline); a document
    whose steps would fall after TODAY is where its last step before TODAY left it, and 1 in
    80 stops before each step (forgotten)."""
    from docgen.model.processing import ASSIGN, CLOSE, DELEGATE, PRESENT, PROGRESS

    rng = random.Random(seed)
    span = (TODAY - FIRST).days + 1
    numbers: Counter[int] = Counter()
    for index in range(count):
        arrival = FIRST + dt.timedelta(days=index * span // count)
        numbers[arrival.year] += 1
        unit = rng.choice(UNITS)
        leader = rng.choice(LEADERS)
        person = rng.choice(STAFF[unit])
        deadline = arrival + dt.timedelta(days=rng.randint(7, 20)) if rng.random() < 0.8 else None
        assigned = arrival + dt.timedelta(days=rng.randint(0, 2))
        given = assigned + dt.timedelta(days=rng.randint(0, 1))
        if deadline is not None and rng.random() < 0.125:  # done late
            done = deadline + dt.timedelta(days=rng.randint(1, 10))
        else:
            done = min(given + dt.timedelta(days=int(rng.expovariate(1 / 5))), deadline or TODAY)
            done = max(done, given)
        steps: list[tuple[str, dt.date, dict[str, Any]]] = [
            (PRESENT, arrival, {"by": "vanthu", "to": leader}),
            (ASSIGN, assigned, {"by": leader, "lead": unit, "deadline": deadline,
                                "instruction": "Giao phòng chủ trì tham mưu"}),
            (DELEGATE, given, {"by": f"tp{unit.lower()}", "to": person.username}),
        ]  # fmt: skip
        if rng.random() < 0.25:
            steps.append((PROGRESS, given, {"by": person.username, "note": "Đang tổng hợp"}))
        steps.append((CLOSE, done, {"by": person.username, "filed": True}))
        stop = len(steps)
        if rng.random() < 0.05:  # forgotten before one of the steps
            stop = rng.randint(0, 3)
        kept = tuple(s for s in steps[:stop] if s[1] <= TODAY and (s[1] < TODAY or s[0] != CLOSE))
        yield Recipe(
            arrival.year, numbers[arrival.year], arrival, rng.choice(SENDERS),
            f"{rng.randint(1, 2000)}/{rng.choice(('SCT', 'SKHĐT', 'UBND', 'CT'))}-VP",
            f"V/v {rng.choice(SUBJECTS)}", kept,
        )  # fmt: skip


def _instant(day: dt.date, order: int) -> dt.datetime:
    """The step's instant: 09:00 + `order` minutes, Vietnam."""
    from docgen.archive.register import vietnam

    return dt.datetime.combine(day, dt.time(9, order), tzinfo=vietnam())


def _entry(recipe: Recipe) -> Any:
    """The register row the receive service writes for `recipe` (no files)."""
    from docgen.model.register import DEN, RegisterEntry
    from docgen.services.incoming import INCOMING_SYMBOL

    return RegisterEntry(
        year=recipe.year, stream=DEN, number=recipe.number, symbol=INCOMING_SYMBOL,
        date=recipe.arrival, subject=recipe.subject, signer=recipe.sender,
        recipients=(recipe.notation, (recipe.arrival - dt.timedelta(days=2)).isoformat()),
    )  # fmt: skip


def _ask(action: str, arguments: dict[str, Any]) -> Any:
    from docgen.rules import processing as rules

    to = PEOPLE[arguments["to"]] if "to" in arguments else None
    return rules.Ask(
        to=to, lead=arguments.get("lead", ""), deadline=arguments.get("deadline"),
        instruction=arguments.get("instruction", ""), note=arguments.get("note", ""),
        filed=arguments.get("filed", False),
    )  # fmt: skip


def folded(recipe: Recipe, units: frozenset[str]) -> tuple[Any, str]:
    """(the register row with its handling after every step, the last step's timestamp): the
    steps decided and folded as `docgen.services.processing._step` does, each on its day."""
    from docgen.archive.processing_fold import TYPE_OF, fold_processing
    from docgen.model.processing import Handling
    from docgen.rules import processing as rules
    from docgen.services.processing import label

    entry = _entry(recipe)
    at = _instant(recipe.arrival, 0).isoformat(timespec="microseconds")
    for order, (action, day, arguments) in enumerate(recipe.steps, start=1):
        decision = rules.decide(
            entry.handling or Handling(), action, PEOPLE[arguments["by"]],
            _ask(action, arguments), today=day, units=units, arrival=entry.date,
            label=label(entry.key, day),
        )  # fmt: skip
        if decision.payload is None:
            raise AssertionError(f"{recipe.number}/{recipe.year} {action}: {decision.refused}")
        at = _instant(day, order).isoformat(timespec="microseconds")
        entry = fold_processing(entry, TYPE_OF[action], dict(decision.payload), at)
    return entry, at


def build(store: Any, count: int) -> dict[str, Any]:
    """`count` documents' `processing` rows, 5,000 a transaction; the seconds it took and how
    many ended at each stage."""
    from docgen.archive import processing as table
    from docgen.inputs.profile import load_profile
    from tests.conftest import REFERENCE_PROFILE

    units = frozenset(u.abbreviation for u in load_profile(REFERENCE_PROFILE).units)
    db = store.db
    began = time.perf_counter()
    stages: Counter[str] = Counter()
    overdue = 0
    pending: dict[str, list[Any]] = {}

    def flush() -> None:
        db.begin()
        for sql, params in pending.items():
            db.executemany(sql, params)
        db.commit()
        pending.clear()

    for index, recipe in enumerate(recipes(count), start=1):
        entry, at = folded(recipe, units)
        handling = entry.handling
        stages[handling.stage.value if handling else "cho_trinh"] += 1
        overdue += bool(handling and handling.closed_on is None and handling.due
                        and handling.due < TODAY)  # fmt: skip
        for sql, params in table.write_statements(store.agency, entry, at):
            pending.setdefault(sql, []).append(params)
        if index % BATCH == 0:
            flush()
    if pending:
        flush()
    db.execute("ANALYZE processing" if db.backend.name == "postgresql" else "ANALYZE")
    return {"seconds": time.perf_counter() - began, "stages": dict(stages), "overdue": overdue}


# -- the check: the bulk rows are the services' rows -------------------------------------------


def check_against_services(folder: Path, count: int = 40) -> dict[str, Any]:
    """`count` recipes taken through `docgen.services.processing` (a register of its own, SQLite,
    its clock at each step's instant), then through `build`'s path: the columns that differ
    (the last change's time apart; empty when they agree)."""
    from docgen.archive import open_register
    from docgen.archive import processing as table
    from docgen.inputs.profile import load_profile
    from docgen.model.processing import ASSIGN, CLOSE, DELEGATE, PRESENT, PROGRESS
    from docgen.services import processing
    from tests.conftest import REFERENCE_PROFILE

    agency = load_profile(REFERENCE_PROFILE)
    units = frozenset(u.abbreviation for u in agency.units)
    chosen = [r for r in recipes(4000, seed=5) if r.year == TODAY.year][-count:]
    now = [_instant(chosen[0].arrival, 0)]
    problems: list[str] = []
    with open_register(folder, AGENCY_CODE, clock=lambda: now[0]) as store:
        for recipe in chosen:
            now[0] = _instant(recipe.arrival, 0)
            with store.unit_of_work() as uow:
                number = uow.allocate("den", recipe.year)
                recorded = uow.record_issue(replace(_entry(recipe), number=number))
                uow.queue(table.write_statements(store.agency, recorded, now[0].isoformat()))
                uow.commit()
            key = recorded.key
            for order, (action, day, a) in enumerate(recipe.steps, start=1):
                now[0] = _instant(day, order)
                by = PEOPLE[a["by"]]
                if action == PRESENT:
                    processing.present(store, agency, key, by=by, to=a["to"], directory=PEOPLE)
                elif action == ASSIGN:
                    processing.assign(store, agency, key, by=by, lead=a["lead"],
                                      deadline=a["deadline"], instruction=a["instruction"])  # fmt: skip
                elif action == DELEGATE:
                    processing.delegate(store, agency, key, by=by, to=a["to"], directory=PEOPLE)
                elif action == PROGRESS:
                    processing.progress(store, agency, key, by=by, note=a["note"])
                elif action == CLOSE:
                    processing.close(store, agency, key, by=by, filed=True)
            service = store.db.one(
                f"SELECT {', '.join(table.COLUMNS)} FROM processing WHERE agency = ? AND year = ?"
                " AND number = ?",
                (store.agency, key.year, key.number),
            )
            entry, at = folded(replace(recipe, number=number), units)
            (_, bulk), *_ = table.write_statements(store.agency, entry, at)
            for column, a_value, b_value in zip(table.COLUMNS, service, bulk, strict=True):
                if column != "updated_at" and _text(a_value) != _text(b_value):
                    problems.append(f"{key.number}: {column} {a_value!r} != {b_value!r}")
    return {"documents": len(chosen), "steps": sum(len(r.steps) for r in chosen),
            "differences": problems[:20]}  # fmt: skip


def _text(value: object) -> object:
    return None if value is None else str(value)


# -- measuring ---------------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    return {"n": len(ordered), "p50": rank(0.5), "p95": rank(0.95),
            "mean": statistics.fmean(ordered)}  # fmt: skip


def calls(store: Any) -> dict[str, Callable[[random.Random], Any]]:
    from docgen.inputs.profile import load_profile
    from docgen.services import followup
    from tests.conftest import REFERENCE_PROFILE

    agency = load_profile(REFERENCE_PROFILE)
    staff = [p for ps in STAFF.values() for p in ps]
    heads = [PEOPLE[f"tp{u.lower()}"] for u in UNITS]
    year = dt.date(TODAY.year, 1, 1)
    quarter = dt.date(TODAY.year, 10, 1)
    return {
        "list: chuyên viên": lambda r: followup.my_work(store, r.choice(staff), today=TODAY),
        "list: unit head": lambda r: followup.my_work(store, r.choice(heads), today=TODAY),
        "list: leader": lambda r: followup.my_work(store, PEOPLE[r.choice(LEADERS)], today=TODAY),
        "list: văn thư": lambda r: followup.my_work(store, PEOPLE["vanthu"], today=TODAY),
        "report: every unit, a year": lambda r: followup.report(
            store, agency, date_from=year, date_to=TODAY, today=TODAY
        ),
        "report: one unit, a quarter": lambda r: followup.report(
            store, agency, date_from=quarter, date_to=TODAY, unit=r.choice(UNITS), today=TODAY
        ),
    }


def measure(store: Any) -> dict[str, Any]:
    """Each kind CALLS times (after 5 uncounted), interleaved with the baseline count."""
    rng = random.Random(3)
    kinds = calls(store)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    baseline: list[float] = []
    sizes: dict[str, Any] = {}
    for round_ in range(CALLS + 5):
        for kind, call in kinds.items():
            began = time.perf_counter()
            got = call(rng)
            took = (time.perf_counter() - began) * 1000
            began = time.perf_counter()
            store.db.one("SELECT COUNT(*) FROM processing WHERE agency = ?", (store.agency,))
            counted = (time.perf_counter() - began) * 1000
            if round_ >= 5:
                times[kind].append(took)
                baseline.append(counted)
            if round_ == 0:
                total = got.total  # a list's items in all, or the report's received
                sizes[kind] = total if isinstance(total, int) else total.received
    return {"kinds": {k: summary(v) for k, v in times.items()}, "baseline": summary(baseline),
            "shown": sizes}  # fmt: skip


def plans(store: Any) -> dict[str, list[str]]:
    """The query plans of the list's and the report's statements (EXPLAIN [QUERY PLAN])."""
    from docgen.model.processing import Stage

    db = store.db
    statements = {
        "waiting (assignee)": (  # as `processing.waiting` sends it
            "SELECT year FROM processing WHERE agency = ? AND assignee = ? AND stage = ? "
            "ORDER BY due, year, number LIMIT 200",
            [store.agency, "cv01", Stage.DANG_XU_LY.value],
        ),
        "count_waiting (văn thư)": (
            "SELECT COUNT(*) FROM processing WHERE agency = ? AND stage = ?",
            [store.agency, Stage.CHO_TRINH.value],
        ),
        "counts (every unit)": (
            "SELECT lead, COUNT(*) FROM processing WHERE agency = ? AND arrival >= ? AND "
            "arrival <= ? GROUP BY lead",
            [store.agency, f"{TODAY.year}-01-01", TODAY.isoformat()],
        ),
    }
    prefix = "EXPLAIN QUERY PLAN " if db.backend.name == "sqlite" else "EXPLAIN "
    found = {}
    for name, (sql, values) in statements.items():
        rows = db.all(prefix + sql, values)
        found[name] = [str(r[-1]) for r in rows]
    return found


def measure_backend(root: Path, url: str | None) -> dict[str, Any]:
    """ROWS documents seeded into a register of their own, then measured."""
    from docgen.archive import open_register

    with open_register(root, AGENCY_CODE, database_url=url) as store:
        return {"build": build(store, ROWS), **measure(store), "plans": plans(store)}


def run() -> dict[str, Any]:
    from bench.register_bench import postgres

    results: dict[str, Any] = {"rows": ROWS, "calls": CALLS, "today": TODAY.isoformat()}
    with tempfile.TemporaryDirectory(prefix="docgen-followup-bench-") as scratch:
        base = Path(scratch)
        results["check"] = check_against_services(base / "check")
        if "sqlite" in BACKENDS:
            results["sqlite"] = measure_backend(base / "sqlite", None)
        if "postgresql" in BACKENDS:
            with postgres() as url:
                if url is not None:
                    results["postgresql"] = measure_backend(base / "postgresql", url)
    return results


# -- the report --------------------------------------------------------------------------------


def to_figures(raw: dict[str, Any]) -> list[Figure]:
    figures = []
    for backend in backends_in(raw):
        r = raw[backend]
        for kind in KINDS:
            p95 = r["kinds"][kind]["p95"]
            figures.append(
                Figure(
                    f"follow-up: {kind}, p95, {raw['rows']:,} incoming documents, {backend}",
                    "ms/call",
                    p95,
                    r["baseline"]["p95"],
                    "SELECT COUNT(*) over the same table",
                    target=f"<= {TARGET_MS:g} ms",
                    met=p95 <= TARGET_MS,
                )
            )
    differences = len(raw["check"]["differences"])
    figures.append(
        Figure(
            "follow-up: bulk-seeded rows that differ from the services' rows",
            "columns",
            float(differences),
            target="0",
            met=differences == 0,
        )
    )
    return figures


def report(raw: dict[str, Any]) -> None:
    check = raw["check"]
    print(
        f"follow-up: {raw['rows']:,} incoming documents, read on {raw['today']}, {raw['calls']} "
        f"calls of each kind; bulk rows vs services: {check['documents']} documents, "
        f"{check['steps']} steps, {len(check['differences'])} differences"
    )
    for line in check["differences"][:5]:
        print(f"  difference: {line}")
    for backend in backends_in(raw):
        r = raw[backend]
        stages = ", ".join(f"{k} {v:,}" for k, v in sorted(r["build"]["stages"].items()))
        print(
            f"\n{backend}: seeded in {r['build']['seconds']:.1f} s ({stages}; overdue "
            f"{r['build']['overdue']:,})"
        )
        base = r["baseline"]
        print(f"  {'call':<34}{'p50':>8}{'p95':>8}{'in all':>8}  target (COUNT(*) p50 "
              f"{base['p50']:.2f}, p95 {base['p95']:.2f} ms)")  # fmt: skip
        for kind in KINDS:
            k = r["kinds"][kind]
            verdict = "met" if k["p95"] <= TARGET_MS else "MISSED"
            print(
                f"  {kind:<34}{k['p50']:>8.2f}{k['p95']:>8.2f}{r['shown'][kind]:>8}  "
                f"<= {TARGET_MS:g} ms: {verdict}"
            )
        for name, lines in r["plans"].items():
            print(f"  plan, {name}: " + " | ".join(lines))


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()
