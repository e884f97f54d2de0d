"""Escalations are recorded exactly once per item and state; the SLA policy has defaults."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from achterkant.routing.models import Escalation, SlaPolicy, Team
from achterkant.routing.selectors import escalations, sla_policy
from achterkant.routing.services import escalation_record_once
from achterkant.tenancy.context import use_organisation


def record(state: str = "warning", item_id: int = 7, team: Team | None = None, **fields):
    arguments = {"item_kind": "case", "item_id": item_id, "state": state, "team": team}
    return escalation_record_once(**{**arguments, "message": "Bijna te laat", **fields})


def test_the_second_record_of_the_same_state_returns_none(tenant_a):
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        first = record(team=team)
        assert first is not None
        assert first.notified_team == team
        assert first.organisation == tenant_a.organisation
        assert record(team=team, message="nog een keer") is None
        assert Escalation.objects.count() == 1
        assert record(state="breached") is not None  # a new state is a new escalation
        assert record(item_kind="contact_request") is not None  # so is another kind of item
        assert Escalation.objects.count() == 3


def test_a_duplicate_leaves_the_callers_transaction_usable(tenant_a):
    with tenant_a.active(), transaction.atomic():
        assert record() is not None
        assert record() is None
        Team.objects.create(identification="kcc", name="KCC")  # still in a healthy transaction
        assert Escalation.objects.count() == 1


def test_each_organisation_escalates_its_own_items(tenant_a, tenant_b):
    with tenant_a.active():
        assert record(item_id=1) is not None
    with tenant_b.active():
        assert record(item_id=1) is not None
        assert [e.organisation_id for e in escalations()] == [tenant_b.organisation.pk]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"item_kind": "zaak"}, "Onbekende soort werk voor een escalatie: 'zaak'."),
        ({"state": "late"}, "Onbekend signaal voor een escalatie: 'late'."),
    ],
)
def test_unknown_kinds_and_states_are_refused_in_dutch(tenant_a, fields, message):
    with tenant_a.active(), pytest.raises(ValidationError) as error:
        record(**fields)
    assert error.value.messages == [message]


def test_a_team_of_another_organisation_is_refused(tenant_a, tenant_b):
    with tenant_b.active():
        team_b = Team.objects.create(identification="kcc", name="KCC")
    with tenant_a.active(), pytest.raises(ValidationError) as error:
        record(team=team_b)
    assert error.value.messages == ["Dit team hoort niet bij deze organisatie."]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_record_one_escalation(tenant_a):
    """Two threads, each its own connection and transaction, race to record the same change."""
    barrier = threading.Barrier(2)
    results: list[Escalation | None] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            with use_organisation(tenant_a.organisation), transaction.atomic():
                barrier.wait(timeout=10)
                results.append(record())
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(result is None for result in results) == [False, True]
    with tenant_a.active():
        assert Escalation.objects.count() == 1


def test_escalations_newest_first_with_filters(tenant_a, django_assert_num_queries):
    now = timezone.now()
    with tenant_a.active():
        team = Team.objects.create(identification="kcc", name="KCC")
        old = record(item_id=1, team=team)
        Escalation.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=3))
        warning = record(item_id=2, team=team)
        breached = record(item_id=2, state="breached")
        with django_assert_num_queries(1):
            rows = escalations()
            assert [row.notified_team for row in rows] == [None, team, team]
        assert rows == [breached, warning, old]
        assert escalations(since=now - timedelta(days=1)) == [breached, warning]
        assert escalations(states=["warning"]) == [warning, old]
        assert escalations(limit=1) == [breached]


def test_without_a_policy_the_defaults_apply(tenant_a):
    with tenant_a.active():
        policy = sla_policy()
        assert policy.pk is None
        assert policy.warning_fraction == Decimal("0.75")
        assert policy.lex_silencio_alert_working_days == 5


def test_each_organisation_has_its_own_policy(tenant_a, tenant_b):
    with tenant_a.active():
        SlaPolicy.objects.create(
            warning_fraction=Decimal("0.5"), lex_silencio_alert_working_days=10
        )
        assert sla_policy().warning_fraction == Decimal("0.5")
        with pytest.raises(ValidationError) as error:
            SlaPolicy().full_clean()
        assert error.value.messages == ["Er is al SLA-beleid voor deze organisatie."]
        with pytest.raises(ValidationError):
            SlaPolicy(warning_fraction=Decimal("1.5")).full_clean()
    with tenant_b.active():
        assert sla_policy().pk is None
