"""What the insights app reads of contacts, contact requests and ratings: plain rows per
day, for its daily aggregates (docs/insights.md)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    When,
)
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


def _repeat_within_window(person_field: str, *, product: bool) -> Exists:
    """Whether the same person (``person_field``: the BSN, or a KvK number without a BSN)
    started another contact about the same product (or also without one) within the
    repeat window after this one."""
    after = OuterRef("started_at")
    later = Contact.objects.filter(
        started_at__gt=after,
        started_at__lte=ExpressionWrapper(
            after + timedelta(days=REPEAT_WINDOW_DAYS), output_field=DateTimeField()
        ),
        **{person_field: OuterRef(person_field)},
    )
    if person_field == "kvk_number":
        later = later.filter(bsn="")  # a contact with a BSN is that person's, not the company's
    if product:
        later = later.filter(product_id=OuterRef("product_id"))
    else:
        later = later.filter(product__isnull=True)
    return Exists(later)


def contacts_started(first: date, last: date) -> Iterator[ContactRow]:
    """The contacts that started in ``first``..``last``, each with its first-contact
    resolution: outcome "answered", and no contact by the same person (BSN, or KvK number
    without a BSN) on the same product within 7 days after it.

    The repeat is found by the database itself (an ``EXISTS`` per contact on the person's
    index), so no BSN or KvK number ever reaches this process: what comes out is only
    whether the contact had a known person and whether it was repeated (docs/insights.md,
    "Privacy")."""
    start, end = day_bounds(first, last)
    with_bsn, with_kvk = ~Q(bsn=""), Q(bsn="") & ~Q(kvk_number="")
    with_product, without_product = Q(product__isnull=False), Q(product__isnull=True)
    rows = (
        Contact.objects.filter(started_at__gte=start, started_at__lt=end)
        .annotate(
            known_person=Case(When(with_bsn | with_kvk, then=True), default=False),
            repeated=Case(
                When(with_bsn & with_product, then=_repeat_within_window("bsn", product=True)),
                When(with_bsn & without_product,
                     then=_repeat_within_window("bsn", product=False)),
                When(with_kvk & with_product,
                     then=_repeat_within_window("kvk_number", product=True)),
                When(with_kvk & without_product,
                     then=_repeat_within_window("kvk_number", product=False)),
                default=False,
            ),
        )
        .values(
            "started_at", "channel", "product_id", "case__team_id", "outcome",
            "known_person", "repeated",
        )
    )  # fmt: skip
    for row in rows.iterator(chunk_size=5000):
        eligible = bool(row["known_person"]) and row["outcome"] != Outcome.OPEN
        yield ContactRow(
            day=local_day(row["started_at"]),
            dimensions=(row["channel"], row["product_id"], row["case__team_id"]),
            fcr_eligible=eligible,
            first_contact_resolved=(
                eligible and row["outcome"] == Outcome.ANSWERED and not row["repeated"]
            ),
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
