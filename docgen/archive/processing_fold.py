"""The processing of incoming documents in the register's history (ND30 Điều 23–24): each step —
presented, assigned, reassigned, given to a person, progress, done — is an event of the incoming
row, hash-chained like every other change (`docgen.archive.history`). Folded, they give the row
its `handling` (`docgen.model.processing.Handling`) through `docgen.rules.processing.apply`,
the same function the service computes the new state with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from docgen.model.processing import ACTIONS, Handling
from docgen.model.register import RegisterEntry
from docgen.rules.processing import apply

#: event type → action, and back: `processing_trinh`, `processing_phan_cong`, …
PREFIX = "processing_"
TYPE_OF = {action: PREFIX + action for action in ACTIONS}
ACTION_OF = {type_: action for action, type_ in TYPE_OF.items()}
TYPES = tuple(TYPE_OF.values())


def fold_processing(
    entry: RegisterEntry, type_: str, data: dict[str, Any], at: str
) -> RegisterEntry:
    """`entry` after the processing event `type_` with payload `data`, recorded at `at` (the
    event's ISO timestamp, Vietnamese time)."""
    current = entry.handling or Handling()
    instant = dt.datetime.fromisoformat(at)
    return replace(entry, handling=apply(current, ACTION_OF[type_], data, instant))
