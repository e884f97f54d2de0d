from datetime import date

from django.db.models import Max, Q

from achterkant.catalog.cache import product_with_case_type, published_version_on
from achterkant.catalog.models import CaseType, Product, StatusType
from achterkant.tenancy.settings_cache import organisation_setting


class NoValidCaseType(Exception):
    """No published version of the case type is valid on the requested date."""


def products_for_intake() -> list[Product]:
    """Products an agent can pick when recording a contact."""
    return list(Product.objects.order_by("name"))


def product_choices() -> tuple[tuple[int, str], ...]:
    """(id, name) of every product, by name: the options of a product list in a form.
    Kept per process for the organisation's settings version (no query when warm)."""
    return organisation_setting(
        "catalog.product_choices",
        lambda: tuple(Product.objects.order_by("name", "pk").values_list("pk", "name")),
    )


def status_names() -> tuple[str, ...]:
    """The names of the organisation's status types, each once, by name: the options of
    a status filter. Kept per process like :func:`product_choices`."""
    return organisation_setting(
        "catalog.status_names",
        lambda: tuple(
            StatusType.objects.order_by("name").values_list("name", flat=True).distinct()
        ),
    )


def _published_on(on: date):
    """Published case-type versions whose validity includes ``on``."""
    return CaseType.objects.filter(is_concept=False, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def case_type_version_for(identification: str, on: date) -> CaseType:
    """The published version of a case type that is valid on ``on``.

    No query when this process holds the organisation's published versions for its
    current settings version (``catalog.cache``)."""
    version = published_version_on(identification, on)
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


def products_offered_online(on: date) -> list[tuple[Product, CaseType]]:
    """Products a citizen can request in the e-loket: a valid case type with a web form.

    Two queries, whatever the number of products.
    """
    products = list(Product.objects.exclude(case_type_identification="").order_by("name"))
    versions = (
        _published_on(on)
        .filter(identification__in={p.case_type_identification for p in products})
        .order_by("identification", "valid_from")
    )
    current = {version.identification: version for version in versions}  # latest wins
    return [
        (product, current[product.case_type_identification])
        for product in products
        if product.case_type_identification in current
        and current[product.case_type_identification].form_definition
    ]


def product_offered_online(code: str, on: date) -> tuple[Product, CaseType] | None:
    """The product ``code`` and its case-type version valid on ``on``, if a citizen can
    request it online (its version has a web form); None otherwise. No query once this
    process holds the organisation's catalogue (``catalog.cache``)."""
    product = product_with_case_type(code)
    if product is None:
        return None
    try:
        version = case_type_version_for(product.case_type_identification, on)
    except NoValidCaseType:
        return None
    return (product, version) if version.form_definition else None
