"""The callback fields of the 360° view's contact form show only for a callback (issue 17).

Progressive enhancement: the markup has every field (no JavaScript: all show), a static
script hides the fieldsets of other outcomes, and the server ignores what was left in the
callback fields when the outcome is not a callback."""

import re
import uuid

from django.utils import timezone

from achterkant.contacts.models import Contact, ContactRequest
from achterkant.desk.forms_kcc import CALLBACK_FIELDS, ContactForm
from tests.desk.party_page import agent_client, contact_form

LEFT_BEHIND = {
    "contact_route": "niet-bestaand", "callback_phone": "12", "preferred_date": "geen datum",
    "preferred_from": "25:99", "preferred_until": "ook niet", "team": "999999",
}  # fmt: skip


def _data(**fields) -> dict:
    return {
        "channel": "phone", "question": "Wanneer is het loket open?", "outcome": "answered",
        "answer": "Van 9 tot 17 uur.", "started_at": timezone.now().isoformat(),
        "idempotency_key": str(uuid.uuid4()), **fields,
    }  # fmt: skip


def test_the_form_marks_the_callback_fields_for_the_script_and_loads_it(tenant_a):
    page = agent_client(tenant_a).get("/desk/persoon/").content.decode()
    form = contact_form(page)
    assert "data-outcome-form" in form
    # Up to the referral's fieldset (the route's radio group is a fieldset inside it).
    opening, rest = form.split('data-outcome="contact_request"', 1)[1].split(">", 1)
    callback = rest.split('data-outcome="referred"', 1)[0]
    assert 'name="preferred_date"' in callback and 'name="preferred_until"' in callback
    assert 'name="contact_route"' in callback and 'name="team"' in callback
    assert 'name="question"' not in callback and 'name="outcome"' not in callback
    # Visible without JavaScript: the script hides it, the markup never does.
    assert "hidden" not in opening
    assert re.search(r'<script src="[^"]*achterkant/contact-outcome\.[^"]*js" defer>', page)


def test_for_another_outcome_the_form_ignores_broken_callback_fields(tenant_a):
    with tenant_a.active():
        form = ContactForm(_data(**LEFT_BEHIND))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["preferred_date"] is None
        assert form.cleaned_data["team"] is None
        assert form.cleaned_data["callback_phone"] == ""


def test_for_a_callback_the_same_fields_are_checked(tenant_a):
    with tenant_a.active():
        form = ContactForm(_data(outcome="contact_request", **LEFT_BEHIND))
        assert not form.is_valid()
        assert {"preferred_date", "preferred_from", "contact_route", "team"} <= set(form.errors)
    assert set(CALLBACK_FIELDS) >= {"preferred_date", "contact_route", "team"}


def test_an_answered_contact_with_leftover_callback_fields_is_saved_without_a_request(tenant_a):
    response = agent_client(tenant_a).post("/desk/contacten/", _data(**LEFT_BEHIND))
    assert response.status_code == 302
    with tenant_a.active():
        assert Contact.objects.get().outcome == "answered"
        assert not ContactRequest.objects.exists()
