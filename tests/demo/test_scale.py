"""The scale generator, at a tiny scale: counts, 11-proef, consistency, tenancy, the guard."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from achterkant.cases.models import Case, CaseStatus, Result, Role
from achterkant.cases.services import open_case
from achterkant.contacts.models import Contact, ContactRequest
from achterkant.demo import scale
from achterkant.demo.scale import ScaleError, generate, sizes_for
from achterkant.demo.seed import seed_demo
from achterkant.identity.models import Person
from achterkant.identity.validators import is_valid_bsn
from achterkant.notify.models import OutboxMessage
from achterkant.staff.models import User
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation

TINY = 0.0005  # 100 persons, 500 cases, 2,500 contacts, 50 contact requests, 500 messages

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the scale dataset is PostgreSQL only"
)


def _generated_cases():
    return Case.all_tenants.filter(number__regex=r"^ZAAK-[0-9]{4}-1[0-9]{6}$")


@pytest.mark.django_db
def test_refuses_sqlite_with_a_clear_message():
    if connection.vendor == "postgresql":
        pytest.skip("checks the SQLite refusal")
    with pytest.raises(ScaleError, match="alleen op PostgreSQL"):
        generate(TINY, progress=False, out=lambda _: None)


def test_scale_argument():
    assert scale.parse_scale("large") == 1.0
    assert scale.parse_scale("0.01") == 0.01
    with pytest.raises(ScaleError):
        scale.parse_scale("groot")
    with pytest.raises(ScaleError):
        scale.parse_scale("0")
    assert sizes_for(1.0) == scale.LARGE


@postgres_only
@pytest.mark.django_db
def test_tiny_scale_dataset_is_complete_consistent_and_valid():
    seed_demo(persons_per_organisation=5)
    before = {
        "persons": Person.all_tenants.count(),
        "contacts": Contact.all_tenants.count(),
        "contact_requests": ContactRequest.all_tenants.count(),
        "outbox": OutboxMessage.all_tenants.count(),
    }
    report = generate(TINY, progress=False, seed_persons=5, out=lambda _: None)
    sizes = sizes_for(TINY)
    assert not report.reused

    # Counts: the sizes asked for (split over the two demo organisations).
    assert Person.all_tenants.count() - before["persons"] == sizes["persons"]
    assert _generated_cases().count() == sizes["cases"]
    assert Contact.all_tenants.count() - before["contacts"] == sizes["contacts"]
    assert (
        ContactRequest.all_tenants.count() - before["contact_requests"] == sizes["contact_requests"]
    )
    assert OutboxMessage.all_tenants.count() - before["outbox"] == sizes["outbox"]
    open_cases = _generated_cases().filter(end_date__isnull=True)
    assert abs(open_cases.count() - sizes["open_cases"]) <= 1
    assert 0.02 < open_cases.count() / sizes["cases"] < 0.06

    # Every BSN passes the 11-proef.
    bsns = {
        *Person.all_tenants.values_list("bsn", flat=True),
        *Case.all_tenants.values_list("initiator_bsn", flat=True),
        *Role.all_tenants.exclude(bsn="").values_list("bsn", flat=True),
        *Contact.all_tenants.exclude(bsn="").values_list("bsn", flat=True),
        *ContactRequest.all_tenants.exclude(bsn="").values_list("bsn", flat=True),
        *OutboxMessage.all_tenants.exclude(bsn="").values_list("bsn", flat=True),
    }
    assert bsns and all(is_valid_bsn(bsn) for bsn in bsns), sorted(
        b for b in bsns if not is_valid_bsn(b)
    )[:5]
    assert not any(bsn.startswith("99999") for bsn in bsns if bsn[0] == "7")

    # Every case: a status history whose last step is its current status, an initiator role
    # for its initiator, a result when closed, a stored promise when open; all in its tenant.
    cases = _generated_cases().annotate(
        n_statuses=Count("statuses", distinct=True),
        n_initiators=Count(
            "roles",
            filter=Q(roles__role_type__generic_description="initiator")
            & Q(roles__bsn=F("initiator_bsn")),
            distinct=True,
        ),
    )
    assert not cases.filter(n_statuses=0).exists()
    assert not cases.exclude(n_initiators=1).exists()
    assert not _generated_cases().exclude(current_status__case=F("pk")).exists()
    assert not _generated_cases().filter(end_date__isnull=False, result__isnull=True).exists()
    assert not open_cases.filter(
        Q(queue_due_at__isnull=True) | Q(latest_end_date__isnull=True) | Q(team__isnull=True)
    ).exists()
    assert not _generated_cases().filter(end_date__isnull=False).exclude(sla_state="done").exists()
    assert set(open_cases.values_list("sla_state", flat=True)) <= {"on_time", "warning", "breached"}
    for model in (CaseStatus, Role, Result):
        assert not model.all_tenants.exclude(organisation=F("case__organisation")).exists()
    assert not Case.all_tenants.exclude(organisation=F("team__organisation")).exists()
    assert not Case.all_tenants.exclude(organisation=F("case_type__organisation")).exists()
    assert (
        not Contact.all_tenants.filter(case__isnull=False)
        .exclude(organisation=F("case__organisation"))
        .exists()
    )
    assert (
        not Contact.all_tenants.filter(case__isnull=False)
        .exclude(bsn=F("case__initiator_bsn"))
        .exists()
    )
    assert not (
        ContactRequest.all_tenants.filter(team__isnull=False)
        .exclude(organisation=F("team__organisation"))
        .exists()
    )
    channels = set(Contact.all_tenants.values_list("channel", flat=True))
    assert {"phone", "counter", "email", "web", "letter", "chat", "social"} <= channels
    for organisation in Organisation.objects.all():
        with use_organisation(organisation):
            generated = Person.objects.filter(bsn__startswith="7").count()
            assert generated == round(sizes["persons"] * scale.ORGANISATION_SHARES[
                organisation.slug
            ])  # fmt: skip

    # The service goes on after the generated case numbers.
    voorbeeld = Organisation.objects.get(slug="voorbeeld")
    with use_organisation(voorbeeld):
        case = open_case(
            actor=User.objects.get(username="agent"), case_type_identification="ZT-MOR",
            channel="phone", initiator_bsn=Person.objects.filter(bsn__startswith="7")[0].bsn,
        )  # fmt: skip
    assert not Case.all_tenants.filter(number=case.number).exclude(pk=case.pk).exists()

    # A second run reuses what is there; another scale is refused.
    assert generate(TINY, progress=False, out=lambda _: None).reused
    with pytest.raises(ScaleError, match="andere schaal"):
        generate(TINY * 2, progress=False, out=lambda _: None)


@postgres_only
@pytest.mark.django_db
def test_refuses_a_database_with_another_organisation():
    Organisation.objects.create(name="Gemeente Echt", slug="echt", rsin="003000000")
    with pytest.raises(ScaleError, match="echte gegevens"):
        generate(TINY, progress=False, out=lambda _: None)
    assert not Person.all_tenants.exists()


@postgres_only
@pytest.mark.django_db
def test_refuses_a_database_with_more_data_than_a_demo(monkeypatch):
    seed_demo(persons_per_organisation=3)
    monkeypatch.setattr(scale.sizes, "DEMO_LIMITS", {"identity_person": 2})
    with pytest.raises(ScaleError, match="identity_person"):
        generate(TINY, progress=False, out=lambda _: None)
    assert not _generated_cases().exists()
