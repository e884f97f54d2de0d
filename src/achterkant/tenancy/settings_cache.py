"""An organisation's settings (opening hours, SLA policy, decree days), read once per process.

Every page that shows a date needs the same few settings rows, and they change perhaps once
a year. Reading them on every request cost three to four queries per page. Here they are
kept in the process, keyed by the organisation's ``settings_version``:

- A save or delete of a registered settings model replaces the version in the same
  transaction (:func:`register_settings_model`). A new random token, not a counter: a
  version seen inside a transaction that rolled back can never come back with other rows.
- Each activation of an organisation (``tenancy.context.use_organisation``: a request, a
  task, a command) reads the version once, when it first needs a setting: one query
  instead of one per setting, and every process sees a change at its next request, not
  after a timeout, so two processes never compute one date from two sets of opening
  hours. A long-running command keeps the settings it started with.

Bulk ``QuerySet.update()`` sends no signal: change settings through the model (the admin
and the services do) or call :func:`settings_changed`.
"""

import uuid
from collections.abc import Callable
from threading import Lock
from typing import TypeVar

from django.db import models
from django.db.models.signals import post_delete, post_save

from achterkant.tenancy.compiled import compiled_rows
from achterkant.tenancy.context import require_organisation, settings_versions_seen

T = TypeVar("T")

# organisation pk -> (settings_version, {key: value}); only the newest version is kept.
_values: dict[int, tuple[uuid.UUID, dict[str, object]]] = {}
_lock = Lock()


def _version(organisation_pk: int) -> uuid.UUID:
    from achterkant.tenancy.models import Organisation

    seen = settings_versions_seen()
    if seen is not None and organisation_pk in seen:
        return seen[organisation_pk]
    # Read on nearly every request: a query compiled once per process (``compiled``).
    rows = compiled_rows(
        "tenancy.settings_version",
        Organisation,
        lambda pk: Organisation.objects.filter(pk=pk).values_list("settings_version", flat=True),
        [organisation_pk],
        stand_ins=((1,), (2,)),
    )
    if not rows:
        raise Organisation.DoesNotExist(f"Organisation {organisation_pk} does not exist.")
    version = rows[0][0]
    if seen is not None:
        seen[organisation_pk] = version
    return version


def organisation_setting(key: str, load: Callable[[], T]) -> T:
    """The active organisation's setting ``key``, loaded with ``load()`` when this process
    does not hold it for the current settings version. Callers must not mutate it."""
    organisation = require_organisation()
    version = _version(organisation.pk)
    entry = _values.get(organisation.pk)
    if entry is None or entry[0] != version:
        entry = (version, {})
    if key not in entry[1]:
        value = load()
        with _lock:
            entry[1][key] = value
            _values[organisation.pk] = entry
    return entry[1][key]  # type: ignore[return-value]


def settings_changed(organisation_pk: int | None) -> None:
    """Give the organisation (None: every organisation) a new settings version."""
    from achterkant.tenancy.models import Organisation

    rows = Organisation.objects.all()
    if organisation_pk is not None:
        rows = rows.filter(pk=organisation_pk)
    rows.update(settings_version=uuid.uuid4())
    seen = settings_versions_seen()
    if seen is not None:  # this request reads the new version from here on
        if organisation_pk is None:
            seen.clear()
        else:
            seen.pop(organisation_pk, None)


def _on_change(sender, instance, **kwargs) -> None:
    settings_changed(getattr(instance, "organisation_id", None))


def register_settings_model(model: type[models.Model]) -> None:
    """Saving or deleting a row of ``model`` changes its organisation's settings version
    (every organisation's when the model has no ``organisation``)."""
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            _on_change,
            sender=model,
            dispatch_uid=f"achterkant.tenancy.settings.{model._meta.label}.{name}",
        )


def clear() -> None:
    """Forget every cached setting in this process (tests)."""
    with _lock:
        _values.clear()
