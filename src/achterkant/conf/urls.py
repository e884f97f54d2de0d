from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from achterkant.api.routing import not_found as api_not_found
from achterkant.portal import saml_urls
from achterkant.worker.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("medewerker/", include("achterkant.staff.urls")),
    path("desk/", include("achterkant.desk.urls")),
    path("mijn/", include("achterkant.portal.urls")),
    # The ZGW APIs, with Open Zaak's URL layout (docs/api.md).
    path("autorisaties/api/v1/", include("achterkant.api.autorisaties.urls")),
    path("catalogi/api/v1/", include("achterkant.api.catalogi.urls")),
    path("zaken/api/v1/", include("achterkant.api.zaken.urls")),
    path("notificaties/api/v1/", include("achterkant.api.notificaties.urls")),
    # The components not served yet answer as an API does (problem JSON 404), not with the
    # site's HTML page: a client learns at once what is missing.
    re_path(r"^(documenten|besluiten)/api/v1/", api_not_found),
    path("mijn/saml/", include("achterkant.portal.saml_urls")),
    # The same views under the library's own URL names (digid:acs, ...), which it reverses
    # to build the SAML settings and our SP metadata.
    path("mijn/saml/", include(saml_urls.library_digid_names)),
    path("mijn/saml/", include(saml_urls.library_eherkenning_names)),
    # The DigiD configuration in the admin links to our SAML metadata.
    path("saml/metadata/", include("digid_eherkenning.metadata_urls")),
]
if settings.DEMO_MODE:
    # The Referentielijsten / Selectielijst stand-in the demo's Catalogi API checks against.
    urlpatterns += [
        path("_referentielijsten/api/v1/", include("achterkant.demo.referentielijsten"))
    ]
if settings.DIGID_MOCK:
    urlpatterns += [path("digid/idp/", include("digid_eherkenning.mock.idp.digid_urls"))]
