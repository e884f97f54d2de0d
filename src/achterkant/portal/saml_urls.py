"""URLs for production DigiD and eHerkenning log-in, mounted at ``/mijn/saml/``."""

from django.urls import path

from achterkant.portal import saml

app_name = "portal_saml"
urlpatterns = [
    path("digid/inloggen/", saml.digid_login, name="digid_login"),
    path("digid/acs/", saml.digid_acs, name="digid_acs"),
    path("digid/uitloggen/", saml.digid_slo, name="digid_slo"),
    path("digid/uitloggen/soap/", saml.digid_slo_soap, name="digid_slo_soap"),
    path("eherkenning/inloggen/", saml.eherkenning_login, name="eherkenning_login"),
    path("eherkenning/acs/", saml.eherkenning_acs, name="eherkenning_acs"),
]

# The library builds its SAML settings and our SP metadata by reversing its own URL names.
# Give those names to the same views (same paths), so the metadata registered with Logius
# points here. Include these under the same prefix as ``urlpatterns``.
library_digid_names = (
    [
        path("digid/acs/", saml.digid_acs, name="acs"),
        path("digid/uitloggen/", saml.digid_slo, name="slo-redirect"),
        path("digid/uitloggen/soap/", saml.digid_slo_soap, name="slo-soap"),
    ],
    "digid",
)
library_eherkenning_names = (
    [path("eherkenning/acs/", saml.eherkenning_acs, name="acs")],
    "eherkenning",
)
