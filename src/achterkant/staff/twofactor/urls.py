from django.urls import path

from achterkant.staff.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("instellen/", views.EnrolView.as_view(), name="enrol"),
    path("controleren/", views.VerifyView.as_view(), name="verify"),
    path("herstelcodes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("passkey-toegevoegd/", views.PasskeyAddedView.as_view(), name="passkey_added"),
    path("herstellen/", views.ResetView.as_view(), name="reset"),
    path(
        "passkey/registreren/begin/",
        views.BeginPasskeyRegistration.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "passkey/registreren/voltooien/",
        views.CompletePasskeyRegistration.as_view(),
        name="passkey_register_complete",
    ),
    path(
        "passkey/controleren/begin/",
        views.BeginPasskeyVerification.as_view(),
        name="passkey_verify_begin",
    ),
    path(
        "passkey/controleren/voltooien/",
        views.CompletePasskeyVerification.as_view(),
        name="passkey_verify_complete",
    ),
]
