from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from achterkant.worker.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("medewerker/", include("achterkant.staff.urls")),
    path("desk/", include("achterkant.desk.urls")),
    path("mijn/", include("achterkant.portal.urls")),
    # The DigiD configuration in the admin links to our SAML metadata.
    path("saml/metadata/", include("digid_eherkenning.metadata_urls")),
]
if settings.DIGID_MOCK:
    urlpatterns += [path("digid/idp/", include("digid_eherkenning.mock.idp.digid_urls"))]
