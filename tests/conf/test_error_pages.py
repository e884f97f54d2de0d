"""The Dutch 400, 403, 404 and 500 pages, in the desk's or the portal's look (issue 17)."""

import json

from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.urls import get_resolver, reverse

from achterkant.conf import error_views

DESK_BACK = f'href="{reverse("desk:home")}">Naar de startpagina</a>'
PORTAL_BACK = f'href="{reverse("portal:home")}">Naar Mijn overzicht</a>'
PORTAL_HEADER = "— Mijn gemeente</span>"


def _page(response, status: int) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert 'lang="nl"' in html and f'data-status="{status}"' in html
    return html


@override_settings(DEBUG=False)
def test_an_unknown_desk_address_gets_the_dutch_404_with_the_menu(tenant_a):
    html = _page(tenant_a.client("worker").get("/desk/bestaat-niet/"), 404)
    assert "Deze pagina bestaat niet" in html and DESK_BACK in html
    assert 'aria-label="Hoofdmenu"' in html and "Mijn werk" in html
    assert PORTAL_HEADER not in html
    assert "Page not found" not in html


@override_settings(DEBUG=False)
def test_an_unknown_portal_address_gets_the_portal_404(tenant_a):
    html = _page(Client(HTTP_HOST=tenant_a.host).get("/mijn/bestaat-niet/"), 404)
    assert "Deze pagina bestaat niet" in html and PORTAL_BACK in html
    assert PORTAL_HEADER in html and 'aria-label="Hoofdmenu"' not in html


@override_settings(DEBUG=False)
def test_a_page_the_role_may_not_open_gets_the_dutch_403(tenant_a):
    html = _page(tenant_a.client("worker").get(reverse("desk:team_lead")), 403)
    assert "Geen toegang" in html and "functioneel beheerder" in html and DESK_BACK in html


@override_settings(DEBUG=False)
def test_the_portal_403_is_in_the_portal_look(tenant_a):
    request = RequestFactory(HTTP_HOST=tenant_a.host).get("/mijn/zaken/iets/")
    request.user = AnonymousUser()
    handler = get_resolver().resolve_error_handler(403)
    html = _page(handler(request, exception=None), 403)
    assert "Geen toegang" in html and PORTAL_BACK in html and PORTAL_HEADER in html


@override_settings(DEBUG=False)
def test_a_failed_csrf_check_says_the_form_expired_in_the_right_look(tenant_a):
    strict = Client(HTTP_HOST=tenant_a.host, enforce_csrf_checks=True)
    portal = _page(strict.post("/mijn/uitloggen/"), 403)
    assert "Het formulier is verlopen" in portal and PORTAL_BACK in portal
    desk = _page(strict.post(reverse("staff:login"), {"username": "x", "password": "y"}), 403)
    assert "Het formulier is verlopen" in desk and DESK_BACK in desk
    assert "CSRF verification failed" not in desk


@override_settings(DEBUG=True)
def test_the_demo_with_debug_on_also_shows_the_dutch_404(tenant_a):
    unknown = _page(tenant_a.client("agent").get("/desk/bestaat-niet/"), 404)
    assert "Deze pagina bestaat niet" in unknown and DESK_BACK in unknown
    # Http404 raised by a view: Proefdorp-style, an organisation without its public page.
    raised = _page(Client(HTTP_HOST=tenant_a.host).get(reverse("service_page")), 404)
    assert "Deze pagina bestaat niet" in raised and PORTAL_BACK in raised


@override_settings(DEBUG=True)
def test_a_404_a_view_renders_itself_is_left_alone_with_debug_on(tenant_a):
    response = tenant_a.client("agent").get("/desk/zaken/ZAAK-2020-0000001/")
    html = _page(response, 404)
    assert "Deze zaak bestaat niet, of hoort niet bij uw organisatie." in html
    assert DESK_BACK in html


@override_settings(DEBUG=False)
def test_an_api_address_no_api_serves_answers_json(tenant_a):
    # (Within a served API, the API answers its own 404s.)
    response = Client(HTTP_HOST=tenant_a.host).get("/zaken/api/v9/zaken")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["title"] == "Deze pagina bestaat niet"


@override_settings(DEBUG=False)
def test_a_bad_host_gets_the_plain_dutch_400(db):
    response = Client(HTTP_HOST="onbekend.example.org").get("/desk/")
    html = _page(response, 400)
    assert "Dit verzoek kunnen we niet verwerken" in html and 'href="/"' in html


def test_the_500_page_needs_no_database_and_no_request():
    # No ``db`` fixture: any query would fail this test.
    response = get_resolver().resolve_error_handler(500)(None)
    html = _page(response, 500)
    assert "Er ging iets mis" in html and "Dit is een fout bij ons" in html


def test_the_500_page_survives_its_own_template_failing(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(error_views.loader, "render_to_string", broken)
    response = error_views.server_error(None)
    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()
