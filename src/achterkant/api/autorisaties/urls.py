from django.urls import path

from achterkant.api.autorisaties.endpoints import api
from achterkant.api.autorisaties.issuer import token_issuer
from achterkant.api.oas import Component
from achterkant.api.routing import component_urlpatterns

COMPONENT = Component("Autorisaties API", "autorisaties-1.0.0.yaml", "/autorisaties/api/v1")

urlpatterns = component_urlpatterns(
    api,
    COMPONENT,
    # The conformance suite's token issuer (test and demo only; answers 404 otherwise).
    before=[path("_token-issuer/", token_issuer, name="zgw-token-issuer")],
)
