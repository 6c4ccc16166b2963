"""The process's `Office` (the agency, its archive and register), opened on first use: a gunicorn
worker serves one request at a time and keeps its register connection between them."""

from __future__ import annotations

import threading

from docgen.services.office import Office

_office: Office | None = None
_lock = threading.Lock()


def office() -> Office:
    global _office
    with _lock:
        if _office is None:
            from docgen.web.config import current

            config = current()
            _office = Office(config.profile, config.archive, config.database_url)
        return _office


def reset() -> None:
    """Forget the process's office (tests, and a worker after fork)."""
    global _office
    with _lock:
        if _office is not None:
            _office.close()
        _office = None
