"""Ship the days designated by decree as equal to public holidays (Atw art. 3(3)).

The data is inline on purpose: a migration must not import app code that may change.
``tests/worktime/test_decree_days.py`` compares ``DECREE_DAYS`` with the table in
docs/deadlines.md, so the two cannot drift apart.

Forwards creates a row per day unless a row for that date already exists (an admin may
have entered or corrected it): existing rows are never overwritten, and re-running is
harmless. Backwards removes only rows that are still exactly as shipped.

The next decree gets its own data migration in the same form (a ``DECREE_DAYS`` tuple and
these two functions); do not edit this one.
"""

from datetime import date

from django.db import migrations

DECREE_2023_2025 = (
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 "
    "en 30 mei 2025 met een algemeen erkende feestdag"
)
DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 "
    "en 26 mei 2028 met een algemeen erkende feestdag"
)

# (date, name, decree_reference)
DECREE_DAYS = (
    (date(2023, 4, 28), "Vrijdag na Koningsdag 2023 (gelijkgesteld)", DECREE_2023_2025),
    (date(2023, 5, 19), "Vrijdag na Hemelvaartsdag 2023 (gelijkgesteld)", DECREE_2023_2025),
    (date(2024, 5, 10), "Vrijdag na Hemelvaartsdag 2024 (gelijkgesteld)", DECREE_2023_2025),
    (date(2024, 12, 27), "Vrijdag na Tweede Kerstdag 2024 (gelijkgesteld)", DECREE_2023_2025),
    (date(2025, 5, 30), "Vrijdag na Hemelvaartsdag 2025 (gelijkgesteld)", DECREE_2023_2025),
    (date(2026, 1, 2), "Vrijdag na Nieuwjaarsdag 2026 (gelijkgesteld)", DECREE_2026_2028),
    (date(2026, 5, 15), "Vrijdag na Hemelvaartsdag 2026 (gelijkgesteld)", DECREE_2026_2028),
    (date(2027, 5, 7), "Vrijdag na Hemelvaartsdag 2027 (gelijkgesteld)", DECREE_2026_2028),
    (date(2028, 4, 28), "Vrijdag na Koningsdag 2028 (gelijkgesteld)", DECREE_2026_2028),
    (date(2028, 5, 26), "Vrijdag na Hemelvaartsdag 2028 (gelijkgesteld)", DECREE_2026_2028),
)


def add_decree_days(apps, schema_editor):
    DecreeHoliday = apps.get_model("worktime", "DecreeHoliday")
    for day, name, reference in DECREE_DAYS:
        DecreeHoliday.objects.get_or_create(
            date=day, defaults={"name": name, "decree_reference": reference}
        )


def remove_decree_days(apps, schema_editor):
    DecreeHoliday = apps.get_model("worktime", "DecreeHoliday")
    for day, name, reference in DECREE_DAYS:
        DecreeHoliday.objects.filter(
            date=day, name=name, decree_reference=reference, validity_note=""
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("worktime", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_decree_days, remove_decree_days),
    ]
