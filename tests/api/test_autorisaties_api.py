"""The Autorisaties API: the ac business rules with the conformance suite's exact codes,
pagination, scopes, tenant isolation and query budgets."""

import pytest

from achterkant.api.auth import organisation_clients
from achterkant.api.autorisaties.models import Application
from achterkant.tenancy.context import use_organisation
from tests.api.helpers import AC_BASE, ZAAKTYPE, api_client, organisations, register, token
from tests.conftest import HOST_A, HOST_B

LIST = f"{AC_BASE}/applicaties"


@pytest.fixture
def orgs(db):
    a, b = organisations()
    register(a, "beheer-a", all_authorisations=True, label="Beheer A")
    register(b, "beheer-b", all_authorisations=True, label="Beheer B")
    return a, b


@pytest.fixture
def admin_a(orgs):
    return api_client(HOST_A, token("beheer-a"))


def _post(client, body):
    return client.post(LIST, body, content_type="application/json")


def _zrc(**fields):
    return {
        "component": "zrc",
        "componentWeergave": "Zaakregistratiecomponent",
        "scopes": ["zaken.lezen"],
        "zaaktype": ZAAKTYPE,
        "maxVertrouwelijkheidaanduiding": "openbaar",
        **fields,
    }


def _params(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return sorted((p["name"], p["code"]) for p in response.json()["invalidParams"])


# --- ac-001 ------------------------------------------------------------------------------


def test_ac_001a_several_client_ids(admin_a):
    body = {"clientIds": ["test_id1", "test_id2"], "label": "Test", "autorisaties": [_zrc()]}
    response = _post(admin_a, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["clientIds"] == ["test_id1", "test_id2"]
    assert data["url"].startswith(f"http://{HOST_A}{LIST}/")
    assert data["autorisaties"] == [_zrc()]
    assert admin_a.get(data["url"]).json() == data


def test_ac_001b_a_used_client_id_is_refused(admin_a):
    body = {"clientIds": ["beheer-a"], "label": "Test", "heeftAlleAutorisaties": True}
    assert _params(_post(admin_a, body)) == [("clientIds", "clientId-exists")]


def test_ac_001b_also_across_organisations(admin_a):
    body = {"clientIds": ["beheer-b"], "label": "Test", "heeftAlleAutorisaties": True}
    assert _params(_post(admin_a, body)) == [("clientIds", "clientId-exists")]


# --- ac-002 ------------------------------------------------------------------------------


def test_ac_002a_all_and_explicit_is_ambiguous(admin_a):
    body = {
        "clientIds": ["x1"],
        "label": "T",
        "heeftAlleAutorisaties": True,
        "autorisaties": [_zrc()],
    }
    assert _params(_post(admin_a, body)) == [
        ("nonFieldErrors", "ambiguous-authorizations-specified")
    ]


def test_ac_002b_neither_is_missing(admin_a):
    body = {"clientIds": ["x1"], "label": "T", "heeftAlleAutorisaties": False, "autorisaties": []}
    assert _params(_post(admin_a, body)) == [("nonFieldErrors", "missing-authorizations")]


# --- ac-003 ------------------------------------------------------------------------------


def test_ac_003a_zrc_zaken_scope_needs_zaaktype_and_confidentiality(admin_a):
    body = {
        "clientIds": ["x1"],
        "label": "T",
        "autorisaties": [_zrc(zaaktype="", maxVertrouwelijkheidaanduiding="")],
    }
    assert _params(_post(admin_a, body)) == [
        ("autorisaties.0.maxVertrouwelijkheidaanduiding", "required"),
        ("autorisaties.0.zaaktype", "required"),
    ]


def test_ac_003b_zrc_without_zaken_scope_needs_neither(admin_a):
    autorisatie = _zrc(
        scopes=["notificaties.publiceren"], zaaktype="", maxVertrouwelijkheidaanduiding=""
    )
    body = {"clientIds": ["x1"], "label": "T", "autorisaties": [autorisatie]}
    assert _post(admin_a, body).status_code == 201


def test_ac_003c_drc_documenten_scope_needs_type_and_confidentiality(admin_a):
    autorisatie = {
        "component": "drc",
        "scopes": ["documenten.lezen"],
        "informatieobjecttype": "",
        "maxVertrouwelijkheidaanduiding": "",
    }
    body = {"clientIds": ["x1"], "label": "T", "autorisaties": [autorisatie]}
    assert _params(_post(admin_a, body)) == [
        ("autorisaties.0.informatieobjecttype", "required"),
        ("autorisaties.0.maxVertrouwelijkheidaanduiding", "required"),
    ]


def test_ac_003d_drc_without_documenten_scope(admin_a):
    autorisatie = {
        "component": "drc",
        "scopes": ["notificaties.publiceren"],
        "informatieobjecttype": "",
        "maxVertrouwelijkheidaanduiding": "",
    }
    body = {"clientIds": ["x1"], "label": "T", "autorisaties": [autorisatie]}
    assert _post(admin_a, body).status_code == 201


def test_ac_003e_brc_besluiten_scope_needs_besluittype(admin_a):
    autorisatie = {"component": "brc", "scopes": ["besluiten.lezen"], "besluittype": ""}
    body = {"clientIds": ["x1"], "label": "T", "autorisaties": [autorisatie]}
    assert _params(_post(admin_a, body)) == [("autorisaties.0.besluittype", "required")]


def test_ac_003f_brc_without_besluiten_scope(admin_a):
    autorisatie = {"component": "brc", "scopes": ["notificaties.publiceren"], "besluittype": ""}
    body = {"clientIds": ["x1"], "label": "T", "autorisaties": [autorisatie]}
    response = _post(admin_a, body)
    assert response.status_code == 201
    assert response.json()["autorisaties"][0]["besluittype"] == ""


def test_bad_input_is_400_and_nothing_is_written(admin_a, orgs):
    cases = [
        ({"label": "T"}, [("clientIds", "required")]),
        (
            {"clientIds": "x", "label": "T", "heeftAlleAutorisaties": True},
            [("clientIds", "invalid")],
        ),
        ({"clientIds": ["x"], "label": "", "heeftAlleAutorisaties": True}, [("label", "invalid")]),
        (
            {"clientIds": ["x"], "label": "T", "autorisaties": [_zrc(component="xyz")]},
            [("autorisaties.0.component", "invalid_choice")],
        ),
        (
            {"clientIds": ["x"], "label": "T", "autorisaties": [_zrc(zaaktype="geen url")]},
            [("autorisaties.0.zaaktype", "invalid")],
        ),
        (
            {"clientIds": ["x", "x"], "label": "T", "heeftAlleAutorisaties": True},
            [("clientIds", "unique")],
        ),
    ]
    for body, expected in cases:
        assert _params(_post(admin_a, body)) == expected, body
    assert admin_a.post(LIST, "{niet json", content_type="application/json").status_code == 400
    with use_organisation(orgs[0]):
        assert Application.objects.count() == 1


# --- read, update, delete, consumer --------------------------------------------------------


def test_put_patch_delete(admin_a):
    created = _post(admin_a, {"clientIds": ["x1"], "label": "T", "heeftAlleAutorisaties": True})
    url = created.json()["url"]
    put = admin_a.put(
        url,
        {"clientIds": ["x1", "x2"], "label": "Nieuw", "autorisaties": [_zrc()]},
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert put.json()["clientIds"] == ["x1", "x2"]
    assert put.json()["heeftAlleAutorisaties"] is False
    patch = admin_a.patch(url, {"label": "Gepatcht"}, content_type="application/json")
    assert patch.status_code == 200
    assert patch.json()["label"] == "Gepatcht" and patch.json()["clientIds"] == ["x1", "x2"]
    bad = admin_a.patch(url, {"heeftAlleAutorisaties": True}, content_type="application/json")
    assert _params(bad) == [("nonFieldErrors", "ambiguous-authorizations-specified")]
    assert admin_a.delete(url).status_code == 204
    assert admin_a.get(url).status_code == 404
    assert admin_a.get(f"{LIST}/niet-een-uuid").status_code == 404


def test_consumer_is_the_calling_application(admin_a):
    response = admin_a.get(f"{LIST}/consumer")
    assert response.status_code == 200
    assert response.json()["label"] == "Beheer A"
    assert admin_a.get(f"{LIST}/consumer?clientId=beheer-b").status_code == 404


def test_client_ids_filter(admin_a):
    _post(admin_a, {"clientIds": ["x1"], "label": "Een", "heeftAlleAutorisaties": True})
    _post(admin_a, {"clientIds": ["x2", "x3"], "label": "Twee", "heeftAlleAutorisaties": True})
    body = admin_a.get(f"{LIST}?clientIds=x3").json()
    assert body["count"] == 1 and body["results"][0]["label"] == "Twee"
    assert admin_a.get(f"{LIST}?clientIds=x1,x2").json()["count"] == 2


def test_pagination(admin_a, monkeypatch):
    from achterkant.api import pagination

    monkeypatch.setattr(pagination, "PAGE_SIZE", 2)
    for n in range(4):
        _post(admin_a, {"clientIds": [f"p{n}"], "label": f"P{n}", "heeftAlleAutorisaties": True})
    first = admin_a.get(LIST).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == f"http://{HOST_A}{LIST}?page=2"
    last = admin_a.get(f"{LIST}?page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert last["previous"] == f"http://{HOST_A}{LIST}?page=2"
    assert admin_a.get(f"{LIST}?page=4").status_code == 404
    assert admin_a.get(f"{LIST}?page=nul").status_code == 404


# --- scopes and tenants ----------------------------------------------------------------------


def test_scopes(orgs):
    a, _ = orgs
    register(a, "lezer", scopes=("autorisaties.lezen",))
    register(a, "schrijver", scopes=("autorisaties.bijwerken",))
    register(a, "niets", scopes=("zaken.lezen",))
    reader = api_client(HOST_A, token("lezer"))
    writer = api_client(HOST_A, token("schrijver"))
    nobody = api_client(HOST_A, token("niets"))
    body = {"clientIds": ["n1"], "label": "T", "heeftAlleAutorisaties": True}
    assert reader.get(LIST).status_code == 200
    assert _post(reader, body).status_code == 403
    assert writer.get(LIST).status_code == 403
    assert _post(writer, body).status_code == 201
    denied = nobody.get(LIST)
    assert denied.status_code == 403 and denied["Content-Type"] == "application/problem+json"


def test_a_scope_taken_away_is_gone_at_once(orgs):
    a, _ = orgs
    application = register(a, "lezer", scopes=("autorisaties.lezen",))
    reader = api_client(HOST_A, token("lezer"))
    assert reader.get(LIST).status_code == 200
    url = f"{LIST}/{application.uuid}"
    admin = api_client(HOST_A, token("beheer-a"))
    changed = admin.patch(
        url,
        {"autorisaties": [{"component": "ac", "scopes": ["autorisaties.bijwerken"]}]},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert reader.get(LIST).status_code == 403


def test_tenant_isolation(orgs):
    a, b = orgs
    admin_b = api_client(HOST_B, token("beheer-b"))
    admin_a = api_client(HOST_A, token("beheer-a"))
    foreign = register(a, "van-a", all_authorisations=True, label="Alleen van A")
    listed = admin_b.get(LIST).json()
    assert [r["label"] for r in listed["results"]] == ["Beheer B"]
    assert admin_b.get(f"{LIST}/{foreign.uuid}").status_code == 404
    assert admin_b.delete(f"{LIST}/{foreign.uuid}").status_code == 404
    patched = admin_b.patch(
        f"{LIST}/{foreign.uuid}", {"label": "x"}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert admin_a.get(f"{LIST}/{foreign.uuid}").json()["label"] == "Alleen van A"
    # B's token does not open A's host name.
    assert api_client(HOST_A, token("beheer-b")).get(LIST).status_code == 403
    with use_organisation(b):
        assert "van-a" not in organisation_clients()


# --- query budgets ---------------------------------------------------------------------------


def test_list_and_detail_query_budget(admin_a, django_assert_max_num_queries):
    for n in range(5):
        _post(admin_a, {"clientIds": [f"q{n}"], "label": f"Q{n}", "autorisaties": [_zrc(), _zrc()]})
    url = admin_a.get(LIST).json()["results"][0]["url"]
    admin_a.get(url)  # this process now holds the clients of this settings version
    with django_assert_max_num_queries(3):
        assert admin_a.get(LIST).status_code == 200
    with django_assert_max_num_queries(3):
        assert admin_a.get(url).status_code == 200


def test_wrong_content_type_is_415_and_oversized_body_413(admin_a, settings):
    form = admin_a.post(LIST, "clientIds=y", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415
    assert form["Content-Type"] == "application/problem+json"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = admin_a.post(
        LIST, {"clientIds": ["y"], "label": "x" * 2000}, content_type="application/json"
    )
    assert big.status_code == 413
    assert big.json()["code"] == "payload_too_large"


def test_csrf_does_not_apply_to_token_calls(orgs):
    from django.test import Client

    client = Client(
        HTTP_HOST=HOST_A, HTTP_AUTHORIZATION=f"Bearer {token('beheer-a')}", enforce_csrf_checks=True
    )
    body = {"clientIds": ["c1"], "label": "T", "heeftAlleAutorisaties": True}
    assert client.post(LIST, body, content_type="application/json").status_code == 201


def test_a_put_keeps_the_secret_of_a_client_id_it_keeps(orgs):
    a, _ = orgs
    application = register(a, "blijft", scopes=("autorisaties.lezen",))
    admin = api_client(HOST_A, token("beheer-a"))
    body = {
        "clientIds": ["blijft", "nieuw"],
        "label": "Hernoemd",
        "autorisaties": [{"component": "ac", "scopes": ["autorisaties.lezen"]}],
    }
    response = admin.put(f"{LIST}/{application.uuid}", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert api_client(HOST_A, token("blijft")).get(LIST).status_code == 200
    # The new client id has no secret yet: it authenticates nobody until the admin sets one.
    assert api_client(HOST_A, token("nieuw")).get(LIST).status_code == 403
    removed = admin.patch(
        f"{LIST}/{application.uuid}", {"clientIds": ["nieuw"]}, content_type="application/json"
    )
    assert removed.status_code == 200
    assert api_client(HOST_A, token("blijft")).get(LIST).status_code == 403
