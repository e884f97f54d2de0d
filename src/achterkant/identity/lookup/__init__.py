"""Who is this person? One interface, several sources (local register, Haal Centraal BRP).

Callers use :func:`get_person_lookup` and never know which source answers.
"""

from django.conf import settings

from achterkant.identity.lookup.base import (
    CompanyLookup,
    CompanyRecord,
    LookupContext,
    LookupRejected,
    LookupUnavailable,
    PersonLookup,
    PersonLookupError,
    PersonRecord,
    answers_per_purpose,
)

__all__ = [
    "answers_per_purpose",
    "CompanyLookup",
    "CompanyRecord",
    "get_company_lookup",
    "LookupContext",
    "PersonLookupError",
    "LookupRejected",
    "LookupUnavailable",
    "PersonLookup",
    "PersonRecord",
    "get_person_lookup",
]


def get_person_lookup() -> PersonLookup:
    if settings.PERSON_LOOKUP == "brp":
        from achterkant.identity.lookup.brp import HaalCentraalPersonLookup

        return HaalCentraalPersonLookup(
            base_url=settings.BRP_API_URL,
            api_key=settings.BRP_API_KEY,
            timeout=settings.BRP_TIMEOUT_SECONDS,
        )
    from achterkant.identity.lookup.local import LocalRegisterLookup

    return LocalRegisterLookup()


def get_company_lookup() -> CompanyLookup:
    # Only the local register for now; a KvK Handelsregister client fits the same protocol.
    from achterkant.identity.lookup.local import LocalCompanyRegister

    return LocalCompanyRegister()
