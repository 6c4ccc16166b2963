"""PostgreSQL writes a new number's event server-side (`docgen_append_number`); SQLite in Python.

The two must write the very same history: the same operations at the same clock give the same
events, byte for byte, hash chain included — for any text a clerk may type (quotes, backslashes,
control characters, Vietnamese, emoji). The server's refusals must reach the clerk as the same
messages as SQLite's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.archive import open_register
from docgen.archive.history import EVENT_COLUMNS
from docgen.archive.register import RegisterStore
from docgen.errors import RegisterError
from docgen.model.kinds import Kind
from docgen.model.register import RegisterEntry
from tests.integration.conftest import FixedClock
from tests.integration.pg import PgCluster

pytestmark = pytest.mark.postgres

NOW = dt.datetime(2024, 5, 10, 2, 0, tzinfo=dt.UTC)

#: text as typed or pasted: anything but NUL (PostgreSQL text cannot hold it) and lone surrogates
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
#: symbols by stream, apart so that (number, symbol, year) never clashes across streams
SYMBOLS = {"hanh_chinh": ["BQL-KHTH", 'X"\\Y', "BQL-KHTH\t"], "qd": ["QĐ-BQL", "TTr-BQL"]}


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, str, str, dict[str, object]]]:
    """(reserve|issue, stream, symbol, fields) in order."""
    ops = []
    for _ in range(draw(st.integers(1, 4))):
        fields: dict[str, object] = {
            "subject": draw(TEXT),
            "signer": draw(TEXT),
            "recipients": tuple(draw(st.lists(TEXT, max_size=3))),
            "note": draw(TEXT),
            "copies": draw(st.none() | st.integers(0, 10**6)),
        }
        action = draw(st.sampled_from(["issue", "issue", "reserve"]))
        stream = draw(st.sampled_from(sorted(SYMBOLS)))
        ops.append((action, stream, draw(st.sampled_from(SYMBOLS[stream])), fields))
    return ops


@pytest.fixture
def pair(pg_cluster: PgCluster, tmp_path: Path) -> Iterator[tuple[RegisterStore, RegisterStore]]:
    """(SQLite store, PostgreSQL store) on the same clock."""
    clock = FixedClock(NOW)
    url = pg_cluster.create_database()
    with (
        open_register(tmp_path / "sqlite", "BQL", clock=clock) as lite,
        open_register(tmp_path / "pg", "BQL", database_url=url, clock=clock) as pg,
    ):
        yield lite, pg


def _apply(
    store: RegisterStore, action: str, stream: str, symbol: str, fields: dict[str, object]
) -> None:
    with store.unit_of_work() as uow:
        if action == "reserve":
            uow.reserve(stream, symbol, year=2024, kind=Kind.CONG_VAN, **fields)
        else:
            number = uow.allocate(stream, 2024)
            uow.record_issue(
                RegisterEntry(
                    2024, stream, number, symbol, date=uow.today(), kind=Kind.CONG_VAN,
                    **fields,  # type: ignore[arg-type]
                )
            )  # fmt: skip
        uow.commit()


def _history(store: RegisterStore) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.db.all(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq")]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations())
def test_both_backends_write_the_same_history_for_any_text(
    pair: tuple[RegisterStore, RegisterStore], ops: list[tuple[str, str, str, dict[str, object]]]
) -> None:
    lite, pg = pair
    for op in ops:
        _apply(lite, *op)
        _apply(pg, *op)
    assert _history(pg) == _history(lite)
    assert pg.head() == lite.head()


def test_the_server_chain_checks_clean_and_continues_in_python(
    pair: tuple[RegisterStore, RegisterStore],
) -> None:
    _, pg = pair
    for index in range(5):
        _apply(pg, "issue", "hanh_chinh", "BQL-KHTH", {"subject": f"việc {index}"})
    held = pg.reserve("hanh_chinh", "BQL-KHTH", year=2024)
    pg.cancel(held.key, "không dùng")  # an event appended by Python after the server's
    _apply(pg, "issue", "hanh_chinh", "BQL-KHTH", {"subject": "sau khi hủy"})
    report = pg.check()
    assert report.ok, report
    assert [e.number for e in pg.entries(2024)] == [1, 2, 3, 4, 5, 6, 7]


def _refusal(
    store: RegisterStore, entry_for: dict[str, object], *, source: str | None = None
) -> str:
    with pytest.raises(RegisterError) as caught, store.unit_of_work() as uow:
        number = uow.allocate("hanh_chinh", 2024)
        uow.record_issue(
            RegisterEntry(
                2024, "hanh_chinh", number, str(entry_for.get("symbol", "BQL-KHTH")),
                date=entry_for.get("date", uow.today()), source=source,  # type: ignore[arg-type]
            )
        )  # fmt: skip
        uow.commit()
    return str(caught.value)


def test_refusals_read_the_same_on_both_backends(
    pair: tuple[RegisterStore, RegisterStore],
) -> None:
    messages: dict[str, list[str]] = {}
    for store in pair:
        found = messages.setdefault(store.db.backend.name, [])
        with store.unit_of_work() as uow:  # number 01 of the other stream, symbol QĐ-BQL
            number = uow.allocate("qd", 2024)
            uow.record_issue(RegisterEntry(2024, "qd", number, "QĐ-BQL", date=uow.today()))
            uow.commit()
        with store.unit_of_work() as uow:  # the draft "d1" issued as 01/BQL-KHTH
            number = uow.allocate("hanh_chinh", 2024)
            uow.record_issue(
                RegisterEntry(2024, "hanh_chinh", number, "BQL-KHTH", date=uow.today(), source="d1")
            )
            uow.commit()
        head = store.head()
        found.append(_refusal(store, {"date": dt.date(2024, 5, 9)}))  # before the last date
        found.append(_refusal(store, {}, source="d1"))  # the same draft again
        assert store.head() == head
    assert messages["postgresql"] == messages["sqlite"]
    assert "trước ngày" in messages["sqlite"][0]
    assert "đã được cấp số 01/BQL-KHTH năm 2024" in messages["sqlite"][1]


def test_a_clash_between_streams_is_refused_with_the_streams_name(
    pair: tuple[RegisterStore, RegisterStore],
) -> None:
    messages = []
    for store in pair:  # 01/QĐ-BQL issued in "qd", then number 01 of "hanh_chinh" with its symbol
        _apply(store, "issue", "qd", "QĐ-BQL", {})
        messages.append(_refusal(store, {"symbol": "QĐ-BQL"}))
    assert messages[0] == messages[1]
    assert "đã có trong sổ 'qd'" in messages[0]


def test_an_altered_chain_head_stops_the_server_append(
    pair: tuple[RegisterStore, RegisterStore],
) -> None:
    _, pg = pair
    _apply(pg, "issue", "hanh_chinh", "BQL-KHTH", {})
    before = _history(pg)
    pg.db.execute("UPDATE chain_head SET hash = 'not-a-hash' WHERE id = 1")
    message = _refusal(pg, {})
    assert "đầu chuỗi băm" in message and "register check" in message
    assert _history(pg) == before
