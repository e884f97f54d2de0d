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
# The settings versions read while this organisation is active (tenancy.settings_cache):
# each activation (a request, a task, a command) reads a version at most once.
_settings_versions: ContextVar[dict | None] = ContextVar("settings_versions", default=None)


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


def settings_versions_seen() -> dict | None:
    """Settings versions read in this activation; None outside ``use_organisation()``."""
    return _settings_versions.get()


@contextmanager
def use_organisation(organisation: "Organisation") -> Iterator["Organisation"]:
    token = _current.set(organisation)
    versions = _settings_versions.set({})
    try:
        yield organisation
    finally:
        _settings_versions.reset(versions)
        _current.reset(token)
