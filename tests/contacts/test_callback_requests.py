"""Callback requests (issue 17): how to reach the person and when, checked in the one
service every channel goes through; and the free text of before, migrated."""

import importlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from achterkant.audit.models import ProcessingLogEntry
from achterkant.contacts.contact_details import clean_email, clean_phone, phone_display
from achterkant.contacts.models import Contact, ContactRequest
from achterkant.contacts.preferred_moment import preferred_moment_errors
from achterkant.contacts.services import ContactRequestDraft, contact_register
from achterkant.routing.models import Team
from achterkant.worktime.holiday_calendar import WorkCalendar
from achterkant.worktime.models import DecreeHoliday, OpeningHours

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Wednesday that is no holiday, mid-morning.
WEDNESDAY = datetime(2027, 1, 20, 10, 0, tzinfo=AMSTERDAM)


def next_open_day(tenant) -> date:
    """A working day at least two days from now (the fallback hours: Monday–Friday)."""
    day = timezone.localdate() + timedelta(days=2)
    with tenant.active():
        calendar = WorkCalendar()
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
    return day


def _request(tenant, **draft_fields):
    with tenant.active():
        team = Team.objects.get_or_create(identification="kcc", defaults={"name": "KCC"})[0]
    fields = {"name": "Sophie de Vries", "team": team, "phone": "0612345678", **draft_fields}
    now = timezone.now()
    with tenant.active():
        contact_register(
            actor=tenant.staff["agent"], channel="phone", bsn=tenant.person.bsn,
            question="Wilt u mij terugbellen?", outcome="contact_request",
            contact_request=ContactRequestDraft(**fields),
            started_at=now - timedelta(minutes=2), ended_at=now,
        )  # fmt: skip
        return ContactRequest.objects.get()


# The service: the one gate


def test_a_callback_keeps_its_day_window_and_number_in_one_spelling(tenant_a):
    day = next_open_day(tenant_a)
    request = _request(
        tenant_a, phone="06 - 1234 5678", preferred_date=day,
        preferred_from=time(9), preferred_until=time(12),
    )  # fmt: skip
    assert request.phone == "0612345678"
    assert (request.preferred_date, request.preferred_from, request.preferred_until) == (
        day, time(9), time(12),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"preferred_date": date(2020, 1, 6)}, "preferred_date", "Deze dag is al voorbij"),
        (
            {"preferred_from": time(12), "preferred_until": time(9)},
            "preferred_until",
            "De eindtijd moet later zijn dan de begintijd.",
        ),
        ({"preferred_from": time(9)}, "preferred_until", "Vul beide tijden in"),
        (
            {"preferred_from": time(7), "preferred_until": time(9)},
            "preferred_from",
            "Kies tijden binnen de openingstijden: 08:30 tot 17:00.",
        ),
        ({"phone": "06-123"}, "phone", "Vul een geldig telefoonnummer in"),
        ({"phone": "bel maar"}, "phone", "Vul een geldig telefoonnummer in"),
        ({"phone": "", "email": "sophie@"}, "email", "Vul een geldig e-mailadres in"),
        ({"phone": "", "email": ""}, "phone", "Vul een telefoonnummer of e-mailadres in."),
    ],
)
def test_a_bad_callback_gets_a_dutch_error_and_nothing_is_written(tenant_a, fields, field, message):
    with pytest.raises(ValidationError) as error:
        _request(tenant_a, **fields)
    assert message in " ".join(error.value.message_dict[field])
    with tenant_a.active():
        assert not Contact.objects.exists() and not ContactRequest.objects.exists()
        assert not ProcessingLogEntry.objects.filter(object_type="contactverzoek").exists()


def test_an_e_mail_address_alone_is_a_way_to_reach_them(tenant_a):
    request = _request(tenant_a, phone="", email="  sophie@example.nl ")
    assert (request.phone, request.email) == ("", "sophie@example.nl")


def test_the_database_refuses_a_window_that_ends_before_it_starts(tenant_a):
    request = _request(tenant_a)
    with tenant_a.active(), pytest.raises(IntegrityError), transaction.atomic():
        ContactRequest.objects.filter(pk=request.pk).update(
            preferred_from=time(12), preferred_until=time(9)
        )


# The rule for the moment, at a fixed now


def _errors(tenant, day=None, start=None, end=None, now=WEDNESDAY):
    with tenant.active():
        return preferred_moment_errors(
            preferred_date=day, preferred_from=start, preferred_until=end, now=now
        )


def test_a_day_a_window_or_both_are_fine_within_opening_hours(tenant_a):
    assert _errors(tenant_a) == {}
    assert _errors(tenant_a, date(2027, 1, 21)) == {}
    assert _errors(tenant_a, None, time(8, 30), time(17)) == {}
    assert _errors(tenant_a, date(2027, 1, 20), time(13), time(15)) == {}  # later today


def test_closed_days_and_windows_already_over_are_refused(tenant_a):
    saturday, kings_day = date(2027, 1, 23), date(2027, 4, 27)
    assert "zaterdag" in _errors(tenant_a, saturday)["preferred_date"]
    april = WEDNESDAY.replace(month=4, day=21)
    assert "(dinsdag) zijn we gesloten" in _errors(tenant_a, kings_day, now=april)["preferred_date"]
    assert (
        "vandaag al voorbij"
        in _errors(tenant_a, WEDNESDAY.date(), time(8, 30), time(9, 30))["preferred_until"]
    )
    evening = WEDNESDAY.replace(hour=18)
    assert (
        "vandaag al voorbij" in _errors(tenant_a, WEDNESDAY.date(), now=evening)["preferred_date"]
    )
    assert "drie maanden" in _errors(tenant_a, date(2027, 6, 1))["preferred_date"]


def test_the_organisations_own_hours_count(tenant_a):
    with tenant_a.active():
        OpeningHours.objects.create(weekday=3, opens=time(12), closes=time(20))
    thursday, friday = date(2027, 1, 21), date(2027, 1, 22)
    assert _errors(tenant_a, thursday, time(18), time(20)) == {}
    assert "12:00 tot 20:00" in _errors(tenant_a, thursday, time(9), time(10))["preferred_from"]
    assert "gesloten" in _errors(tenant_a, friday)["preferred_date"]  # no hours on Friday now


def test_a_day_closed_by_decree_is_refused(tenant_a):
    friday = date(2027, 1, 22)
    assert _errors(tenant_a, friday) == {}
    DecreeHoliday.objects.create(date=friday, name="Bij besluit dicht", decree_reference="Stb.")
    assert "gesloten" in _errors(tenant_a, friday)["preferred_date"]


# Phone numbers and e-mail addresses


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("06 - 1234 5678", "0612345678"),
        ("(020) 123.45.67", "0201234567"),
        ("+31 (0)6 12345678", "0612345678"),
        ("0031 6 12345678", "0612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0800-1234", "08001234"),
    ],
)
def test_a_phone_number_is_kept_in_one_spelling(typed, kept):
    assert clean_phone(typed) == kept


@pytest.mark.parametrize("typed", ["", "12345", "06-123", "0612345678x", "+0612345678", "bel"])
def test_what_is_no_phone_number_is_refused(typed):
    with pytest.raises(ValueError):
        clean_phone(typed)


def test_e_mail_addresses_and_the_shown_number():
    assert clean_email(" a@b.nl ") == "a@b.nl"
    with pytest.raises(ValueError):
        clean_email("a@b")
    assert phone_display("0612345678") == "06-12345678"
    assert phone_display("0201234567") == "0201234567"


# The migration of the free text


def _migration():
    return importlib.import_module("achterkant.contacts.migrations.0007_preferred_moment")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("ochtend", (None, time(9), time(12))),
        ("'s middags", (None, time(12), time(17))),
        ("morgenochtend", (date(2026, 3, 11), time(9), time(12))),
        ("Morgen, tussen 9 en 12 uur.", (date(2026, 3, 11), time(9), time(12))),
        ("09.30 - 11.00", (None, time(9, 30), time(11))),
        ("14-03-2026 10:00-11:00", (date(2026, 3, 14), time(10), time(11))),
        ("vandaag", (date(2026, 3, 10), None, None)),
        ("liefst niet op woensdag", None),
        ("vanaf 14:00", None),
        ("12-9", None),
        ("25:00-26:00", None),
        ("31-02-2026", None),
    ],
)
def test_the_migration_reads_what_agents_wrote(text, parsed):
    assert _migration().parse(text, date(2026, 3, 10)) == parsed


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_old_text_and_keeps_what_it_cannot_read(tenant_a):
    """On the real schema: back to before 0007, a row with each kind of text, forward."""
    before, after = (
        [("contacts", "0006_inbound_mail_sender_verified")],
        [("contacts", "0008_remove_contactrequest_preferred_time")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model("contacts", "ContactRequest")
        team = Team.all_tenants.create(
            organisation=tenant_a.organisation, identification="kcc", name="KCC"
        )
        made = datetime(2026, 3, 10, 23, 30, tzinfo=AMSTERDAM)  # 22:30 UTC: still the 10th
        texts = ["morgen ochtend", "liefst na het eten", ""]
        ids = [
            old.objects.create(
                organisation_id=tenant_a.organisation.pk, name="Sophie", question="?",
                team_id=team.pk, due_at=made, preferred_time=text,
            ).pk
            for text in texts
        ]  # fmt: skip
        old.objects.filter(pk__in=ids).update(created_at=made)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        rows = {row.pk: row for row in ContactRequest.all_tenants.filter(pk__in=ids)}
        parsed, kept, empty = (rows[pk] for pk in ids)
        assert (parsed.preferred_date, parsed.preferred_from, parsed.preferred_until) == (
            date(2026, 3, 11), time(9), time(12),
        )  # fmt: skip
        assert parsed.preferred_note == ""
        assert kept.preferred_note == "liefst na het eten" and kept.preferred_date is None
        assert (empty.preferred_note, empty.preferred_from) == ("", None)
        # And back: the fields become one line of text again.
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        back = executor.loader.project_state(before).apps.get_model("contacts", "ContactRequest")
        texts_back = dict(back.objects.filter(pk__in=ids).values_list("pk", "preferred_time"))
        assert [texts_back[pk] for pk in ids] == [
            "11-03-2026 09:00-12:00",
            "liefst na het eten",
            "",
        ]
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
