"""Brute-force protection of the staff and admin log-in (issue 12, defect 4).

Lock-outs count per user name and per client address (django-axes). The cool-off is passed
by moving the stored attempt times back, never by waiting.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from achterkant.staff.models import User
from tests.conftest import PASSWORD, log_in_with_second_factor

LOGIN = "/medewerker/inloggen/"
ADMIN_LOGIN = "/admin/login/"
MESSAGE = (
    "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of vraag de functioneel"
    " beheerder om uw account te ontgrendelen."
)


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


def client_from(tenant, ip: str = "10.0.0.1", **extra) -> Client:
    return Client(HTTP_HOST=tenant.host, REMOTE_ADDR=ip, **extra)


def fail(client, username: str, times: int = 5, url: str = LOGIN) -> None:
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "fout-wachtwoord"})
        assert response.status_code in (200, 429)


def log_in(client, username: str, url: str = LOGIN):
    return client.post(url, {"username": username, "password": PASSWORD})


def assert_logged_in(client, response) -> None:
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session


def assert_locked_out(client, response) -> None:
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def age_attempts(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_five_wrong_passwords_then_the_right_one_is_refused_in_dutch(tenant_a):
    client = client_from(tenant_a)
    fail(client, "agent-a")
    assert_locked_out(client, log_in(client, "agent-a"))


def test_fewer_failures_than_the_limit_still_let_the_user_in_and_success_resets(tenant_a):
    client = client_from(tenant_a)
    fail(client, "agent-a", times=4)
    assert_logged_in(client, log_in(client, "agent-a"))
    assert not AccessAttempt.objects.filter(username="agent-a").exists()
    # The count started again: four more failures do not lock the account.
    client = client_from(tenant_a)
    fail(client, "agent-a", times=4)
    assert_logged_in(client, log_in(client, "agent-a"))


def test_a_distributed_attack_on_one_account_is_stopped(tenant_a):
    for n in range(5):
        fail(client_from(tenant_a, ip=f"192.0.2.{n + 1}"), "agent-a", times=1)
    client = client_from(tenant_a, ip="198.51.100.7")
    assert_locked_out(client, log_in(client, "agent-a"))


def test_the_locked_account_does_not_lock_out_other_users(tenant_a):
    attacker = client_from(tenant_a, ip="203.0.113.9")
    fail(attacker, "agent-a")
    colleague = client_from(tenant_a, ip="10.0.0.2")
    assert_logged_in(colleague, log_in(colleague, "worker-a"))


def test_one_address_cannot_go_on_to_lock_out_user_after_user(tenant_a):
    attacker = client_from(tenant_a, ip="203.0.113.9")
    fail(attacker, "agent-a")
    # The attacker's address is locked out itself, and what it tries next is not counted.
    fail(attacker, "worker-a", times=10)
    assert_locked_out(attacker, log_in(attacker, "worker-a"))
    assert not AccessAttempt.objects.filter(username="worker-a").exists()
    worker = client_from(tenant_a, ip="10.0.0.2")
    assert_logged_in(worker, log_in(worker, "worker-a"))


def test_another_users_success_does_not_reset_the_count_of_an_attacked_account(tenant_a):
    attacker = client_from(tenant_a, ip="10.0.0.5")
    fail(attacker, "agent-a", times=4)
    # The attacker logs in with their own valid account from the same address ...
    assert_logged_in(attacker, log_in(attacker, "worker-a"))
    # ... yet the next failure on the attacked account still locks it.
    guesser = client_from(tenant_a, ip="10.0.0.6")
    fail(guesser, "agent-a", times=1)
    victim = client_from(tenant_a, ip="10.0.0.7")
    assert_locked_out(victim, log_in(victim, "agent-a"))


def test_after_the_cool_off_the_right_password_works(tenant_a):
    client = client_from(tenant_a)
    fail(client, "agent-a")
    assert_locked_out(client, log_in(client, "agent-a"))
    age_attempts(minutes=16)
    assert_logged_in(client, log_in(client, "agent-a"))


def test_the_superuser_unlocks_in_the_admin_and_then_the_right_password_works(tenant_a):
    client = client_from(tenant_a)
    fail(client, "agent-a")
    assert_locked_out(client, log_in(client, "agent-a"))

    root = User.objects.create_superuser(username="root", password="x")
    admin = client_from(tenant_a, ip="10.9.9.9")
    log_in_with_second_factor(admin, root)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "agent-a" in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert_logged_in(client, log_in(client, "agent-a"))


def test_a_functional_admin_unlocks_their_own_staff_only(tenant_a, tenant_b):
    client = client_from(tenant_a)
    fail(client, "agent-a")
    fail(client_from(tenant_b, ip="10.0.0.3"), "agent-b")

    admin = client_from(tenant_a, ip="10.9.9.9")
    log_in_with_second_factor(admin, tenant_a.staff["admin"])
    page = admin.get("/medewerker/ontgrendelen/").content.decode()
    assert "agent-a" in page
    assert "agent-b" not in page
    # No access to axes's own admin: that shows every organisation's attempts.
    assert admin.get("/admin/axes/accessattempt/").status_code == 403

    admin.post("/medewerker/ontgrendelen/", {"username": "agent-b"})
    assert AccessAttempt.objects.filter(username="agent-b").exists()
    admin.post("/medewerker/ontgrendelen/", {"username": "agent-a"})
    assert not AccessAttempt.objects.filter(username="agent-a").exists()

    assert_logged_in(client, log_in(client, "agent-a"))


def test_other_staff_cannot_open_the_unlock_page(tenant_a):
    agent = client_from(tenant_a)
    log_in_with_second_factor(agent, tenant_a.staff["agent"])
    assert agent.get("/medewerker/ontgrendelen/").status_code == 403
    fail(client_from(tenant_a, ip="10.0.0.3"), "worker-a")
    agent.post("/medewerker/ontgrendelen/", {"username": "worker-a"})
    assert AccessAttempt.objects.filter(username="worker-a").exists()


def test_the_admin_log_in_is_protected_too(tenant_a):
    client = client_from(tenant_a)
    fail(client, "admin-a", url=ADMIN_LOGIN)
    response = log_in(client, "admin-a", url=ADMIN_LOGIN)
    assert_locked_out(client, response)


def test_a_forwarded_for_header_is_ignored_without_trusted_proxies(tenant_a):
    client = client_from(tenant_a, ip="10.0.0.1")
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"nobody{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    assert_locked_out(client, log_in(client, "agent-a"))


def test_behind_a_trusted_proxy_the_address_it_saw_counts(tenant_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = client_from(tenant_a, ip="10.1.1.1")
    proxy.post(
        LOGIN,
        {"username": "agent-a", "password": "x"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


def test_the_demo_log_ins_still_work(db):
    from achterkant.demo.seed import DEMO_PASSWORD, seed_demo

    report = seed_demo(persons_per_organisation=2)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.0.0.1")
    name, username, password, role = report.logins[0]
    assert password == DEMO_PASSWORD
    response = client.post(LOGIN, {"username": username, "password": password})
    assert_logged_in(client, response)


def test_a_locked_out_user_is_refused_also_without_a_request(tenant_a):
    from django.contrib.auth import authenticate

    assert authenticate(username="agent-a", password=PASSWORD) is not None
    fail(client_from(tenant_a), "agent-a")
    assert authenticate(username="agent-a", password=PASSWORD) is None
