"""Shared fixtures: two organisations, their staff, a catalogue and people.

Tests run against the real database (SQLite or PostgreSQL, from DATABASE_URL).
"""

import tempfile
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.test import Client

from achterkant.catalog.models import (
    CaseType,
    Catalogue,
    Product,
    ResultType,
    RoleType,
    ServiceNorm,
    StatusType,
)
from achterkant.catalog.services import case_type_publish
from achterkant.identity.models import Person
from achterkant.staff import roles
from achterkant.staff.services import staff_member_ensure
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Hostname, Organisation

# Every model the tests train (a seeded demo trains its own) goes to a directory of this
# run, never to the checkout's var/; tests that compare models set their own directory.
django_settings.TRIAGE_MODEL_DIR = tempfile.mkdtemp(prefix="achterkant-triage-")

PASSWORD = "test-wachtwoord-123"
HOST_A = "a.localhost"
HOST_B = "b.localhost"
BSN_A = "999993653"
BSN_B = "999990019"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_organisation_cache():
    """Each test starts without cached host names: its rollback sends no signal."""
    from achterkant.tenancy.selectors import clear_organisation_cache

    clear_organisation_cache()
    yield
    clear_organisation_cache()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never reach the outside world: a real socket to anywhere but loopback fails."""
    import socket

    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")
        ):
            raise RuntimeError(f"Test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def today(monkeypatch):
    """``today(day)`` makes ``timezone.localdate()`` return ``day``, for the Awb clock rules."""
    from django.utils import timezone

    real = timezone.localdate

    def freeze(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return freeze


def make_organisation(name: str, slug: str, rsin: str, host: str) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug, rsin=rsin)
    Hostname.objects.create(organisation=organisation, hostname=host)
    return organisation


def make_case_type(organisation: Organisation, **overrides) -> CaseType:
    """A published case type 'ZT-MELDING' with 3 statuses, 2 results and 2 role types."""
    with use_organisation(organisation):
        catalogue, _ = Catalogue.objects.get_or_create(
            domain="ZAKEN", defaults={"rsin": organisation.rsin, "contact_name": "Beheer"}
        )
        fields = {
            "catalogue": catalogue,
            "identification": "ZT-MELDING",
            "description": "Melding openbare ruimte",
            "purpose": "Melding afhandelen",
            "reason": "Melding van een inwoner",
            "subject": "Openbare ruimte",
            "confidentiality": "zaakvertrouwelijk",
            "scope": "extern",
            "initiator_action": "Melden",
            "handler_action": "Behandelen",
            "lead_time": "P8W",
            "suspension_possible": True,
            "extension_possible": True,
            "extension_term": "P6W",
            "responsible": "Stadsbeheer",
            "reference_process_name": "Melding",
            "valid_from": date(2020, 1, 1),
            "version_date": date(2020, 1, 1),
            **overrides,
        }
        case_type = CaseType.objects.create(**fields)
        StatusType.objects.create(case_type=case_type, sequence=1, name="Ontvangen")
        StatusType.objects.create(
            case_type=case_type,
            sequence=2,
            name="Ingepland",
            citizen_text="We hebben het werk ingepland.",
            inform_citizen=True,
        )
        StatusType.objects.create(case_type=case_type, sequence=3, name="Opgelost")
        ResultType.objects.create(
            case_type=case_type, description="Opgelost", archive_nomination="vernietigen",
            archive_action_term="P1Y", source_date_derivation="afgehandeld",
        )  # fmt: skip
        ResultType.objects.create(
            case_type=case_type, description="Niet opgelost", archive_nomination="blijvend_bewaren",
            archive_action_term="", source_date_derivation="afgehandeld",
        )  # fmt: skip
        RoleType.objects.create(
            case_type=case_type, description="Melder", generic_description="initiator"
        )
        RoleType.objects.create(
            case_type=case_type, description="Behandelaar", generic_description="behandelaar"
        )
        return case_type_publish(case_type=case_type)


def make_catalogue(organisation: Organisation) -> Product:
    case_type = make_case_type(organisation)
    with use_organisation(organisation):
        product = Product.objects.create(
            code="melding", name="Melding", case_type_identification=case_type.identification
        )
        ServiceNorm.objects.create(
            product=product, channel="email", amount=2, unit="working_days",
            promise="binnen 2 werkdagen antwoord",
        )  # fmt: skip
        return product


def make_person(organisation: Organisation, bsn: str, **fields) -> Person:
    defaults = {
        "given_names": "Sophie",
        "surname_prefix": "de",
        "surname": "Vries",
        "birth_date": date(1985, 3, 14),
        "street": "Kerkstraat",
        "house_number": 12,
        "postcode": "1011AB",
        "city": "Voorbeeld",
        "email": "sophie@example.nl",
    }
    with use_organisation(organisation):
        return Person.objects.create(bsn=bsn, **{**defaults, **fields})


def totp_device(user):
    """The user's confirmed authenticator app: a real TOTP device with its own random key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test-app", confirmed=True)


def log_in_with_second_factor(client: Client, user) -> Client:
    """``force_login`` plus the second factor, as django_otp.login records it in the session.

    The device is a real confirmed TOTP device of the user; tests of the code check itself
    post real codes (tests/staff/test_two_factor.py).
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client


def next_totp_code(user) -> str:
    """A code the user's app shows, that the device will still accept.

    A device takes each code once, within one step of now (django-otp's tolerance). For a
    second log-in within the same 30 seconds this is the next step's code, as an app that
    runs a little ahead would show; past that the helper waits for the next step.
    """
    import time

    from django_otp.oath import TOTP

    device = totp_device(user)
    device.refresh_from_db()
    # The device's window: its own clock (now plus the drift it learned) +/- the tolerance.
    now = int(time.time() - device.t0) // device.step + device.drift
    # Not the oldest step still accepted: a slow machine can pass a 30-second boundary
    # between this line and the server's check, and the oldest step is the one it drops.
    step = max(device.last_t + 1, now)
    if step > now + device.tolerance:
        time.sleep((step - device.tolerance - device.drift) * device.step + device.t0 - time.time())
        return next_totp_code(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, drift=0)
    totp.time = step * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"


class Tenant:
    """One organisation with its staff, product and a person, for readable tests."""

    def __init__(self, organisation: Organisation, host: str, bsn: str, suffix: str) -> None:
        self.organisation = organisation
        self.host = host
        self.product = make_catalogue(organisation)
        with use_organisation(organisation):
            self.case_type = CaseType.objects.get(identification="ZT-MELDING")
        self.person = make_person(organisation, bsn)
        self.staff = {}
        with use_organisation(organisation):
            for key, role in [
                ("agent", roles.AGENT),
                ("worker", roles.CASE_WORKER),
                ("lead", roles.TEAM_LEAD),
                ("admin", roles.FUNCTIONAL_ADMIN),
            ]:
                self.staff[key] = staff_member_ensure(
                    organisation=organisation,
                    username=f"{key}{suffix}",
                    password=PASSWORD,
                    first_name=key.title(),
                    last_name=suffix.strip("-").upper() or "A",
                    role=role,
                )

    def device(self, role: str):
        """The staff member's authenticator app (a confirmed TOTP device, made on first use)."""
        return totp_device(self.staff[role])

    def client(self, role: str | None = None) -> Client:
        """A client logged in as this staff role, second factor passed (the real device)."""
        client = Client(HTTP_HOST=self.host)
        if role:
            log_in_with_second_factor(client, self.staff[role])
        return client

    def active(self):
        return use_organisation(self.organisation)

    def open_case(self, **overrides):
        """Open a case through the real service, as the agent, inside this tenant."""
        from achterkant.cases.services import open_case

        arguments = {
            "actor": self.staff["agent"],
            "case_type_identification": "ZT-MELDING",
            "channel": "phone",
            "initiator_bsn": self.person.bsn,
            "product": self.product,
        }
        with self.active():
            return open_case(**{**arguments, **overrides})

    def status_type(self, sequence: int):
        with self.active():
            return StatusType.objects.get(case_type=self.case_type, sequence=sequence)


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant(make_organisation("Gemeente A", "a", "001000007", HOST_A), HOST_A, BSN_A, "-a")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant(make_organisation("Gemeente B", "b", "002000003", HOST_B), HOST_B, BSN_B, "-b")
