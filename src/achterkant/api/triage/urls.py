# Importing the endpoint modules registers them on the api.
from achterkant.api.routing import component_urlpatterns
from achterkant.api.triage import endpoints  # noqa: F401
from achterkant.api.triage.api import OAS, api

urlpatterns = component_urlpatterns(api, OAS)
