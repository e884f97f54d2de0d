"""Content-Security-Policy and Permissions-Policy on every page (issue 12, defect 10).

One strict policy everywhere: only our own scripts, styles, images and fonts, no inline
script or style, forms only to ourselves, no framing. The exceptions are scoped to a path
and proven here: the SAML IdP in ``form-action`` on the portal's SAML pages, inline styles
in the admin and, only while the DigiD mock is on, on the mock IdP's pages.
"""

import pytest

from achterkant.conf.middleware import clear_saml_idp_origins
from tests.portal import saml_idp
from tests.portal.saml_idp import SLO_URL, SSO_URL, login_via_saml
from tests.portal.test_portal import log_in

# The SAML tests' fixtures (a configured DigiD with a fake IdP behind HTTP).
keys = saml_idp.keys
idp = saml_idp.idp

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]
IDP_ORIGIN = "https://idp.test"


@pytest.fixture(autouse=True)
def _fresh_idp_origins():
    clear_saml_idp_origins()
    yield
    clear_saml_idp_origins()


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = values
    return directives


def assert_permissions_policy(response):
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


def test_a_desk_page_has_the_strict_policy(tenant_a):
    response = tenant_a.client("agent").get("/desk/")
    assert response.status_code == 200
    assert policy(response) == STRICT
    assert_permissions_policy(response)


def test_a_portal_page_has_the_strict_policy(tenant_a):
    response = tenant_a.client().get("/mijn/inloggen/")
    assert response.status_code == 200
    assert policy(response) == STRICT
    assert_permissions_policy(response)


def test_a_mock_logged_in_citizens_portal_page_has_the_strict_policy(tenant_a):
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    response = client.get("/mijn/")
    assert response.status_code == 200
    assert policy(response) == STRICT


def test_the_staff_login_page_has_the_strict_policy(tenant_a):
    response = tenant_a.client().get("/medewerker/inloggen/")
    assert response.status_code == 200
    assert policy(response) == STRICT
    assert_permissions_policy(response)


def test_the_input_guards_400_page_has_the_strict_policy(tenant_a):
    """The guard answers before any view (and before sessions): the headers are still on it."""
    response = tenant_a.client("agent").get("/desk/", {"q": "\x00"})
    assert response.status_code == 400
    assert policy(response) == STRICT
    assert_permissions_policy(response)


def test_an_api_answer_has_the_headers_too(tenant_a):
    response = tenant_a.client().get("/zaken/api/v1/\x00")
    assert response.status_code == 400
    assert policy(response) == STRICT
    assert_permissions_policy(response)


def test_the_htmx_indicator_style_is_switched_off_in_both_base_templates(tenant_a):
    """htmx would otherwise inject a <style> element, which style-src 'self' refuses."""
    meta = """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>"""
    assert meta in tenant_a.client("agent").get("/desk/").content.decode()
    assert meta in tenant_a.client().get("/mijn/inloggen/").content.decode()


def test_the_mock_idp_gets_inline_styles_only_while_the_mock_is_on(tenant_a, settings):
    settings.DIGID_MOCK = True
    path = "/digid/idp/inloggen/"
    query = {"acs": "x", "next": "/mijn/", "cancel": "/mijn/"}
    response = tenant_a.client().get(path, query)
    assert response.status_code == 200
    relaxed = policy(response)
    assert relaxed == {**STRICT, "style-src": ["'self'", "'unsafe-inline'"]}
    assert_permissions_policy(response)

    settings.DIGID_MOCK = False
    # Without the mock its URLs are not mounted at all (test_deploy_check); should a page
    # answer there anyway, it gets the strict policy.
    assert policy(tenant_a.client().get(path, query)) == STRICT


def test_the_admin_gets_inline_styles_but_no_inline_scripts(tenant_a):
    response = tenant_a.client("admin").get("/admin/")
    assert response.status_code == 200
    assert policy(response) == {**STRICT, "style-src": ["'self'", "'unsafe-inline'"]}
    assert_permissions_policy(response)


def test_the_saml_login_may_post_to_the_configured_idp_only(idp, tenant_a):
    """The AuthnRequest goes to the IdP by an auto-submitted form (HTTP-POST binding)."""
    assert SSO_URL.startswith(IDP_ORIGIN) and SLO_URL.startswith(IDP_ORIGIN)
    client = tenant_a.client()
    response = client.get("/mijn/saml/digid/inloggen/?next=/mijn/")
    assert response.status_code == 200
    assert policy(response) == {**STRICT, "form-action": ["'self'", IDP_ORIGIN]}
    # Other portal pages, before a SAML log-in: forms only to ourselves.
    assert policy(client.get("/mijn/inloggen/")) == STRICT
    assert policy(tenant_a.client("agent").get("/desk/")) == STRICT


def test_a_saml_citizens_pages_may_send_the_log_out_on_to_the_idp(idp, tenant_a):
    """Log-out posts to us and is redirected to the IdP's SLO: form-action covers the hop."""
    client = tenant_a.client()
    response, _ = login_via_saml(client, idp)
    assert response.status_code == 302
    page = client.get("/mijn/")
    assert page.status_code == 200
    assert policy(page) == {**STRICT, "form-action": ["'self'", IDP_ORIGIN]}


def test_without_saml_configuration_the_saml_pages_stay_strict(tenant_a):
    response = tenant_a.client().get("/mijn/saml/digid/inloggen/")
    assert policy(response) == STRICT
