from django.contrib.auth import views as auth_views

from achterkant.staff.forms import StaffLoginForm


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
