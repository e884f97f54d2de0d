"""make bench-scale: the hot paths, and who and what each one asks for."""

import time
from urllib.parse import urlencode

from scale_config import HOST


def bench_writers(organisation_id: int) -> list[str]:
    """The people the writing paths file cases and contacts for (one per client)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn FROM identity_person WHERE organisation_id = %s AND email <> '' "
            "ORDER BY id DESC LIMIT 16",
            [organisation_id],
        )
        return [row[0] for row in cursor.fetchall()]


def busiest_bsn(organisation_id: int) -> str:
    """Someone with a long history: the busiest initiator of the newest cases.

    The bench's writers are left out: the paths that write (e-loket, desk contact with a
    case, intake) file thousands of cases for them in a run, so choosing among them would
    make each run read a longer history than the last, and the runs incomparable.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT initiator_bsn FROM (SELECT initiator_bsn FROM cases_case "
            "WHERE organisation_id = %s AND initiator_bsn <> '' "
            "AND NOT (initiator_bsn = ANY(%s)) ORDER BY id DESC LIMIT 20000) t "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
            [organisation_id, bench_writers(organisation_id)],
        )
        return cursor.fetchone()[0]


def fixtures() -> dict:
    from django.db import connection

    from achterkant.catalog.models import Product
    from achterkant.routing.models import Team
    from achterkant.staff.models import User
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    organisation = Organisation.objects.get(slug="voorbeeld")
    citizens = bench_writers(organisation.pk)
    bsn = busiest_bsn(organisation.pk)  # never one of the writers
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT team_id FROM cases_case WHERE organisation_id = %s AND end_date IS NULL "
            "AND team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [organisation.pk],
        )
        team_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM cases_case WHERE organisation_id = %s AND team_id = %s "
            "AND end_date IS NULL AND queue_due_at IS NOT NULL",
            [organisation.pk, team_id],
        )
        queue_length = cursor.fetchone()[0]
        cursor.execute(
            "SELECT queue_due_at, id, number FROM cases_case WHERE organisation_id = %s "
            "AND team_id = %s AND end_date IS NULL AND queue_due_at IS NOT NULL "
            "ORDER BY queue_due_at, id OFFSET %s LIMIT 1",
            [organisation.pk, team_id, max(0, min(5000, queue_length - 60))],
        )
        deep_due, deep_id, deep_number = cursor.fetchone()
    with use_organisation(organisation):
        team = Team.objects.get(pk=team_id)
        product = Product.objects.get(code="melding-openbare-ruimte")
        eloket_product = product
    return {
        "organisation": organisation,
        "bsn": bsn,
        "team": team,
        "queue_length": queue_length,
        "deep_cursor": f"{deep_due.isoformat()}~{deep_id}",
        "case_number": deep_number,
        "citizens": citizens,
        "product": product,
        "eloket_product": eloket_product,
        "agent": User.objects.get(username="agent"),
        "worker": User.objects.get(username="behandelaar"),
    }


def staff_session(user, **extra) -> str:
    """A logged-in, second-factor-verified staff session (as after an SSO log-in)."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    session = client.session
    session["achterkant_mfa_by_idp"] = True
    for key, value in extra.items():
        session[key] = value
    session.save()
    return client.cookies["sessionid"].value


def citizen_session(organisation, bsn: str) -> str:
    """A portal session as DigiD leaves it (``portal.session.login_citizen``)."""
    from importlib import import_module

    from django.conf import settings

    from achterkant.identity.assurance import AssuranceLevel
    from achterkant.portal.session import SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = {
        "bsn": bsn, "kvk": "", "branch": "", "via": "digid",
        "assurance": AssuranceLevel.SUBSTANTIEEL, "saml": {}, "seen": time.time(),
        "organisation": organisation.pk,
    }  # fmt: skip
    store.create()
    return store.session_key


def eloket_body(product) -> dict:
    """Valid answers for the product's web form, from its form definition."""
    from django.utils import timezone

    from achterkant.catalog.selectors import case_type_version_for
    from achterkant.tenancy.context import use_organisation

    with use_organisation(product.organisation):
        case_type = case_type_version_for(product.case_type_identification, timezone.localdate())
    data = {}
    for spec in (case_type.form_definition or {}).get("fields", []):
        name, kind = spec["name"], spec["type"]
        if not spec.get("required"):
            continue
        if kind == "choice":
            data[name] = spec["choices"][0]
        elif kind == "address":
            data[f"{name}__postcode"] = "1011AB"
            data[f"{name}__huisnummer"] = "12"
        elif kind == "number":
            data[name] = str(spec.get("min", 1))
        elif kind == "date":
            data[name] = timezone.localdate().isoformat()
        elif kind == "yes_no":
            data[name] = "nee"
        elif kind in ("text", "long_text"):
            data[name] = "Losse stoeptegel voor de deur"
    return data


class Path_:
    def __init__(self, name, url, cookies, method="GET", body=None, expect=200):
        self.name, self.url, self.cookies = name, url, cookies
        self.method, self.body, self.expect = method, body, expect


def hot_paths(fx: dict) -> list[Path_]:
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from achterkant.desk.kcc_views import ACTIVE_PERSON

    csrf = get_random_string(CSRF_SECRET_LENGTH)

    def staff(user, n=16, **extra):
        return [f"sessionid={staff_session(user, **extra)}; csrftoken={csrf}" for _ in range(n)]

    citizens = fx["citizens"]
    team = fx["team"].identification
    deep = urlencode({"na": fx["deep_cursor"]})
    contact = {
        "csrfmiddlewaretoken": csrf, "channel": "phone", "product": fx["product"].pk,
        "subject": "Losse stoeptegel", "question": "Er ligt een losse stoeptegel.",
        "outcome": "case", "started_at": "{NOW}", "idempotency_key": "{UUID}",
    }  # fmt: skip
    eloket = {
        "csrfmiddlewaretoken": csrf, "submission_key": "{UUID}",
        **eloket_body(fx["eloket_product"]),
    }  # fmt: skip
    agent_360 = staff(fx["agent"], **{ACTIVE_PERSON: fx["bsn"]})
    return [
        Path_("360° view", "/desk/persoon/", agent_360),
        Path_("team queue, first page", f"/desk/teams/{team}/", staff(fx["worker"])),
        Path_("team queue, deep page", f"/desk/teams/{team}/?{deep}", staff(fx["worker"])),
        Path_("case page", f"/desk/zaken/{fx['case_number']}/", staff(fx["worker"])),
        Path_(
            "Mijn overzicht",
            "/mijn/",
            [
                f"sessionid={citizen_session(fx['organisation'], fx['bsn'])}; csrftoken={csrf}"
                for _ in range(16)
            ],
        ),
        Path_("knowledge search", "/desk/kennisbank/?q=paspoort+verlopen", staff(fx["agent"])),
        Path_(
            "e-loket submit",
            f"/mijn/aanvragen/{fx['eloket_product'].code}/",
            [
                f"sessionid={citizen_session(fx['organisation'], bsn)}; csrftoken={csrf}"
                for bsn in citizens
            ],
            method="POST",
            body=eloket,
            expect=302,
        ),
        Path_(
            "desk contact with case",
            "/desk/contacten/",
            # A writer, not the 360° view's person: its cases would grow that history.
            staff(fx["agent"], **{ACTIVE_PERSON: citizens[0]}),
            method="POST",
            body=contact,
            expect=302,
        ),
    ]
