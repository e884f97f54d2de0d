"""The Catalogi API's Ninja object: every endpoint module of the component registers on it."""

from achterkant.api.framework import zgw_api
from achterkant.api.oas import Component

COMPONENT = "ztc"
OAS = Component("Catalogi API", "catalogi-1.3.1.yaml", "/catalogi/api/v1")

api = zgw_api(title="Catalogi API", version="1.3.1", namespace="catalogi-api")
