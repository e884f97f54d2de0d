from django.urls import path

from achterkant.staff.sso import views

app_name = "sso"
urlpatterns = [
    path("start/", views.SsoStartView.as_view(), name="start"),
    path("callback/", views.SsoCallbackView.as_view(), name="callback"),
]
