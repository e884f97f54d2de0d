"""Every write to a case goes through these services, whatever the channel.

Each one runs in a transaction, checks the ZGW business rules, writes the processing
log and, where the citizen must be told, an outbox message.
"""

from achterkant.cases.errors import CaseError
from achterkant.cases.services.clock import extend_case, resume_case, suspend_case
from achterkant.cases.services.default_notice import register_default_notice
from achterkant.cases.services.documents import add_document
from achterkant.cases.services.lifecycle import (
    close_case,
    open_case,
    reopen_case,
    set_status,
)
from achterkant.cases.services.parts import add_decision, add_role, set_property, set_result

__all__ = [
    "CaseError",
    "add_decision",
    "add_document",
    "add_role",
    "close_case",
    "extend_case",
    "open_case",
    "register_default_notice",
    "reopen_case",
    "resume_case",
    "set_property",
    "set_result",
    "set_status",
    "suspend_case",
]
