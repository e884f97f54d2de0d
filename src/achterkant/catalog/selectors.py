from achterkant.catalog.models import Product, StatusType


def products_for_intake() -> list[Product]:
    """Products an agent can pick when recording a contact, with their case type."""
    return list(Product.objects.select_related("case_type").order_by("name"))


def status_types_for(case_type_id: int) -> list[StatusType]:
    return list(StatusType.objects.filter(case_type_id=case_type_id).order_by("sequence"))
