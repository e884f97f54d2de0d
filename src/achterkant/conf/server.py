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
Signals: SIGTERM or SIGINT stop gracefully; SIGHUP starts new workers while the old ones finish
their requests, with the code and settings the master loaded (see ``preload_app`` below).
"""

import gc
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
        # Gunicorn does not load the application in the master, but the master is the
        # `achterkant serve` command: Django and, through its system checks, every URL and
        # view are imported there already, and workers inherit them. So SIGHUP gives new
        # workers new settings from the environment, not new code: restart for that.
        "preload_app": False,
        "pre_fork": _keep_shared,
        # Behind a reverse proxy the forwarded scheme is trusted only from these addresses.
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }


def _keep_shared(server, worker) -> None:
    """Before each fork: the master's objects move out of the garbage collector's reach.

    The master has imported Django and the whole application already (``achterkant serve``
    is a management command). A worker shares those pages with it until it writes to them,
    and a collection writes to every object it scans; frozen objects are never scanned, so
    more of them stay shared (PSS per worker, not RSS, shows the difference).
    """
    gc.freeze()


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
