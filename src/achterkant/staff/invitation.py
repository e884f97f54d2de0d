"""The page where a staff member sets their password, from their invitation link.

Also the page of a new log-in link a functional admin sent an existing staff member
(``services.password_reset_send``): the same link, token and rules.

A thin adapter over ``staff.services`` (``invitation_member``, ``invitation_accept``). As
Django's own password-reset page does, the token is moved from the address into the session
at once, so the address the page stays on (and any Referer it sends) holds no secret.
"""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views import View

from achterkant.staff import services

SESSION_KEY = "staff_invitation_token"
# Stands in for the token in the address once it is kept in the session.
TOKEN_PLACEHOLDER = "wachtwoord-instellen"  # noqa: S105 - a path segment, no secret


class InvitationView(View):
    template_name = "staff/invitation.html"

    def _member(self, request, uidb64: str, token: str):
        if token == TOKEN_PLACEHOLDER:
            token = request.session.get(SESSION_KEY, "")
        member = services.invitation_member(getattr(request, "organisation", None), uidb64, token)
        return member, token

    def _invalid(self, request):
        return render(request, self.template_name, {"valid": False}, status=404)

    def get(self, request, uidb64: str, token: str):
        member, real_token = self._member(request, uidb64, token)
        if member is None:
            return self._invalid(request)
        if token != TOKEN_PLACEHOLDER:
            request.session[SESSION_KEY] = real_token
            return redirect("staff:invitation", uidb64=uidb64, token=TOKEN_PLACEHOLDER)
        return self._render(request, SetPasswordForm(member), member)

    def post(self, request, uidb64: str, token: str):
        member, real_token = self._member(request, uidb64, token)
        if member is None:
            return self._invalid(request)
        form = SetPasswordForm(member, request.POST)
        if not form.is_valid():
            return self._render(request, form, member)
        try:
            member = services.invitation_accept(
                organisation=request.organisation,
                uidb64=uidb64,
                token=real_token,
                password=form.cleaned_data["new_password1"],
            )
        except PermissionDenied:
            return self._invalid(request)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            "Uw wachtwoord is ingesteld. Log nu in. Daarna stelt u de tweede stap in, "
            "met een app of een passkey."
            if member.last_login is None
            else "Uw nieuwe wachtwoord is ingesteld. Log nu in.",
        )
        return redirect("staff:login")

    def _render(self, request, form, member):
        # The same page serves a new staff member's invitation and an existing one's new
        # log-in link (services.password_reset_send); only the welcome differs.
        context = {"valid": True, "form": form, "member": member}
        context["new_link"] = member.last_login is not None
        return render(request, self.template_name, context)
