"""PostgreSQL: append a number's event in one round trip (schema version 5).

While a stream's counter row is locked (from `allocate` to COMMIT), every round trip and every
millisecond of Python work delays the next issuer of that stream. On PostgreSQL, recording a new
number therefore runs server-side: `docgen_append_number` locks the chain head, reads what the
checks need (the stream's last issued date, a (number, symbol, year) clash, an earlier issue of
the same draft) with fresh snapshots taken after the lock, and — when none of them refuses —
inserts the number, the hash-chained event and the new chain head.

The call is queued like any write and travels with the next statement, usually the COMMIT: the
counter is then held for a single round trip after `allocate`. A refusal raises SQLSTATE DG001
with what the function read as JSON; the unit of work turns it into the clerk's message with the
same `checks.py` functions the SQLite path uses. The UNIQUE constraints stay the last line.

The event hash must be byte-identical to `history.event_hash`. Python computes everything of the
canonical form after the previous hash (`tail`); the server only prefixes `{"e":[<seq>,"<prev>"`,
which is what `json.dumps` gives for an integer and a 64-digit hex string — the function refuses
to write after a chain head that is not one. `docgen register check` recomputes every hash in
Python, and the integration tests compare whole chains written by both backends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from docgen.archive import history as h
from docgen.archive.db import Db
from docgen.errors import RegisterError
from docgen.model.register import EntryKey

#: the canonical form's start for seq 0 and an empty previous hash; `tail` is what follows
_PREFIX = '{"e":[0,""'

_FUNCTION = r"""CREATE OR REPLACE FUNCTION docgen_append_number(
    p_type text, p_agency text, p_year bigint, p_stream text, p_number bigint, p_symbol text,
    p_at text, p_payload text, p_date text, p_source text, p_tail text)
RETURNS void LANGUAGE plpgsql VOLATILE AS $body$
DECLARE
    v_seq bigint; v_prev text; v_last text; v_clash text; v_hash text;
    v_source events%ROWTYPE;
BEGIN
    -- The chain head first: each later statement of a volatile function takes a new snapshot,
    -- so the reads below see whatever the writer we may have waited for committed.
    SELECT c.seq, c.hash INTO v_seq, v_prev FROM chain_head c WHERE c.id = 1 FOR UPDATE;
    SELECT n.stream INTO v_clash FROM numbers n
        WHERE n.agency = p_agency AND n.year = p_year AND n.number = p_number
          AND n.symbol = p_symbol;
    IF p_type = 'issue' THEN
        SELECT e.doc_date INTO v_last FROM events e
            WHERE e.agency = p_agency AND e.year = p_year AND e.stream = p_stream
              AND e.type = 'issue' AND e.doc_date IS NOT NULL
            ORDER BY e.doc_date DESC LIMIT 1;
        IF p_source IS NOT NULL THEN
            SELECT * INTO v_source FROM events e
                WHERE e.agency = p_agency AND e.source = p_source AND e.type = 'issue';
        END IF;
    END IF;
    IF v_clash IS NOT NULL OR v_source.seq IS NOT NULL
       OR COALESCE(p_date::date < v_last::date, false)
       OR v_prev !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'DG001', MESSAGE = 'docgen: number refused',
            DETAIL = json_build_object(
                'year', p_year, 'stream', p_stream, 'number', p_number,
                'last_date', v_last, 'clash', v_clash, 'source_year', v_source.year,
                'source_number', v_source.number, 'source_symbol', v_source.symbol)::text;
    END IF;
    v_hash := encode(sha256(convert_to(
        '{"e":[' || (v_seq + 1)::text || ',"' || v_prev || '"' || p_tail, 'UTF8')), 'hex');
    INSERT INTO numbers (agency, year, stream, number, symbol)
        VALUES (p_agency, p_year, p_stream, p_number, p_symbol);
    INSERT INTO events (seq, prev_hash, hash, type, agency, year, stream, number, symbol, at,
                        payload, doc_date, source)
        VALUES (v_seq + 1, v_prev, v_hash, p_type, p_agency, p_year, p_stream, p_number,
                p_symbol, p_at, p_payload, p_date, p_source);
    UPDATE chain_head SET seq = v_seq + 1, hash = v_hash WHERE id = 1;
END
$body$"""

#: the SQLSTATE of a refusal; `detail` is JSON of what the function read
REFUSED = "DG001"

CALL = "SELECT docgen_append_number(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def migrate_v5(db: Db) -> None:
    """Create `docgen_append_number` on PostgreSQL (schema version 5); nothing on SQLite."""
    if db.backend.server_append:
        db.execute(_FUNCTION)


def tail(fields: Sequence[object]) -> str:
    """What follows `{"e":[<seq>,"<prev>"` in the canonical form `history.event_hash` hashes,
    for the event `fields` (type, agency, year, stream, number, symbol, at, payload text)."""
    whole = h.canonical({"e": [0, "", *fields]})
    assert whole.startswith(_PREFIX)
    return whole[len(_PREFIX) :]


def params(
    type_: str, agency: str, key: EntryKey, symbol: str, at: str, payload: Mapping[str, Any]
) -> tuple[object, ...]:
    """The arguments of `CALL` for the event `type_` of number `key` with `symbol`."""
    fields = (type_, agency, key.year, key.stream, key.number, symbol, at, h.canonical(payload))
    return (*fields, payload.get("date"), payload.get("source"), tail(fields))


class Refused(RegisterError):
    """The function refused a number; the unit of work turns `detail` into the clerk's message."""

    def __init__(self, detail: dict[str, Any]) -> None:
        super().__init__(
            f"sổ đăng ký không ghi số {detail.get('number')} (sổ {detail.get('stream')}, "
            f"năm {detail.get('year')})",
            hint="chạy lại; nếu vẫn lỗi, chạy `docgen register check` và báo người quản trị.",
        )
        self.detail = detail


def refused(detail_text: str | None) -> Refused:
    """The `Refused` for the DETAIL of a DG001 error."""
    try:
        detail = json.loads(detail_text or "{}")
    except ValueError:
        detail = {}
    return Refused(detail if isinstance(detail, dict) else {})
