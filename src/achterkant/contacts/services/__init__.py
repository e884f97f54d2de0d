from achterkant.contacts.services.contact_requests import (
    ContactRequestDraft,
    contact_request_create,
    contact_request_log_attempt,
)
from achterkant.contacts.services.contacts import (
    contact_answer,
    contact_link_person,
    contact_register,
    contact_start_case,
)
from achterkant.contacts.services.general_requests import general_request_receive
from achterkant.contacts.services.letters import letter_register
from achterkant.contacts.services.receive import contact_receive, contact_receive_or_get
from achterkant.contacts.services.triage_review import contact_confirm_product
from achterkant.contacts.services.web_requests import web_request_receive

__all__ = [
    "ContactRequestDraft",
    "contact_answer",
    "contact_confirm_product",
    "contact_link_person",
    "contact_receive",
    "contact_receive_or_get",
    "contact_register",
    "contact_request_create",
    "contact_request_log_attempt",
    "contact_start_case",
    "general_request_receive",
    "letter_register",
    "web_request_receive",
]
