from django.urls import include, path

from achterkant.staff import views
from achterkant.staff.invitation import InvitationView

app_name = "staff"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("uitnodiging/<uidb64>/<token>/", InvitationView.as_view(), name="invitation"),
    path("ontgrendelen/", views.UnlockView.as_view(), name="unlock"),
    path("tweestaps/", include("achterkant.staff.twofactor.urls")),
    path("sso/", include("achterkant.staff.sso.urls")),
]
