"""The production web server: gunicorn, embedded, so ``achterkant serve`` needs no config file.

Sync workers: each process handles one request at a time and keeps at most one database
connection (``CONN_MAX_AGE``, health-checked before use), so the number of connections is
bounded by ``WEB_CONCURRENCY``, whatever the load. Threads would multiply it.

Environment:
- ``WEB_CONCURRENCY``: worker processes (default: 2 per core, at least 2, at most 8).
- ``WEB_TIMEOUT``: seconds a request may take before its worker is replaced (default 30).
- ``WEB_MAX_REQUESTS``: a worker is recycled after this many requests, with jitter, so that
  memory stays bounded (default 5000; 0 switches it off).
- ``WEB_GRACEFUL_TIMEOUT``: seconds running requests get on stop or reload (default 20).
Signals: SIGTERM or SIGINT stop gracefully, SIGHUP reloads the code and the settings with new
workers while the old ones finish their requests.
"""

import os

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def options(bind: str) -> dict:
    max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
    return {
        "bind": bind,
        "workers": int(os.environ.get("WEB_CONCURRENCY") or default_workers()),
        "worker_class": "sync",
        "timeout": int(os.environ.get("WEB_TIMEOUT", "30")),
        "graceful_timeout": int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "20")),
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "accesslog": os.environ.get("WEB_ACCESS_LOG", "-"),
        "errorlog": "-",
        "proc_name": "achterkant-web",
        # Each worker imports the application itself, so that SIGHUP really reloads new code.
        "preload_app": False,
        # Behind a reverse proxy the forwarded scheme is trusted only from these addresses.
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }


class _Server(BaseApplication):
    def __init__(self, bind: str) -> None:
        self._options = options(bind)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        from achterkant.conf.wsgi import application

        return application


def run(bind: str) -> None:
    _Server(bind).run()
