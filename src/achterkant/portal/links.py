"""The portal's links that other apps' texts need; registered in ``PortalConfig.ready()``."""

from django.urls import reverse

from achterkant.tenancy.models import Organisation
from achterkant.tenancy.selectors import public_url


def berichtenbox_link(organisation: Organisation) -> str:
    """The berichtenbox in Mijn gemeente, on the organisation's own host name."""
    return public_url(organisation, reverse("portal:messages"))


def document_link(organisation: Organisation, document_id: int) -> str:
    """A document of the citizen's own case, to download in Mijn gemeente (behind DigiD)."""
    return public_url(organisation, reverse("portal:document", args=[document_id]))


def case_link(organisation: Organisation, case_number: str) -> str:
    """The citizen's own case page in Mijn gemeente (behind DigiD)."""
    return public_url(organisation, reverse("portal:case", args=[case_number]))
