"""Which device verified a staff session is kept in the session, checked against the
user's ``second_factor_version`` (``staff.twofactor.verified``).

Another web process is simulated by changing devices through the ORM or a service between
two requests of the same logged-in client: nothing in this process is told, only the
database changes.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from achterkant.staff.models import User
from achterkant.staff.twofactor import services
from achterkant.staff.twofactor.verified import SESSION_KEY
from tests.conftest import totp_device

DESK = "/desk/"
VERIFY = "/medewerker/tweestaps/controleren/"
ENROL = "/medewerker/tweestaps/instellen/"


def _device_reads(client, url: str = DESK):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    reads = [q["sql"] for q in queries.captured_queries if '"otp_totp_totpdevice"' in q["sql"]]
    return response, reads


def _version(user) -> int:
    return User.objects.values_list("second_factor_version", flat=True).get(pk=user.pk)


def test_the_device_is_read_once_then_kept_with_the_version(tenant_a):
    client = tenant_a.client("agent")  # logged in, verified by a real TOTP device
    first, first_reads = _device_reads(client)
    second, second_reads = _device_reads(client)
    assert first.status_code == second.status_code == 200
    assert len(first_reads) == 1
    assert second_reads == []
    user = tenant_a.staff["agent"]
    device = totp_device(user)
    assert client.session[SESSION_KEY] == [str(user.pk), device.persistent_id, _version(user)]


def test_removing_the_device_elsewhere_unverifies_the_session_at_once(tenant_a):
    user = tenant_a.staff["agent"]
    client = tenant_a.client("agent")
    _device_reads(client)
    _device_reads(client)  # kept now
    other = TOTPDevice.objects.create(user=user, name="Tweede telefoon", confirmed=True)
    before = _version(user)
    services.remove_device(user, "totp", _verifying(client))
    assert _version(user) > before
    response, reads = _device_reads(client)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert reads  # read again, found gone (then the gate asks whether any app is left)
    assert DEVICE_ID_SESSION_KEY not in client.session and SESSION_KEY not in client.session
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def _verifying(client) -> int:
    """The pk of the TOTP device that verified the client's session."""
    return int(client.session[DEVICE_ID_SESSION_KEY].rsplit("/", 1)[1])


def test_an_unconfirmed_device_unverifies_the_session(tenant_a):
    client = tenant_a.client("agent")
    _device_reads(client)
    device = TOTPDevice.objects.get(pk=_verifying(client))
    device.confirmed = False
    device.save(update_fields=["confirmed"])
    response, reads = _device_reads(client)
    assert response["Location"].startswith(ENROL)  # its only app, no longer confirmed
    assert reads


def test_a_change_to_another_users_device_leaves_this_session_alone(tenant_a):
    client = tenant_a.client("agent")
    _device_reads(client)
    TOTPDevice.objects.create(user=tenant_a.staff["worker"], name="Nieuw", confirmed=True)
    response, reads = _device_reads(client)
    assert response.status_code == 200 and reads == []


def test_the_kept_device_is_still_there_for_whoever_asks(tenant_a, rf):
    from django.contrib.sessions.backends.base import SessionBase

    from achterkant.staff.twofactor.verified import VerifiedDeviceMiddleware

    device = totp_device(tenant_a.staff["agent"])
    user = User.objects.get(pk=device.user_id)  # with the version its device gave it
    request = rf.get(DESK)
    request.session = SessionBase()
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.session[SESSION_KEY] = [str(user.pk), device.persistent_id, _version(user)]
    request.user = user
    middleware = VerifiedDeviceMiddleware(lambda request: None)
    middleware(request)
    with CaptureQueriesContext(connection) as queries:
        assert request.user.is_verified()
    assert len(queries) == 0
    assert request.user.otp_device.persistent_id == device.persistent_id  # read now


def test_a_stale_user_saved_does_not_lower_the_versions(tenant_a):
    user = tenant_a.staff["agent"]
    stale = User.objects.get(pk=user.pk)
    TOTPDevice.objects.create(user=user, name="Nieuw", confirmed=True)  # raises the version
    User.objects.filter(pk=user.pk).update(permissions_version=41)
    stale.first_name = "Anna"
    stale.save()
    stored = User.objects.get(pk=user.pk)
    assert stored.first_name == "Anna"
    assert stored.second_factor_version == stale.second_factor_version + 1
    assert stored.permissions_version == 41
