"""When a contact must be answered: the product's service norm, else the channel default.

A :class:`~achterkant.catalog.models.ServiceNorm` says what the organisation promises for a
product on one channel ("binnen 2 werkdagen antwoord"). Without one, e-mail and letters
still have a norm: e-mail 2 working days (the VNG norm for municipalities), a letter 3
weeks. Other channels have no default: ``response_due`` returns ``None`` and the caller
decides.

How a norm is counted (deadlines are computed, never typed in):

* working days: :func:`~achterkant.worktime.calendar.add_working_days` from the day of
  receipt in Europe/Amsterdam, to the *end* of that working day: the organisation's
  closing time (:func:`~achterkant.worktime.hours.end_of_working_day`, the same rule
  cases use). Mail received on Friday with a 2-working-day norm is due at closing time
  on Tuesday.
* working hours: time inside the organisation's opening hours
  (:func:`~achterkant.worktime.calendar.add_working_hours_for_organisation`). An
  organisation that has entered no opening hours is counted with
  :data:`~achterkant.worktime.hours.FALLBACK_OPENING_HOURS` (Monday to Friday
  08:30–17:00), so a contact always gets a due time.
* seconds and minutes: plain elapsed time (exact across a daylight-saving switch).
* calendar days and weeks: plain calendar time on the Amsterdam wall clock, so three
  weeks from Friday 14:05 is Friday 14:05, summer or winter time.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from achterkant.catalog.models import Channel, NormUnit, Product, ServiceNorm
from achterkant.tenancy.settings_cache import organisation_setting
from achterkant.worktime.calendar import (
    AMSTERDAM,
    WorkCalendar,
    add_working_days,
    add_working_hours,
)
from achterkant.worktime.hours import FALLBACK_OPENING_HOURS, end_of_working_day
from achterkant.worktime.selectors import opening_hours_of_active_organisation


@dataclass(frozen=True)
class Norm:
    """A norm as counted: how much of which unit, and the promise as the citizen reads it."""

    amount: int
    unit: str
    promise: str


# The defaults when a product has no norm for the channel (or there is no product).
DEFAULT_NORMS: dict[str, Norm] = {
    Channel.EMAIL: Norm(2, NormUnit.WORKING_DAYS, "binnen 2 werkdagen antwoord"),
    Channel.LETTER: Norm(3, NormUnit.WEEKS, "binnen 3 weken antwoord"),
}


_ELAPSED_UNITS = {NormUnit.SECONDS: "seconds", NormUnit.MINUTES: "minutes"}
_CALENDAR_UNITS = {NormUnit.CALENDAR_DAYS: "days", NormUnit.WEEKS: "weeks"}


def norm_for(channel: str, product: Product | None) -> Norm | None:
    """The product's norm for ``channel``, else the channel default, else None.

    Every contact on every channel asks this. The norms are kept per process for the
    organisation's settings version, which every save or delete of a norm renews
    (``catalog.apps``), so no query once this process holds them.
    """
    if product is not None:
        norm = organisation_setting("contacts.service_norms", _load_norms).get(
            (product.pk, channel)
        )
        if norm is not None:
            return norm
    return DEFAULT_NORMS.get(channel)


def _load_norms() -> dict[tuple[int, str], Norm]:
    """(product pk, channel) -> its norm, for the active organisation (one per pair)."""
    rows = ServiceNorm.objects.values_list("product_id", "channel", "amount", "unit", "promise")
    return {(product_id, channel): Norm(*norm) for product_id, channel, *norm in rows}


def due_at(norm: Norm, received_at: datetime, *, calendar: WorkCalendar | None = None) -> datetime:
    """When ``norm`` runs out for something received at ``received_at`` (timezone-aware).

    Working-hour norms need an active organisation (its opening hours).
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be a timezone-aware datetime")
    local = received_at.astimezone(AMSTERDAM)
    if norm.unit in (NormUnit.WORKING_DAYS, NormUnit.WORKING_HOURS):
        hours = opening_hours_of_active_organisation() or FALLBACK_OPENING_HOURS
        if norm.unit == NormUnit.WORKING_DAYS:
            day = add_working_days(local.date(), norm.amount, calendar=calendar)
            return end_of_working_day(day, opening_hours=hours)
        return add_working_hours(local, norm.amount, opening_hours=hours, calendar=calendar)
    if norm.unit in _ELAPSED_UNITS:
        elapsed = timedelta(**{_ELAPSED_UNITS[norm.unit]: norm.amount})
        return (local.astimezone(UTC) + elapsed).astimezone(AMSTERDAM)
    if norm.unit in _CALENDAR_UNITS:
        # Aware arithmetic on one tzinfo is wall-clock arithmetic; fold it back to real time.
        wall = local + timedelta(**{_CALENDAR_UNITS[norm.unit]: norm.amount})
        return wall.astimezone(UTC).astimezone(AMSTERDAM)
    raise ValueError(f"Unknown norm unit: {norm.unit!r}")


def response_due(channel: str, product: Product | None, received_at: datetime) -> datetime | None:
    """When a contact on ``channel`` about ``product`` must be answered; None if no norm."""
    norm = norm_for(channel, product)
    return None if norm is None else due_at(norm, received_at)


def response_promise(channel: str, product: Product | None) -> str:
    """The promise as the citizen reads it ("binnen 2 werkdagen antwoord"), or ""."""
    norm = norm_for(channel, product)
    return "" if norm is None else norm.promise
