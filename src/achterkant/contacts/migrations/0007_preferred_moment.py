"""The preferred moment of a contact request as a day and a time window (issue 17).

Until now agents typed it as free text ("morgenochtend", "tussen 9 en 12"). Text that
reads as a day and/or a window in one of the ways agents wrote it becomes those fields;
"vandaag" and "morgen" count from the day the request was made. Anything else ("liefst
niet op woensdag") is kept word for word in ``preferred_note``, so nothing is lost and
nothing is guessed. Migration 0008 then drops the old column (a separate migration:
PostgreSQL does not alter a table in the transaction that changed its rows).
"""

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?"
_PATTERN = re.compile(
    r"(?:(?P<date>\d{1,2}[-/]\d{1,2}[-/]\d{4}|\d{4}-\d{2}-\d{2}|overmorgen|morgen|vandaag)"
    r"\s*,?\s*)?"
    r"(?:(?:tussen\s+|van\s+|vanaf\s+)?(?P<start>" + _CLOCK + r")\s*(?:uur\s*)?"
    r"(?:-|–|tot|en)\s*(?P<end>" + _CLOCK + r")(?:\s*uur)?"
    r"|(?:'s\s*|in de\s+)?(?P<part>ochtends?|morgens|middags?))?"
)
# The parts of the day as agents meant them.
_PARTS = {
    "ochtend": (time(9), time(12)),
    "morgen": (time(9), time(12)),
    "middag": (time(12), time(17)),
}
_RELATIVE = {"vandaag": 0, "morgen": 1, "overmorgen": 2}


def _clock(text: str) -> time:
    hour, _, minute = text.replace(".", ":").partition(":")
    return time(int(hour), int(minute or 0))  # ValueError for 25:00 or 9:75


def _date(text: str, made_on: date) -> date:
    if text in _RELATIVE:
        return made_on + timedelta(days=_RELATIVE[text])
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    day, month, year = re.split(r"[-/]", text)
    return date(int(year), int(month), int(day))


def parse(text: str, made_on: date) -> tuple[date | None, time | None, time | None] | None:
    """``(day, from, until)`` that ``text`` means, or None when it is not only that.

    ``made_on``: the day the request was made, for "vandaag" and "morgen".
    """
    cleaned = " ".join(text.lower().split()).rstrip(".")
    match = _PATTERN.fullmatch(cleaned)
    if not cleaned or match is None:
        return None
    try:
        day = _date(match["date"], made_on) if match["date"] else None
        if match["part"]:
            start, end = _PARTS[match["part"].rstrip("s")]
        elif match["start"]:
            start, end = _clock(match["start"]), _clock(match["end"])
        else:
            start = end = None
    except ValueError:
        return None
    if start is not None and start >= end:
        return None
    return day, start, end


def _text(request) -> str:
    """The reverse: the fields as one line of text again."""
    parts = [f"{request.preferred_date:%d-%m-%Y}"] if request.preferred_date else []
    if request.preferred_from:
        parts.append(f"{request.preferred_from:%H:%M}-{request.preferred_until:%H:%M}")
    if request.preferred_note:
        parts.append(request.preferred_note)
    return " ".join(parts)[:100]


def structure_preferred_times(apps, schema_editor) -> None:
    ContactRequest = apps.get_model("contacts", "ContactRequest")
    changed = []
    for request in ContactRequest.objects.exclude(preferred_time="").iterator(chunk_size=2000):
        made_on = request.created_at.astimezone(AMSTERDAM).date()
        parsed = parse(request.preferred_time, made_on)
        if parsed is None:
            request.preferred_note = request.preferred_time.strip()
        else:
            request.preferred_date, request.preferred_from, request.preferred_until = parsed
        changed.append(request)
    fields = ["preferred_date", "preferred_from", "preferred_until", "preferred_note"]
    ContactRequest.objects.bulk_update(changed, fields, batch_size=500)


def unstructure_preferred_times(apps, schema_editor) -> None:
    ContactRequest = apps.get_model("contacts", "ContactRequest")
    changed = []
    for request in ContactRequest.objects.filter(
        models.Q(preferred_date__isnull=False)
        | models.Q(preferred_from__isnull=False)
        | ~models.Q(preferred_note="")
    ).iterator(chunk_size=2000):
        request.preferred_time = _text(request)
        changed.append(request)
    ContactRequest.objects.bulk_update(changed, ["preferred_time"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_inbound_mail_sender_verified"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactrequest",
            name="preferred_date",
            field=models.DateField(blank=True, null=True, verbose_name="voorkeursdag"),
        ),
        migrations.AddField(
            model_name="contactrequest",
            name="preferred_from",
            field=models.TimeField(blank=True, null=True, verbose_name="bereikbaar vanaf"),
        ),
        migrations.AddField(
            model_name="contactrequest",
            name="preferred_until",
            field=models.TimeField(blank=True, null=True, verbose_name="bereikbaar tot"),
        ),
        migrations.AddField(
            model_name="contactrequest",
            name="preferred_note",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="voorkeur moment (tekst)"
            ),
        ),
        migrations.RunPython(structure_preferred_times, unstructure_preferred_times),
    ]
