from dataclasses import dataclass

from django.db.models import Q

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseStatus
from achterkant.cases.promise import with_promises
from achterkant.conf.db_router import reading_from_replica
from achterkant.routing.sla import SlaState


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
    """The case with this number in the active organisation, for an action on it.

    Not logged as a read: nothing of it is shown here. The action's service logs what
    it does to the case, and the page shown after it (or after a refusal) logs its own
    read; logging here too made one action two or three rows. ``actor``: who acts, for
    the callers' symmetry with the other case lookups.
    """
    return (
        Case.objects.select_related(
            "case_type", "product", "created_by", "current_status__status_type"
        )
        .filter(number=number)
        .first()
    )


def case_number_exists(number: str) -> bool:
    """Whether the active organisation has a case with this number. Reads no personal
    data: the case page logs the read when it is opened."""
    return Case.objects.filter(number=number).exists()


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
    return list(case.statuses.select_related("status_type", "set_by").order_by("set_at", "pk"))


PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseListFilter:
    """What the *Zaken* list is narrowed to; empty values narrow nothing."""

    product_id: int | None = None
    status_name: str = ""
    team_id: int | None = None
    overdue: bool = False


@reading_from_replica()
def recent_cases(
    *,
    before_id: int | None = None,
    filters: CaseListFilter = CaseListFilter(),  # noqa: B008 - frozen dataclass, safe default
) -> list[Case]:
    """The newest cases of the active organisation, keyset-paginated by id.

    ``filters.overdue``: open cases whose stored SLA state is *te laat*, as the SLA engine
    stores it from the case promise (``cases.sla``); the same condition the team lead's
    workload counts as late (``cases.queues.workload``).

    Read from the replica when one is configured and this request has written nothing."""
    cases = Case.objects.select_related("case_type", "current_status__status_type")
    if filters.product_id is not None:
        cases = cases.filter(product_id=filters.product_id)
    if filters.status_name:
        cases = cases.filter(current_status__status_type__name=filters.status_name)
    if filters.team_id is not None:
        cases = cases.filter(team_id=filters.team_id)
    if filters.overdue:
        cases = cases.filter(end_date__isnull=True, sla_state=SlaState.BREACHED)
    if before_id is not None:
        cases = cases.filter(pk__lt=before_id)
    return list(cases.order_by("-pk")[:PAGE_SIZE])


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


def document_shared_with_initiator(document) -> bool:
    """:func:`shared_with_initiator` for one document already read (the desk's timeline
    says which documents the applicant sees)."""
    from achterkant.cases.models import Document

    return (
        document.confidentiality in SHARED_WITH_INITIATOR
        or document.origin == Document.Origin.PARTY
    )


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
    (``case.shared_documents``), the notes a worker shared with them
    (``case.shared_notes``), suspensions and extension (for the case promise).
    """
    from django.db.models import Exists, OuterRef, Prefetch

    from achterkant.cases.models import CaseEvent, Decision, Document

    shared_notes = CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE, shared_with_party=True)
    case = (
        Case.objects.filter(party_cases(actor), number=number)
        # Notes shared with the applicant are rare: read them only when there are some.
        .annotate(has_shared_notes=Exists(shared_notes.filter(case_id=OuterRef("pk"))))
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
        case.shared_notes = (
            list(shared_notes.filter(case=case).order_by("at", "pk"))
            if case.has_shared_notes
            else []
        )
        processing_log_record(
            actor=actor,
            action=Action.READ,
            bsns=[case.initiator_bsn],
            purpose=Purpose.SELF_SERVICE,
            object_type="zaak",
            object_id=case.number,
        )
    return case


# The case page's selectors live in their own module; these names stay importable here.
from achterkant.cases.case_page import (  # noqa: E402
    case_for_page,
    case_form_choices,
    case_outcome,
    case_page_penalty,
    case_timeline,
)

__all__ = [
    "case_for_page", "case_form_choices", "case_outcome", "case_page_penalty", "case_timeline",
]  # fmt: skip
