"""The catalogue (ZTC concepts): what kinds of cases exist and how they run."""

from achterkant.catalog.models.case_type import (
    CaseObjectType,
    CasePropertyType,
    CaseType,
    CaseTypeDocumentType,
    ResultType,
    RoleType,
    StatusType,
)
from achterkant.catalog.models.catalogue import (
    Catalogue,
    Confidentiality,
    DecisionType,
    DocumentType,
)
from achterkant.catalog.models.product import Channel, NormUnit, Product, ServiceNorm

__all__ = [
    "CaseObjectType",
    "CasePropertyType",
    "CaseType",
    "CaseTypeDocumentType",
    "Catalogue",
    "Channel",
    "Confidentiality",
    "DecisionType",
    "DocumentType",
    "NormUnit",
    "Product",
    "ResultType",
    "RoleType",
    "ServiceNorm",
    "StatusType",
]
