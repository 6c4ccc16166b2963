"""The exchange's events in the register's history, and how they fold into a row's `exchange`.

Sending a document, a status coming back for it, receiving a package and reporting a status for
it are events of the register row concerned, hash-chained like every other change
(`docgen.archive.history`); no side table holds them. Folded, they give each row its
counterparts (`ExchangeLeg`): the receivers of an outgoing document with the last status each
reported, the sender of an incoming one with the last status reported back. The latest status
by its own timestamp wins, whatever order the packages arrived in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from docgen.model.exchange import ExchangeLeg, ExchangeStatus, Organ
from docgen.model.register import RegisterEntry

#: an outgoing row was sent by exchange: {"sent": date, "to": [{"code", "name"}], "package", …}
SENT = "exchange_sent"
#: a status came back for an outgoing row: {"from": {"code", "name"}, "status": "06", "at", …}
STATUS = "exchange_status"
#: an incoming row came as a package: {"source": dedup key, "from": {…}, "header": {…}, …}
RECEIVED = "exchange_received"
#: a status was reported back for an incoming row: {"to": {…}, "status": "03", "at", …}
REPORTED = "exchange_reported"
TYPES = (SENT, STATUS, RECEIVED, REPORTED)


def organ_data(organ: Organ) -> dict[str, str]:
    return {"code": organ.code, "name": organ.name}


def organ_from(data: Any) -> Organ:
    return Organ(str(data.get("code", "")), str(data.get("name", "")))


def _instant(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _with_status(leg: ExchangeLeg, data: dict[str, Any]) -> ExchangeLeg:
    at = _instant(data.get("at"))
    if leg.status_at is not None and at is not None and at < leg.status_at:
        return leg  # an older status arriving late changes nothing
    return replace(leg, status=ExchangeStatus.from_code(str(data["status"])), status_at=at)


def fold_exchange(entry: RegisterEntry, type_: str, data: dict[str, Any]) -> RegisterEntry:
    """`entry` after the exchange event `type_` with payload `data`."""
    legs = list(entry.exchange)
    codes = [leg.organ.code for leg in legs]
    if type_ == SENT:
        sent = dt.date.fromisoformat(data["sent"])
        for item in data.get("to", ()):
            organ = organ_from(item)
            if organ.code in codes:
                at = codes.index(organ.code)
                legs[at] = replace(legs[at], organ=organ, sent=sent)
            else:
                legs.append(ExchangeLeg(organ, sent=sent))
                codes.append(organ.code)
        return replace(entry, exchange=tuple(legs), dispatched=entry.dispatched or sent)
    if type_ == RECEIVED:
        return replace(entry, exchange=(ExchangeLeg(organ_from(data.get("from", {}))),))
    who = organ_from(data.get("from" if type_ == STATUS else "to", {}))
    if who.code in codes:
        at = codes.index(who.code)
        legs[at] = _with_status(legs[at], data)
    else:
        legs.append(_with_status(ExchangeLeg(who), data))
    return replace(entry, exchange=tuple(legs))
