from datetime import date

from django.db.models import Max, Q

from achterkant.catalog.models import CaseType, Product, StatusType


class NoValidCaseType(Exception):
    """No published version of the case type is valid on the requested date."""


def products_for_intake() -> list[Product]:
    """Products an agent can pick when recording a contact."""
    return list(Product.objects.order_by("name"))


def case_type_version_for(identification: str, on: date) -> CaseType:
    """The published version of a case type that is valid on ``on``."""
    version = (
        CaseType.objects.filter(identification=identification, is_concept=False, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        raise NoValidCaseType(
            f"Er is geen gepubliceerd zaaktype '{identification}' geldig op {on:%d-%m-%Y}."
        )
    return version


def status_types_for(case_type_id: int) -> list[StatusType]:
    return list(StatusType.objects.filter(case_type_id=case_type_id).order_by("sequence"))


def end_status_sequence(case_type_id: int) -> int | None:
    """The end status is derived: the status type with the highest sequence number."""
    return StatusType.objects.filter(case_type_id=case_type_id).aggregate(last=Max("sequence"))[
        "last"
    ]
