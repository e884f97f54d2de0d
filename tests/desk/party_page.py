"""Helpers for tests of the 360° view and its contact form."""

import re

from achterkant.desk.party_views import ACTIVE_PERSON


def agent_client(tenant, **session_values):
    """The tenant's agent, logged in, with a party active (the tenant's person unless
    ``session_values`` say otherwise)."""
    client = tenant.client("agent")
    session = client.session
    session.update(session_values or {ACTIVE_PERSON: tenant.person.bsn})
    session.save()
    return client


def contact_form(page: str) -> str:
    """The contact form's markup on a 360° page."""
    match = re.search(r'<form method="post" action="/desk/contacten/".*?</form>', page, re.S)
    assert match
    return match.group(0)
