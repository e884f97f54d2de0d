# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""The scale dataset's sizes, its report and the guard against real data."""

import json
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

LARGE = {
    "persons": 200_000,
    "cases": 1_000_000,
    "open_cases": 37_000,
    "contacts": 5_000_000,
    "contact_requests": 100_000,
    "outbox": 1_000_000,
}
ORGANISATION_SHARES = {"voorbeeld": 0.75, "proefdorp": 0.25}
# Case numbers are ZAAK-yyyy-nnnnnnn: generated ones are 1000001 and up, so they never meet
# the demo's own and the counter goes on after them. That caps the size at 8.9 M per year.
MAX_SCALE = 8.0
CASE_NUMBER_OFFSET = 1_000_000
# A demo seed makes a few hundred persons and, with its 12 months of service history
# (demo.seed_insights), some thousands of cases and contacts per organisation; a database
# with more than this was used for something else.
DEMO_LIMITS = {
    "identity_person": 5_000,
    "cases_case": 6_000,
    "contacts_contact": 15_000,
    "notify_outboxmessage": 10_000,
}
MARKER_TABLE = "achterkant_scale_run"
OPEN_CASE_DAYS = 90  # open cases started in the last 90 days
CLOSED_CASES_SINCE = date(2025, 1, 1)  # the demo case types are valid from this day
CONTACT_YEARS = 5
CHUNK_ROWS = 500_000
# The table each step fills. Its plain indexes are dropped for the step and built again
# after it (in the same transaction): one sort per index instead of millions of inserts.
STEP_TABLES = {
    "persons": "identity_person",
    "cases": "cases_case",
    "statuses": "cases_casestatus",
    "roles": "cases_role",
    "results": "cases_result",
    "case_events": "cases_caseevent",
    "contacts": "contacts_contact",
    "contact_requests": "contacts_contactrequest",
    "outbox": "notify_outboxmessage",
}
ANALYSE_AFTER = {
    "persons": ("identity_person",),
    "cases": ("cases_case",),
    "contacts": ("contacts_contact",),
}


class ScaleError(Exception):
    """The generator will not run here; the message says why (in Dutch, for the CLI)."""


def parse_scale(value: str | float) -> float:
    """``large`` is 1.0; a number is a multiple of the large sizes (``0.01`` = 1%)."""
    if isinstance(value, str) and value.strip().lower() == "large":
        return 1.0
    try:
        scale = float(value)
    except (TypeError, ValueError) as error:
        raise ScaleError(f"Onbekende schaal {value!r}: gebruik 'large' of een getal.") from error
    if not 0 < scale <= MAX_SCALE:
        raise ScaleError(f"De schaal moet groter dan 0 en hoogstens {MAX_SCALE:g} zijn.")
    return scale


def sizes_for(scale: float) -> dict[str, int]:
    sizes = {name: max(1, round(count * scale)) for name, count in LARGE.items()}
    sizes["persons"] = max(sizes["persons"], 10)
    sizes["cases"] = max(sizes["cases"], 10)
    sizes["open_cases"] = min(max(sizes["open_cases"], 2), sizes["cases"] - 1)
    sizes["contacts"] = max(sizes["contacts"], 20 * sizes["contact_requests"], 20)
    return sizes


@dataclass
class ScaleReport:
    scale: float
    sizes: dict[str, int]
    seconds: float = 0.0
    reused: bool = False
    steps: list[tuple[str, int, float]] = field(default_factory=list)  # name, rows, seconds


def existing_run() -> dict | None:
    """The finished scale run recorded in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(
            f"SELECT scale, sizes, seconds, finished_at FROM {MARKER_TABLE} "  # noqa: S608
            "ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    sizes = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return {"scale": row[0], "sizes": sizes, "seconds": row[2], "finished_at": row[3]}


def check_database() -> None:
    """Refuse to run on anything but PostgreSQL, or on a database with real data."""
    if connection.vendor != "postgresql":
        raise ScaleError(
            "De schaaldataset werkt alleen op PostgreSQL; zet DATABASE_URL op een "
            "PostgreSQL-database (bijvoorbeeld postgres://postgres@127.0.0.1:5432/"
            "achterkant_scale)."
        )
    from achterkant.demo.seed import ORGANISATIONS
    from achterkant.tenancy.models import Organisation

    demo = {(slug, rsin) for _name, slug, rsin, *_rest in ORGANISATIONS}
    others = [o.slug for o in Organisation.objects.all() if (o.slug, o.rsin) not in demo]
    if others:
        raise ScaleError(
            "Deze database bevat organisaties die niet uit de demo komen "
            f"({', '.join(sorted(others))}): de schaaldataset weigert op echte gegevens."
        )
    with connection.cursor() as cursor:
        for table, limit in DEMO_LIMITS.items():
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [limit + 1])  # noqa: S608
            if cursor.fetchone()[0] > limit:
                raise ScaleError(
                    f"Tabel {table} bevat meer dan {limit} rijen die niet door de "
                    "schaalgenerator zijn gemaakt: de schaaldataset weigert op echte gegevens."
                )
