# Importing the endpoint modules registers them on the api.
from achterkant.api.besluiten import audittrail, endpoints  # noqa: F401
from achterkant.api.besluiten.api import OAS, api
from achterkant.api.routing import component_urlpatterns

urlpatterns = component_urlpatterns(api, OAS)
