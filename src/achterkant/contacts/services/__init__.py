from achterkant.contacts.services.contact_requests import (
    ContactRequestDraft,
    contact_request_create,
    contact_request_log_attempt,
)
from achterkant.contacts.services.contacts import (
    contact_answer,
    contact_link_person,
    contact_register,
)
from achterkant.contacts.services.letters import letter_register

__all__ = [
    "ContactRequestDraft",
    "contact_answer",
    "contact_link_person",
    "contact_register",
    "contact_request_create",
    "contact_request_log_attempt",
    "letter_register",
]
