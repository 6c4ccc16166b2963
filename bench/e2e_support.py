"""The end-to-end benchmark's fixture (a signing profile with a test PKI and seal, the one-page
dispatch of the batch tests, recipient sheets) and its stage measurement: one document of the
batch through the batch's own code (`produce`, then the batch's `_record`) in this process, one
thread, each step timed where docgen calls it. Used by bench/e2e_bench.py."""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DAY = dt.date(2024, 5, 10)
NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)
PASSWORD = "bench"


def clock() -> dt.datetime:
    """The register's clock: the batch tests' day, so the figures do not depend on today."""
    return NOW


@dataclass(frozen=True)
class Fixture:
    profile: Path  #: the example profile with [signing]: test PKI, seal, signature images
    dispatch: Path  #: a one-page công văn (tests/integration/batch_support.py)
    work: Path

    @classmethod
    def existing(cls, work: Path) -> Fixture:
        """The fixture `fixture(work)` made (in a child process)."""
        quiet()
        return cls(work / "docgen.toml", work / "cv.yaml", work)

    def sheet(self, count: int) -> Path:
        from tests.integration.batch_support import write_sheet

        return write_sheet(self.work / f"nguoi-nhan-{count}.csv", count)


#: the signers of the example profile and the labels of their SoftHSM2 tokens
SIGNERS = {"truong-ban": ("Lê Quang Long", "LQL"), "pho-truong-ban": ("Nguyễn Văn Ngân", "NVN")}
TOKEN_PIN = "2468"


def fixture(work: Path) -> Fixture:
    """The signing profile — the agency's key in a PKCS#12 file, each signer's own key on a
    SoftHSM2 token made here (the decree's two signatures) —, the dispatch; pyHanko's path
    tracebacks silenced as the CLI does. SOFTHSM2_CONF and the PINs go into the environment,
    inherited by the batch's child and its workers."""
    from docgen.inputs.profile import load_profile
    from docgen.inputs.profile_keys import signer_secret_envs
    from docgen.pdf.devpki import make_dev_pki
    from docgen.pdf.devseal import make_dev_seal
    from docgen.pdf.devtoken import make_dev_token, softhsm_config
    from tests.conftest import REFERENCE_PROFILE
    from tests.integration.batch_support import write_dispatch

    agency = load_profile(REFERENCE_PROFILE).name
    pki = make_dev_pki(work / "pki", agency=agency, password=PASSWORD)
    seal = make_dev_seal(work / "seal", agency=agency, signer="Nguyễn Văn Ngân")
    conf = softhsm_config(work / "softhsm")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    text = REFERENCE_PROFILE.read_text("utf-8")
    for key, (holder, label) in SIGNERS.items():
        token = make_dev_token(
            conf, pki, PASSWORD, label=label, pin=TOKEN_PIN, holder=holder, organisation=agency
        )
        os.environ[signer_secret_envs(key)[0]] = TOKEN_PIN
        text = text.replace(
            f"[signers.{key}]\n",
            f'[signers.{key}]\nsignature_image = "{seal.signature}"\n'
            f'token_label = "{label}"\npkcs11_module = "{token.module}"\n',
        )
    profile = work / "docgen.toml"
    profile.write_text(
        text + f'\n[signing]\npkcs12 = "{pki.agency_p12}"\nseal_image = "{seal.seal}"\n', "utf-8"
    )
    os.environ["DOCGEN_SIGN_PASSWORD"] = PASSWORD  # inherited by the workers and the child
    quiet()
    return Fixture(profile, write_dispatch(work / "cv.yaml"), work)


def quiet() -> None:
    """What `docgen` does unless --verbose; a batch's workers take these levels over."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


# -- stages ---------------------------------------------------------------------------------------


class Timers:
    """Seconds per stage, summed per document; module attributes wrapped while measuring."""

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.per_document: list[dict[str, float]] = []

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.current[stage] = self.current.get(stage, 0.0) + time.perf_counter() - start

        return timed

    @contextmanager
    def patched(self, targets: list[tuple[Any, str, str]]) -> Iterator[None]:
        saved = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
        for owner, name, stage in targets:
            setattr(owner, name, self.wrap(stage, getattr(owner, name)))
        try:
            yield
        finally:
            for owner, name, original in saved:
                setattr(owner, name, original)

    def next_document(self) -> None:
        self.per_document.append(self.current)
        self.current = {}

    def medians(self) -> dict[str, float]:
        stages = {s for d in self.per_document for s in d}
        return {
            s: statistics.median(d.get(s, 0.0) for d in self.per_document) * 1000 for s in stages
        }


def measure_stages(fix: Fixture, count: int) -> dict[str, float]:
    """Each stage of one document of the batch, in this process, one thread (milliseconds)."""
    import docgen.services.batch as batch
    import docgen.services.issue as issue
    from docgen.archive import catalogue, open_register
    from docgen.archive.staging import Staging
    from docgen.archive.unit_of_work import UnitOfWork
    from docgen.render.context import build_context
    from docgen.render.pool import ConversionPool
    from docgen.services.keys import open_keys, signer_keys
    from docgen.services.render_batch import CompiledRenderer
    from docgen.services.settings import templates_dir

    plan = batch.plan_batch(
        fix.dispatch, fix.sheet(count), fix.profile, one_per_recipient=True, today=DAY
    )  # fmt: skip
    agency = plan.agency
    renderer = CompiledRenderer(agency, templates_dir())
    template = templates_dir() / "cong-van.docx"
    archive = fix.work / "stages-archive"
    timers = Timers()
    rows: list[Any] = []
    insert_statements = catalogue.insert_statements

    def capture(backend: str, row: Any) -> Any:
        rows.append(row)
        return insert_statements(backend, row)

    targets = [
        (issue, "refuse_on_check_errors", "check"),
        (issue, "ensure_fonts_embedded", "pdf: font check"),
        (issue, "sign_issued", "sign"),
        (issue, "signature_verdict", "sign: verify"),
        (issue, "docx_text", "index: text"),
        (issue, "outgoing_filing", "file: row + metadata"),
        (issue, "stage", "file: staging"),
        (UnitOfWork, "record_issue", "number: record"),
        (UnitOfWork, "commit", "file: commit + fsync"),
        (Staging, "place", "file: place + fsync"),
    ]
    result: dict[str, float] = {"documents": float(count)}
    start = time.perf_counter()
    assert agency.signing is not None
    # the keys opened once and held, as each batch worker does
    keys = open_keys(agency, signer_keys(plan.items[0].document))
    with (
        ConversionPool(1) as pool,
        open_register(archive, "BQL", clock=clock) as store,
        keys as opened,
    ):
        result["pool_start_s"] = time.perf_counter() - start
        renderer.render(plan.items[0].document)  # compile the template (once per worker)
        start = time.perf_counter()
        entries = batch.reserve_block(store, plan)
        reserve_ms = (time.perf_counter() - start) / count * 1000
        catalogue.insert_statements = capture
        try:
            with timers.patched(targets):
                for item in plan.items:
                    entry = entries[item.rows[0].row]
                    numbered = replace(item.document, number=entry.number, date=plan.date)
                    baseline = timers.wrap("baseline: docxtpl render + save", _plain_render)
                    baseline(template, build_context(numbered, agency))
                    produced = issue.produce(
                        numbered, agency,
                        render=timers.wrap("render", renderer.render),
                        convert=timers.wrap("pdf: convert", pool.convert),
                        source=plan.source, keys=opened,
                    )  # fmt: skip
                    timers.wrap("file", batch._record)(store, archive, plan, item, produced)
                    timers.next_document()
        finally:
            catalogue.insert_statements = insert_statements
        result.update(timers.medians())
        result["number: reserve (share of the block)"] = reserve_ms
        result["index: catalogue + FTS insert, own commit"] = _index_alone(fix.work, rows)
    return result


def _plain_render(template: Path, context: dict[str, Any]) -> None:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(context)
    document.save(io.BytesIO())


def _index_alone(work: Path, rows: list[Any]) -> float:
    """Median ms to insert one catalogue row (documents + FTS5) in a transaction of its own."""
    from docgen.archive import catalogue, open_register

    times = []
    with open_register(work / "index-alone", "BQL", clock=clock) as store:
        db = store.db
        for row in rows:
            start = time.perf_counter()
            db.begin()
            db.commit(list(catalogue.insert_statements(db.backend.name, row)))
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
