from achterkant.api.catalogi import endpoints  # noqa: F401 - registers the endpoints on the api
from achterkant.api.catalogi.api import OAS, api
from achterkant.api.routing import component_urlpatterns

urlpatterns = component_urlpatterns(api, OAS)
