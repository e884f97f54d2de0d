"""The berichtenbox link in the notice e-mail comes from the portal, through notify.links."""

import pytest
from django.core import mail
from django.db import transaction

from achterkant.notify import links
from achterkant.notify.services import outbox_email_enqueue, outbox_message_deliver


def _deliver_notice(tenant):
    with tenant.active(), transaction.atomic():
        message = outbox_email_enqueue(
            event_code="case.status_changed",
            recipient="sophie@example.nl",
            subject="Nieuws over uw zaak",
            body="Uw zaak is ingepland.",
            bsn=tenant.person.bsn,
        )
    assert outbox_message_deliver(message_id=message.pk)
    (email,) = mail.outbox
    return email


@pytest.fixture
def no_builder(monkeypatch):
    monkeypatch.setattr(links, "_berichtenbox_link_builder", None)


def test_the_portal_supplies_the_berichtenbox_link():
    from achterkant.portal.links import berichtenbox_link

    assert links._berichtenbox_link_builder is berichtenbox_link


def test_without_a_link_builder_the_email_says_to_log_in_without_a_link(tenant_a, no_builder):
    assert links.berichtenbox_link(tenant_a.organisation) is None
    email = _deliver_notice(tenant_a)
    assert "Lees het in Mijn gemeente.\nU logt in met DigiD.\n" in email.body
    assert "/mijn/" not in email.body and "http" not in email.body
    assert email.subject == f"U heeft een nieuw bericht van {tenant_a.organisation.name}"


def test_a_registered_builder_gets_the_organisation_and_gives_the_link(tenant_a, no_builder):
    seen = []

    def builder(organisation):
        seen.append(organisation)
        return "https://mijn.example.nl/berichten/"

    links.register_berichtenbox_link(builder)
    email = _deliver_notice(tenant_a)
    assert seen == [tenant_a.organisation]
    assert "Lees het in Mijn gemeente: https://mijn.example.nl/berichten/\n" in email.body
