"""The register check reads the history in chunks inside one snapshot: any chunk size gives the
same findings as reading it whole, and a clerk issuing while the check runs is not reported as
damage (both backends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from docgen.archive import history as h
from docgen.archive import integrity
from docgen.archive.db import Db
from docgen.archive.register import RegisterStore
from docgen.model.register import HANH_CHINH, Annotation, AnnotationKind, EntryKey
from tests.integration.conftest import issue_one

#: damage of several kinds at once: an edited payload, a deleted middle event, a deleted last
#: event and number row, an edited symbol, an event out of place, a lowered counter
DAMAGE = (
    "UPDATE events SET payload = replace(payload, 'việc số 3', 'việc khác') WHERE number = 3",
    "DELETE FROM events WHERE number = 4 AND type = 'issue'",
    "DELETE FROM events WHERE number = 9",
    "DELETE FROM numbers WHERE number = 9",
    "UPDATE numbers SET symbol = 'BQL-VP' WHERE number = 2",
    "UPDATE events SET type = 'cancel' WHERE number = 6 AND type = 'annotate'",
    "UPDATE counters SET last = 7 WHERE stream = 'hanh_chinh'",
)


@pytest.fixture
def nine(store: RegisterStore) -> RegisterStore:
    """Nine issued numbers, 06 recalled; the chain has eleven events."""
    for _ in range(8):
        issue_one(store)
    store.annotate(Annotation(AnnotationKind.THU_HOI, EntryKey(2024, HANH_CHINH, 6)))
    issue_one(store)
    return store


def _lines(report: integrity.IntegrityReport) -> list[str]:
    return [finding.line() for finding in report.findings]


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 10])
def test_any_chunk_size_gives_the_findings_of_the_whole_history(
    nine: RegisterStore, chunk: int
) -> None:
    intact = integrity.check(nine.db, chunk)
    assert intact.ok and intact.events == 10 and intact.numbers == 9
    for statement in DAMAGE:
        nine.db.execute(statement)
    whole = integrity.check(nine.db, 10_000)
    assert len(whole.findings) >= len(DAMAGE)
    assert _lines(integrity.check(nine.db, chunk)) == _lines(whole)
    assert integrity.check(nine.db, chunk).events == whole.events == 8


def test_chunks_are_read_in_order_without_overlap(nine: RegisterStore) -> None:
    seqs = [event.seq for event in integrity.events(nine.db, 3)]
    assert seqs == list(range(1, 11))
    nine.db.execute("DELETE FROM events WHERE seq IN (3, 4)")
    assert [event.seq for event in integrity.events(nine.db, 2)] == [1, 2, *range(5, 11)]


def test_issuing_while_the_check_runs_is_not_damage(
    nine: RegisterStore,
    open_store: Callable[..., RegisterStore],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another clerk issues two documents after the check has read its first chunk: the check
    sees the register as it was when it began (ten events), and finds nothing."""
    other = open_store()
    reader = integrity.events

    def interleaved(db: Db, chunk: int = integrity.CHUNK) -> Iterator[h.Event]:
        for index, event in enumerate(reader(db, chunk)):
            if index == 1:
                issue_one(other)
                issue_one(other, "qd", "QĐ-BQL")
            yield event

    monkeypatch.setattr(integrity, "events", interleaved)
    report = nine.check()
    assert report.findings == () and report.events == 10 and report.numbers == 9
    monkeypatch.undo()
    after = nine.check()
    assert after.ok and after.events == 12
