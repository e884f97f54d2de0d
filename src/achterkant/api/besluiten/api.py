"""The Besluiten API's Ninja object: every endpoint module of the component registers on it."""

from achterkant.api.framework import zgw_api
from achterkant.api.oas import Component

COMPONENT = "brc"
OAS = Component("Besluiten API", "besluiten-1.0.2.yaml", "/besluiten/api/v1")

api = zgw_api(title="Besluiten API", version="1.0.2", namespace="besluiten-api")
