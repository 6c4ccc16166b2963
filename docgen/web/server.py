"""Serving the application with gunicorn (a production server: worker processes, timeouts, static
files by whitenoise), configured in code; the master sets Django up and migrates before forking."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from docgen.web.config import WebConfig, migrate, setup


class _Server(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def _post_fork(server: Any, worker: Any) -> None:
    """Each worker opens its own register connection and database connections, and starts its
    own resident LibreOffice (`Office.keep_converter`): an issue then converts in ~0.1 s, not
    the ~1 s of a soffice start-up spent holding the register (bench/web_bench.py)."""
    from django.db import connections

    from docgen.web.office import office, reset

    reset()
    for connection in connections.all():
        connection.close()
    office().keep_converter()


def serve(config: WebConfig, *, host: str, port: int, workers: int, timeout: int = 120) -> None:
    """Serve `config`'s office on host:port until interrupted."""
    setup(config)
    migrate()
    from django.core.wsgi import get_wsgi_application

    from docgen.services.office import preload

    preload()  # the signing stack, imported once here rather than by each worker's first issue

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,  # an issue converts and signs: seconds, not minutes
        "graceful_timeout": 20,
        "post_fork": _post_fork,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "docgen-web",
    }
    _Server(get_wsgi_application(), options).run()
