"""Rough speed figures for the hot paths. Not part of `make test`; run `make bench`.

Uses its own database (BENCH_DATABASE_URL, default SQLite under var/) so it never touches
the demo data. Prints the figures; asserts nothing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from achterkant.cases.queues import case_queue  # noqa: E402
from achterkant.cases.services import open_case  # noqa: E402
from achterkant.contacts.knowledge_search import search_articles  # noqa: E402
from achterkant.identity.models import Person  # noqa: E402
from achterkant.routing.models import Team  # noqa: E402
from achterkant.staff.models import User  # noqa: E402
from achterkant.tenancy.context import use_organisation  # noqa: E402
from achterkant.tenancy.models import Organisation  # noqa: E402


def timed(label: str, runs: int, action) -> None:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"{label:<45} n={runs:<5} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed", persons=200, verbosity=0)
    organisation = Organisation.objects.get(slug="voorbeeld")
    with use_organisation(organisation):
        agent = User.objects.get(username="agent")
        people = list(Person.objects.order_by("bsn").values_list("bsn", flat=True)[:200])
        team = Team.objects.get(identification="stadsbeheer")
        bsns = iter(people * 10)
        timed("open_case (phone, routed, SLA)", 200, lambda: open_case(
            actor=agent, case_type_identification="ZT-MOR", channel="phone",
            initiator_bsn=next(bsns),
        ))  # fmt: skip
        timed("team queue, first page", 200, lambda: case_queue(team_id=team.pk))
        timed(
            "knowledge search 'paspoort verlopen'",
            200,
            lambda: search_articles("paspoort verlopen"),
        )
    client = Client(HTTP_HOST="voorbeeld.localhost")
    client.force_login(User.objects.get(username="agent"))
    session = client.session
    session["desk_active_bsn"] = people[0]
    session.save()
    timed("GET /desk/persoon/ (360° view)", 100, lambda: client.get("/desk/persoon/"))
    client.force_login(User.objects.get(username="behandelaar"))
    timed("GET /desk/teams/stadsbeheer/", 100, lambda: client.get("/desk/teams/stadsbeheer/"))
    print(f"database: {django.db.connection.vendor}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
