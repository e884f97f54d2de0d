"""The message events: apps register them; notify holds only the registry and machinery."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from achterkant.notify import events
from achterkant.notify.admin import MessageTemplateForm
from achterkant.notify.events import (
    MessageEvent,
    Variable,
    event_choices,
    message_event,
    message_events,
    register_event,
    register_variables,
)
from achterkant.notify.messages import render_message

CASE_EVENTS = {
    "case.opened",
    "case.status_changed",
    "case.information_requested",
    "case.information_received",
    "case.extended",
    "case.closed",
    "case.decided",
    "case.decision_letter",
    "case.note_shared",
}
CONTACT_EVENTS = {"contact.email_acknowledged", "contact.letter_acknowledged"}

PINGED = MessageEvent(
    code="test.pinged",
    label="Testbericht",
    variables=("organisation_name", "ping_count"),
    subject="Ping {{ ping_count }}",
    body="{{ organisation_name }} pingt {{ ping_count }} keer.",
)
PING_COUNT = Variable("ping_count", "aantal keren", 3)


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for one test: what it registers is gone afterwards."""
    monkeypatch.setattr(events, "_events", dict(events._events))
    monkeypatch.setattr(events, "_variables", dict(events._variables))


def test_the_domain_apps_register_their_events_from_their_own_modules():
    from achterkant.cases import message_events as cases_events
    from achterkant.contacts import message_events as contacts_events

    codes = {event.code for event in message_events()}
    assert codes == CASE_EVENTS | CONTACT_EVENTS
    for code in CASE_EVENTS:
        assert message_event(code) in cases_events.EVENTS
    for code in CONTACT_EVENTS:
        assert message_event(code) in contacts_events.EVENTS


def test_every_event_is_a_choice_in_the_admin():
    assert [code for code, _ in event_choices()] == [event.code for event in message_events()]
    form_codes = {code for code, _ in MessageTemplateForm().fields["event_code"].choices}
    assert form_codes == {"", *CASE_EVENTS, *CONTACT_EVENTS}
    assert ("case.closed", "Zaak afgerond (case.closed)") in event_choices()


def test_every_variable_of_every_event_is_registered():
    for event in message_events():
        assert set(event.example_context()) == set(event.variables), event.code


def test_an_unregistered_event_is_unknown():
    with pytest.raises(LookupError, match="register"):
        message_event("test.pinged")


def test_a_registered_event_renders_and_is_offered_in_the_admin(registry, tenant_a):
    register_variables(PING_COUNT)
    register_event(PINGED)
    assert message_event("test.pinged") is PINGED
    with tenant_a.active():
        message = render_message(event_code="test.pinged", context={"ping_count": 2})
    assert message.subject == "Ping 2"
    assert message.body.strip() == "Gemeente A pingt 2 keer."
    assert "test.pinged" in dict(MessageTemplateForm().fields["event_code"].choices)


def test_an_event_needs_its_variables_registered_first(registry):
    with pytest.raises(ImproperlyConfigured, match="ping_count"):
        register_event(PINGED)
    assert "test.pinged" not in {event.code for event in message_events()}


def test_registering_the_same_event_twice_is_harmless_another_under_its_code_is_refused(
    registry,
):
    register_variables(PING_COUNT)
    register_event(PINGED)
    register_event(PINGED)
    assert [event.code for event in message_events()].count("test.pinged") == 1
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_event(MessageEvent("test.pinged", "Ander", (), "Ander", "Ander"))


def test_a_variable_cannot_be_redefined(registry):
    register_variables(PING_COUNT, PING_COUNT)
    with pytest.raises(ImproperlyConfigured, match="ping_count"):
        register_variables(Variable("ping_count", "iets anders", 4))


def test_a_template_for_an_unknown_event_is_refused_in_dutch(tenant_a):
    from django.core.exceptions import ValidationError

    from achterkant.notify.models import MessageTemplate

    with tenant_a.active():
        template = MessageTemplate(event_code="test.pinged", subject="x", body="y")
        with pytest.raises(ValidationError) as error:
            template.full_clean()
    assert error.value.message_dict["event_code"] == ["Onbekende gebeurtenis: 'test.pinged'."]


def test_the_admin_lists_and_filters_templates_by_event_label(tenant_a):
    from django.contrib.auth.models import Permission

    from achterkant.notify.models import MessageTemplate

    with tenant_a.active():
        MessageTemplate.objects.create(event_code="case.closed", subject="Klaar", body="x")
        MessageTemplate.objects.create(event_code="case.opened", subject="Begonnen", body="x")
    user = tenant_a.staff["admin"]
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notify", codename="view_messagetemplate"
        )
    )
    client = tenant_a.client("admin")
    page = client.get("/admin/notify/messagetemplate/?event_code=case.closed").content.decode()
    assert "Zaak afgerond" in page  # the label, in the list and in the filter
    assert "Klaar" in page and "Begonnen" not in page
