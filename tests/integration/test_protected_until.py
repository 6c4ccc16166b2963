"""The remembered protections of signed files (`docgen.archive.protected`), on both databases:
written in a unit of work, read back by SHA-256, a second write of the same file changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.archive import open_register, protected
from docgen.archive.protected import Known


def test_protections_are_remembered_by_digest_once(
    tmp_path: Path, database_url: str | None
) -> None:
    until = dt.datetime(2034, 5, 1, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    first = Known(until, "dấu thời gian tài liệu của 'TSA'", 1)
    with open_register(tmp_path / "archive", "BQL", database_url=database_url) as store:
        assert protected.known(store.db) == {}
        for found in ({"a" * 64: first}, {"a" * 64: Known(until, "khác", 2), "b" * 64: first}):
            with store.unit_of_work() as uow:
                uow.queue(protected.remember(found))
                uow.commit()
        remembered = protected.known(store.db)
    assert set(remembered) == {"a" * 64, "b" * 64}
    assert remembered["a" * 64] == first  # the first write stands: the same bytes, the same facts
    assert remembered["b" * 64].until == until
