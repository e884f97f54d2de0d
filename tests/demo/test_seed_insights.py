"""The demo's service history: a year on every channel, with service levels that differ
by channel, in the aggregates the dashboards read (demo/seed_insights.py)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import Case, CaseStatus
from achterkant.cases.services import open_case
from achterkant.catalog.models import Product, StatusType
from achterkant.contacts.models import Contact, Feedback
from achterkant.demo.seed import seed_demo
from achterkant.demo.seed_insights import seed_service_history
from achterkant.identity.models import Person
from achterkant.insights.models import DailyAggregate
from achterkant.insights.selectors import Filters, consistency, figures
from achterkant.notify.models import OutboxMessage
from achterkant.staff.models import User
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

CASE_CHANNELS = {"web", "counter", "phone", "email", "letter"}
CONTACT_CHANNELS = CASE_CHANNELS | {"chat", "social"}


@pytest.fixture
def voorbeeld(db) -> Organisation:
    seed_demo(persons_per_organisation=40)
    return Organisation.objects.get(slug="voorbeeld")


def test_a_year_of_history_with_different_service_levels_per_channel(voorbeeld):
    # Proefdorp, the second organisation: its rows must not borrow Voorbeeld's staff.
    proefdorp = Organisation.objects.get(slug="proefdorp")
    today = timezone.localdate()
    with use_organisation(proefdorp):
        made = seed_service_history(months=12, volume=0.3)
        assert made > 300
        history = Case.objects.exclude(description__contains="(te laat)")
        first_start = history.order_by("start_date").values_list("start_date", flat=True)[0]
        assert today - timedelta(days=397) <= first_start <= today - timedelta(days=365)

        # Twelve calendar months of contacts, on every channel; cases on every case channel.
        months = {(c.year, c.month) for c in Contact.objects.values_list("started_at", flat=True)}
        assert len(months) == 13  # twelve full months and this one so far
        assert set(Contact.objects.values_list("channel", flat=True)) >= CONTACT_CHANNELS
        assert set(history.values_list("channel", flat=True)) >= CASE_CHANNELS
        # Handled by the organisation's own staff (the demo has an "agent" in each).
        handled = Contact.objects.filter(agent__isnull=False)
        assert handled.exists() and not handled.exclude(agent__organisation=proefdorp).exists()
        # Closed cases carry their status history up to the end status, and the promise.
        closed = history.filter(end_date__isnull=False, sla_due_at__isnull=False).first()
        last_status = CaseStatus.objects.filter(case=closed).order_by("-set_at").first()
        assert closed.current_status_id == last_status.pk
        end_status = StatusType.objects.filter(case_type=closed.case_type).order_by("-sequence")
        assert last_status.status_type_id == end_status.first().pk
        assert Feedback.objects.exists() and OutboxMessage.objects.filter(read_at__isnull=False)
        assert OutboxMessage.objects.filter(read_at__isnull=True).exists()

        # The dashboards have the year: the rebuild ran.
        assert DailyAggregate.objects.filter(day__lte=today - timedelta(days=300)).exists()
        year = Filters(first=today - timedelta(days=365), last=today)
        per_channel = figures(year, by="channel")
        web, letter = per_channel["web"], per_channel["letter"]
        assert web.norm_compliance - letter.norm_compliance > 0.3
        assert web.lead_time_median < letter.lead_time_median
        assert (
            per_channel["phone"].first_contact_resolution
            > per_channel["email"].first_contact_resolution
        )
        assert web.csat > letter.csat
        assert web.messages_read_share > letter.messages_read_share
        # A web request is DigiD activity (the few demo-desk web cases have none).
        assert web.digid_share > 0.95 and web.digid_share > letter.digid_share

        index = consistency(year)
        assert index.index is not None and index.index < 100
        spreads = [p.compliance_spread for p in index.products if p.compliance_spread is not None]
        assert max(spreads) > 20  # a product served far better on one channel than another

        # Added once: a second run adds nothing.
        assert seed_service_history(months=12, volume=0.3) == 0


def test_new_cases_number_on_after_the_history(voorbeeld):
    with use_organisation(voorbeeld):
        seed_service_history(months=2, volume=0.3)
        numbers = list(Case.objects.values_list("number", flat=True))
        assert len(numbers) == len(set(numbers))
        product = Product.objects.get(code="klacht")
        case = open_case(
            actor=User.objects.get(username="agent"),
            case_type_identification=product.case_type_identification, channel="phone",
            initiator_bsn=Person.objects.order_by("bsn").first().bsn, product=product,
        )  # fmt: skip
        assert case.number not in numbers


def _fingerprint() -> tuple:
    cases = Case.objects.values_list(
        "number", "start_date", "end_date", "channel", "product__code", "sla_due_at"
    )
    contacts = Contact.objects.values_list("started_at", "channel", "outcome", "bsn")
    ratings = Feedback.objects.values_list("channel", "score", "created_at")
    return sorted(cases), sorted(contacts), sorted(ratings)


class _Rollback(Exception):
    pass


def test_the_history_is_deterministic_for_a_seed(voorbeeld):
    prints = []
    with use_organisation(voorbeeld):
        for _ in range(2):
            try:
                with transaction.atomic():
                    seed_service_history(months=2, seed=7, volume=0.3)
                    prints.append(_fingerprint())
                    raise _Rollback
            except _Rollback:
                pass
        assert prints[0] == prints[1]
        assert len(prints[0][0]) > 50
        seed_service_history(months=2, seed=8, volume=0.3)
        assert _fingerprint() != prints[0]
