"""Reads from a PostgreSQL streaming replica, only where that is safe (docs/scaling.md).

With ``DATABASE_REPLICA_URL`` set, settings add a database alias ``replica``. Even then
every query goes to ``default`` (the primary), except reads inside
:func:`reading_from_replica`, which a few heavy read-only selectors opt into. And even
there a read stays on the primary when it could miss this user's own write:

* inside a transaction (``atomic``) on the primary: it must see its own uncommitted rows;
* once this request (or task, or thread) has written to the primary;
* for ``DATABASE_REPLICA_PIN_SECONDS`` after a POST (or other unsafe request) of the same
  browser wrote:
  :class:`ReadYourWritesMiddleware` sets a short-lived cookie, so the page after a POST
  (its redirect) never shows the state from before the write while the replica lags.

Writes and migrations never go to the replica. Without a ``replica`` alias the router
changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

REPLICA = "replica"
PIN_COOKIE = "achterkant_primary"

_replica_allowed: ContextVar[bool] = ContextVar("achterkant_replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("achterkant_wrote_to_primary", default=False)

# Statements that change nothing: they do not make the caller "someone who wrote".
_READ_ONLY_PREFIXES = ("select", "show", "savepoint", "release", "rollback", "begin", "set ")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block may go to the replica (when one is configured and it is safe).

    For read-only selectors whose answer may be a moment old: lists and histories. Also
    usable as a decorator. Never for a read that decides a write.
    """
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def wrote_to_primary() -> bool:
    return _wrote.get()


def mark_wrote_to_primary() -> None:
    _wrote.set(True)


def start_unit_of_work(*, pinned: bool = False):
    """A new request (or task): nothing written yet, unless ``pinned`` to the primary.
    Returns a token for :func:`end_unit_of_work`."""
    return _wrote.set(pinned)


def end_unit_of_work(token) -> None:
    _wrote.reset(token)


def _records_writes(execute, sql, params, many, context):
    """An execute wrapper on every primary connection: remembers that this context wrote."""
    # Django writes a combined query (UNION) as "(SELECT …) UNION ALL (SELECT …)".
    head = str(sql)[:20].lstrip(" \t\r\n(").lower()
    if not _wrote.get() and not head.startswith(_READ_ONLY_PREFIXES):
        _wrote.set(True)
    return execute(sql, params, many, context)


@receiver(connection_created)
def _watch_writes(sender, connection, **kwargs) -> None:
    if connection.alias != REPLICA and _records_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_records_writes)


class ReplicaRouter:
    """Django database router: see the module's docstring."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None  # Django's default: "default"
        if (
            _replica_allowed.get()
            and not _wrote.get()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        # Explicitly, also for lazy look-ups on a row that came from the replica.
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False  # a streaming replica is read-only; it follows the primary's WAL
        return None


class ReadYourWritesMiddleware:
    """Each request starts with nothing written; after a request that wrote, the browser
    reads from the primary for ``DATABASE_REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        token = start_unit_of_work(pinned=PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
            if wrote_to_primary() and request.method not in ("GET", "HEAD", "OPTIONS"):
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
            return response
        finally:
            end_unit_of_work(token)
