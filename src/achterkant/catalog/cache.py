"""The published case-type versions, read once per process for the organisation's settings
version (``tenancy.settings_cache``).

Every intake, on every channel, binds its case to the published version valid on the start
date. The versions change a few times a year, through a save or a delete of a case type
(``catalog.apps`` registers ``CaseType``), which gives the organisation a new settings
version in the same transaction. Publishing ends the previous version with a bulk update,
but saves the new version in the same transaction, so that change is seen too. So the
next intake in any process binds to the versions the catalogue holds once the change is
committed, and one query per activation (the version) replaces one per case.
"""

import copy
from datetime import date

from achterkant.catalog.models import CaseType, Product
from achterkant.tenancy.settings_cache import organisation_setting


def _published_versions() -> dict[str, tuple[CaseType, ...]]:
    """identification -> its published versions, newest start first. Never mutate them."""
    return organisation_setting("catalog.published_case_type_versions", _load)


def _load() -> dict[str, tuple[CaseType, ...]]:
    versions: dict[str, list[CaseType]] = {}
    rows = CaseType.objects.filter(is_concept=False).order_by("identification", "-valid_from", "pk")
    for row in rows:
        versions.setdefault(row.identification, []).append(row)
    return {identification: tuple(rows) for identification, rows in versions.items()}


def published_version_on(identification: str, on: date) -> CaseType | None:
    """The published version of case type ``identification`` valid on ``on``; None if none.

    A copy of the instance this process holds: a caller may cache related rows on it or
    change it without touching what the next intake reads.
    """
    for version in _published_versions().get(identification, ()):
        if version.valid_from <= on and (version.valid_until is None or version.valid_until >= on):
            return copy.copy(version)
    return None


def product_with_case_type(code: str) -> Product | None:
    """The product ``code`` if it starts a case (it names a case type); None otherwise.

    Every e-loket form and submit looks its product up. The products are kept per process
    for the organisation's settings version, which every save or delete of a product
    renews (``catalog.apps``). A copy, for the same reason as above.
    """
    product = organisation_setting("catalog.products_with_case_type", _load_products).get(code)
    return copy.copy(product) if product is not None else None


def _load_products() -> dict[str, Product]:
    rows = Product.objects.exclude(case_type_identification="")
    return {product.code: product for product in rows}
