"""The people of the office, read from the tables the web application keeps beside the register
(Django's `auth_user` and docgen's `web_member`, in the same database: `docgen.web.models`).

One list of people for the web application, the command line and the daily digest: who may
present, assign or handle an incoming document, which unit they are in, whether they head it,
their e-mail address. Read-only here; people are created and changed in the web application
(`docgen web createuser`, the administrator's pages). A register without the web application's
tables has no people.
"""

from __future__ import annotations

from docgen.archive.db import Db
from docgen.model.processing import Person

_SELECT = (
    "SELECT u.username, u.first_name, u.last_name, u.email, u.is_active, m.role, m.unit,"
    " m.unit_head FROM auth_user u JOIN web_member m ON m.user_id = u.id"
)


def available(db: Db) -> bool:
    """True when the web application's tables exist in this database (people can be listed)."""
    return db.backend.table_exists(db, "web_member") and db.backend.table_exists(db, "auth_user")


def _person(row: tuple[object, ...]) -> Person:
    username, first, last, email, active, role, unit, head = row
    name = " ".join(str(part) for part in (first, last) if part)
    return Person(
        username=str(username), name=name, role=str(role), unit=str(unit or ""),
        unit_head=bool(head), email=str(email or ""), active=bool(active),
    )  # fmt: skip


def everyone(db: Db) -> list[Person]:
    """Every person with a role (active or not), by user name; empty without the tables."""
    if not available(db):
        return []
    return [_person(tuple(row)) for row in db.all(_SELECT + " ORDER BY u.username")]


def find(db: Db, username: str) -> Person | None:
    """The person logging in as `username`, or None."""
    if not available(db):
        return None
    row = db.one(_SELECT + " WHERE u.username = ?", (username,))
    return _person(tuple(row)) if row else None
