from achterkant.api.routing import component_urlpatterns
from achterkant.api.zaken import endpoints  # noqa: F401 - registers the endpoints on the api
from achterkant.api.zaken.api import OAS, api

urlpatterns = component_urlpatterns(api, OAS)
