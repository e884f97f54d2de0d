from achterkant.api.notificaties.endpoints import api
from achterkant.api.oas import Component
from achterkant.api.routing import component_urlpatterns

COMPONENT = Component("Notificaties API", "notificaties-1.0.0.yaml", "/notificaties/api/v1")

urlpatterns = component_urlpatterns(api, COMPONENT)
