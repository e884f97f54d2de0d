"""Cases (ZRC concepts): the case, its history, the people involved and what it produced."""

from achterkant.cases.models.case import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CaseRelation,
    CaseStatus,
)
from achterkant.cases.models.clock import CaseExtension, CaseSuspension
from achterkant.cases.models.decisions import DecisionDocument
from achterkant.cases.models.default_notice import CaseDefaultNotice
from achterkant.cases.models.documents import (
    CaseDocument,
    DocumentDispatch,
    DocumentPart,
    DocumentUsageRight,
    DocumentVersion,
)
from achterkant.cases.models.parts import CaseProperty, Decision, Document, Result, Role
from achterkant.cases.models.submission import WebSubmission

__all__ = [
    "Case",
    "CaseDefaultNotice",
    "CaseDocument",
    "CaseEvent",
    "CaseExtension",
    "CaseNumberCounter",
    "CaseProperty",
    "CaseRelation",
    "CaseStatus",
    "CaseSuspension",
    "Decision",
    "DecisionDocument",
    "Document",
    "DocumentDispatch",
    "DocumentPart",
    "DocumentUsageRight",
    "DocumentVersion",
    "Result",
    "Role",
    "WebSubmission",
]
