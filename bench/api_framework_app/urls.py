"""Both candidates side by side: /drf/…, /drf-lean/…, /ninja/…, /ninja-lean/…."""

from django.urls import path

from . import drf_api
from .ninja_api import api

PATH = "zaken/api/v1/zaken"

urlpatterns = [
    path(f"drf/{PATH}", drf_api.ZaakListView.as_view()),
    path(f"drf-lean/{PATH}", drf_api.LeanZaakListView.as_view()),
    path(f"drf-fast/{PATH}", drf_api.FastZaakListView.as_view()),
    path("", api.urls),
]
