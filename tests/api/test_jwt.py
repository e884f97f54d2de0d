"""ZGW JWT: who may call, checked as the standard and its clients expect."""

import base64
import json
import time

import pytest

from achterkant.api.auth import ApiApplication, authenticate
from achterkant.tenancy.context import use_organisation
from tests.api.helpers import AC_BASE, api_client, organisations, register, token
from tests.conftest import HOST_A

LIST = f"{AC_BASE}/applicaties"


@pytest.fixture
def orgs(db):
    a, b = organisations()
    register(a, "app-a", all_authorisations=True, label="Zaaksysteem A")
    register(b, "app-b", secret="geheim-b", all_authorisations=True)
    return a, b


def _get(bearer):
    return api_client(HOST_A, bearer).get(LIST)


def test_a_valid_token_is_accepted(orgs):
    response = _get(token("app-a"))
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1


def test_iss_is_the_fallback_for_client_id(orgs):
    assert _get(token("app-a", client_id=None)).status_code == 200


def test_missing_header_is_401_problem_json(orgs):
    response = api_client(HOST_A).get(LIST)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_authenticated" and body["status"] == 401
    assert {"type", "title", "detail", "instance"} <= set(body)


def test_wrong_secret_is_403(orgs):
    response = _get(token("app-a", secret="fout"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "permission_denied"


def test_expired_beyond_leeway_is_refused(orgs):
    now = int(time.time())
    response = _get(token("app-a", iat=now - 3600, exp=now - 301))
    assert response.status_code == 403
    assert response.json()["code"] == "jwt-expired"


def test_expired_within_leeway_is_accepted(orgs):
    now = int(time.time())
    assert _get(token("app-a", iat=now - 3600, exp=now - 200)).status_code == 200


def test_a_token_without_exp_stops_working_after_the_maximum_age(orgs, settings):
    settings.ZGW_JWT_MAX_AGE_SECONDS = 3600
    now = int(time.time())
    assert _get(token("app-a", iat=now - 3600 - 200)).status_code == 200  # within leeway
    response = _get(token("app-a", iat=now - 3600 - 400))
    assert response.status_code == 403
    assert response.json()["code"] == "jwt-expired"
    # A later exp does not stretch it.
    assert _get(token("app-a", iat=now - 7200, exp=now + 600)).status_code == 403


def test_iat_in_the_future_within_leeway_is_accepted(orgs):
    assert _get(token("app-a", iat=int(time.time()) + 240)).status_code == 200


def test_iat_far_in_the_future_is_refused(orgs):
    response = _get(token("app-a", iat=int(time.time()) + 900))
    assert response.status_code == 403
    assert response.json()["code"] == "jwt-iat"


def test_a_token_without_iat_is_refused(orgs):
    assert _get(token("app-a", iat=None)).status_code == 403


def test_missing_client_id_is_refused(orgs):
    response = _get(token("app-a", client_id=None, iss=None))
    assert response.status_code == 403


def test_unknown_client_is_403(orgs):
    assert _get(token("wie-ben-ik")).status_code == 403


def test_other_organisations_client_gets_what_an_unknown_one_gets(orgs):
    foreign = _get(token("app-b", secret="geheim-b"))
    unknown = _get(token("wie-ben-ik"))
    assert foreign.status_code == unknown.status_code == 403
    assert foreign.json()["detail"] == unknown.json()["detail"]
    assert foreign.json()["code"] == unknown.json()["code"]


def test_alg_none_is_refused(orgs):
    def part(data) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"iss": "app-a", "client_id": "app-a", "iat": int(time.time())}
    unsigned = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."
    assert _get(unsigned).status_code == 403


def test_hs512_is_refused(orgs):
    import jwt

    signed = jwt.encode(
        {"client_id": "app-a", "iat": int(time.time())}, "geheim-123", algorithm="HS512"
    )
    assert _get(signed).status_code == 403


def test_garbage_token_is_403_not_500(orgs):
    assert _get("dit.is.geen-jwt").status_code == 403


def test_a_client_id_without_secret_authenticates_nobody(db):
    a, _ = organisations()
    register(a, "zonder-secret", secret="", all_authorisations=True)
    # PyJWT itself refuses to sign with an empty key; any key must fail to verify.
    assert _get(token("zonder-secret", secret="iets")).status_code == 403


def test_actor_carries_the_application_and_the_user(orgs):
    a, _ = orgs
    with use_organisation(a):
        actor = authenticate(
            "Bearer " + token("app-a", user_id="u123", user_representation="Jan Jansen")
        )
    assert isinstance(actor, ApiApplication)
    assert (actor.client_id, actor.label) == ("app-a", "Zaaksysteem A")
    assert (actor.user_id, actor.user_representation) == ("u123", "Jan Jansen")
    assert actor.log_label == "koppeling Zaaksysteem A (app-a), namens Jan Jansen"


def test_a_new_secret_works_at_once(orgs):
    from achterkant.api.autorisaties import services
    from achterkant.api.autorisaties.models import ClientCredential
    from tests.api.helpers import SETUP

    a, _ = orgs
    assert _get(token("app-a")).status_code == 200  # this process now holds the client
    with use_organisation(a):
        credential = ClientCredential.objects.get(client_id="app-a")
        services.credential_set_secret(actor=SETUP, credential=credential, secret="nieuw")
    assert _get(token("app-a")).status_code == 403
    assert _get(token("app-a", secret="nieuw")).status_code == 200


def test_the_processing_log_names_the_application_and_the_user(orgs):
    from achterkant.audit.models import Action
    from achterkant.audit.services import processing_log_record

    a, _ = orgs
    with use_organisation(a):
        actor = authenticate("Bearer " + token("app-a", user_id="u1", user_representation="Piet"))
        (entry,) = processing_log_record(
            actor=actor,
            action=Action.READ,
            bsns=["999993653"],
            purpose="test",
            object_type="zaak",
        )
    assert entry.actor_label == "koppeling Zaaksysteem A (app-a), namens Piet"
    assert entry.actor is None


def test_grants_for_gives_the_types_a_list_filters_by(db):
    from achterkant.api.autorisaties import services
    from achterkant.api.autorisaties.models import ClientCredential
    from achterkant.api.autorisaties.services import ApplicationData, AuthorisationData
    from tests.api.helpers import SETUP, ZAAKTYPE

    a, _ = organisations()
    zrc = AuthorisationData(
        "zrc", ["zaken.lezen"], zaaktype=ZAAKTYPE, max_vertrouwelijkheidaanduiding="intern"
    )
    with use_organisation(a):
        application = services.application_create(
            actor=SETUP, data=ApplicationData("Zaken", ["zaken-app"], False, [zrc])
        )
        credential = ClientCredential.objects.get(application=application)
        services.credential_set_secret(actor=SETUP, credential=credential, secret="s" * 32)
        actor = authenticate("Bearer " + token("zaken-app", secret="s" * 32))
    (grant,) = actor.grants_for("zrc", "zaken.lezen")
    assert (grant.zaaktype, grant.max_vertrouwelijkheidaanduiding) == (ZAAKTYPE, "intern")
    assert actor.grants_for("zrc", "zaken.bijwerken") == ()
    assert actor.has_scope("zrc", "zaken.lezen") and not actor.has_scope("ac", "autorisaties.lezen")
    assert not actor.has_perm("autorisaties.view_application")
