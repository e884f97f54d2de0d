"""Registering a contact checks that it ends after it starts in Python, with the message
Django's own constraint check gives, instead of asking the database (three statements)."""

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achterkant.contacts.models import Contact
from achterkant.contacts.services import contact_register


def _register(tenant, **overrides):
    now = timezone.now()
    arguments = {
        "actor": tenant.staff["agent"], "channel": "phone", "question": "Wanneer?",
        "outcome": "answered", "answer": "Morgen.", "started_at": now, "ended_at": now,
    }  # fmt: skip
    with tenant.active():
        return contact_register(**{**arguments, **overrides})


def _django_errors(started_at, ended_at) -> dict:
    contact = Contact(
        channel="phone", question="Wanneer?", outcome="answered", answer="Morgen.",
        started_at=started_at, ended_at=ended_at,
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        contact.full_clean(exclude=["organisation", "case", "agent", "product"])
    return raised.value.message_dict


def test_ending_before_the_start_gives_djangos_own_error(tenant_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as raised:
        _register(tenant_a, started_at=now, ended_at=now - timedelta(minutes=1))
    with tenant_a.active():
        expected = _django_errors(now, now - timedelta(minutes=1))
        assert not Contact.objects.exists()
    assert raised.value.message_dict == expected
    assert list(expected) == [NON_FIELD_ERRORS]


def test_with_a_field_error_as_well_both_are_reported(tenant_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as raised:
        _register(tenant_a, started_at=now, ended_at=now - timedelta(minutes=1), subject="x" * 500)
    with tenant_a.active():
        contact = Contact(
            channel="phone", question="Wanneer?", outcome="answered", answer="Morgen.",
            subject="x" * 500, started_at=now, ended_at=now - timedelta(minutes=1),
        )  # fmt: skip
        with pytest.raises(ValidationError) as django_raised:
            contact.full_clean(exclude=["organisation", "case", "agent", "product"])
    assert raised.value.message_dict == django_raised.value.message_dict
    assert set(raised.value.message_dict) == {"subject", NON_FIELD_ERRORS}


def test_a_contact_is_registered_without_a_constraint_query(tenant_a):
    with CaptureQueriesContext(connection) as queries:
        contact = _register(tenant_a)
    assert contact.pk is not None
    assert not [query for query in queries if '"_check"' in query["sql"]]
