"""What a batch's worker processes do: render, check, convert and sign one document at a time.

Each worker loads the agency profile and compiles the template once (`CompiledRenderer`),
converts through its own resident LibreOffice (`ConversionPool` of one worker) started on its
first document, and opens the agency key once (PKCS#12 key derivation is ~80 ms of CPU, a third
of a document's work); nothing here touches the register or the archive (the parent records in
order).
A worker leaves when its parent ends, even killed alone (`_exit_with_parent`), and its
LibreOffice with it (a multiprocessing finaliser closes the pool; after a kill, the pool's worker
sees its pipe close and shuts soffice down).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import multiprocessing.connection
import multiprocessing.util
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.errors import SystemDependencyError
from docgen.inputs.profile import load_profile
from docgen.inputs.word import WordOptions
from docgen.model.agency import Agency
from docgen.model.document import Document, IssueDate
from docgen.render.convert import convert_to_pdf
from docgen.services.issue import Converter, Produced, produce, refuse_on_check_errors
from docgen.services.keys import KeyRing, fixed, open_keys, signer_keys
from docgen.services.render_batch import CompiledRenderer


@dataclass(frozen=True)
class WorkerSetup:
    """Everything a worker needs, picklable: paths, not open objects."""

    profile: Path
    templates: Path
    #: a module-level function (tests pass a fast one); None: the resident LibreOffice pool
    convert: Converter | None = None
    #: False: one `soffice` per document instead of the resident pool (a machine without UNO)
    pool: bool = True
    #: the Python that imports uno, found once by the parent (None: look it up here)
    uno_python: str | None = None
    #: the parent's levels of chatty library loggers (the CLI quiets pyHanko unless --verbose)
    log_levels: tuple[tuple[str, int], ...] = ()
    #: a Word draft the batch fills (its number, date and Kính gửi) instead of rendering YAML
    word_draft: Path | None = None
    #: (variable, secret) of the signing keys' PINs and passwords the parent was given
    secrets: tuple[tuple[str, str], ...] = field(default=(), repr=False)


class _Worker:
    def __init__(self, setup: WorkerSetup) -> None:
        self.setup = setup
        self.agency: Agency = load_profile(setup.profile)
        self.render: Callable[[Document], bytes]
        if setup.word_draft is not None:
            from docgen.services.issue_word import read_draft, word_renderer

            data = setup.word_draft.read_bytes()
            source = str(setup.word_draft)
            draft = read_draft(
                data, self.agency, WordOptions(), source=source, today=dt.date.today()
            )
            self.render = word_renderer(data, draft, self.agency, source=source)
        else:
            self.render = CompiledRenderer(self.agency, setup.templates).render
        self._convert: Converter | None = setup.convert
        self._keys = contextlib.ExitStack()
        self._rings: dict[tuple[str, ...], KeyRing | None] = {}

    def keys(self, document: Document) -> KeyRing | None:
        """The keys of `document`'s signers, opened on their first document and held for the
        worker's life (a PKCS#12 file's key derivation is ~80 ms; a token logs in once)."""
        people = tuple(signer_keys(document))
        if people not in self._rings:
            if not self._rings:
                multiprocessing.util.Finalize(self._keys, self._keys.close, exitpriority=10)
            secrets = fixed(dict(self.setup.secrets))
            self._rings[people] = self._keys.enter_context(
                open_keys(self.agency, people, secrets=secrets)
            )
        return self._rings[people]

    def converter(self) -> Converter:
        if self._convert is None:
            self._convert = self._start_converter()
        return self._convert

    def _start_converter(self) -> Converter:
        plain = functools.partial(convert_to_pdf, pdfa=self.agency.style.pdfa)
        if not self.setup.pool or self.agency.style.pdfa:
            return plain  # the pool exports plain PDF; PDF/A goes through soffice itself
        from docgen.render.pool import ConversionPool

        try:
            pool = ConversionPool(1, python=self.setup.uno_python)
        except SystemDependencyError:
            return plain  # no python3-uno: slower, same result
        multiprocessing.util.Finalize(pool, pool.close, exitpriority=10)
        return pool.convert


_worker: _Worker | None = None


def init(setup: WorkerSetup) -> None:
    """Process initialiser of a batch worker."""
    global _worker
    _exit_with_parent()
    for name, level in setup.log_levels:
        logging.getLogger(name).setLevel(level)
    _worker = _Worker(setup)


def _exit_with_parent() -> None:
    """End this worker as soon as the batch's process is gone. A pool worker waits on its task
    queue, whose write end it holds itself, so a parent killed alone (kill -9, the OOM killer)
    would leave it, and its resident LibreOffice, running for ever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="docgen-batch-parent", daemon=True).start()


def _current() -> _Worker:
    assert _worker is not None, "init() runs first in every worker"
    return _worker


def preflight(document: Document, source: str) -> None:
    """Render and check `document` as it will be issued, with a provisional number: CheckFailed
    (or the rendering error) before any number is taken."""
    worker = _current()
    numbered = replace(document, number=1)
    assert numbered.date.complete
    refuse_on_check_errors(worker.render(numbered), source=Path(source))


def make(document: Document, number: int, date: IssueDate, source: str) -> Produced:
    """The checked DOCX and the converted, signed PDF of `document` numbered `number`."""
    worker = _current()
    numbered = replace(document, number=number, date=date)
    return produce(
        numbered,
        worker.agency,
        render=worker.render,
        convert=worker.converter(),
        source=Path(source),
        keys=worker.keys(numbered),
    )
