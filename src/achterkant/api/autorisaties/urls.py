from django.urls import path

from achterkant.api.autorisaties.endpoints import api
from achterkant.api.autorisaties.issuer import token_issuer

urlpatterns = [
    # The conformance suite's token issuer (test and demo only; answers 404 otherwise).
    path("_token-issuer/", token_issuer, name="zgw-token-issuer"),
    path("", api.urls),
]
