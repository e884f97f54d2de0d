"""Two-factor authentication for staff (issue 12, "Staff identity").

Real codes throughout: each is computed from the device's own key, as an authenticator
app does (django_otp.oath.totp); throttling is passed by moving the failure time back.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from achterkant.staff.models import User
from achterkant.staff.twofactor import services
from tests.conftest import PASSWORD, log_in_with_second_factor, totp_device
from tests.portal.test_portal import log_in as citizen_log_in

LOGIN = "/medewerker/inloggen/"
VERIFY = "/medewerker/tweestaps/controleren/"
ENROL = "/medewerker/tweestaps/instellen/"
CODES = "/medewerker/tweestaps/herstelcodes/"
MANAGE = "/medewerker/tweestaps/"
RESET = "/medewerker/tweestaps/herstellen/"


def password_only(tenant, role: str) -> Client:
    """Logged in with the password, no second factor yet."""
    client = tenant.client()
    client.force_login(tenant.staff[role])
    return client


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    return services.current_code(device, at=time.time() + steps_ahead * device.step)


# -- the gate ------------------------------------------------------------------------------


def test_without_a_device_desk_and_admin_send_the_staff_member_to_enrolment(tenant_a):
    client = password_only(tenant_a, "admin")
    response = client.get("/desk/zaken/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fdesk%2Fzaken%2F"
    response = client.get("/admin/")
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"


def test_with_a_device_desk_admin_and_staff_pages_ask_for_the_second_step(tenant_a):
    totp_device(tenant_a.staff["admin"])
    client = password_only(tenant_a, "admin")
    for url in ("/desk/", "/admin/", "/admin/cases/case/", "/medewerker/ontgrendelen/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{VERIFY}?next="), url
    # htmx gets the whole page to load instead of a fragment.
    response = client.get("/desk/zaken/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == VERIFY
    # A POST is refused as well, not carried out.
    assert client.post("/desk/").status_code == 302


def test_log_in_log_out_health_check_and_the_two_factor_pages_stay_reachable(tenant_a):
    totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    assert client.get(VERIFY).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get(LOGIN).status_code == 302  # already logged in: on to the desk
    assert client.post("/medewerker/uitloggen/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_password_log_in_keeps_next_through_the_second_step(tenant_a):
    device = totp_device(tenant_a.staff["worker"])
    client = tenant_a.client()
    response = client.post(
        f"{LOGIN}?next=/desk/zaken/",
        {"username": "worker-a", "password": PASSWORD, "next": "/desk/zaken/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fdesk%2Fzaken%2F"
    page = response.content.decode()
    assert "Tweede stap van het inloggen" in page
    assert 'name="next" value="/desk/zaken/"' in page
    response = client.post(
        VERIFY, {"method": "totp", "code": code_for(device), "next": "/desk/zaken/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/desk/zaken/"
    assert client.get("/desk/zaken/").status_code == 200


def test_next_pointing_elsewhere_is_not_followed(tenant_a):
    device = totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    response = client.post(
        VERIFY, {"method": "totp", "code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/desk/"


# -- enrolment -----------------------------------------------------------------------------


def test_enrolment_with_a_real_code_then_ten_recovery_codes_shown_once(tenant_a):
    user = tenant_a.staff["agent"]
    client = password_only(tenant_a, "agent")
    page = client.get(f"{ENROL}?next=/desk/zaken/")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = services.totp_secret_base32(device)
    assert secret in html
    assert "<svg" in html and "QR-code" in html  # the QR code is inline, made here
    assert "passkey" in html.lower()

    # A wrong code does not confirm the app.
    response = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert services.WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_timestamp -= timedelta(minutes=5)
    device.save()

    response = client.post(ENROL, {"code": code_for(device), "next": "/desk/zaken/"})
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2Fdesk%2Fzaken%2F"
    device.refresh_from_db()
    assert device.confirmed

    page = client.get(response["Location"]).content.decode()
    stored = sorted(token.token for token in StaticDevice.objects.get(user=user).token_set.all())
    assert len(stored) == 10
    for code in stored:
        assert services.format_code(code) in page
    # Shown once: the next visit shows no codes.
    again = client.get(CODES)
    assert again.status_code == 302
    assert again["Location"] == MANAGE
    assert client.get("/desk/zaken/").status_code == 200


def test_an_enrolled_but_unverified_session_cannot_enrol_a_new_app(tenant_a):
    totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # Nor register a passkey behind the second factor's back.
    response = client.post(
        "/medewerker/tweestaps/passkey/registreren/begin/", content_type="application/json"
    )
    assert response.status_code == 403


# -- wrong codes and throttling ------------------------------------------------------------


def test_a_wrong_code_is_refused_in_dutch_and_further_tries_are_throttled(tenant_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"method": "totp", "code": wrong})
    assert response.status_code == 200
    assert "De code klopt niet." in response.content.decode()

    # Even the right code is refused while the device is throttled.
    response = client.post(VERIFY, {"method": "totp", "code": right})
    assert "U heeft te vaak een verkeerde code ingevuld. Wacht" in response.content.decode()
    assert client.get("/desk/").status_code == 302

    # Not a code at all: a clear message, and nothing counted.
    response = client.post(VERIFY, {"method": "totp", "code": "abc"})
    assert "Een code bestaat uit 6 cijfers." in response.content.decode()

    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_timestamp -= timedelta(minutes=2)
    device.save()
    response = client.post(VERIFY, {"method": "totp", "code": right})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_works_once(tenant_a):
    device = totp_device(tenant_a.staff["agent"])
    code = code_for(device)
    first = password_only(tenant_a, "agent")
    assert first.post(VERIFY, {"method": "totp", "code": code}).status_code == 302
    second = password_only(tenant_a, "agent")
    response = second.post(VERIFY, {"method": "totp", "code": code})
    assert response.status_code == 200
    assert "De code klopt niet." in response.content.decode()


# -- recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_works_once_only(tenant_a):
    user = tenant_a.staff["worker"]
    totp_device(user)
    codes = services.new_recovery_codes(user)
    client = password_only(tenant_a, "worker")
    response = client.post(
        VERIFY, {"method": "recovery", "recovery_code": services.format_code(codes[0]).upper()}
    )
    assert response.status_code == 302
    assert response["Location"] == MANAGE
    page = client.get(MANAGE).content.decode()
    assert "U heeft een herstelcode gebruikt. U heeft er nog 9 over." in page
    assert client.get("/desk/werk/").status_code == 200  # the worker's start page (issue 17)

    again = password_only(tenant_a, "worker")
    response = again.post(VERIFY, {"method": "recovery", "recovery_code": codes[0]})
    assert response.status_code == 200
    assert services.WRONG_RECOVERY_CODE in response.content.decode()
    assert again.get("/desk/werk/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(tenant_a):
    user = tenant_a.staff["agent"]
    old = services.new_recovery_codes(user)
    client = tenant_a.client("agent")
    response = client.post(CODES)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    new = [t.token for t in StaticDevice.objects.get(user=user).token_set.all()]
    assert len(new) == 10 and not set(new) & set(old)
    assert services.format_code(new[0]) in page


# -- own devices ---------------------------------------------------------------------------


def test_the_last_app_cannot_be_removed_but_one_of_two_can(tenant_a):
    user = tenant_a.staff["agent"]
    client = tenant_a.client("agent")
    first = totp_device(user)
    response = client.post(MANAGE, {"kind": "totp", "device": first.pk}, follow=True)
    assert "Dit is uw laatste app of passkey." in response.content.decode()
    assert TOTPDevice.objects.filter(pk=first.pk).exists()

    second = TOTPDevice.objects.create(user=user, name="Tweede telefoon", confirmed=True)
    response = client.post(MANAGE, {"kind": "totp", "device": second.pk}, follow=True)
    assert "Tweede telefoon is verwijderd." in response.content.decode()
    # Someone else's device is not found, never removed.
    other = totp_device(tenant_a.staff["worker"])
    assert client.post(MANAGE, {"kind": "totp", "device": other.pk}).status_code == 404
    assert client.post(MANAGE, {"kind": "nonsense", "device": "x"}).status_code == 404


def test_the_manage_page_needs_the_second_factor(tenant_a):
    totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    assert client.get(MANAGE)["Location"].startswith(VERIFY)
    assert client.post(CODES)["Location"].startswith(VERIFY)


# -- admin reset ---------------------------------------------------------------------------


@pytest.fixture
def root(tenant_a):
    user = User.objects.create_superuser(username="root", password=PASSWORD, email="r@x.nl")
    return user


def test_the_superuser_resets_a_staff_members_second_factor(tenant_a, root):
    agent = tenant_a.staff["agent"]
    agent_client = tenant_a.client("agent")  # verified, with a device
    services.new_recovery_codes(agent)
    client = log_in_with_second_factor(Client(HTTP_HOST=tenant_a.host), root)
    page = client.get(RESET).content.decode()
    assert "agent-a" in page
    response = client.post(RESET, {"username": "agent-a"}, follow=True)
    assert "De tweestapsverificatie van Agent A is hersteld." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticDevice.objects.filter(user=agent).exists()
    # The agent's running session no longer counts: set up a new second factor.
    response = agent_client.get("/desk/")
    assert response["Location"].startswith(ENROL)
    entry = LogEntry.objects.get(object_id=str(agent.pk))
    assert entry.user_id == root.pk and "Tweestapsverificatie hersteld" in entry.change_message


def test_a_functional_admin_resets_only_their_own_organisations_staff(tenant_a, tenant_b):
    admin = tenant_a.client("admin")
    own, other = tenant_a.staff["worker"], tenant_b.staff["worker"]
    totp_device(own), totp_device(other)

    page = admin.get(RESET).content.decode()
    assert "worker-a" in page and "worker-b" not in page
    assert admin.post(RESET, {"username": "worker-a"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=own).exists()

    response = admin.post(RESET, {"username": "worker-b"})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()
    assert admin.post(RESET, {"username": "nobody"}).status_code == 404
    # The service itself refuses too, whatever the adapter does.
    with pytest.raises(services.PermissionDenied):
        services.reset_second_factor(actor=tenant_a.staff["admin"], target=other)


def test_other_roles_cannot_reset(tenant_a):
    agent = tenant_a.client("agent")
    assert agent.get(RESET).status_code == 403
    assert agent.post(RESET, {"username": "worker-a"}).status_code == 403


def test_a_functional_admin_cannot_reset_the_superuser(tenant_a, root):
    totp_device(root)
    admin = tenant_a.client("admin")
    assert admin.post(RESET, {"username": "root"}).status_code == 404
    assert TOTPDevice.objects.filter(user=root).exists()


# -- single sign-on contract, settings, portal ----------------------------------------------


def test_a_session_whose_identity_provider_did_mfa_counts_as_verified(tenant_a):
    client = password_only(tenant_a, "agent")
    session = client.session
    session[services.SSO_MFA_SESSION_KEY] = True
    session.save()
    assert client.get("/desk/").status_code == 200

    # Only the value True counts.
    other = password_only(tenant_a, "worker")
    session = other.session
    session[services.SSO_MFA_SESSION_KEY] = "yes"
    session.save()
    assert other.get("/desk/").status_code == 302


def test_is_second_factor_satisfied_is_the_one_rule(tenant_a, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/desk/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    assert services.is_second_factor_satisfied(request) is False
    request.user = tenant_a.staff["agent"]
    request.user.is_verified = lambda: False
    assert services.is_second_factor_satisfied(request) is False
    request.session[services.SSO_MFA_SESSION_KEY] = True
    assert services.is_second_factor_satisfied(request) is True
    del request.session[services.SSO_MFA_SESSION_KEY]
    request.user.is_verified = lambda: True
    assert services.is_second_factor_satisfied(request) is True
    request.user.is_verified = lambda: False
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert services.is_second_factor_satisfied(request) is True


def test_switched_off_no_second_factor_is_asked(tenant_a, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert password_only(tenant_a, "agent").get("/desk/").status_code == 200


def test_the_citizens_portal_is_not_affected(tenant_a):
    citizen = tenant_a.client()
    response = citizen_log_in(citizen, tenant_a.person.bsn)
    assert response.status_code == 302
    assert citizen.get("/mijn/").status_code == 200
    # A staff member without a second factor is not stopped on the portal either.
    staff = password_only(tenant_a, "agent")
    assert staff.get("/mijn/")["Location"] == "/mijn/inloggen/"


def test_only_the_second_factor_pages_allow_web_authentication(tenant_a):
    totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    policy = client.get(VERIFY)["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in policy
    assert "publickey-credentials-create=(self)" in policy
    assert "camera=()" in policy
    desk = tenant_a.client("agent").get("/desk/")["Permissions-Policy"]
    assert "publickey-credentials-get=()" in desk


def test_passing_the_second_factor_gives_a_new_session_key(tenant_a):
    device = totp_device(tenant_a.staff["agent"])
    client = password_only(tenant_a, "agent")
    before = client.session.session_key
    assert client.post(VERIFY, {"method": "totp", "code": code_for(device)}).status_code == 302
    assert client.session.session_key != before
    assert client.get("/desk/").status_code == 200
