"""The organisation whose data the current request, task or command may touch.

Set once at the edge (middleware, worker, CLI) and read by every tenant-aware
manager. A context variable, so threads and async tasks never share it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from achterkant.tenancy.models import Organisation

_current: ContextVar["Organisation | None"] = ContextVar("current_organisation", default=None)


class NoTenantActive(RuntimeError):
    """A tenant-owned table was queried outside any organisation's context."""


def current_organisation() -> "Organisation | None":
    return _current.get()


def require_organisation() -> "Organisation":
    organisation = _current.get()
    if organisation is None:
        raise NoTenantActive(
            "No organisation is active. Wrap the code in tenancy.context.use_organisation()."
        )
    return organisation


@contextmanager
def use_organisation(organisation: "Organisation") -> Iterator["Organisation"]:
    token = _current.set(organisation)
    try:
        yield organisation
    finally:
        _current.reset(token)
