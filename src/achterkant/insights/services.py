"""Keep the daily aggregates up to date: the worker's quarter-hourly update and the
``achterkant insights rebuild`` backfill (docs/insights.md).

An update recomputes whole days and replaces their rows, so running it twice gives the
same rows. Two updates of one organisation at once queue on its ``AggregateState`` row
(``SELECT … FOR UPDATE``): the second waits, then recomputes the same days from the same
data, so concurrent runs are safe too.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from achterkant.cases.insight_selectors import day_bounds
from achterkant.insights.aggregate import COUNTERS, compute
from achterkant.insights.models import AggregateState, DailyAggregate
from achterkant.tenancy.context import require_organisation, use_organisation
from achterkant.tenancy.models import Organisation

# What can still change a past day: a repeat contact within 7 days (first-contact
# resolution), and late events (a message read, a backdated end). The quarter-hourly
# update covers the repeat window; once a day it reaches back further.
RECENT_DAYS = 8
DAILY_DAYS = 35
REBUILD_CHUNK_DAYS = 7

logger = logging.getLogger(__name__)


def _lock_state() -> AggregateState:
    organisation = require_organisation()
    for _ in range(2):
        try:
            with transaction.atomic():
                return AggregateState.objects.select_for_update().get_or_create(
                    organisation=organisation
                )[0]
        except IntegrityError:
            continue  # created by a concurrent update between our read and insert
    return AggregateState.objects.select_for_update().get(organisation=organisation)


def _moment(today: date | None, now: datetime | None) -> tuple[date, datetime]:
    """``now`` and its day; a past ``today`` alone means "as at the end of that day"."""
    if now is not None:
        return timezone.localdate(now), now
    if today is None:
        now = timezone.now()
        return timezone.localdate(now), now
    return today, min(timezone.now(), day_bounds(today, today)[1] - timedelta(microseconds=1))


def aggregates_update(
    first: date, last: date, *, today: date | None = None, now: datetime | None = None
) -> int:
    """Recompute the active organisation's aggregates for ``first``..``last`` and replace
    their rows, in one transaction. Returns the number of rows written."""
    today, now = _moment(today, now)
    organisation = require_organisation()
    with transaction.atomic():
        state = _lock_state()
        buckets = compute(first, last, today=today, now=now)
        DailyAggregate.objects.filter(day__range=(first, last)).delete()
        rows = [
            DailyAggregate(
                organisation=organisation,
                day=day,
                channel=channel,
                product_id=product_id,
                team_id=team_id,
                lead_time_days={str(days): n for days, n in sorted(bucket.lead_time_days.items())},
                backlog=bucket.backlog,
                penalty_euros=bucket.penalty_euros,
                **{name: bucket.counts[name] for name in COUNTERS},
            )  # fmt: skip
            for (day, channel, product_id, team_id), bucket in sorted(
                buckets.items(),
                key=lambda item: (
                    item[0][0],
                    item[0][1],
                    item[0][2] or 0,
                    item[0][3] or 0,
                ),  # fmt: skip
            )
        ]
        DailyAggregate.objects.bulk_create(rows, batch_size=1000)
        state.updated_at = timezone.now()
        state.version = uuid.uuid4()
        state.complete_from = min(filter(None, (state.complete_from, first)))
        state.complete_until = max(filter(None, (state.complete_until, min(last, today))))
        state.save()
    return len(rows)


def aggregates_rebuild(
    first: date,
    last: date | None = None,
    *,
    progress: Callable[[date, date], None] | None = None,
    now: datetime | None = None,
) -> int:
    """Backfill ``first``..``last`` (default today) a week at a time, each week in its own
    transaction, so a long rebuild never holds one huge transaction. Returns rows written."""
    today, now = _moment(None, now)
    last = last or today
    written = 0
    start = first
    while start <= last:
        end = min(start + timedelta(days=REBUILD_CHUNK_DAYS - 1), last)
        written += aggregates_update(start, end, now=now)
        if progress:
            progress(start, end)
        start = end + timedelta(days=1)
    return written


# What to compute right after an organisation's update, so the first view after it is
# quick too: the pages register their common views here (``keep_after_update``).
_keep_after_update: list[Callable[[], object]] = []


def keep_after_update(view: Callable[[], object]) -> None:
    """Run ``view`` (for the active organisation) after each of the worker's updates: a
    view that keeps what it computed (``selectors.kept``) is then kept before anyone asks
    for it."""
    if view not in _keep_after_update:
        _keep_after_update.append(view)


def _keep_views(organisation: Organisation) -> None:
    for view in _keep_after_update:
        try:
            view()
        except Exception:  # a view that fails is computed again when it is viewed
            logger.exception("Inzicht van %s niet vooraf berekend", organisation.slug)


def aggregates_update_all(*, now: datetime | None = None) -> int:
    """The worker's job: every organisation's recent days; the first run of a day reaches
    back 35 days. One organisation's failure is logged and does not stop the others.
    Returns the number of organisations updated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    updated = 0
    for organisation in Organisation.objects.order_by("pk"):
        with use_organisation(organisation):
            state = AggregateState.objects.first()
            reach = RECENT_DAYS
            if (
                state is None
                or state.updated_at is None
                or timezone.localdate(state.updated_at) < today
            ):
                reach = DAILY_DAYS
            try:
                aggregates_update(today - timedelta(days=reach), today, now=now)
            except Exception:
                logger.exception("Dagcijfers van %s niet bijgewerkt", organisation.slug)
                continue
            _keep_views(organisation)
            updated += 1
    return updated
