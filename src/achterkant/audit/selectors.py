"""Reading the processing log (verwerkingenlog): the DPO's and team lead's view of who
processed whose data, and the export for a citizen's subject-access request.

Every query goes through the tenant-aware manager: an organisation sees only its own
entries.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    """What the log is narrowed to. Empty fields do not narrow. Dates are whole days in
    the site's time zone (``TIME_ZONE``), both included."""

    date_from: date | None = None
    date_to: date | None = None
    actor_id: int | None = None
    purpose: str = ""
    bsn: str = ""


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def processing_log_entries(filters: LogFilter) -> QuerySet[ProcessingLogEntry]:
    """The active organisation's entries that match ``filters``, newest first."""
    entries = ProcessingLogEntry.objects.all()
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    if filters.actor_id:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.purpose:
        entries = entries.filter(purpose=filters.purpose)
    if filters.bsn:
        entries = entries.filter(bsn=filters.bsn)
    return entries.order_by("-at", "-pk")


def processing_log_page(
    filters: LogFilter, *, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[ProcessingLogEntry], int | None]:
    """One page of the filtered log, newest first, and the id to continue from (None on
    the last page).

    Keyset paging by (at, id) descending: ``before`` is the id of the last entry of the
    previous page; entries with the same time stay in id order across pages. The
    condition is written as ``at <= t AND (at < t OR id < i)``: the first half is an
    index range on (organisation, at), the second only sorts out the entries of that one
    instant (the row-value form of ``cases.keyset`` is out of reach of a platform app).
    An id that is not one of this organisation's entries gives an empty page.
    """
    entries = processing_log_entries(filters)
    if before is not None:
        position = Subquery(ProcessingLogEntry.objects.filter(pk=before).values("at")[:1])
        entries = entries.filter(Q(at__lte=position) & (Q(at__lt=position) | Q(pk__lt=before)))
    rows = list(entries[: limit + 1])
    page = rows[:limit]
    return page, (page[-1].pk if len(rows) > limit else None)


def processing_log_for_export(
    filters: LogFilter, *, chunk_size: int = 2000
) -> Iterator[ProcessingLogEntry]:
    """Every entry that matches ``filters``, newest first, read in chunks: an export
    for a subject-access request holds the whole period, not a page."""
    return processing_log_entries(filters).iterator(chunk_size=chunk_size)
