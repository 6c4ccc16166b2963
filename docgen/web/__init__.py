"""The web application: the office in a browser for văn thư, chuyên viên, lãnh đạo and quản trị.

Django configured in code (`setup`), htmx for partial updates, served by gunicorn (`server`). Every
action goes through `docgen.services.office.Office`, the same services the command line calls:
the web layer adds no second path to the register or the archive (tests/unit/test_layers.py).
"""

from __future__ import annotations

from docgen.web.config import WebConfig, setup

__all__ = ["WebConfig", "setup"]
