"""The anonymous-contact page prints the same ready-made empty contact form as the 360° view
(desk.contact_form_cache), and a contact saved from it still lands."""

import re

from achterkant.contacts.models import Contact
from achterkant.routing.models import Team


def _form(page: str) -> str:
    match = re.search(r'<form method="post" action="/desk/contacten/".*?</form>', page, re.S)
    assert match
    return match.group(0)


def test_the_page_has_the_contact_form_with_its_own_token_and_key(tenant_a):
    client = tenant_a.client("agent")
    first = _form(client.get("/desk/anoniem/").content.decode())
    second = _form(client.get("/desk/anoniem/").content.decode())
    assert 'name="csrfmiddlewaretoken"' in first
    assert 'name="party_name"' not in first  # nobody to name
    keys = [
        re.search(r'name="idempotency_key" value="([^"]+)"', f).group(1) for f in (first, second)
    ]
    assert keys[0] != keys[1]  # each page its own double-submit key


def test_a_new_team_shows_on_the_next_page(tenant_a):
    client = tenant_a.client("agent")
    assert "Team Nieuw" not in client.get("/desk/anoniem/").content.decode()
    with tenant_a.active():
        Team.objects.create(identification="nieuw", name="Team Nieuw")
    assert "Team Nieuw" in client.get("/desk/anoniem/").content.decode()


def test_a_contact_sent_from_the_page_is_saved(tenant_a):
    client = tenant_a.client("agent")
    form = _form(client.get("/desk/anoniem/").content.decode())
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', form))
    response = client.post(
        "/desk/contacten/",
        {**fields, "channel": "phone", "subject": "Vraag", "question": "Wanneer is de markt?",
         "answer": "Op zaterdag.", "outcome": "answered"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_a.active():
        assert Contact.objects.filter(question="Wanneer is de markt?").count() == 1
