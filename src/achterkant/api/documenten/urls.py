# Importing the endpoint modules registers them on the api.
from achterkant.api.documenten import audittrail, endpoints, links  # noqa: F401
from achterkant.api.documenten.api import OAS, api
from achterkant.api.routing import component_urlpatterns

urlpatterns = component_urlpatterns(api, OAS)
