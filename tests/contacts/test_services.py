import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.contacts.services import contact_register


def _register(tenant, **overrides):
    now = timezone.now()
    arguments = {
        "actor": tenant.staff["agent"],
        "channel": "phone",
        "bsn": tenant.person.bsn,
        "product": tenant.product,
        "subject": "Lantaarnpaal",
        "question": "De lantaarnpaal is kapot.",
        "answer": "",
        "answered_at_first_contact": False,
        "started_at": now - timedelta(minutes=3),
        "ended_at": now,
    }
    return contact_register(**{**arguments, **overrides})


def test_a_contact_can_start_a_case_and_is_linked_to_it(tenant_a):
    with tenant_a.active():
        contact = _register(tenant_a, start_case=True)
        case = Case.objects.get()
    assert contact.case == case
    assert case.channel == "phone"
    assert case.description == "Lantaarnpaal"
    assert case.explanation == "De lantaarnpaal is kapot."


def test_the_same_idempotency_key_records_one_contact(tenant_a):
    key = uuid.uuid4()
    with tenant_a.active():
        first = _register(tenant_a, start_case=True, idempotency_key=key)
        second = _register(tenant_a, start_case=True, idempotency_key=key)
        assert first.pk == second.pk
        assert Contact.objects.count() == 1
        assert Case.objects.count() == 1


def test_anonymous_contacts_are_allowed_but_cannot_start_a_case(tenant_a):
    with tenant_a.active():
        assert _register(tenant_a, bsn="", answer="Ja", answered_at_first_contact=True).bsn == ""
        with pytest.raises(ValidationError, match="BSN van de aanvrager"):
            _register(tenant_a, bsn="", start_case=True)
        assert Case.objects.count() == 0


def test_a_product_without_case_type_cannot_start_a_case(tenant_a):
    with tenant_a.active():
        info = Product.objects.create(code="info", name="Afvalkalender")
        with pytest.raises(ValidationError, match="geen zaak starten"):
            _register(tenant_a, product=info, start_case=True)
        assert Contact.objects.count() == 0


def test_a_contact_cannot_end_before_it_starts(tenant_a):
    now = timezone.now()
    with tenant_a.active():
        with pytest.raises(ValidationError):
            _register(tenant_a, started_at=now, ended_at=now - timedelta(minutes=1))
        assert Contact.objects.count() == 0
