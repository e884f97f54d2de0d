"""The Zaken API's Ninja object: every endpoint module of the component registers on it."""

from achterkant.api.framework import zgw_api
from achterkant.api.oas import Component

COMPONENT = "zrc"
OAS = Component("Zaken API", "zaken-1.5.1.yaml", "/zaken/api/v1")

api = zgw_api(title="Zaken API", version="1.5.1", namespace="zaken-api")
