"""What the insights app reads of contacts, contact requests and ratings: plain rows per
day, for its daily aggregates (docs/insights.md)."""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models.functions import Coalesce

from achterkant.cases.insight_selectors import Dimensions, day_bounds, local_day
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import Contact, ContactRequest, Feedback, Outcome
from achterkant.notify.models import OutboxMessage

# A contact counts as resolved at first contact only if the same person does not come
# back about the same product within this many days.
REPEAT_WINDOW_DAYS = 7


@dataclass(frozen=True)
class ContactRow:
    day: date
    dimensions: Dimensions  # the contact's channel and product; the team of its case
    fcr_eligible: bool  # a known person, and handled (outcome is not "open")
    first_contact_resolved: bool


def contacts_started(first: date, last: date) -> Iterator[ContactRow]:
    """The contacts that started in ``first``..``last``, each with its first-contact
    resolution: outcome "answered", and no contact by the same person (BSN or KvK) on
    the same product within 7 days after it (read up to ``last`` + 7 days)."""
    start, _ = day_bounds(first, last)
    _, window_end = day_bounds(first, last + timedelta(days=REPEAT_WINDOW_DAYS))
    rows = (
        Contact.objects.filter(started_at__gte=start, started_at__lt=window_end)
        .order_by("started_at", "pk")
        .values(
            "started_at", "channel", "product_id", "case__team_id", "outcome", "bsn", "kvk_number"
        )  # fmt: skip
    )
    rows = list(rows.iterator(chunk_size=5000))
    later: dict[tuple, list] = defaultdict(list)  # (person, product) -> start times, ascending
    for row in rows:
        person = row["bsn"] or row["kvk_number"]
        if person:
            later[(person, row["product_id"])].append(row["started_at"])
    window = timedelta(days=REPEAT_WINDOW_DAYS)
    for row in rows:
        day = local_day(row["started_at"])
        if day > last:
            break
        person = row["bsn"] or row["kvk_number"]
        eligible = bool(person) and row["outcome"] != Outcome.OPEN
        resolved = False
        if eligible and row["outcome"] == Outcome.ANSWERED:
            moment = row["started_at"]
            times = later[(person, row["product_id"])]
            after = bisect_right(times, moment)
            resolved = after == len(times) or times[after] > moment + window
        yield ContactRow(
            day=day,
            dimensions=(row["channel"], row["product_id"], row["case__team_id"]),
            fcr_eligible=eligible,
            first_contact_resolved=resolved,
        )


def contact_requests_closed(first: date, last: date) -> Iterator[tuple[date, Dimensions, bool]]:
    """Contact requests closed in the range, and whether that was by their due time
    (``due_at``: the norm the request was promised and stored, ``contacts.promise``).

    The channel is that of the contact it came from. One made without a contact is held
    to the phone norm (``contact_request_create``), so it counts as a phone request."""
    start, end = day_bounds(first, last)
    rows = ContactRequest.objects.filter(
        status=ContactRequest.Status.DONE, closed_at__gte=start, closed_at__lt=end
    ).values("closed_at", "due_at", "contact__channel", "product_id", "team_id")
    for row in rows.iterator(chunk_size=5000):
        channel = row["contact__channel"] or Channel.PHONE
        dimensions = (channel, row["product_id"], row["team_id"])
        yield local_day(row["closed_at"]), dimensions, row["closed_at"] <= row["due_at"]


def ratings_given(first: date, last: date) -> Iterator[tuple[date, Dimensions, int]]:
    """Ratings (1–5) given in the range, with the channel and product copied on the rating;
    the team is that of the rated case (or of the rated contact's case)."""
    start, end = day_bounds(first, last)
    products = dict(Product.objects.values_list("code", "pk"))
    rows = (
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(team_id=Coalesce("case__team_id", "contact__case__team_id"))
        .values("created_at", "channel", "product_code", "team_id", "score")
    )
    for row in rows.iterator(chunk_size=5000):
        dimensions = (row["channel"], products.get(row["product_code"]), row["team_id"])
        yield local_day(row["created_at"]), dimensions, row["score"]


CONTACT_REFERENCE = "klantcontact-"  # the reference of a message about a contact


def contact_messages(first: date, last: date) -> Iterator[tuple[date, Dimensions, bool]]:
    """Berichtenbox messages about a contact (the reference ``klantcontact-<id>``, e.g. the
    acknowledgement of an e-mail or letter) sent in the range, and whether they were read."""
    start, end = day_bounds(first, last)
    messages = list(
        OutboxMessage.objects.filter(
            in_berichtenbox=True,
            created_at__gte=start,
            created_at__lt=end,
            reference__startswith=CONTACT_REFERENCE,
        )
        .exclude(bsn="")
        .values_list("reference", "created_at", "read_at")
    )
    ids = set()
    for reference, _, _ in messages:
        suffix = reference.removeprefix(CONTACT_REFERENCE)
        if suffix.isdigit():
            ids.add(int(suffix))
    ids = sorted(ids)
    dimensions = {}
    for index in range(0, len(ids), 500):  # in slices: SQLite limits a query's parameters
        rows = Contact.objects.filter(pk__in=ids[index : index + 500]).values(
            "pk", "channel", "product_id", "case__team_id"
        )
        for row in rows:
            dimensions[f"{CONTACT_REFERENCE}{row['pk']}"] = (
                row["channel"], row["product_id"], row["case__team_id"]
            )  # fmt: skip
    for reference, created_at, read_at in messages:
        if reference in dimensions:
            yield local_day(created_at), dimensions[reference], read_at is not None
