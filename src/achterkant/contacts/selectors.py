from django.db.models import Avg, Count, Q

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.keyset import RowAfter, before_row
from achterkant.catalog.models import Channel
from achterkant.contacts.models import (
    Contact,
    ContactAttachment,
    ContactRequest,
    Feedback,
    InboundMail,
    KnowledgeArticle,
)
from achterkant.contacts.promise import contact_request_promise, with_request_promises
from achterkant.identity.actors import Staff, as_actor

PAGE_SIZE = 50


def _party(bsn: str = "", kvk_number: str = "") -> Q:
    if bsn:
        return Q(bsn=bsn)
    if kvk_number:
        return Q(kvk_number=kvk_number)
    return Q(pk__in=[])


def contacts_for(*, bsn: str = "", kvk_number: str = "", limit: int = 50) -> list[Contact]:
    """A person's or company's contacts on every channel, newest first.

    The newest ids come from the (organisation, bsn|kvk, started_at) index first, and only
    those rows are joined: for a party with thousands of contacts the planner otherwise
    joined and sorted all of them. One query still.
    """
    return list(
        Contact.objects.filter(pk__in=_newest_contact_ids(bsn, kvk_number, limit))
        .select_related("product", "agent", "case")
        .order_by("-started_at", "-pk")
    )


# What a row in the desk's contact lists shows: when, channel, question, outcome, agent.
CONTACT_ROW_FIELDS = (
    "id",
    "channel",
    "subject",
    "question",
    "outcome",
    "started_at",
    "agent",
    "agent__username",
    "agent__first_name",
    "agent__last_name",
    "case",
    "case__number",
)


def contact_rows_for(
    *, bsn: str = "", kvk_number: str = "", limit: int = 25, before: int | None = None
) -> list[Contact]:
    """:func:`contacts_for` for the desk's lists (the 360° view, *Alle contacten*): only
    what a row shows, and a page at a time.

    ``before``: the id of the last contact of the previous page (keyset paging on
    ``(started_at, id)``; an id that is not this party's gives an empty page).
    """
    return list(
        Contact.objects.filter(pk__in=_newest_contact_ids(bsn, kvk_number, limit, before))
        .select_related("agent", "case")
        .only(*CONTACT_ROW_FIELDS)
        .order_by("-started_at", "-pk")
    )


def _newest_contact_ids(bsn: str, kvk_number: str, limit: int, before: int | None = None):
    """A subquery: the ids of the party's newest contacts (after ``before``)."""
    party = Contact.objects.filter(_party(bsn, kvk_number))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "started_at", before))
    return newest.order_by("-started_at", "-pk").values("pk")[:limit]


def contacts_for_bsn(*, bsn: str, limit: int = 50) -> list[Contact]:
    return contacts_for(bsn=bsn, limit=limit)


def open_contact_requests_for(*, bsn: str = "", kvk_number: str = "") -> list[ContactRequest]:
    return with_request_promises(
        ContactRequest.objects.filter(_party(bsn, kvk_number), status=ContactRequest.Status.TODO)
        .select_related("team", "assignee")
        .order_by("due_at")
    )


def attachments_for(*, bsn: str = "", kvk_number: str = "", limit: int = 50):
    return list(
        ContactAttachment.objects.filter(
            contact__in=Contact.objects.filter(_party(bsn, kvk_number)).values("pk")
        )
        .select_related("contact")
        .only("id", "file_name", "contact", "contact__channel", "contact__started_at")
        .order_by("-pk")[:limit]
    )


def contact_request_queue(
    *,
    team_ids: list[int],
    user,
    include_done: bool = False,
    after: tuple | None = None,
    limit: int = PAGE_SIZE,
) -> list[ContactRequest]:
    """Open requests for the user's teams or the user, soonest due first (keyset on due_at, id)."""
    owner = Q(team_id__in=team_ids)
    if user is not None:
        owner |= Q(assignee=user)
    requests = ContactRequest.objects.filter(owner)
    if not include_done:
        requests = requests.filter(status=ContactRequest.Status.TODO)
    if after is not None:
        due_at, pk = after
        requests = requests.filter(RowAfter({"due_at": due_at, "id": pk}))  # cases.keyset
    return with_request_promises(
        requests.select_related("team", "assignee", "product").order_by("due_at", "pk")[:limit]
    )


def contact_request_may_work_on(actor, request: ContactRequest) -> bool:
    """Whether ``actor`` may open and work on this contact request: the one rule.

    A staff member with ``contacts.change_contactrequest`` who is its assignee or a
    member of its team. Other actors never: an attempt is always made by a person.
    """
    actor = as_actor(actor)
    if not isinstance(actor, Staff) or not actor.has_perm("contacts.change_contactrequest"):
        return False
    if request.assignee_id is not None and request.assignee_id == actor.user.pk:
        return True
    return request.team_id is not None and actor.user.teams.filter(pk=request.team_id).exists()


def contact_request_get(*, actor, pk: int) -> ContactRequest | None:
    """The contact request, if ``actor`` may work on it (else None); logged as a read."""
    request = (
        ContactRequest.objects.select_related("team", "assignee", "product", "contact")
        .prefetch_related("attempts__by")
        .filter(pk=pk)
        .first()
    )
    if request is None or not contact_request_may_work_on(actor, request):
        return None
    if request.bsn:
        processing_log_record(
            actor=actor, action=Action.READ, bsns=[request.bsn],
            purpose=Purpose.CONTACT_HANDLING, object_type="contactverzoek", object_id=request.pk,
        )  # fmt: skip
    request.promise = contact_request_promise(request)
    return request


def unmatched_email_contacts() -> list[Contact]:
    """E-mail contacts nobody is linked to yet, oldest first: an agent links them."""
    return list(
        Contact.objects.filter(channel=Channel.EMAIL, bsn="", kvk_number="")
        .select_related("inbound_mail")
        .order_by("started_at")[:PAGE_SIZE]
    )


def written_contacts_to_answer() -> list[Contact]:
    """E-mails and letters of a known person or company that nobody answered yet, the
    soonest due first: an agent answers them or starts a case."""
    return list(
        Contact.objects.filter(
            channel__in=[Channel.EMAIL, Channel.LETTER], responded_at__isnull=True, case=None
        )
        .exclude(bsn="", kvk_number="")
        .select_related("product")
        .order_by("response_due_at", "pk")[:PAGE_SIZE]
    )


def quarantined_mail() -> list[InboundMail]:
    return list(
        InboundMail.objects.filter(status=InboundMail.Status.QUARANTINED).order_by("-received_at")[
            :PAGE_SIZE
        ]
    )


def knowledge_articles_by_ids(ids: list[int]) -> list[KnowledgeArticle]:
    return list(KnowledgeArticle.objects.filter(pk__in=ids))


def contacts_for_case(case_id: int) -> list[Contact]:
    return list(
        Contact.objects.filter(case_id=case_id).select_related("agent").order_by("started_at")
    )


def rated_ids(*, bsn: str = "", kvk_number: str = "") -> tuple[set[int], set[int]]:
    """Ids of the cases and contacts this person already rated (one query)."""
    rows = Feedback.objects.filter(_party(bsn, kvk_number)).values_list("case_id", "contact_id")
    cases, contacts = set(), set()
    for case_id, contact_id in rows:
        (cases if case_id else contacts).add(case_id or contact_id)
    return cases, contacts


def feedback_summary(*, since) -> list[dict]:
    """Average rating and count per channel (its Dutch label) and product since ``since``."""
    rows = list(
        Feedback.objects.filter(created_at__gte=since)
        .values("channel", "product_code")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("channel", "product_code")
    )
    labels = dict(Channel.choices)
    return [{**row, "channel": labels.get(row["channel"], row["channel"])} for row in rows]


def recent_feedback_comments(*, limit: int = 10) -> list[Feedback]:
    return list(Feedback.objects.exclude(comment="").order_by("-created_at")[:limit])
