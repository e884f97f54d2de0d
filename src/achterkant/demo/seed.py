"""Demo data: two municipalities, their staff, catalogue and people. Safe to run twice."""

import random
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from achterkant.cases.sla import sweep_cases
from achterkant.demo.people import person_fields, test_bsns
from achterkant.demo.seed_catalogue import seed_catalogue
from achterkant.demo.seed_insights import seed_service_history
from achterkant.demo.seed_kcc import seed_kcc
from achterkant.demo.seed_triage import seed_triage, seed_triage_mail
from achterkant.demo.seed_work import seed_work
from achterkant.demo.subscriber import seed_subscriber
from achterkant.identity.models import Person
from achterkant.insights.models import InsightsSettings
from achterkant.staff import roles
from achterkant.staff.services import staff_member_ensure
from achterkant.staff.twofactor.services import DEMO_TOTP_KEY_HEX, ensure_totp_device
from achterkant.tenancy.context import require_organisation, use_organisation
from achterkant.tenancy.models import Hostname, Organisation

DEMO_PASSWORD = "achterkant-demo"  # noqa: S105 - public demo log-ins, printed on start
# A well-known person to try first (the BSN example from the 11-proef documentation).
SHOWCASE_BSN = "999993653"

ORGANISATIONS = [
    # name, slug, RSIN, host name, city, postcode area, username suffix
    ("Gemeente Voorbeeld", "voorbeeld", "001000007", "voorbeeld.localhost", "Voorbeeld", 1000, ""),
    ("Gemeente Proefdorp", "proefdorp", "002000003", "proefdorp.localhost", "Proefdorp", 7000,
     ".proefdorp"),
]  # fmt: skip

STAFF = [
    # username, first name, last name, role
    ("agent", "Anouk", "KCC", roles.AGENT),
    ("behandelaar", "Bas", "Behandelaar", roles.CASE_WORKER),
    ("teamleider", "Tessa", "Teamleider", roles.TEAM_LEAD),
    ("beheerder", "Bram", "Beheer", roles.FUNCTIONAL_ADMIN),
    ("redacteur", "Roos", "Redactie", roles.KNOWLEDGE_EDITOR),
    ("manager", "Mila", "Manager", roles.MANAGER),
]


@dataclass
class SeedReport:
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # org, user, pw, role
    persons_created: int = 0


# How busy each demo organisation's history is (seed_insights.volume): Proefdorp is smaller.
HISTORY_VOLUME = {"voorbeeld": 0.45, "proefdorp": 0.3}


def seed_demo(*, persons_per_organisation: int = 200, history_months: int = 0) -> SeedReport:
    """``history_months``: also seed that many months of service history for Inzicht
    (``achterkant demo`` and ``achterkant seed`` pass 12; tests leave it off, for speed)."""
    report = SeedReport()
    bsns = [b for b in islice(test_bsns(), persons_per_organisation * 2 + 1) if b != SHOWCASE_BSN]
    for index, (name, slug, rsin, host, city, area, suffix) in enumerate(ORGANISATIONS):
        with transaction.atomic():
            organisation, _ = Organisation.objects.get_or_create(
                slug=slug, defaults={"name": name, "rsin": rsin}
            )
            Hostname.objects.get_or_create(hostname=host, defaults={"organisation": organisation})
            with use_organisation(organisation):
                for username, first, last, role in STAFF:
                    member = staff_member_ensure(
                        organisation=organisation,
                        username=username + suffix,
                        password=DEMO_PASSWORD,
                        first_name=first,
                        last_name=last,
                        role=role,
                        # A work address, so that a new log-in link (beheer) can be sent.
                        email=f"{username + suffix}@{slug}.example.nl",
                    )
                    # The second step of the log-in: one documented demo key for all demo
                    # staff (README); `achterkant demo-code <username>` prints the code.
                    ensure_totp_device(member, DEMO_TOTP_KEY_HEX)
                    report.logins.append((name, username + suffix, DEMO_PASSWORD, role))
                seed_catalogue()
                seed_kcc(suffix=suffix, city=city, postcode_area=area)
                # The triage model learns from the catalogue and knowledge base above; before
                # the demo's e-mails and letters (seed_work), so they get suggestions.
                seed_triage()
                own_bsns = bsns[index::2][:persons_per_organisation]
                report.persons_created += _seed_persons(own_bsns, city=city, area=area)
                if index == 0:
                    report.persons_created += _seed_showcase_person()
                seed_work(suffix=suffix, cases=min(30, persons_per_organisation))
                seed_triage_mail(sender="sophie.devries@example.nl")
                seed_service_history(months=history_months, volume=HISTORY_VOLUME.get(slug, 0.3))
                if history_months and index == 0:
                    # Voorbeeld publishes "Zo snel helpen wij u"; Proefdorp shows the 404.
                    InsightsSettings.objects.get_or_create(
                        organisation=organisation, defaults={"public_page": True}
                    )
    _seed_mock_digid_users()
    if settings.DEMO_MODE:
        # The ready-made ZGW API client (client id and secret printed by `achterkant demo`).
        # A command, not an import: the demo and the API are independent interface layers.
        call_command("zgw_demo_client", verbosity=0)
        # One abonnement on every kanaal, delivered to the demo's own log (subscriber.py).
        seed_subscriber()
    # Bring the seeded cases into their SLA states now, rather than on the worker's first sweep.
    sweep_cases()
    return report


def _seed_persons(bsns: list[str], *, city: str, area: int) -> int:
    organisation = require_organisation()
    existing = set(Person.objects.filter(bsn__in=bsns).values_list("bsn", flat=True))
    new = [
        Person(organisation=organisation, **person_fields(random.Random(bsn), bsn, city, area))
        for bsn in bsns
        if bsn not in existing
    ]
    Person.objects.bulk_create(new, batch_size=500)
    return len(new)


def _seed_showcase_person() -> int:
    _, created = Person.objects.get_or_create(
        bsn=SHOWCASE_BSN,
        defaults={
            "given_names": "Sophie",
            "surname_prefix": "de",
            "surname": "Vries",
            "birth_date": date(1985, 3, 14),
            "street": "Kerkstraat",
            "house_number": 12,
            "postcode": "1011AB",
            "city": "Voorbeeld",
            "email": "sophie.devries@example.nl",
            "phone": "0612345678",
        },
    )
    return int(created)


def _seed_mock_digid_users(per_organisation: int = 10) -> None:
    """Offer demo people on the mock DigiD login page, so a visitor can pick one."""
    from digid_eherkenning.models.digid import MockDigidUser

    for organisation in Organisation.objects.order_by("pk"):
        with use_organisation(organisation):
            people = Person.objects.exclude(email="").order_by("bsn")[:per_organisation]
            for person in [*Person.objects.filter(bsn=SHOWCASE_BSN), *people]:
                MockDigidUser.objects.get_or_create(
                    bsn=person.bsn,
                    defaults={"name": f"{str(person)[:35]} ({organisation.slug})"},
                )
