from django.db.models import Avg, Count, Q

from achterkant.contacts.models import (
    Contact,
    ContactAttachment,
    ContactRequest,
    Feedback,
    InboundMail,
    KnowledgeArticle,
)

PAGE_SIZE = 50


def _party(bsn: str = "", kvk_number: str = "") -> Q:
    if bsn:
        return Q(bsn=bsn)
    if kvk_number:
        return Q(kvk_number=kvk_number)
    return Q(pk__in=[])


def contacts_for(*, bsn: str = "", kvk_number: str = "", limit: int = 50) -> list[Contact]:
    """A person's or company's contacts on every channel, newest first."""
    return list(
        Contact.objects.filter(_party(bsn, kvk_number))
        .select_related("product", "agent", "case")
        .order_by("-started_at", "-pk")[:limit]
    )


def contacts_for_bsn(*, bsn: str, limit: int = 50) -> list[Contact]:
    return contacts_for(bsn=bsn, limit=limit)


def open_contact_requests_for(*, bsn: str = "", kvk_number: str = "") -> list[ContactRequest]:
    return list(
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
        .order_by("-pk")[:limit]
    )


def contact_request_queue(
    *, team_ids: list[int], user, include_done: bool = False, after: tuple | None = None
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
        requests = requests.filter(Q(due_at__gt=due_at) | Q(due_at=due_at, pk__gt=pk))
    return list(
        requests.select_related("team", "assignee", "product").order_by("due_at", "pk")[:PAGE_SIZE]
    )


def contact_request_get(pk: int) -> ContactRequest | None:
    return (
        ContactRequest.objects.select_related("team", "assignee", "product", "contact")
        .prefetch_related("attempts__by")
        .filter(pk=pk)
        .first()
    )


def unmatched_email_contacts() -> list[Contact]:
    """E-mail contacts nobody is linked to yet, oldest first: an agent links them."""
    return list(
        Contact.objects.filter(channel="email", bsn="", kvk_number="")
        .select_related("inbound_mail")
        .order_by("started_at")[:PAGE_SIZE]
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
    """Average rating and count per channel and product since ``since``, for team leads."""
    return list(
        Feedback.objects.filter(created_at__gte=since)
        .values("channel", "product_code")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("channel", "product_code")
    )


def recent_feedback_comments(*, limit: int = 10) -> list[Feedback]:
    return list(Feedback.objects.exclude(comment="").order_by("-created_at")[:limit])
