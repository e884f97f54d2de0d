"""Message templates: per organisation and product, validated, with Dutch defaults."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.notify.events import message_event, message_events
from achterkant.notify.messages import render_message
from achterkant.notify.models import MessageTemplate, OutboxMessage
from achterkant.notify.services import message_enqueue
from achterkant.notify.template_engine import FORBIDDEN_TAGS
from tests.conftest import BSN_A

EVENT = "case.status_changed"
CONTEXT = {
    "recipient_name": "S. de Vries",
    "case_number": "ZAAK-1",
    "case_description": "Melding openbare ruimte",
    "status_text": "We hebben het werk ingepland.",
    "expected_date": date(2025, 3, 4),
}


def _template(tenant, *, product_code="", event_code=EVENT, active=True, **fields):
    fields = {"subject": "Onderwerp", "body": "Tekst", **fields}
    with tenant.active():
        template = MessageTemplate(
            event_code=event_code, product_code=product_code, active=active, **fields
        )
        template.full_clean()
        template.save()
        return template


def _render(tenant, product_code="melding", context=CONTEXT, event_code=EVENT):
    with tenant.active():
        return render_message(event_code=event_code, product_code=product_code, context=context)


# --- Which template is used -----------------------------------------------------------


def test_without_templates_the_builtin_default_is_used(tenant_a):
    message = _render(tenant_a)
    assert message.template_id is None
    assert message.subject == "Nieuws over uw zaak ZAAK-1"
    assert "dinsdag 4 maart 2025" in message.body
    assert message.body.rstrip().endswith("Gemeente A")  # organisation_name filled in


def test_product_template_beats_organisation_template_beats_default(tenant_a):
    general = _template(tenant_a, subject="Algemeen {{ case_number }}")
    assert _render(tenant_a, "melding").template_id == general.pk
    assert _render(tenant_a, "melding").subject == "Algemeen ZAAK-1"

    specific = _template(tenant_a, product_code="melding", subject="Melding {{ case_number }}")
    assert _render(tenant_a, "melding").template_id == specific.pk
    assert _render(tenant_a, "melding").subject == "Melding ZAAK-1"
    # Another product, or none, still gets the organisation's general template.
    assert _render(tenant_a, "parkeervergunning").template_id == general.pk
    assert _render(tenant_a, "").template_id == general.pk


def test_a_product_template_alone_leaves_other_products_on_the_default(tenant_a):
    _template(tenant_a, product_code="melding", subject="Melding")
    assert _render(tenant_a, "melding").subject == "Melding"
    assert _render(tenant_a, "parkeervergunning").template_id is None
    assert _render(tenant_a, "").template_id is None


def test_a_template_for_another_event_is_not_used(tenant_a):
    _template(tenant_a, event_code="case.closed", subject="Afgerond")
    assert _render(tenant_a).template_id is None


def test_inactive_templates_are_ignored(tenant_a):
    general = _template(tenant_a, subject="Algemeen")
    _template(tenant_a, product_code="melding", subject="Melding", active=False)
    assert _render(tenant_a, "melding").template_id == general.pk
    general.active = False
    general.save()
    assert _render(tenant_a, "melding").template_id is None


def test_another_organisations_templates_are_never_used(tenant_a, tenant_b):
    _template(tenant_b, subject="Van B")
    _template(tenant_b, product_code="melding", subject="Melding van B")
    message = _render(tenant_a, "melding")
    assert message.template_id is None
    assert "B" not in message.subject
    assert message.body.rstrip().endswith("Gemeente A")
    # And B gets its own.
    assert _render(tenant_b, "melding").subject == "Melding van B"


def test_templates_are_read_once_per_settings_version(tenant_a, django_assert_num_queries):
    _template(tenant_a, subject="Algemeen")
    _template(tenant_a, product_code="melding", subject="Melding")
    with tenant_a.active():
        # The settings version, and every active template of the organisation once.
        with django_assert_num_queries(2):
            render_message(event_code=EVENT, product_code="melding", context=CONTEXT)
        with django_assert_num_queries(0):
            render_message(event_code=EVENT, context=CONTEXT)
            render_message(event_code="case.closed", product_code="melding", context=CONTEXT)
    with tenant_a.active(), django_assert_num_queries(1):  # a new request: the version
        assert render_message(event_code=EVENT, context=CONTEXT).subject == "Algemeen"


def test_a_changed_template_is_used_at_once(tenant_a):
    """Every save or delete of a template gives the organisation a new settings version,
    so the copy this process holds is not used after it (notify.apps)."""
    general = _template(tenant_a, subject="Eerst")
    assert _render(tenant_a).subject == "Eerst"
    with tenant_a.active():
        general.subject = "Daarna"
        general.save()
    assert _render(tenant_a).subject == "Daarna"
    added = _template(tenant_a, product_code="melding", subject="Nieuw")
    assert _render(tenant_a).template_id == added.pk
    with tenant_a.active():
        added.delete()
        general.delete()
    assert _render(tenant_a).template_id is None


def test_a_template_saved_inside_the_same_request_is_used(tenant_a):
    with tenant_a.active():
        render_message(event_code=EVENT, product_code="melding", context=CONTEXT)
        MessageTemplate.objects.create(
            event_code=EVENT, product_code="melding", subject="Zelfde verzoek", body="Tekst"
        )
        message = render_message(event_code=EVENT, product_code="melding", context=CONTEXT)
    assert message.subject == "Zelfde verzoek"


def test_a_stored_template_that_fails_at_render_time_falls_back(tenant_a, caplog):
    with tenant_a.active():
        # Bypasses validation, like a row from before a rule existed.
        MessageTemplate.objects.create(
            event_code=EVENT, product_code="melding", subject="x", body="{% url 'bestaat-niet' %}"
        )
    general = _template(tenant_a, subject="Algemeen")
    assert _render(tenant_a, "melding").template_id == general.pk
    assert "failed to render" in caplog.text


def test_an_unknown_event_is_a_programming_error(tenant_a):
    with tenant_a.active(), pytest.raises(LookupError):
        render_message(event_code="case.unknown", context={})


# --- Rendering ------------------------------------------------------------------------


def test_plain_text_without_escaping_subject_on_one_line_and_trimmed(tenant_a):
    _template(
        tenant_a,
        subject="{{ case_description }}\n{{ case_description }}",
        body="Over: {{ case_description }}",
    )
    long = "Tom & Jerry <b>'s</b> " + "x" * 300
    message = _render(tenant_a, context={**CONTEXT, "case_description": long})
    assert "\n" not in message.subject
    assert len(message.subject) == 200
    assert message.subject.startswith("Tom & Jerry <b>'s</b> x")
    assert message.body == f"Over: {long}\n"


def test_unknown_variables_render_empty(tenant_a):
    _template(tenant_a, subject="Zaak {{ zaaknummer }}{{ case_number }}", body="{{ onbekend.x }}.")
    message = _render(tenant_a)
    assert message.subject == "Zaak ZAAK-1"
    assert message.body == ".\n"


def test_a_bsn_in_the_context_never_reaches_the_text(tenant_a):
    # Even a template that slipped past validation cannot print it: the key is dropped.
    with tenant_a.active():
        MessageTemplate.objects.create(event_code=EVENT, subject="x {{ bsn }}", body="{{ bsn }}")
    message = _render(tenant_a, context={**CONTEXT, "bsn": BSN_A, "initiator_bsn": BSN_A})
    assert BSN_A not in message.subject + message.body


def test_only_plain_values_may_go_into_the_context(tenant_a):
    with tenant_a.active(), pytest.raises(TypeError, match="plain value"):
        render_message(event_code=EVENT, context={"case": tenant_a.person})


def test_datetimes_are_shown_in_dutch_local_time(tenant_a):
    message = _render(
        tenant_a,
        "",
        event_code="contact.email_acknowledged",
        context={"received_at": datetime(2025, 3, 3, 8, 30, tzinfo=UTC)},
    )
    assert "maandag 3 maart 2025 om 09:30 uur" in message.body


# --- The defaults ---------------------------------------------------------------------


@pytest.mark.parametrize("event_code", [event.code for event in message_events()])
def test_every_default_renders_with_its_example_values(tenant_a, event_code):
    event = message_event(event_code)
    context = {**event.example_context(), "bsn": BSN_A, "initiator_bsn": BSN_A}
    del context["organisation_name"]
    message = _render(tenant_a, "melding", context=context, event_code=event_code)
    text = message.subject + "\n" + message.body
    assert message.template_id is None
    assert message.subject and "\n" not in message.subject and len(message.subject) <= 200
    assert BSN_A not in text
    assert "None" not in text and "{" not in text and "%}" not in text
    assert "Beste S. de Vries," in message.body
    assert message.body.rstrip().endswith("Met vriendelijke groet,\nGemeente A")
    if "expected_date" in event.variables:
        assert "dinsdag 4 maart 2025" in message.body
    if "case_number" in event.variables:
        assert "ZAAK-2025-0000123" in message.body
        assert "Melding openbare ruimte" in message.body
    if "respond_before" in event.variables:
        assert "dinsdag 18 februari 2025" in message.body
        assert "Een foto van de plek waar het om gaat." in message.body
    if "status_text" in event.variables and event_code == EVENT:
        assert "We hebben het werk ingepland." in message.body


@pytest.mark.parametrize("event_code", [event.code for event in message_events()])
def test_every_default_reads_well_with_only_the_minimum(tenant_a, event_code):
    message = _render(tenant_a, "", context={"case_number": "ZAAK-1"}, event_code=event_code)
    assert message.body.startswith("Beste meneer, mevrouw,\n")
    assert "uiterlijk op ." not in message.body and "uiterlijk op  " not in message.body
    assert "\n\n\n" not in message.body


def test_the_acknowledgement_default_covers_refused_attachments(tenant_a):
    context = {
        **message_event("contact.email_acknowledged").example_context(),
        "skipped_attachments": 2,
        "expected_date": datetime(2025, 3, 4, 14, 0, tzinfo=UTC),
        "expected_shows_time": True,
    }
    message = _render(tenant_a, "", context=context, event_code="contact.email_acknowledged")
    assert "2 bijlagen niet aannemen" in message.body
    assert "PDF, JPEG en PNG" in message.body
    assert "uiterlijk op dinsdag 4 maart 2025 om 15:00 uur" in message.body


# --- Validation -----------------------------------------------------------------------


def _errors(tenant, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        _template(tenant, **fields)
    return caught.value.message_dict


@pytest.mark.parametrize("tag", FORBIDDEN_TAGS)
def test_forbidden_tags_are_refused_in_dutch_naming_the_field(tenant_a, tag):
    source = {
        "load": "{% load static %}",
        "include": '{% include "admin/base.html" %}',
        "extends": '{% extends "admin/base.html" %}',
        "ssi": "{% ssi '/etc/passwd' %}",
        "debug": "{% debug %}",
        "url": "{% url 'admin:index' %}",
    }[tag]
    body_errors = _errors(tenant_a, body=f"Hallo\n{source}")
    assert list(body_errors) == ["body"]
    assert f"De tekst gebruikt {{% {tag} %}} (regel 2)" in body_errors["body"][0]
    assert "niet toegestaan" in body_errors["body"][0]

    subject_errors = _errors(tenant_a, subject=source)
    assert list(subject_errors) == ["subject"]
    assert f"Het onderwerp gebruikt {{% {tag} %}}" in subject_errors["subject"][0]
    assert not MessageTemplate.all_tenants.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{% if expected_date %}geen einde",
        "{{ case_number|bestaat_niet }}",
        "{% onbekend %}",
        "{% for x in %}{% endfor %}",
        "{{ }}",
    ],
)
def test_a_syntax_error_is_refused_in_dutch(tenant_a, body):
    errors = _errors(tenant_a, body=body)
    assert list(errors) == ["body"]
    assert errors["body"][0].startswith("De tekst bevat een fout in de sjabloontaal")


@pytest.mark.parametrize(
    "source", ["{{ bsn }}", "{{ case.initiator_bsn }}", "{% if BSN %}{% endif %}"]
)
def test_a_bsn_in_a_template_is_refused(tenant_a, source):
    errors = _errors(tenant_a, subject=source)
    assert errors == {
        "subject": ["Het onderwerp mag geen BSN bevatten: een BSN staat nooit in een bericht."]
    }


def test_the_word_bsn_in_plain_text_is_fine(tenant_a):
    _template(tenant_a, body="Wij vragen u nooit om uw BSN per e-mail.")


def test_a_subject_that_is_empty_with_the_example_values_is_refused(tenant_a):
    errors = _errors(tenant_a, subject="{{ onbekend }}")
    assert errors == {
        "subject": ["Het onderwerp is leeg na het invullen van de voorbeeldgegevens."]
    }


def test_one_template_per_event_and_product_per_organisation(tenant_a, tenant_b):
    _template(tenant_a, product_code="melding")
    errors = _errors(tenant_a, product_code="melding")
    assert errors == {
        "__all__": [
            "Er is al een sjabloon voor deze gebeurtenis en dit product. Pas dat sjabloon aan."
        ]
    }
    # The admin validates without the organisation field; the active one is checked.
    with tenant_a.active():
        duplicate = MessageTemplate(event_code=EVENT, product_code="melding", subject="x", body="y")
        with pytest.raises(ValidationError, match="Er is al een sjabloon"):
            duplicate.full_clean(exclude=["organisation"])
    # Another organisation, product or event is fine.
    _template(tenant_b, product_code="melding")
    _template(tenant_a, product_code="")
    _template(tenant_a, product_code="melding", event_code="case.closed")


# --- Queueing -------------------------------------------------------------------------


def _enqueue(tenant, **overrides):
    arguments = {
        "event_code": EVENT,
        "product_code": "melding",
        "context": CONTEXT,
        "recipient": "sophie@example.nl",
        "bsn": BSN_A,
        "reference": "ZAAK-1",
        **overrides,
    }
    return message_enqueue(**arguments)


def test_message_enqueue_writes_one_outbox_row_in_the_callers_transaction(tenant_a):
    _template(tenant_a, product_code="melding", subject="Melding {{ case_number }}")
    with tenant_a.active(), transaction.atomic():
        message = _enqueue(tenant_a)
        assert OutboxMessage.objects.count() == 1
    message = OutboxMessage.all_tenants.get()
    assert message.organisation_id == tenant_a.organisation.pk
    assert message.event_code == EVENT
    assert message.subject == "Melding ZAAK-1"
    assert message.body == "Tekst\n"
    assert (message.recipient, message.bsn, message.reference) == (
        "sophie@example.nl", BSN_A, "ZAAK-1",
    )  # fmt: skip
    assert message.status == "pending"


def test_message_enqueue_leaves_nothing_when_the_change_rolls_back(tenant_a):
    with pytest.raises(RuntimeError), tenant_a.active(), transaction.atomic():
        _enqueue(tenant_a)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the change failed")
    assert not OutboxMessage.all_tenants.exists()


def test_message_enqueue_uses_the_default_without_templates(tenant_a):
    with tenant_a.active():
        message = _enqueue(tenant_a, product_code="")
    assert message.subject == "Nieuws over uw zaak ZAAK-1"
    assert "dinsdag 4 maart 2025" in message.body
    assert BSN_A not in message.body


# --- Admin ----------------------------------------------------------------------------


def _admin_client(tenant):
    user = tenant.staff["admin"]
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notify", codename__endswith="_messagetemplate"
        )
    )
    return tenant.client("admin")


def _form(**fields):
    return {
        "event_code": EVENT, "product_code": "", "active": "on",
        "subject": "Nieuws {{ case_number }}", "body": "Hallo {{ recipient_name }}", **fields,
    }  # fmt: skip


def test_admin_adds_a_template_for_its_own_organisation(tenant_a, tenant_b):
    client = _admin_client(tenant_a)
    response = client.post("/admin/notify/messagetemplate/add/", _form(product_code="melding"))
    assert response.status_code == 302, response.content.decode()[:2000]
    template = MessageTemplate.all_tenants.get()
    assert template.organisation_id == tenant_a.organisation.pk
    assert _render(tenant_a, "melding").template_id == template.pk

    page = client.get(f"/admin/notify/messagetemplate/{template.pk}/change/").content.decode()
    assert "Nieuws ZAAK-2025-0000123" in page  # the preview, with example values
    assert "{{ status_text }}" in page  # the variables of this event

    other = _admin_client(tenant_b)
    assert other.get(f"/admin/notify/messagetemplate/{template.pk}/change/").status_code == 302
    assert "Nieuws {{" not in other.get("/admin/notify/messagetemplate/").content.decode()


def test_admin_shows_dutch_errors_and_saves_nothing(tenant_a):
    client = _admin_client(tenant_a)
    response = client.post(
        "/admin/notify/messagetemplate/add/", _form(body="{% load static %}{% static 'x' %}")
    )
    assert response.status_code == 200
    assert "De tekst gebruikt {% load %}" in response.content.decode()
    assert not MessageTemplate.all_tenants.exists()

    client.post("/admin/notify/messagetemplate/add/", _form())
    response = client.post("/admin/notify/messagetemplate/add/", _form())
    assert response.status_code == 200
    assert "Er is al een sjabloon voor deze gebeurtenis" in response.content.decode()
    assert MessageTemplate.all_tenants.count() == 1


def test_admin_add_page_lists_variables_and_starts_from_the_default(tenant_a):
    client = _admin_client(tenant_a)
    page = client.get("/admin/notify/messagetemplate/add/").content.decode()
    for event_code in (event.code for event in message_events()):
        assert f"?event_code={event_code}" in page
    page = client.get("/admin/notify/messagetemplate/add/?event_code=case.extended").content
    assert "wij hebben meer tijd nodig" in page.decode()
