"""Contacts: every conversation on every channel, the tasks they create, and the
knowledge agents answer from."""

from achterkant.contacts.models.contact import (
    Contact,
    ContactAttachment,
    Outcome,
    TriageStatus,
)
from achterkant.contacts.models.contact_request import ContactRequest, ContactRequestAttempt
from achterkant.contacts.models.feedback import Feedback
from achterkant.contacts.models.inbound_mail import InboundMail
from achterkant.contacts.models.knowledge import KnowledgeArticle

__all__ = [
    "Contact",
    "ContactAttachment",
    "ContactRequest",
    "ContactRequestAttempt",
    "Feedback",
    "InboundMail",
    "KnowledgeArticle",
    "Outcome",
    "TriageStatus",
]
