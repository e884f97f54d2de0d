# Importing the endpoint modules registers them on the api.
from achterkant.api.routing import component_urlpatterns
from achterkant.api.zaken import endpoints, parts  # noqa: F401
from achterkant.api.zaken.api import OAS, api

urlpatterns = component_urlpatterns(api, OAS)
