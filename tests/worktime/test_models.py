"""Opening hours and decree days: constraints, messages, admin, tenancy."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from achterkant.staff.models import User
from achterkant.worktime.models import DecreeHoliday, OpeningHours

from ..conftest import PASSWORD, log_in_with_second_factor


def test_closing_before_opening_is_refused(tenant_a):
    with tenant_a.active():
        hours = OpeningHours(weekday=0, opens=time(17, 0), closes=time(8, 30))
        with pytest.raises(ValidationError) as error:
            hours.full_clean()
        assert "De sluitingstijd moet na de openingstijd liggen." in error.value.messages
        with pytest.raises(IntegrityError), transaction.atomic():
            hours.save()


def test_one_row_per_weekday(tenant_a, tenant_b):
    with tenant_a.active():
        OpeningHours.objects.create(weekday=2, opens=time(8, 30), closes=time(17, 0))
        second = OpeningHours(weekday=2, opens=time(18, 0), closes=time(20, 0))
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert error.value.message_dict == {
            "weekday": ["Voor deze dag zijn al openingstijden ingesteld."]
        }
        with pytest.raises(IntegrityError), transaction.atomic():
            second.save()
    with tenant_b.active():  # another organisation may have its own Wednesday
        other = OpeningHours(weekday=2, opens=time(9, 0), closes=time(12, 0))
        other.full_clean()
        other.save()
        assert str(other) == "woensdag 09:00–12:00"


def test_weekday_out_of_range_is_refused(tenant_a):
    with tenant_a.active(), pytest.raises(ValidationError):
        OpeningHours(weekday=7, opens=time(9, 0), closes=time(12, 0)).full_clean()


@pytest.mark.django_db
def test_decree_days_are_unique_and_national():
    # 2029: after the shipped decree days (worktime/0002_decree_days), so still free.
    holiday = DecreeHoliday.objects.create(
        date=date(2029, 5, 11), name="Vrijdag na Hemelvaartsdag",
        decree_reference="Besluit in een test",
    )  # fmt: skip
    assert str(holiday) == "11-05-2029 Vrijdag na Hemelvaartsdag"
    with pytest.raises(IntegrityError), transaction.atomic():
        DecreeHoliday.objects.create(date=date(2029, 5, 11), name="dubbel", decree_reference="x")


def superuser_client(tenant):
    root = User.objects.create_superuser(
        username="root", password=PASSWORD, organisation=tenant.organisation
    )
    return log_in_with_second_factor(tenant.client(), root)


def test_admin_sets_the_organisation_from_the_request(tenant_a, tenant_b):
    client = superuser_client(tenant_a)
    response = client.post(
        "/admin/worktime/openinghours/add/",
        {"weekday": "0", "opens": "08:30", "closes": "17:00"},
    )
    assert response.status_code == 302, response.content.decode()
    row = OpeningHours.all_tenants.get()
    assert row.organisation == tenant_a.organisation
    # A second Monday gives a message, not a 500.
    response = client.post(
        "/admin/worktime/openinghours/add/",
        {"weekday": "0", "opens": "18:00", "closes": "20:00"},
    )
    assert response.status_code == 200
    assert "Voor deze dag zijn al openingstijden ingesteld." in response.content.decode()
    response = client.post(
        "/admin/worktime/openinghours/add/",
        {"weekday": "1", "opens": "17:00", "closes": "08:30"},
    )
    assert response.status_code == 200
    assert "De sluitingstijd moet na de openingstijd liggen." in response.content.decode()
    assert OpeningHours.all_tenants.count() == 1


def test_admin_lists_only_own_opening_hours(tenant_a, tenant_b):
    with tenant_b.active():
        other = OpeningHours.objects.create(weekday=4, opens=time(9, 0), closes=time(12, 0))
    client = superuser_client(tenant_a)
    assert client.get("/admin/worktime/openinghours/").status_code == 200
    response = client.get(f"/admin/worktime/openinghours/{other.pk}/change/")
    assert response.status_code == 302  # Django's admin redirects for an unknown object


def test_decree_holiday_admin_is_for_superusers_only(tenant_a):
    client = tenant_a.client("admin")
    assert client.get("/admin/worktime/decreeholiday/add/").status_code == 403
    root = superuser_client(tenant_a)
    response = root.post(
        "/admin/worktime/decreeholiday/add/",
        {"date": "11-05-2029", "name": "Vrijdag na Hemelvaartsdag",
         "decree_reference": "Besluit in een test"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert DecreeHoliday.objects.get(date=date(2029, 5, 11)).name == "Vrijdag na Hemelvaartsdag"
