from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Case, CaseStatus


def cases_for_bsn(*, bsn: str, limit: int = 50) -> list[Case]:
    """A person's cases, newest first, with type and current status in one query."""
    return list(
        Case.objects.filter(initiator_bsn=bsn)
        .select_related("case_type", "product", "current_status__status_type")
        .order_by("-created_at", "-pk")[:limit]
    )


def cases_for_kvk(*, kvk_number: str, limit: int = 50) -> list[Case]:
    """Cases in which a company (by KvK number) has a role, newest first."""
    return list(
        Case.objects.filter(roles__kvk_number=kvk_number)
        .distinct()
        .select_related("case_type", "product", "current_status__status_type")
        .order_by("-created_at", "-pk")[:limit]
    )


def documents_for_bsn(*, bsn: str, limit: int = 50):
    from achterkant.cases.models import Document

    return list(
        Document.objects.filter(case__initiator_bsn=bsn)
        .select_related("case")
        .order_by("-uploaded_at", "-pk")[:limit]
    )


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
        processing_log_record(
            actor=actor,
            action=Action.READ,
            bsns=[case.initiator_bsn],
            purpose=Purpose.CASE_HANDLING,
            object_type="zaak",
            object_id=case.number,
        )
    return case


def case_history(case: Case) -> list[CaseStatus]:
    return list(case.statuses.select_related("status_type", "set_by").order_by("set_at", "pk"))


PAGE_SIZE = 50


def recent_cases(*, before_id: int | None = None) -> list[Case]:
    """The newest cases of the active organisation, keyset-paginated by id."""
    cases = Case.objects.select_related("case_type", "current_status__status_type")
    if before_id is not None:
        cases = cases.filter(pk__lt=before_id)
    return list(cases.order_by("-pk")[:PAGE_SIZE])
