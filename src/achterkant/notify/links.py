"""Links into an interface that notify's own texts need, supplied by that interface.

notify knows no URL of the portal. The portal registers a builder from its
``AppConfig.ready()``; without one (the portal not installed), the e-mail about a new
berichtenbox message says where to read it, without a link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from achterkant.tenancy.models import Organisation

# builder(organisation) -> the absolute URL of the berichtenbox on the organisation's host.
BerichtenboxLinkBuilder = Callable[["Organisation"], str]

_berichtenbox_link_builder: BerichtenboxLinkBuilder | None = None
# builder(organisation, document_id) -> the absolute URL where a citizen downloads it.
DocumentLinkBuilder = Callable[["Organisation", int], str]

_document_link_builder: DocumentLinkBuilder | None = None


def register_berichtenbox_link(builder: BerichtenboxLinkBuilder | None) -> None:
    """Set the one builder of the berichtenbox link; ``None`` removes it."""
    global _berichtenbox_link_builder
    _berichtenbox_link_builder = builder


def berichtenbox_link(organisation: Organisation) -> str | None:
    """The absolute URL of the organisation's berichtenbox, or None when nobody supplies it."""
    if _berichtenbox_link_builder is None:
        return None
    return _berichtenbox_link_builder(organisation)


def register_document_link(builder: DocumentLinkBuilder | None) -> None:
    """Set the one builder of a citizen's download link of a case document."""
    global _document_link_builder
    _document_link_builder = builder


def document_link(organisation: Organisation, document_id: int) -> str:
    """Where the citizen downloads a document of their case; "" when nobody supplies it."""
    if _document_link_builder is None:
        return ""
    return _document_link_builder(organisation, document_id)


# builder(organisation, case_number) -> the absolute URL of the citizen's case page.
CaseLinkBuilder = Callable[["Organisation", str], str]

_case_link_builder: CaseLinkBuilder | None = None


def register_case_link(builder: CaseLinkBuilder | None) -> None:
    """Set the one builder of the link to a citizen's case page in Mijn gemeente."""
    global _case_link_builder
    _case_link_builder = builder


def case_link(organisation: Organisation, case_number: str) -> str:
    """The citizen's page of their case (behind DigiD); "" when nobody supplies it."""
    if _case_link_builder is None:
        return ""
    return _case_link_builder(organisation, case_number)
