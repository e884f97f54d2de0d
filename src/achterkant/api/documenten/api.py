"""The Documenten API's Ninja object: every endpoint module of the component registers on it."""

from achterkant.api.framework import zgw_api
from achterkant.api.oas import Component

COMPONENT = "drc"
OAS = Component("Documenten API", "documenten-1.5.0.yaml", "/documenten/api/v1")

api = zgw_api(title="Documenten API", version="1.5.0", namespace="documenten-api")
