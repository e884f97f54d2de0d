"""The shipped decree days (Atw art. 3(3)): loaded by migration, counted, documented.

Atw art. 3(3) lets the government make other days equal to the recognised holidays by
decree. The days of the decrees for 2023–2025 and 2026–2028 ship with the data migration
``worktime/0002_decree_days``; the test database is migrated, so they are there.

Calendars checked by hand (with the ``holidays`` data): 2026: Nieuwjaarsdag Thu 1 Jan,
Hemelvaart Thu 14 May, 2e pinksterdag Mon 25 May. 2027: Hemelvaart Thu 6 May,
2e pinksterdag Mon 17 May. 2028: Koningsdag Thu 27 Apr, Hemelvaart Thu 25 May,
2e pinksterdag Mon 5 Jun.
"""

import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from achterkant.worktime.calendar import (
    WorkCalendar,
    add_working_days,
    atw_extend,
    is_working_day,
)
from achterkant.worktime.models import DecreeHoliday

MIGRATION = importlib.import_module("achterkant.worktime.migrations.0002_decree_days")
MIGRATIONS_DIR = Path(MIGRATION.__file__).parent
DEADLINES_DOC = Path(__file__).resolve().parents[2] / "docs" / "deadlines.md"
PURE = WorkCalendar(decree_days=())

# Given by issue 11: the days of the decree for 2026–2028.
ISSUE_DAYS = [
    date(2026, 1, 2),  # Fri after Nieuwjaarsdag
    date(2026, 5, 15),  # Fri after Hemelvaartsdag
    date(2027, 5, 7),  # Fri after Hemelvaartsdag
    date(2028, 4, 28),  # Fri after Koningsdag
    date(2028, 5, 26),  # Fri after Hemelvaartsdag
]


def shipped_days() -> dict[date, tuple[str, str]]:
    """``DECREE_DAYS`` of every worktime migration that has one: {date: (name, decree)}."""
    days = {}
    for path in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")):
        module = importlib.import_module(f"achterkant.worktime.migrations.{path.stem}")
        for day, name, reference in getattr(module, "DECREE_DAYS", ()):
            assert day not in days, f"{day} is shipped twice"
            days[day] = (name, reference)
    return days


def documented_days() -> dict[date, str]:
    """The table in the "Working days (Atw art. 3)" section of docs/deadlines.md."""
    text = DEADLINES_DOC.read_text(encoding="utf-8")
    section = text.split("\n## Working days (Atw art. 3)\n", 1)[1]
    section = re.split(r"\n## ", section, maxsplit=1)[0]
    rows = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| [^|]+ \| ([^|]+?) \|$", section, re.M)
    return {date.fromisoformat(day): reference for day, reference in rows}


# --- loaded by the migration ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("day", ISSUE_DAYS, ids=str)
def test_atw_art_3_3_decree_days_are_not_working_days_after_migrating(day):
    """Atw art. 3(3): each day of the 2026–2028 decree is a holiday out of the box."""
    assert day.weekday() == 4  # all Fridays: without the decree they would be working days
    assert is_working_day(day, calendar=PURE)
    assert not is_working_day(day)


@pytest.mark.django_db
def test_atw_art_3_3_the_database_holds_exactly_the_shipped_rows():
    """Atw art. 3(3): after migrating, every shipped day is a row with its decree title."""
    rows = {
        row.date: (row.name, row.decree_reference)
        for row in DecreeHoliday.objects.filter(date__in=list(shipped_days()))
    }
    assert rows == shipped_days()
    assert set(ISSUE_DAYS) <= set(rows)
    assert date(2025, 5, 30) in rows  # the Friday after Ascension 2025, earlier decree


# --- what the days change -------------------------------------------------------------


@pytest.mark.django_db
def test_atw_art_3_3_decree_day_moves_a_two_working_day_norm():
    """Atw art. 3(3): Wed 13 May 2026 + 2 working days.

    Thu 14 May is Hemelvaartsdag (art. 3(1)), Fri 15 May a decree day (art. 3(3)), Sat 16
    and Sun 17 do not count: Mon 18 May is the 1st working day, Tue 19 May the 2nd.
    Without the decree Friday would be the 1st and Monday the 2nd.
    """
    assert add_working_days(date(2026, 5, 13), 2, calendar=PURE) == date(2026, 5, 18)
    assert add_working_days(date(2026, 5, 13), 2) == date(2026, 5, 19)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_day", "extended_to"),
    [
        (date(2026, 1, 2), date(2026, 1, 5)),  # Fri -> Mon (Sat 3, Sun 4)
        (date(2026, 5, 15), date(2026, 5, 18)),
        (date(2027, 5, 7), date(2027, 5, 10)),
        (date(2028, 4, 28), date(2028, 5, 1)),  # 1 May is no holiday in the Atw
        (date(2028, 5, 26), date(2028, 5, 29)),
    ],
    ids=str,
)
def test_atw_art_1_statutory_term_ending_on_a_decree_day_runs_to_monday(last_day, extended_to):
    """Atw art. 1(1) with art. 3(3): a term ending on a decree day runs on to Monday.

    A statutory term whose last day is Fri 2 Jan 2026 (a decree day) is extended over the
    weekend to Mon 5 Jan 2026; without the decree it would end on the Friday itself.
    """
    assert atw_extend(last_day, calendar=PURE) == last_day
    assert atw_extend(last_day) == extended_to


# --- the migration: idempotent, leaves an administrator's changes alone ----------------


@pytest.mark.django_db
def test_atw_art_3_3_migration_rerun_keeps_admin_edits_and_restores_missing_days():
    """Atw art. 3(3) days: re-running the migration never overwrites an administrator."""
    edited = DecreeHoliday.objects.get(date=date(2026, 5, 15))
    edited.name = "Vrijdag na Hemelvaart (aangepast)"
    edited.decree_reference = "Besluit, zoals gecorrigeerd door de beheerder"
    edited.save()
    DecreeHoliday.objects.filter(date=date(2026, 1, 2)).delete()
    count = DecreeHoliday.objects.count()

    MIGRATION.add_decree_days(django_apps, None)
    MIGRATION.add_decree_days(django_apps, None)  # twice: still no duplicates

    assert DecreeHoliday.objects.count() == count + 1
    edited.refresh_from_db()
    assert edited.name == "Vrijdag na Hemelvaart (aangepast)"
    assert edited.decree_reference == "Besluit, zoals gecorrigeerd door de beheerder"
    restored = DecreeHoliday.objects.get(date=date(2026, 1, 2))
    assert (restored.name, restored.decree_reference) == (
        "Vrijdag na Nieuwjaarsdag 2026 (gelijkgesteld)",
        MIGRATION.DECREE_2026_2028,
    )


@pytest.mark.django_db
def test_atw_art_3_3_migration_reverse_removes_only_rows_as_shipped():
    """Atw art. 3(3) days: unapplying removes shipped rows, never an administrator's."""
    DecreeHoliday.objects.filter(date=date(2027, 5, 7)).update(name="Brugdag 2027 (aangepast)")
    DecreeHoliday.objects.filter(date=date(2028, 4, 28)).update(validity_note="2026–2028")
    own = DecreeHoliday.objects.create(
        date=date(2029, 5, 11), name="Vrijdag na Hemelvaartsdag 2029", decree_reference="x"
    )

    MIGRATION.remove_decree_days(django_apps, None)

    left = set(DecreeHoliday.objects.values_list("date", flat=True))
    assert left == {date(2027, 5, 7), date(2028, 4, 28), own.date}


# --- admin and docs -------------------------------------------------------------------


def test_atw_art_3_3_functional_admin_sees_the_shipped_decree_days(tenant_a):
    """Atw art. 3(3): the admin list (*Bij besluit aangewezen feestdagen*) shows the days.

    Functional administrators hold ``worktime.view_decreeholiday``: they see, not change.
    """
    client = tenant_a.client("admin")
    response = client.get("/admin/worktime/decreeholiday/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vrijdag na Nieuwjaarsdag 2026 (gelijkgesteld)" in page
    assert "Vrijdag na Hemelvaartsdag 2028 (gelijkgesteld)" in page
    assert MIGRATION.DECREE_2026_2028 in page
    assert MIGRATION.DECREE_2023_2025 in page
    assert "/admin/worktime/decreeholiday/add/" not in page  # no add button for them


def test_atw_art_3_3_docs_table_matches_the_migrations():
    """Atw art. 3(3): docs/deadlines.md lists exactly the shipped days and decree titles."""
    shipped = {day: reference for day, (_name, reference) in shipped_days().items()}
    assert documented_days() == shipped
    for day in shipped:
        assert day.weekday() < 5  # a decree day on a weekend would change nothing
