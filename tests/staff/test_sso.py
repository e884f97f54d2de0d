"""Single sign-on for staff with each organisation's own OpenID Connect provider (issue 12).

Against a real provider (django-oidc-provider in its own process on 127.0.0.1, see
achterkant/demo/oidc_idp): discovery, RS256 keys from its JWKS, the code flow with state, nonce,
PKCE and consent. Our app is driven with Django's test client; the browser's part at the
provider (log-in form, consent) is played by ``IdentityProvider.log_in``.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from achterkant.demo.oidc_idp.server import IdentityProvider
from achterkant.staff.models import OidcConfiguration, OidcIdentity, User
from achterkant.staff.roles import AGENT, CASE_WORKER, FUNCTIONAL_ADMIN, TEAM_LEAD
from achterkant.staff.sso.views import MFA_BY_IDP_SESSION_KEY
from tests.conftest import PASSWORD, log_in_with_second_factor

IDP_PASSWORD = "idp-wachtwoord-123"
CALLBACK = "/medewerker/sso/callback/"
START = "/medewerker/sso/start/"
LOGIN = "/medewerker/inloggen/"
NO_ROLE = "U heeft geen rol in Achterkant; vraag uw beheerder."
MAPPING = {
    "kcc-medewerkers": [AGENT],
    "behandelaars": [CASE_WORKER],
    "beheerders": [FUNCTIONAL_ADMIN, TEAM_LEAD],
}


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    provider = IdentityProvider(tmp_path_factory.mktemp("oidc_idp")).start()
    for slug in ("a", "b"):
        provider.add_client(
            f"achterkant-{slug}",
            f"geheim-{slug}",
            [f"http://{slug}.localhost{CALLBACK}"],
        )
    provider.add_client(
        "achterkant-hs256", "gedeeld-geheim", [f"http://a.localhost{CALLBACK}"], jwt_alg="HS256"
    )
    yield provider
    provider.stop()


def idp_user(idp, username: str, groups=("kcc-medewerkers",)) -> str:
    idp.add_user(
        username,
        IDP_PASSWORD,
        groups=groups,
        first_name="Fatima",
        last_name="El Amrani",
        email=f"{username}@gemeente.example",
    )
    return username


def configure(tenant, idp, **fields) -> OidcConfiguration:
    slug = tenant.organisation.slug
    values = {
        "enabled": True,
        "display_name": "uw gemeente-account",
        "issuer": idp.issuer,
        "client_id": f"achterkant-{slug}",
        "client_secret": f"geheim-{slug}",
        "scopes": "openid email profile groups",
        "role_mapping": MAPPING,
        **fields,
    }
    configuration = OidcConfiguration(organisation=tenant.organisation, **values)
    with tenant.active():
        configuration.full_clean()
        configuration.save()
    return configuration


def client_for(tenant) -> Client:
    return Client(HTTP_HOST=tenant.host)


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path == CALLBACK, url
    return f"{parts.path}?{parts.query}"


def sso_log_in(client, idp, username: str, *, consent: bool = True):
    start = client.get(START)
    assert start.status_code == 302, start.content.decode()[:500]
    assert start["Location"].startswith(idp.issuer + "/authorize?")
    for parameter in ("state=", "nonce=", "code_challenge=", "code_challenge_method=S256"):
        assert parameter in start["Location"]
    back = idp.log_in(start["Location"], username, IDP_PASSWORD, consent=consent)
    return client.get(callback_path(back))


def role_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def assert_refused(client, response, message: str, status: int) -> None:
    assert response.status_code == status, response.content.decode()[:1000]
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


# -- the log-in ------------------------------------------------------------------------


def test_first_log_in_creates_the_staff_member_in_the_sites_organisation(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "fatima", groups=["kcc-medewerkers", "kantine"])
    client = client_for(tenant_a)

    response = sso_log_in(client, idp, username)

    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.organisation == tenant_a.organisation
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "fatima",
        "Fatima",
        "El Amrani",
        "fatima@gemeente.example",
    )
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert role_names(user) == {AGENT}
    identity = OidcIdentity.all_tenants.get(user=user)
    assert (identity.organisation, identity.issuer) == (tenant_a.organisation, idp.issuer)
    # No second factor from the provider assumed unless the organisation says so.
    assert MFA_BY_IDP_SESSION_KEY not in client.session

    # The next log-in finds the same staff member.
    client = client_for(tenant_a)
    assert sso_log_in(client, idp, username).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert User.objects.filter(username__startswith="fatima").count() == 1


def test_the_next_url_is_kept_through_the_provider(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "next-url")
    client = client_for(tenant_a)
    start = client.get(START + "?next=/desk/zaken/")
    back = idp.log_in(start["Location"], username, IDP_PASSWORD)
    assert client.get(callback_path(back))["Location"] == "/desk/zaken/"


def test_a_group_change_at_the_provider_changes_the_roles_at_the_next_log_in(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "wisselaar", groups=["kcc-medewerkers"])
    sso_log_in(client_for(tenant_a), idp, username)
    user = User.objects.get(username="wisselaar")
    assert role_names(user) == {AGENT}

    idp_user(idp, username, groups=["beheerders", "behandelaars"])
    assert sso_log_in(client_for(tenant_a), idp, username).status_code == 302
    assert role_names(user) == {FUNCTIONAL_ADMIN, TEAM_LEAD, CASE_WORKER}


def test_someone_without_a_mapped_group_is_refused_in_dutch(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "kantinemedewerker", groups=["kantine"])
    client = client_for(tenant_a)
    assert_refused(client, sso_log_in(client, idp, username), NO_ROLE, 403)
    assert not User.objects.filter(username="kantinemedewerker").exists()


def test_losing_every_group_at_the_provider_takes_the_roles_away(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "vertrekker", groups=["behandelaars"])
    sso_log_in(client_for(tenant_a), idp, username)
    user = User.objects.get(username="vertrekker")
    assert role_names(user) == {CASE_WORKER}

    idp_user(idp, username, groups=[])
    client = client_for(tenant_a)
    assert_refused(client, sso_log_in(client, idp, username), NO_ROLE, 403)
    assert role_names(user) == set()


def test_an_existing_local_account_of_the_organisation_is_linked_by_user_name(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "agent-a", groups=["kcc-medewerkers"])
    client = client_for(tenant_a)
    sso_log_in(client, idp, username)
    assert client.session["_auth_user_id"] == str(tenant_a.staff["agent"].pk)


def test_a_wrong_state_is_refused(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "staat")
    client = client_for(tenant_a)
    start = client.get(START)
    back = idp.log_in(start["Location"], username, IDP_PASSWORD)
    code = dict(part.split("=", 1) for part in urlsplit(back).query.split("&"))["code"]

    response = client.get(CALLBACK, {"code": code, "state": "verzonnen"})
    assert_refused(client, response, "Dit inloggen is verlopen of niet op deze site begonnen", 400)

    # Without any log-in started in this browser.
    other = client_for(tenant_a)
    response = other.get(callback_path(back))
    assert_refused(other, response, "Dit inloggen is verlopen", 400)


def test_a_callback_cannot_be_replayed(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "herhaler")
    client = client_for(tenant_a)
    start = client.get(START)
    back = callback_path(idp.log_in(start["Location"], username, IDP_PASSWORD))
    assert client.get(back).status_code == 302
    client.logout()
    assert_refused(client, client.get(back), "Dit inloggen is verlopen", 400)


def test_refusal_at_the_provider_is_shown_in_dutch(tenant_a, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "weigeraar")
    client = client_for(tenant_a)
    response = sso_log_in(client, idp, username, consent=False)
    assert_refused(client, response, "De inlogdienst heeft het inloggen niet toegestaan", 403)


def test_an_unreachable_provider_gives_a_dutch_page_not_a_500(tenant_a):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    OidcConfiguration.all_tenants.create(
        organisation=tenant_a.organisation,
        enabled=True,
        issuer=f"http://127.0.0.1:{port}/openid",
        client_id="achterkant-a",
        role_mapping=MAPPING,
    )
    client = client_for(tenant_a)
    assert_refused(client, client.get(START), "niet bereikbaar", 503)


def test_a_wrong_client_secret_is_refused(tenant_a, idp):
    configure(tenant_a, idp, client_secret="fout")
    username = idp_user(idp, "geheimloos")
    client = client_for(tenant_a)
    response = sso_log_in(client, idp, username)
    assert_refused(client, response, "client-ID en client secret", 502)


def test_an_id_token_signed_with_the_client_secret_hs256_is_accepted(tenant_a, idp):
    configure(
        tenant_a,
        idp,
        client_id="achterkant-hs256",
        client_secret="gedeeld-geheim",
        signing_algorithm="HS256",
    )
    username = idp_user(idp, "hs256")
    client = client_for(tenant_a)
    assert sso_log_in(client, idp, username).status_code == 302
    assert User.objects.get(pk=client.session["_auth_user_id"]).username == "hs256"


def test_an_id_token_with_another_algorithm_than_configured_is_refused(tenant_a, idp):
    # The provider signs with RS256; a configuration that expects HS256 must not accept it.
    configure(tenant_a, idp, signing_algorithm="HS256")
    username = idp_user(idp, "algoritme")
    client = client_for(tenant_a)
    response = sso_log_in(client, idp, username)
    assert_refused(client, response, "De inlogdienst gaf een antwoord dat niet klopt", 400)


def test_the_provider_may_enforce_the_second_factor(tenant_a, idp):
    configure(tenant_a, idp, idp_enforces_mfa=True)
    username = idp_user(idp, "tweefactor")
    client = client_for(tenant_a)
    assert sso_log_in(client, idp, username).status_code == 302
    assert client.session[MFA_BY_IDP_SESSION_KEY] is True


# -- organisations ---------------------------------------------------------------------


def test_an_organisation_without_single_sign_on_shows_no_button(tenant_a, tenant_b, idp):
    configure(tenant_a, idp)
    page_a = client_for(tenant_a).get(LOGIN).content.decode()
    assert "Inloggen met uw gemeente-account" in page_a
    assert 'name="password"' in page_a

    page_b = client_for(tenant_b).get(LOGIN).content.decode()
    assert "Inloggen met" not in page_b
    assert START not in page_b
    response = client_for(tenant_b).get(START)
    assert response.status_code == 404
    assert "staat voor deze organisatie niet aan" in response.content.decode()


def test_a_switched_off_configuration_is_not_used(tenant_a, idp):
    configure(tenant_a, idp, enabled=False)
    assert client_for(tenant_a).get(START).status_code == 404
    assert "Inloggen met" not in client_for(tenant_a).get(LOGIN).content.decode()


def test_organisation_as_configuration_is_not_usable_on_bs_host(tenant_a, tenant_b, idp):
    configure(tenant_a, idp)
    username = idp_user(idp, "grensganger")
    # One browser (one cookie jar) that starts at A and comes back on B's host name.
    client = client_for(tenant_a)
    back = idp.log_in(client.get(START)["Location"], username, IDP_PASSWORD)
    on_b = client.get(callback_path(back), HTTP_HOST=tenant_b.host)
    assert on_b.status_code == 404
    assert "_auth_user_id" not in client.session

    # Also when B has single sign-on of its own: a log-in started for A stays A's.
    configure(tenant_b, idp)
    back = idp.log_in(client.get(START)["Location"], username, IDP_PASSWORD)
    on_b = client.get(callback_path(back), HTTP_HOST=tenant_b.host)
    assert_refused(client, on_b, "niet op deze site begonnen", 400)
    assert not User.objects.filter(organisation=tenant_b.organisation, username__startswith="grens")


def test_one_provider_account_is_a_separate_staff_member_per_organisation(tenant_a, tenant_b, idp):
    configure(tenant_a, idp)
    configure(tenant_b, idp)
    # "agent-a" is a local account of A; at B's site the same provider user never becomes it.
    username = idp_user(idp, "agent-a", groups=["beheerders"])
    client_b = client_for(tenant_b)
    assert sso_log_in(client_b, idp, username).status_code == 302
    user_b = User.objects.get(pk=client_b.session["_auth_user_id"])
    assert user_b.organisation == tenant_b.organisation
    assert user_b.username == "agent-a@b"
    assert user_b.pk != tenant_a.staff["agent"].pk
    assert role_names(tenant_a.staff["agent"]) == {AGENT}

    client_a = client_for(tenant_a)
    assert sso_log_in(client_a, idp, username).status_code == 302
    assert client_a.session["_auth_user_id"] == str(tenant_a.staff["agent"].pk)
    # B's session is not valid on A's site, and the other way round.
    assert client_b.get("/desk/", HTTP_HOST=tenant_a.host).status_code == 302
    assert "_auth_user_id" not in client_b.session


# -- local passwords -------------------------------------------------------------------


def test_with_local_passwords_off_a_password_post_is_refused(tenant_a, idp):
    configure(tenant_a, idp, local_passwords_enabled=False)
    client = client_for(tenant_a)
    page = client.get(LOGIN).content.decode()
    assert "Inloggen met uw gemeente-account" in page
    assert "<details" in page  # the password form is folded away, for technical support

    response = client.post(LOGIN, {"username": "agent-a", "password": PASSWORD})
    assert response.status_code == 200
    assert "logt u in met uw organisatie-account, niet met een wachtwoord" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # The admin's log-in page uses its own form: the backend refuses there as well.
    admin = client.post("/admin/login/", {"username": "admin-a", "password": PASSWORD})
    assert admin.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not client.login(username="agent-a", password=PASSWORD)


def test_with_local_passwords_off_the_platform_superuser_still_logs_in(tenant_a, idp):
    configure(tenant_a, idp, local_passwords_enabled=False)
    User.objects.create_superuser("beheer", password=PASSWORD)
    client = client_for(tenant_a)
    response = client.post(LOGIN, {"username": "beheer", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_local_passwords_stay_on_while_single_sign_on_is_off(tenant_a, idp):
    configure(tenant_a, idp, enabled=False, local_passwords_enabled=False)
    client = client_for(tenant_a)
    response = client.post(LOGIN, {"username": "agent-a", "password": PASSWORD})
    assert response.status_code == 302


def test_with_local_passwords_on_both_ways_work(tenant_a, idp):
    configure(tenant_a, idp)
    client = client_for(tenant_a)
    response = client.post(LOGIN, {"username": "agent-a", "password": PASSWORD})
    assert response.status_code == 302


# -- configuration in the admin --------------------------------------------------------


def test_the_configuration_refuses_unknown_roles_and_plain_http(tenant_a):
    from django.core.exceptions import ValidationError

    configuration = OidcConfiguration(
        organisation=tenant_a.organisation,
        issuer="http://login.example.nl/realms/gemeente",
        client_id="x",
        role_mapping={"kcc": ["Directeur"]},
    )
    with pytest.raises(ValidationError) as error, tenant_a.active():
        configuration.full_clean()
    assert 'Onbekende rol "Directeur"' in str(error.value)
    assert "https://" in str(error.value)


def test_each_functional_admin_sees_only_their_own_configuration(tenant_a, tenant_b, idp):
    own = configure(tenant_a, idp)
    other = configure(tenant_b, idp)
    admin_a = tenant_a.client("admin")
    listing = admin_a.get("/admin/staff/oidcconfiguration/")
    assert listing.status_code == 200
    assert f"/admin/staff/oidcconfiguration/{own.pk}/change/" in listing.content.decode()
    assert f"/admin/staff/oidcconfiguration/{other.pk}/change/" not in listing.content.decode()
    assert admin_a.get(f"/admin/staff/oidcconfiguration/{other.pk}/change/").status_code == 302

    page = admin_a.get(f"/admin/staff/oidcconfiguration/{own.pk}/change/").content.decode()
    assert "geheim-a" not in page  # the secret is never shown back
    assert f"https://{tenant_a.host}{CALLBACK}" in page
    # Only one configuration per organisation.
    assert admin_a.get("/admin/staff/oidcconfiguration/add/").status_code == 403

    # Other roles do not get in.
    assert tenant_a.client("lead").get("/admin/staff/oidcconfiguration/").status_code in (302, 403)


def test_a_functional_admin_changes_their_configuration_keeping_the_secret(tenant_a, idp):
    own = configure(tenant_a, idp)
    data = {
        "enabled": "on",
        "display_name": "Microsoft-account",
        "issuer": idp.issuer,
        "client_id": "achterkant-a",
        "client_secret": "",
        "scopes": "openid email profile groups",
        "signing_algorithm": "RS256",
        "username_claim": "preferred_username",
        "groups_claim": "groups",
        "role_mapping": '{"kcc-medewerkers": ["KCC-medewerker"]}',
        "idp_enforces_mfa": "on",
    }
    response = tenant_a.client("admin").post(
        f"/admin/staff/oidcconfiguration/{own.pk}/change/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    own.refresh_from_db()
    assert own.client_secret == "geheim-a"
    assert own.display_name == "Microsoft-account"
    assert own.role_mapping == {"kcc-medewerkers": ["KCC-medewerker"]}
    assert own.idp_enforces_mfa and not own.local_passwords_enabled
    assert own.organisation == tenant_a.organisation


def test_a_functional_admin_adds_one_for_their_own_organisation_only(tenant_a, tenant_b, idp):
    data = {
        "organisation": str(tenant_b.organisation.pk),
        "enabled": "on",
        "issuer": idp.issuer,
        "client_id": "achterkant-a",
        "client_secret": "geheim-a",
        "scopes": "openid email profile groups",
        "signing_algorithm": "RS256",
        "username_claim": "preferred_username",
        "groups_claim": "groups",
        "role_mapping": '{"beheerders": ["Functioneel beheerder"]}',
        "local_passwords_enabled": "on",
    }
    response = tenant_a.client("admin").post("/admin/staff/oidcconfiguration/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OidcConfiguration.all_tenants.get().organisation == tenant_a.organisation


def test_the_superuser_configures_each_organisation_on_its_own_site(tenant_a, tenant_b, idp):
    own = configure(tenant_a, idp)
    root = User.objects.create_superuser("beheer", password=PASSWORD)
    on_b = client_for(tenant_b)
    log_in_with_second_factor(on_b, root)
    listing = on_b.get("/admin/staff/oidcconfiguration/")
    assert listing.status_code == 200
    assert f"/{own.pk}/change/" not in listing.content.decode()
    data = {
        "enabled": "on",
        "issuer": idp.issuer,
        "client_id": "achterkant-b",
        "client_secret": "geheim-b",
        "scopes": "openid email profile groups",
        "signing_algorithm": "RS256",
        "username_claim": "preferred_username",
        "groups_claim": "groups",
        "role_mapping": "{}",
        "local_passwords_enabled": "on",
    }
    response = on_b.post("/admin/staff/oidcconfiguration/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OidcConfiguration.all_tenants.get(organisation=tenant_b.organisation).client_id == (
        "achterkant-b"
    )
