"""Response norms: the product's service norm or the channel default, counted in worktime."""

from datetime import UTC, date, datetime, time

import pytest

from achterkant.catalog.models import Product, ServiceNorm
from achterkant.contacts.norms import (
    DEFAULT_NORMS,
    Norm,
    due_at,
    norm_for,
    response_due,
    response_promise,
)
from achterkant.worktime.calendar import AMSTERDAM
from achterkant.worktime.models import OpeningHours


def at(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def end_of(day: date) -> datetime:
    """The end of a working day: closing time, 17:00 without opening hours (the fallback)."""
    return datetime.combine(day, time(17, 0), tzinfo=AMSTERDAM)


def open_weekdays(opens=time(8, 30), closes=time(17, 0)) -> None:
    for weekday in range(5):
        OpeningHours.objects.create(weekday=weekday, opens=opens, closes=closes)


def product_with_norm(code: str, channel: str, amount: int, unit: str, promise: str) -> Product:
    product = Product.objects.create(code=code, name=code.title())
    ServiceNorm.objects.create(
        product=product, channel=channel, amount=amount, unit=unit, promise=promise
    )
    return product


@pytest.mark.parametrize(
    ("received", "due_day"),
    [
        # Wednesday: Thursday and Friday.
        (at(2025, 10, 1), date(2025, 10, 3)),
        # Friday: over the weekend to Tuesday.
        (at(2025, 10, 3, 16, 55), date(2025, 10, 7)),
        # Friday before Whit Monday (9 June 2025): Tuesday and Wednesday.
        (at(2025, 6, 6), date(2025, 6, 11)),
        # Saturday: Monday and Tuesday.
        (at(2025, 10, 4), date(2025, 10, 7)),
        # Thursday before Easter: Good Friday and Easter Monday do not count.
        (at(2025, 4, 17), date(2025, 4, 23)),
        # Christmas Eve (Wednesday): both Christmas days and the weekend do not count.
        (at(2025, 12, 24), date(2025, 12, 30)),
    ],
)
def test_email_without_product_is_due_at_the_end_of_the_second_working_day(
    tenant_a, received, due_day
):
    with tenant_a.active():
        assert response_due("email", None, received) == end_of(due_day)
        assert response_promise("email", None) == "binnen 2 werkdagen antwoord"


def test_the_day_of_receipt_is_the_day_in_amsterdam_not_in_utc(tenant_a):
    # Friday 22:30 UTC is Saturday 00:30 in Amsterdam (summer time): counted from Saturday.
    received = datetime(2025, 6, 6, 22, 30, tzinfo=UTC)
    with tenant_a.active():
        assert response_due("email", None, received) == end_of(date(2025, 6, 11))
        # The same moment one hour earlier is still Friday in Amsterdam.
        earlier = datetime(2025, 6, 6, 21, 30, tzinfo=UTC)
        assert response_due("email", None, earlier) == end_of(date(2025, 6, 11))
        assert response_due("email", None, at(2025, 10, 3, 23, 59)) == end_of(date(2025, 10, 7))


def test_decree_holidays_count_as_holidays(tenant_a):
    # Ascension Day 2026 is Thursday 14 May; the Friday after is designated by decree
    # (shipped by worktime migration 0002, Atw art. 3(3)).
    with tenant_a.active():
        assert response_due("email", None, at(2026, 5, 13)) == end_of(date(2026, 5, 19))


def test_a_letter_without_norm_is_due_in_three_calendar_weeks(tenant_a):
    with tenant_a.active():
        assert response_due("letter", None, at(2025, 10, 3, 14, 5)) == at(2025, 10, 24, 14, 5)
        assert response_promise("letter", None) == "binnen 3 weken antwoord"


def test_the_product_norm_wins_over_the_channel_default(tenant_a):
    with tenant_a.active():
        product = product_with_norm(
            "paspoort", "email", 5, "working_days", "binnen 5 werkdagen antwoord"
        )
        assert norm_for("email", product) == Norm(5, "working_days", "binnen 5 werkdagen antwoord")
        assert response_due("email", product, at(2025, 10, 3)) == end_of(date(2025, 10, 10))
        assert response_promise("email", product) == "binnen 5 werkdagen antwoord"
        # A norm for another channel does not apply: the e-mail default does.
        assert norm_for("letter", product) == DEFAULT_NORMS["letter"]


def test_a_product_without_a_norm_for_the_channel_uses_the_default(tenant_a):
    with tenant_a.active():
        bare = Product.objects.create(code="afval", name="Afvalkalender")
        assert norm_for("email", bare) == DEFAULT_NORMS["email"]
        assert response_due("email", bare, at(2025, 10, 3)) == end_of(date(2025, 10, 7))


def test_channels_without_a_default_have_no_due_time(tenant_a):
    with tenant_a.active():
        assert response_due("phone", None, at(2025, 10, 3)) is None
        assert response_due("phone", tenant_a.product, at(2025, 10, 3)) is None
        assert response_promise("phone", None) == ""


def test_working_hours_count_only_opening_hours(tenant_a):
    with tenant_a.active():
        open_weekdays()
        product = product_with_norm(
            "terugbellen", "phone", 4, "working_hours", "binnen 4 werkuren teruggebeld"
        )
        # Friday 15:00 + 4 working hours = 2 on Friday + 2 from Monday 08:30.
        assert response_due("phone", product, at(2025, 10, 3, 15)) == at(2025, 10, 6, 10, 30)
        # Received before opening: counted from opening.
        assert response_due("phone", product, at(2025, 10, 6, 7)) == at(2025, 10, 6, 12, 30)
        # Whit Monday is closed whatever the opening hours say.
        assert response_due("phone", product, at(2025, 6, 6, 15)) == at(2025, 6, 10, 10, 30)


def test_working_hours_follow_the_organisations_own_opening_hours(tenant_a):
    with tenant_a.active():
        open_weekdays(opens=time(9, 0), closes=time(12, 0))
        product = product_with_norm("kort", "phone", 4, "working_hours", "binnen 4 werkuren")
        # Friday 11:00: one hour on Friday, three on Monday from 09:00.
        assert response_due("phone", product, at(2025, 10, 3, 11)) == at(2025, 10, 6, 12, 0)


def test_working_hours_without_opening_hours_fall_back_to_office_hours(tenant_a):
    with tenant_a.active():
        assert not OpeningHours.objects.exists()
        product = product_with_norm("chat", "chat", 4, "working_hours", "binnen 4 werkuren")
        assert response_due("chat", product, at(2025, 10, 3, 15)) == at(2025, 10, 6, 10, 30)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (90, "seconds", datetime(2025, 10, 4, 23, 1, 30, tzinfo=AMSTERDAM)),
        (30, "minutes", at(2025, 10, 4, 23, 30)),
        (2, "calendar_days", at(2025, 10, 6, 23, 0)),
        (1, "weeks", at(2025, 10, 11, 23, 0)),
    ],
)
def test_other_units_are_plain_elapsed_time(tenant_a, amount, unit, expected):
    received = at(2025, 10, 4, 23, 0)  # a Saturday night: plain time ignores the calendar
    with tenant_a.active():
        product = product_with_norm("x", "email", amount, unit, "snel")
        assert response_due("email", product, received) == expected


def test_minutes_are_elapsed_time_and_days_wall_clock_time_across_a_dst_switch(tenant_a):
    # 26 October 2025 the clocks go back an hour.
    received = at(2025, 10, 25, 12, 0)  # 10:00 UTC
    with tenant_a.active():
        minutes = product_with_norm("dst", "email", 1440, "minutes", "binnen een dag")
        days = product_with_norm("dag", "letter", 1, "calendar_days", "morgen")
        by_minutes = response_due("email", minutes, received)
        by_days = response_due("letter", days, received)
    # 1440 minutes are 24 real hours: 11:00 on the wall clock after the switch.
    assert by_minutes.astimezone(UTC) == datetime(2025, 10, 26, 10, 0, tzinfo=UTC)
    assert by_minutes == at(2025, 10, 26, 11, 0)
    # One calendar day is the same wall-clock time the next day (25 real hours here).
    assert by_days == at(2025, 10, 26, 12, 0)
    assert by_days.astimezone(UTC) == datetime(2025, 10, 26, 11, 0, tzinfo=UTC)


def test_received_at_must_be_timezone_aware(tenant_a):
    with tenant_a.active(), pytest.raises(ValueError, match="timezone-aware"):
        due_at(DEFAULT_NORMS["email"], datetime(2025, 10, 3, 10, 0))


def test_the_norms_are_read_once_per_settings_version(tenant_a, django_assert_num_queries):
    """Kept per process (``tenancy.settings_cache``): a save or a delete of a norm gives
    the organisation a new settings version, so the next activation reads them again."""
    with tenant_a.active():
        product = product_with_norm("rijbewijs", "email", 4, "working_days", "binnen 4 dagen")
    with tenant_a.active():
        with django_assert_num_queries(2):  # the settings version, then every norm
            assert norm_for("email", product).amount == 4
        with django_assert_num_queries(0):
            assert norm_for("email", product).amount == 4
            assert norm_for("letter", product) == DEFAULT_NORMS["letter"]
    with tenant_a.active():
        norm = ServiceNorm.objects.get(product=product)
        norm.amount = 6
        norm.save()
    with tenant_a.active():
        assert norm_for("email", product).amount == 6
    with tenant_a.active():
        ServiceNorm.objects.filter(product=product).get().delete()
    with tenant_a.active():
        assert norm_for("email", product) == DEFAULT_NORMS["email"]


def test_another_organisations_norms_are_not_seen(tenant_a, tenant_b):
    with tenant_a.active():
        product = product_with_norm("rijbewijs", "email", 4, "working_days", "binnen 4 dagen")
        assert norm_for("email", product).amount == 4
    with tenant_b.active():
        assert norm_for("email", product) == DEFAULT_NORMS["email"]
