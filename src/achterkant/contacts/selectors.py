from datetime import UTC, datetime
from functools import cache

from django.db import connections, router
from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.keyset import RowAfter, before_row
from achterkant.cases.models import Document
from achterkant.catalog.models import Channel, Product
from achterkant.contacts.models import (
    Contact,
    ContactAttachment,
    ContactRequest,
    ContactRequestAttempt,
    Feedback,
    InboundMail,
    KnowledgeArticle,
    TriageStatus,
)
from achterkant.contacts.promise import contact_request_promise, with_request_promises
from achterkant.identity.actors import Staff, as_actor
from achterkant.notify.models import OutboxMessage
from achterkant.staff.models import staff_name
from achterkant.tenancy.compiled import compiled_objects, compiled_rows

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
CONTACT_ROW_COLUMNS = (
    "pk",
    "started_at",
    "channel",
    "subject",
    "question",
    "outcome",
    "case__number",
    "agent__first_name",
    "agent__last_name",
    "agent__username",
)


@cache
def _labels(model, field: str) -> dict:
    """A choice field's labels by value, as ``get_<field>_display`` shows them."""
    return dict(model._meta.get_field(field).flatchoices)


def _contact_row(pk, started_at, channel, subject, question, outcome, case_number, *agent):
    """A contact as the desk's lists show it: plain values, no model instance."""
    return {
        "pk": pk,
        "started_at": started_at,
        "channel": _labels(Contact, "channel").get(channel, channel),
        "text": subject or question,
        "case_number": case_number,
        "outcome": _labels(Contact, "outcome").get(outcome, outcome),
        "agent": staff_name(*agent),
    }


def contact_rows_for(
    *, bsn: str = "", kvk_number: str = "", limit: int = 25, before: int | None = None
) -> list[dict]:
    """:func:`contacts_for` for the desk's lists (*Alle contacten*): only what a row shows
    (:func:`_contact_row`), and a page at a time.

    ``before``: the id of the last contact of the previous page (keyset paging on
    ``(started_at, id)``; an id that is not this party's gives an empty page).
    """
    rows = (
        Contact.objects.filter(pk__in=_newest_contact_ids(bsn, kvk_number, limit, before))
        .order_by("-started_at", "-pk")
        .values_list(*CONTACT_ROW_COLUMNS)
    )
    return [_contact_row(*row) for row in rows]


def _newest_contact_ids(bsn: str, kvk_number: str, limit: int, before: int | None = None):
    """A subquery: the ids of the party's newest contacts (after ``before``)."""
    party = Contact.objects.filter(_party(bsn, kvk_number))
    newest = party
    if before is not None:
        newest = newest.filter(before_row(party, "started_at", before))
    return newest.order_by("-started_at", "-pk").values("pk")[:limit]


# The columns every part of :func:`party_summary` selects, in this order. A part that has
# no use for a column selects "" there.
SUMMARY_COLUMNS = ("kind", "ident", "at", "a", "b", "c", "d", "e", "f", "g", "h")
CONTACTS, REQUESTS, MESSAGES, DOCUMENTS, ATTACHMENTS = range(5)


def _summary_part(queryset, kind: int, at: str, **columns):
    text = {name: F(columns[name]) if name in columns else Value("") for name in "abcdefgh"}
    return (
        queryset.order_by()
        .annotate(
            kind=Value(kind, output_field=IntegerField()),
            ident=F("pk"),
            at=F(at),  # a DateTimeField in every part: the rows' dates are converted alike
            **{name: expression for name, expression in text.items()},
        )
        .values_list(*SUMMARY_COLUMNS)
    )


def party_summary(*, bsn: str = "", kvk_number: str = "", size: int = 10) -> dict[str, list]:
    """The small lists of the 360° view, in one query (``UNION ALL`` of plain rows).

    ``contacts``: the ``size + 1`` newest (as :func:`contact_rows_for`; the extra one says
    whether there are more), ``contact_requests``: every open one, soonest due first;
    for a person also ``sent`` (the ``size`` newest messages) and ``documents`` (in their
    cases); ``attachments``: the ``size`` newest of their contacts. Each part takes its
    ids from a ``LIMIT`` subquery on the party's index, as the single lists did, so a
    party with thousands of rows reads only what is shown. The order within each list is
    restored here: a compound query cannot order or limit its parts on SQLite.
    """
    rows: list[list[tuple]] = [[], [], [], [], []]
    for row in _summary_rows(bsn, kvk_number, size):
        rows[row[0]].append(row)
    # Each list in its own order: as the single queries had it.
    for kind in (CONTACTS, DOCUMENTS):
        rows[kind].sort(key=lambda row: (row[2], row[1]), reverse=True)  # newest, then -id
    for kind in (MESSAGES, ATTACHMENTS):
        rows[kind].sort(key=lambda row: row[1], reverse=True)  # -id
    rows[REQUESTS].sort(key=lambda row: (row[2], row[1]))  # soonest due first
    return {
        "contacts": [_summary_contact(row) for row in rows[CONTACTS]],
        "contact_requests": [_summary_request(row) for row in rows[REQUESTS]],
        "sent": [_summary_message(row) for row in rows[MESSAGES]],
        "documents": [
            {"pk": row[1], "title": row[4], "case_number": row[7], "uploaded_at": row[2]}
            for row in rows[DOCUMENTS]
        ],
        "attachments": [
            {
                "pk": row[1],
                "file_name": row[4],
                "started_at": row[2],
                "channel": _labels(Contact, "channel").get(row[3], row[3]),
            }
            for row in rows[ATTACHMENTS]
        ],
    }


def _summary_union(bsn: str, kvk_number: str, size: int):
    """The query of :func:`party_summary`: one part per list, every part the same columns."""
    party = _party(bsn, kvk_number)
    parts = [
        _summary_part(
            Contact.objects.filter(pk__in=_newest_contact_ids(bsn, kvk_number, size + 1)),
            CONTACTS,
            "started_at",
            a="channel",
            b="subject",
            c="question",
            d="outcome",
            e="case__number",
            f="agent__first_name",
            g="agent__last_name",
            h="agent__username",
        ),
        _summary_part(
            ContactRequest.objects.filter(party, status=ContactRequest.Status.TODO),
            REQUESTS,
            "due_at",
            c="question",
            e="team__name",
            f="assignee__first_name",
            g="assignee__last_name",
            h="assignee__username",
        ),
        _summary_part(
            ContactAttachment.objects.filter(
                pk__in=ContactAttachment.objects.filter(
                    contact__in=Contact.objects.filter(party).values("pk")
                )
                .order_by("-pk")
                .values("pk")[:size]
            ),
            ATTACHMENTS,
            "contact__started_at",
            a="contact__channel",
            b="file_name",
        ),
    ]
    if bsn:
        parts += [
            _summary_part(
                OutboxMessage.objects.filter(
                    pk__in=OutboxMessage.objects.filter(bsn=bsn).order_by("-pk").values("pk")[:size]
                ),
                MESSAGES,
                "created_at",
                b="subject",
                d="status",
            ),
            _summary_part(
                Document.objects.filter(
                    pk__in=Document.objects.filter(case__initiator_bsn=bsn)
                    .order_by("-uploaded_at", "-pk")
                    .values("pk")[:size]
                ),
                DOCUMENTS,
                "uploaded_at",
                b="title",
                e="case__number",
            ),
        ]
    return parts[0].union(*parts[1:], all=True)


# The summary's SQL is the same for every party of one organisation: it is compiled once
# per process (per kind of party and size, ``tenancy.compiled``) with a stand-in for the
# BSN or KvK number, and the real one takes its place in the parameters. Building and
# compiling the five-part query was most of its cost (some 9,000 Python calls a page).
_STAND_INS = (("\x00party\x00",), ("\x00other\x00",))


def _summary_rows(bsn: str, kvk_number: str, size: int) -> list[tuple]:
    if not (bsn or kvk_number):
        return []

    def build(number: str):
        return _summary_union(number if bsn else "", "" if bsn else number, size)

    return compiled_rows(
        "contacts.summary",
        Contact,
        build,
        (bsn or kvk_number,),
        stand_ins=_STAND_INS,
        key=(bool(bsn), size),
    )


def _summary_contact(row) -> dict:
    return _contact_row(*row[1:])


def _summary_request(row) -> dict:
    """``{{ request.team|default:request.assignee }}`` as the model row showed it: the team,
    else the assignee, else ``None``."""
    team, *assignee = row[7:]
    who = team if team is not None else staff_name(*assignee) or None
    return {"question": row[5], "due_at": row[2], "who": who}


def _summary_message(row) -> dict:
    status = row[6]
    return {
        "created_at": row[2],
        "subject": row[4],
        "status": _labels(OutboxMessage, "status").get(status, status),
    }


def contacts_for_bsn(*, bsn: str, limit: int = 50) -> list[Contact]:
    return contacts_for(bsn=bsn, limit=limit)


def open_contact_requests_for(*, bsn: str = "", kvk_number: str = "") -> list[ContactRequest]:
    return with_request_promises(
        ContactRequest.objects.filter(_party(bsn, kvk_number), status=ContactRequest.Status.TODO)
        .select_related("team", "assignee")
        .order_by("due_at")
    )


# Stand-ins for a compiled queue's values: the teams' ids, the assignee's id, the cursor.
_QUEUE_STAND_INS = ((32_001, datetime(2001, 1, 1, tzinfo=UTC), 32_002),
                    (32_101, datetime(2002, 2, 2, tzinfo=UTC), 32_102))  # fmt: skip


def contact_request_queue(
    *,
    team_ids: list[int],
    user,
    include_done: bool = False,
    after: tuple | None = None,
    limit: int = PAGE_SIZE,
) -> list[ContactRequest]:
    """Open requests for the user's teams or the user, soonest due first (keyset on due_at, id).

    Each with its promise and its attempts (*Pogingen*). The query is compiled once per
    process and shape (``tenancy.compiled``): with its three attempt subqueries and three
    joins, building it cost more than running it, on every team queue and *Mijn werk*.
    """
    teams, has_user = len(team_ids), user is not None

    def build(*values):
        owner = Q(team_id__in=values[:teams]) if teams else Q(pk__in=[])
        if has_user:
            owner |= Q(assignee_id=values[teams])
        requests = ContactRequest.objects.filter(owner)
        if not include_done:
            requests = requests.filter(status=ContactRequest.Status.TODO)
        if after is not None:
            due_at, pk = values[-2:]
            requests = requests.filter(RowAfter({"due_at": due_at, "id": pk}))  # cases.keyset
        requests = _with_attempts(requests.select_related("team", "assignee", "product"))
        return requests.order_by("due_at", "pk")[:limit]

    if not teams and not has_user:
        return []
    values = [*team_ids] + ([user.pk] if has_user else [])
    first = [_QUEUE_STAND_INS[0][0] + n for n in range(teams + has_user)]
    second = [_QUEUE_STAND_INS[1][0] + n for n in range(teams + has_user)]
    if after is not None:
        connection = connections[router.db_for_read(ContactRequest)]
        due_at = ContactRequest._meta.get_field("due_at")
        values += [due_at.get_db_prep_value(after[0], connection), after[1]]
        first += _QUEUE_STAND_INS[0][1:]
        second += _QUEUE_STAND_INS[1][1:]
    queue = with_request_promises(compiled_objects(
        "contact_request_queue", ContactRequest, build, values,
        stand_ins=(tuple(first), tuple(second)),
        key=(teams, has_user, include_done, after is None, limit),
    ))  # fmt: skip
    labels = _labels(ContactRequestAttempt, "result")
    for request in queue:
        request.last_attempt_label = labels.get(request.last_attempt_result, "")
    return queue


def _with_attempts(requests):
    """Each request with ``attempt_count``, ``last_attempt_at`` and ``last_attempt_result``
    (None without attempts): the queue's *Pogingen*, in the same query."""
    attempts = ContactRequestAttempt.objects.filter(request=OuterRef("pk")).order_by()
    last = attempts.order_by("-at", "-pk")
    return requests.annotate(
        attempt_count=Coalesce(
            Subquery(attempts.values("request").annotate(n=Count("pk")).values("n")), 0
        ),
        last_attempt_at=Subquery(last.values("at")[:1]),
        last_attempt_result=Subquery(last.values("result")[:1]),
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
        .select_related("product", "team")
        .order_by("response_due_at", "pk")[:PAGE_SIZE]
    )


def contacts_to_review() -> list[Contact]:
    """Written contacts (e-mail, letter, the e-loket's general request) whose product an
    agent must confirm, oldest first, with their team (one query). Each carries the
    classifier's top 3 from intake in ``triage_suggestions``."""
    return list(
        Contact.objects.filter(triage_status=TriageStatus.REVIEW, case=None)
        .select_related("team")
        .order_by("started_at", "pk")[:PAGE_SIZE]
    )


def quarantined_mail() -> list[InboundMail]:
    return list(
        InboundMail.objects.filter(status=InboundMail.Status.QUARANTINED).order_by("-received_at")[
            :PAGE_SIZE
        ]
    )


def knowledge_articles_by_ids(ids: list[int]) -> list[KnowledgeArticle]:
    return list(KnowledgeArticle.objects.filter(pk__in=ids))


PUBLIC_AUDIENCES = (KnowledgeArticle.Audience.CITIZENS, KnowledgeArticle.Audience.EVERYONE)


def public_articles_by_ids(ids: list[int]) -> tuple[KnowledgeArticle, ...]:
    """The articles among ``ids`` that a citizen may read today, in the order of ``ids``.
    The audience is read from the article itself, whatever a hint said (the classifier
    remembers it as it was at training)."""
    if not ids:
        return ()
    today = timezone.localdate()
    found = KnowledgeArticle.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        pk__in=ids,
        audience__in=PUBLIC_AUDIENCES,
        valid_from__lte=today,
    ).in_bulk()
    return tuple(found[pk] for pk in ids if pk in found)


def contacts_for_case(case_id: int) -> list[Contact]:
    """The contacts about one case, oldest first (the case page's timeline). Compiled once
    per process (``tenancy.compiled``): every case page sends it with another id."""
    return compiled_objects(
        "contacts_for_case", Contact, _contacts_for_case_query, (case_id,),
        stand_ins=((32_001,), (32_101,)),
    )  # fmt: skip


def _contacts_for_case_query(case_id: int):
    return Contact.objects.filter(case_id=case_id).select_related("agent").order_by("started_at")


def rated_ids(*, bsn: str = "", kvk_number: str = "") -> tuple[set[int], set[int]]:
    """Ids of the cases and contacts this person already rated (one query)."""
    rows = Feedback.objects.filter(_party(bsn, kvk_number)).values_list("case_id", "contact_id")
    cases, contacts = set(), set()
    for case_id, contact_id in rows:
        (cases if case_id else contacts).add(case_id or contact_id)
    return cases, contacts


def feedback_summary(*, since) -> list[dict]:
    """Average rating and count per channel and product since ``since``, with their Dutch
    label and name."""
    rows = list(
        Feedback.objects.filter(created_at__gte=since)
        .values("channel", "product_code")
        .annotate(average=Avg("score"), count=Count("pk"))
        .order_by("channel", "product_code")
    )
    labels = dict(Channel.choices)
    codes = {row["product_code"] for row in rows if row["product_code"]}
    names = {}
    if codes:
        names = dict(Product.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        {
            **row,
            "channel": labels.get(row["channel"], row["channel"]),
            # The product's name, as the lead knows it; its code if it has gone since.
            "product": names.get(row["product_code"], row["product_code"]),
        }
        for row in rows
    ]


def recent_feedback_comments(*, limit: int = 10) -> list[Feedback]:
    return list(Feedback.objects.exclude(comment="").order_by("-created_at")[:limit])
