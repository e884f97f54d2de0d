from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views import View

from achterkant.staff.forms import StaffLoginForm
from achterkant.staff.lockout import locked_out_attempts, unlock_staff_member
from achterkant.staff.roles import FUNCTIONAL_ADMIN, has_role


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class UnlockView(LoginRequiredMixin, View):
    """Failed log-ins of this organisation's staff; a functional admin lifts a lock-out.

    Only the staff of the site's own organisation are shown and can be unlocked. Lock-outs
    of unknown user names and of client addresses are for the platform superuser, in the
    admin (Axes › Access attempts).
    """

    def _organisation(self, request):
        organisation = getattr(request, "organisation", None)
        user = request.user
        allowed = user.is_superuser or (
            organisation is not None
            and user.organisation_id == organisation.pk
            and has_role(user, FUNCTIONAL_ADMIN)
        )
        if organisation is None or not allowed:
            raise PermissionDenied
        return organisation

    def get(self, request):
        organisation = self._organisation(request)
        attempts = [
            {
                "username": attempt.username,
                "ip_address": attempt.ip_address,
                "failures": attempt.failures_since_start,
                "attempt_time": attempt.attempt_time,
            }
            for attempt in locked_out_attempts(organisation)[:200]
        ]
        return render(
            request,
            "staff/unlock.html",
            {"attempts": attempts, "failure_limit": settings.AXES_FAILURE_LIMIT},
        )

    def post(self, request):
        organisation = self._organisation(request)
        username = request.POST.get("username", "")
        if unlock_staff_member(organisation, username, by=request.user):
            messages.success(request, f"Het account {username} is ontgrendeld.")
        else:
            messages.error(request, "Voor dit account zijn geen mislukte pogingen gevonden.")
        return redirect("staff:unlock")
