from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from achterkant.portal import public_views, saml_urls
from achterkant.worker.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("medewerker/", include("achterkant.staff.urls")),
    path("desk/", include("achterkant.desk.urls")),
    path("mijn/", include("achterkant.portal.urls")),
    # The public service page, without log-in, if the organisation publishes it (issue 16).
    path("zo-snel-helpen-wij-u/", public_views.service_page, name="service_page"),
    # The ZGW APIs, with Open Zaak's URL layout (docs/api.md).
    path("autorisaties/api/v1/", include("achterkant.api.autorisaties.urls")),
    path("catalogi/api/v1/", include("achterkant.api.catalogi.urls")),
    path("zaken/api/v1/", include("achterkant.api.zaken.urls")),
    path("notificaties/api/v1/", include("achterkant.api.notificaties.urls")),
    path("besluiten/api/v1/", include("achterkant.api.besluiten.urls")),
    path("documenten/api/v1/", include("achterkant.api.documenten.urls")),
    # Achterkant's own: a product suggestion for free text (issue 18, docs/api.md).
    path("triage/api/v1/", include("achterkant.api.triage.urls")),
    path("mijn/saml/", include("achterkant.portal.saml_urls")),
    # The same views under the library's own URL names (digid:acs, ...), which it reverses
    # to build the SAML settings and our SP metadata.
    path("mijn/saml/", include(saml_urls.library_digid_names)),
    path("mijn/saml/", include(saml_urls.library_eherkenning_names)),
    # The DigiD configuration in the admin links to our SAML metadata.
    path("saml/metadata/", include("digid_eherkenning.metadata_urls")),
]
# Dutch error pages in the desk's or the portal's look (conf.error_views, issue 17).
handler400 = "achterkant.conf.error_views.bad_request"
handler403 = "achterkant.conf.error_views.permission_denied"
handler404 = "achterkant.conf.error_views.page_not_found"
handler500 = "achterkant.conf.error_views.server_error"

if settings.DEMO_MODE:
    # The Referentielijsten / Selectielijst stand-in the demo's Catalogi API checks against.
    urlpatterns += [
        path("_referentielijsten/api/v1/", include("achterkant.demo.referentielijsten")),
        # The demo's notification subscriber (docs/notifications.md).
        path("_demo/notificaties-ontvangen", include("achterkant.demo.subscriber")),
    ]
if settings.DIGID_MOCK:
    # The library's mock IdP, listing only this organisation's people (portal.digid_mock_idp).
    urlpatterns += [path("digid/idp/", include("achterkant.portal.digid_mock_idp"))]
