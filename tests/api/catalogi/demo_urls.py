"""The product's URLs plus the demo's Referentielijsten stand-in, as DEMO_MODE mounts it."""

from django.urls import include, path

from achterkant.conf.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("_referentielijsten/api/v1/", include("achterkant.demo.referentielijsten")),
    *product_urlpatterns,
]
