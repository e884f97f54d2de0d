import functools

from django.db.models import Q

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseStatus
from achterkant.cases.promise import with_promises
from achterkant.conf.db_router import reading_from_replica


def cases_for_bsn(*, bsn: str, limit: int = 50) -> list[Case]:
    """A person's cases, newest first, with type, current status and ``case.promise``."""
    return with_promises(
        Case.objects.filter(pk__in=_newest_case_ids(bsn, limit))
        .select_related("case_type", "product", "current_status__status_type")
        .order_by("-created_at", "-pk")
    )


def _newest_case_ids(bsn: str, limit: int):
    """The ids of a person's newest cases, from the (organisation, bsn, created_at) index.

    Selectors join only these rows: for a person with thousands of cases the planner
    otherwise joined and sorted all of them before taking the first page. Used as a
    subquery, so the page stays one query.
    """
    return (
        Case.objects.filter(initiator_bsn=bsn).order_by("-created_at", "-pk").values("pk")[:limit]
    )


def company_role(kvk_number: str, branch_number: str = "") -> Q:
    """Cases in which the company has a role; with a branch, that branch's role only.

    One ``filter()`` call with both conditions: they must hold for the same role.
    """
    if not kvk_number:
        return Q(pk__in=[])
    if branch_number:
        return Q(roles__kvk_number=kvk_number, roles__branch_number=branch_number)
    return Q(roles__kvk_number=kvk_number)


def cases_for_kvk(*, kvk_number: str, branch_number: str = "", limit: int = 50) -> list[Case]:
    """Cases in which a company (by KvK number) has a role, newest first.

    ``branch_number``: a log-in for one vestiging sees only the cases of that branch.
    """
    return with_promises(
        Case.objects.filter(company_role(kvk_number, branch_number))
        .distinct()
        .select_related("case_type", "product", "current_status__status_type")
        .prefetch_related("suspensions", "extension")
        .order_by("-created_at", "-pk")[:limit]
    )


# What the initiator of a case may read (ZGW vertrouwelijkheidaanduiding): public, and
# "zaakvertrouwelijk", which means: for those involved in the case.
SHARED_WITH_INITIATOR = ("openbaar", "beperkt_openbaar", "zaakvertrouwelijk")


def documents_without_usage_rights(case) -> list:
    """The documents linked to ``case`` whose indicatieGebruiksrecht is not set: the Zaken
    API refuses to close a zaak while there are any (the standard's rule, zrc-007q), so the
    close-case service can ask here."""
    from achterkant.cases.models import Document

    return list(
        Document.objects.filter(case_links__case=case, usage_rights__isnull=True).order_by("pk")
    )


def documents_for_bsn(*, bsn: str, shared_only: bool = False, limit: int = 50):
    """Documents in a person's cases, newest first.

    ``shared_only``: only what the person may read themselves (the portal): documents
    marked for those involved or more open, and what came from outside (no staff
    uploader: their own uploads and e-mail attachments).
    """
    from achterkant.cases.models import Document

    if not bsn:
        return []
    documents = Document.objects.filter(case__initiator_bsn=bsn)
    if shared_only:
        documents = documents.filter(shared_with_initiator())
    return list(documents.select_related("case").order_by("-uploaded_at", "-pk")[:limit])


def case_get_for(*, actor, number: str) -> Case | None:
    """The case with this number in the active organisation, logged as a read."""
    case = (
        Case.objects.select_related(
            "case_type", "product", "created_by", "current_status__status_type"
        )
        .filter(number=number)
        .first()
    )
    if case is not None:
        _log_case_read(actor, case)
    return case


def log_case_read(actor, case: Case) -> None:
    """Log that ``actor`` read the case (nothing when it has no initiator BSN yet)."""
    _log_case_read(actor, case)


def log_case_search(actor, bsn: str) -> None:
    """Log a search of cases by a person's BSN (a system listing someone's cases)."""
    processing_log_record(
        actor=actor,
        action=Action.SEARCH,
        bsns=[bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id="",
    )


def sole_product_for(case_type_identification: str):
    """The one product a case type serves, or None when there are none or several.

    A system registering a case names only the case type; with one product the case is
    that product's, so routing and norms apply as on every other channel.
    """
    products = _products_per_case_type().get(case_type_identification, ())
    return products[0] if len(products) == 1 else None


def _products_per_case_type() -> dict[str, tuple]:
    """Case type identification -> its products, by name. Kept per process for the
    organisation's settings version, which every save of a product replaces."""
    from achterkant.catalog.models import Product
    from achterkant.tenancy.settings_cache import organisation_setting

    def load() -> dict[str, tuple]:
        per_type: dict[str, list] = {}
        for product in Product.objects.order_by("name", "pk"):
            per_type.setdefault(product.case_type_identification, []).append(product)
        return {identification: tuple(rows) for identification, rows in per_type.items()}

    return organisation_setting("cases.products_per_case_type", load)


def _log_case_read(actor, case: Case) -> None:
    processing_log_record(
        actor=actor,
        action=Action.READ,
        bsns=[case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING,
        object_type="zaak",
        object_id=case.number,
    )


def case_history(case: Case) -> list[CaseStatus]:
    if hasattr(case, "page_statuses"):  # read with the case (``case_for_page``)
        return case.page_statuses
    return list(case.statuses.select_related("status_type", "set_by").order_by("set_at", "pk"))


def case_for_page(*, actor, number: str) -> Case | None:
    """The case for the desk's case page, logged as a read, with what the page shows.

    One query reads the case with its type, product, current status and team, and
    whether the parts that are mostly empty (decisions, documents, suspensions,
    extension, result, notices of default) have rows; only the parts with rows are read,
    one query each. The status history and events are read always; the assignee when
    there is one (``case.assignee``).

    Measured at scale (PostgreSQL): joining the extension, result and assignee as well
    made this query 3-4 ms to plan, more than the queries it saved; an existence check
    is cheap to plan. ``prefetch_related_objects`` with an empty queryset costs as much
    as a query in Python, hence the plain queries below.
    """
    from achterkant.cases.models import CaseEvent, CaseSuspension, Decision, Document, Result

    case = (
        Case.objects.select_related("case_type", "product", "current_status__status_type", "team")
        .annotate(**_page_part_checks())
        .filter(number=number)
        .first()
    )
    if case is None:
        return None
    _log_case_read(actor, case)
    case.page_statuses = list(
        CaseStatus.objects.filter(case=case)
        .select_related("status_type", "set_by")
        .order_by("set_at", "pk")
    )
    case.page_events = list(CaseEvent.objects.filter(case=case).select_related("actor"))
    case.page_decisions = (
        list(
            Decision.objects.filter(case=case)
            .select_related("decision_type", "created_by")
            .order_by("decided_on", "pk")
        )
        if case.has_decisions
        else []
    )
    case.page_documents = (
        list(
            Document.objects.filter(case=case)
            .select_related("uploaded_by")
            .order_by("-uploaded_at", "-pk")
        )
        if case.has_documents
        else []
    )
    # What the case promise reads: ``case.suspensions.all()`` and ``case.extension``.
    if not case.has_suspensions:
        _known_empty_many(case, "suspensions", CaseSuspension)
    if not case.has_extension:
        Case._meta.get_field("extension").set_cached_value(case, None)
    if case.has_result:
        case.result = Result.objects.select_related("result_type").get(case=case)
    else:
        Case._meta.get_field("result").set_cached_value(case, None)
    return case


@functools.cache
def _page_part_checks() -> dict:
    """``has_<part>`` for the parts of a case that are mostly empty; built once.

    ``all_tenants``: the case is the active organisation's, and so are its parts; the
    organisation filter in every check cost 0.4 ms to build and plan.
    """
    from django.db.models import Exists, OuterRef

    from achterkant.cases.models import (
        CaseDefaultNotice,
        CaseExtension,
        CaseSuspension,
        Decision,
        Document,
        Result,
    )

    parts = {
        "decisions": Decision, "documents": Document, "suspensions": CaseSuspension,
        "extension": CaseExtension, "result": Result, "default_notices": CaseDefaultNotice,
    }  # fmt: skip
    return {
        f"has_{name}": Exists(model.all_tenants.filter(case_id=OuterRef("pk")))
        for name, model in parts.items()
    }


def _known_empty_many(case: Case, name: str, model) -> None:
    """Let ``case.<name>.all()`` answer "none" without a query, as a prefetch would."""
    empty = model.objects.none()
    empty._result_cache = []
    empty._prefetch_done = True
    if not hasattr(case, "_prefetched_objects_cache"):
        case._prefetched_objects_cache = {}
    case._prefetched_objects_cache[name] = empty


def case_page_penalty(case: Case):
    """The dwangsom of a case read by ``case_for_page`` (``None`` without a notice of
    default, which that query already knows)."""
    from achterkant.cases.penalty import case_penalty

    if getattr(case, "has_default_notices", True):
        return case_penalty(case)
    return None


PAGE_SIZE = 50


@reading_from_replica()
def recent_cases(*, before_id: int | None = None) -> list[Case]:
    """The newest cases of the active organisation, keyset-paginated by id.

    Read from the replica when one is configured and this request has written nothing."""
    cases = Case.objects.select_related("case_type", "current_status__status_type")
    if before_id is not None:
        cases = cases.filter(pk__lt=before_id)
    return list(cases.order_by("-pk")[:PAGE_SIZE])


def _start_of(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def case_timeline(
    case: Case, *, contacts=(), messages=(), decisions=None, documents=None
) -> list[tuple]:
    """Everything that happened to a case, oldest first: (moment, kind, text, who).

    The caller passes the case's contacts and messages, which live in apps above cases,
    and may pass the decisions and documents it already read (``case_outcome``).
    """
    if documents is None:
        documents = case.documents.select_related("uploaded_by")
    if decisions is None:
        decisions = case.decisions.select_related("decision_type")
    from achterkant.cases.models import CaseEvent

    items = [
        (s.set_at, "status", s.status_type.name + (f": {s.note}" if s.note else ""), s.set_by)
        for s in case_history(case)
    ]
    events = getattr(case, "page_events", None)
    if events is None:
        events = CaseEvent.objects.filter(case=case).select_related("actor")
    items += [(e.at, e.get_kind_display(), e.text, e.actor) for e in events]
    items += [(d.uploaded_at, "document", d.title, d.uploaded_by) for d in documents]
    items += [
        (
            _start_of(d.decided_on),
            "besluit",
            f"{d.decision_type} ({d.identification})",
            d.created_by,
        )
        for d in decisions
    ]
    items += [(c.started_at, f"contact ({c.get_channel_display()})", c.question, c.agent)
              for c in contacts]  # fmt: skip
    items += [(m.created_at, "bericht", m.subject, None) for m in messages]
    return sorted((i for i in items if i[0] is not None), key=lambda item: item[0])


@reading_from_replica()
def cases_with_history_for_bsn(*, bsn: str, limit: int = 50) -> list[Case]:
    """A person's cases with statuses, suspensions and extension prefetched: a fixed number
    of queries however many cases, for the citizen's overview.

    Read from the replica when one is configured and this request has written nothing."""
    from django.db.models import Prefetch

    from achterkant.cases.models import CaseStatus

    return list(
        Case.objects.filter(pk__in=_newest_case_ids(bsn, limit))
        .select_related("case_type", "product", "current_status__status_type")
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=CaseStatus.objects.select_related("status_type").order_by("set_at", "pk"),
            ),
            "suspensions",
            "extension",
        )
        .order_by("-created_at", "-pk")
    )


def decisions_for(*, bsn: str = "", kvk_number: str = "", branch_number: str = "", limit: int = 50):
    """Decisions in a person's cases (or a company's, or one branch's), newest first."""
    from achterkant.cases.models import Decision

    if bsn:
        decisions = Decision.objects.filter(case__initiator_bsn=bsn)
    elif kvk_number:
        decisions = Decision.objects.filter(
            case__in=Case.objects.filter(company_role(kvk_number, branch_number)).values("pk")
        )
    else:
        return []
    return list(
        decisions.select_related("decision_type", "case").order_by("-decided_on", "-pk")[:limit]
    )


def shared_with_initiator() -> Q:
    """Documents the people involved in a case may read themselves (the portal).

    THE rule, for every channel a document came by: its vertrouwelijkheidaanduiding is
    openbaar, beperkt_openbaar or zaakvertrouwelijk (:data:`SHARED_WITH_INITIATOR`), or it
    came from outside (``origin`` party: their own uploads and e-mail attachments). A
    document an API client stored (``origin`` api) has no staff uploader either, but is
    shown by its confidentiality only. The rule of ``documents_for_bsn(shared_only=True)``
    and of the download gate (``cases.downloads``); only documents of the person's own
    cases are ever considered (``Document.case``, see ``party_cases``).
    """
    from achterkant.cases.models import Document

    return Q(confidentiality__in=SHARED_WITH_INITIATOR) | Q(origin=Document.Origin.PARTY)


def shared_with(actor) -> Q:
    """The documents of a case ``actor`` may read in the portal.

    The applicant (a citizen): :func:`shared_with_initiator`. A company with a role in
    the case: only documents marked for those involved or more open; never what the
    applicant sent in themselves (their ID copy, their photos).
    """
    from achterkant.identity.actors import Citizen, as_actor

    if isinstance(as_actor(actor), Citizen):
        return shared_with_initiator()
    return Q(confidentiality__in=SHARED_WITH_INITIATOR)


def party_cases(actor) -> Q:
    """The cases a citizen or a company may see: their own; nothing for anyone else.

    A citizen: the cases they started (``initiator_bsn``). A company: the cases in which
    it has a role, with a branch log-in only that branch's (:func:`company_role`).
    """
    from achterkant.identity.actors import Citizen, Company, as_actor

    actor = as_actor(actor)
    if isinstance(actor, Citizen) and actor.bsn:
        return Q(initiator_bsn=actor.bsn)
    if isinstance(actor, Company) and actor.kvk_number:
        return Q(pk__in=Case.objects.filter(company_role(actor.kvk_number, actor.branch_number))
                 .values("pk"))  # fmt: skip
    return Q(pk__in=[])


def case_get_for_party(*, actor, number: str) -> Case | None:
    """A citizen's or company's own case for its detail page, logged as a read.

    Someone else's case is ``None``, the same as one that does not exist. Comes with its
    status history, decisions, result, the documents shared with the applicant
    (``case.shared_documents``), suspensions and extension (for the case promise).
    """
    from django.db.models import Prefetch

    from achterkant.cases.models import Decision, Document

    case = (
        Case.objects.filter(party_cases(actor), number=number)
        .select_related(
            "case_type", "product", "current_status__status_type", "result__result_type"
        )
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=CaseStatus.objects.select_related("status_type").order_by("set_at", "pk"),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("decision_type").order_by(
                    "decided_on", "pk"
                ),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.filter(shared_with(actor)).order_by(
                    "-uploaded_at", "-pk"
                ),
                to_attr="shared_documents",
            ),
            "suspensions",
            "extension",
        )
        .first()
    )
    if case is not None:
        processing_log_record(
            actor=actor,
            action=Action.READ,
            bsns=[case.initiator_bsn],
            purpose=Purpose.SELF_SERVICE,
            object_type="zaak",
            object_id=case.number,
        )
    return case


def case_outcome(case: Case) -> dict:
    """What a case produced, for the desk: decisions, result and every document."""
    from achterkant.cases.models import Result

    try:
        result = case.result  # read by ``case_for_page``; else one query
    except Result.DoesNotExist:
        result = None
    decisions = getattr(case, "page_decisions", None)
    if decisions is None:
        decisions = list(
            case.decisions.select_related("decision_type", "created_by").order_by(
                "decided_on", "pk"
            )
        )
    documents = getattr(case, "page_documents", None)
    if documents is None:
        documents = list(
            case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
        )
    return {"decisions": decisions, "result": result, "documents": documents}


def case_form_choices(case: Case) -> dict[str, list[tuple]]:
    """The catalog choices of the case page's action forms, in one query.

    ``status``: the status types after the current one (empty: no next status), with
    whether the citizen is told; ``result``: the case type's result types; ``decision``:
    its decision types (not concepts). Each in the order its own form lists them.
    """
    from django.db.models import BooleanField, CharField, DateField, F, IntegerField, Value
    from django.db.models.functions import Cast

    from achterkant.catalog.models import DecisionType, ResultType, StatusType

    current = case.current_status.status_type.sequence if case.current_status else 0

    def rows(queryset, kind, label, **sort):
        # Every part selects the same columns in the same order: kind, id, label, flag,
        # then the sort keys of its own ordering (sequence; description; valid_from).
        columns = {
            "kind": Value(kind, output_field=IntegerField()),
            "ident": F("pk"),
            "label": F(label),
            "flag": sort.pop("flag", Value(False, output_field=BooleanField())),
            "seq": sort.pop("seq", Value(0, output_field=IntegerField())),
            "text": sort.pop("text", Value("", output_field=CharField())),
            "day": sort.pop("day", Cast(Value(None), DateField())),  # typed: PostgreSQL
        }
        return queryset.order_by().annotate(**columns).values_list(*columns)

    statuses = rows(
        StatusType.objects.filter(case_type_id=case.case_type_id, sequence__gt=current),
        0, "name", flag=F("inform_citizen"), seq=F("sequence"),
    )  # fmt: skip
    results = rows(
        ResultType.objects.filter(case_type_id=case.case_type_id), 1, "description",
        text=F("description"),
    )  # fmt: skip
    decisions = rows(
        DecisionType.objects.filter(case_types=case.case_type_id, is_concept=False),
        2, "description", text=F("description"), day=F("valid_from"),
    )  # fmt: skip
    choices: dict[str, list[tuple]] = {"status": [], "result": [], "decision": []}
    names = ("status", "result", "decision")
    for kind, ident, label, flag, *_sort in statuses.union(results, decisions, all=True).order_by(
        "kind", "seq", "text", "day", "ident"
    ):
        choices[names[kind]].append((ident, label, flag))
    return choices
