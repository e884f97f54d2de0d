"""The second-factor pages: enrol, verify, recovery codes, own devices, admin reset.

Thin adapters over ``achterkant.staff.twofactor.services``. These pages are exempt from
``TwoFactorMiddleware``, so each one checks what it needs itself.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views

from achterkant.staff.roles import FUNCTIONAL_ADMIN, has_role
from achterkant.staff.twofactor import services
from achterkant.staff.twofactor.forms import CodeForm, RecoveryCodeForm


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code (made here: no external request)."""
    import segno  # only at enrolment: not kept in every web process

    return segno.make(uri, error="m").svg_inline(
        scale=6, border=2, title="QR-code voor uw authenticator-app", svgclass="achterkant-qr"
    )


class TwoFactorView(LoginRequiredMixin, View):
    pass


class SatisfiedRequiredMixin:
    """For pages that change a user's devices: only after a second factor."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.is_second_factor_satisfied(request):
            return redirect(_with_next("staff:twofactor:verify", request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)


class EnrolView(TwoFactorView):
    """Set up an authenticator app (or a passkey) when the user has none yet.

    A verified user can use it to add another app.
    """

    template_name = "staff/twofactor/enrol.html"

    def _allowed(self, request):
        return not services.is_enrolled(request.user) or services.is_second_factor_satisfied(
            request
        )

    def get(self, request):
        if not self._allowed(request):
            return redirect(_with_next("staff:twofactor:verify", _next_url(request)))
        return self._render(request, CodeForm())

    def post(self, request):
        if not self._allowed(request):
            return redirect(_with_next("staff:twofactor:verify", _next_url(request)))
        next_url = _next_url(request)
        form = CodeForm(request.POST)
        device = services.start_totp_enrolment(request.user)
        if form.is_valid():
            first = services.recovery_device(request.user) is None
            result = services.confirm_totp_enrolment(request, device, form.cleaned_data["code"])
            if result.device is not None:
                if first:
                    codes = services.new_recovery_codes(request.user)
                    request.session[services.NEW_CODES_SESSION_KEY] = codes
                    return redirect(_with_next("staff:twofactor:recovery_codes", next_url))
                messages.success(request, "De authenticator-app is toegevoegd.")
                return redirect("staff:twofactor:manage")
            form.add_error("code", result.error)
        return self._render(request, form, status=200)

    def _render(self, request, form, status=200):
        device = services.start_totp_enrolment(request.user)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "qr_svg": _qr_svg(device.config_url),
                "secret": services.totp_secret_base32(device),
                "next": _next_url(request),
                "enrolled": services.is_enrolled(request.user),
                "passkey_done_url": _with_next("staff:twofactor:passkey_added", _next_url(request)),
            },
            status=status,
        )


class PasskeyAddedView(SatisfiedRequiredMixin, TwoFactorView):
    """Where the browser goes after registering a passkey."""

    def get(self, request):
        next_url = _next_url(request)
        if services.recovery_device(request.user) is None:
            request.session[services.NEW_CODES_SESSION_KEY] = services.new_recovery_codes(
                request.user
            )
            return redirect(_with_next("staff:twofactor:recovery_codes", next_url))
        messages.success(request, "De passkey is toegevoegd.")
        return redirect("staff:twofactor:manage")


class RecoveryCodesView(SatisfiedRequiredMixin, TwoFactorView):
    """Shows new recovery codes once; POST makes a new set (the old codes stop working)."""

    def get(self, request):
        codes = request.session.pop(services.NEW_CODES_SESSION_KEY, None)
        if not codes:
            messages.info(
                request, "Herstelcodes ziet u maar één keer. Maak nieuwe codes als dat nodig is."
            )
            return redirect("staff:twofactor:manage")
        return render(
            request,
            "staff/twofactor/recovery_codes.html",
            {"codes": [services.format_code(code) for code in codes], "next": _next_url(request)},
        )

    def post(self, request):
        request.session[services.NEW_CODES_SESSION_KEY] = services.new_recovery_codes(request.user)
        return redirect(
            _with_next("staff:twofactor:recovery_codes", reverse("staff:twofactor:manage"))
        )


class VerifyView(TwoFactorView):
    """The second step of every log-in: app code, passkey or recovery code."""

    template_name = "staff/twofactor/verify.html"

    def get(self, request):
        if not services.is_enrolled(request.user):
            return redirect(_with_next("staff:twofactor:enrol", _next_url(request)))
        if services.is_second_factor_satisfied(request):
            return HttpResponseRedirect(_next_url(request))
        return self._render(request, CodeForm(), RecoveryCodeForm())

    def post(self, request):
        if not services.is_enrolled(request.user):
            return redirect(_with_next("staff:twofactor:enrol", _next_url(request)))
        code_form, recovery_form = CodeForm(), RecoveryCodeForm()
        if request.POST.get("method") == "recovery":
            recovery_form = RecoveryCodeForm(request.POST)
            if recovery_form.is_valid():
                result = services.verify_recovery_code(
                    request, recovery_form.cleaned_data["recovery_code"]
                )
                if result.device is not None:
                    left = services.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        f"U heeft een herstelcode gebruikt. U heeft er nog {left} over. "
                        "Zet uw app of passkey opnieuw in orde en maak nieuwe herstelcodes.",
                    )
                    return HttpResponseRedirect(reverse("staff:twofactor:manage"))
                recovery_form.add_error("recovery_code", result.error)
        else:
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                result = services.verify_totp(request, code_form.cleaned_data["code"])
                if result.device is not None:
                    return HttpResponseRedirect(_next_url(request))
                code_form.add_error("code", result.error)
        return self._render(request, code_form, recovery_form)

    def _render(self, request, code_form, recovery_form):
        next_url = _next_url(request)
        return render(
            request,
            self.template_name,
            {
                "code_form": code_form,
                "recovery_form": recovery_form,
                "has_app": services.totp_devices(request.user).exists(),
                "has_passkey": services.passkeys(request.user).exists(),
                "has_recovery": services.recovery_codes_left(request.user) > 0,
                "next": next_url,
            },
        )


class ManageView(SatisfiedRequiredMixin, TwoFactorView):
    """The staff member's own second factors: add a passkey or app, new recovery codes,
    remove a device while another remains."""

    def get(self, request):
        user = request.user
        return render(
            request,
            "staff/twofactor/manage.html",
            {
                "apps": services.totp_devices(user),
                "passkeys": services.passkeys(user),
                "recovery_left": services.recovery_codes_left(user),
                "passkey_done_url": reverse("staff:twofactor:passkey_added"),
                "may_reset_others": user.is_superuser or has_role(user, FUNCTIONAL_ADMIN),
            },
        )

    def post(self, request):
        try:
            device_id = int(request.POST.get("device", ""))
        except ValueError:
            raise Http404 from None
        try:
            name = services.remove_device(request.user, request.POST.get("kind", ""), device_id)
        except LookupError:
            raise Http404 from None
        except services.LastDeviceError:
            messages.error(
                request,
                "Dit is uw laatste app of passkey. Voeg eerst een andere toe, dan kunt u deze "
                "verwijderen.",
            )
        else:
            messages.success(request, f"{name} is verwijderd.")
        return redirect("staff:twofactor:manage")


class ResetView(SatisfiedRequiredMixin, TwoFactorView):
    """Admin reset: the superuser, or a functional admin for their own organisation's staff,
    removes a staff member's second factors; they set up a new one at their next log-in."""

    def _check(self, request):
        user = request.user
        if not (user.is_superuser or has_role(user, FUNCTIONAL_ADMIN)):
            raise PermissionDenied

    def get(self, request):
        self._check(request)
        organisation = getattr(request, "organisation", None)
        staff = [
            {
                "user": member,
                "enrolled": services.is_enrolled(member),
            }
            for member in services.resettable_staff(request.user, organisation)[:500]
        ]
        return render(request, "staff/twofactor/reset.html", {"staff": staff})

    def post(self, request):
        self._check(request)
        username = request.POST.get("username", "")
        if request.user.is_superuser:
            candidates = get_user_model().objects.all()
        else:
            candidates = services.resettable_staff(
                request.user, getattr(request, "organisation", None)
            )
        target = candidates.filter(username=username).first()
        if target is None or not services.may_reset(request.user, target):
            raise Http404
        services.reset_second_factor(actor=request.user, target=target)
        messages.success(
            request,
            f"De tweestapsverificatie van {target} is hersteld. Bij de volgende keer inloggen "
            "stelt deze medewerker een nieuwe app of passkey in.",
        )
        return redirect("staff:twofactor:reset")


# The library's passkey ceremonies (JSON over fetch; the page's own script calls them).
class BeginPasskeyRegistration(webauthn_views.BeginCredentialRegistrationView):
    pass


class CompletePasskeyRegistration(webauthn_views.CompleteCredentialRegistrationView):
    pass


class BeginPasskeyVerification(webauthn_views.BeginCredentialAuthenticationView):
    def check_can_authenticate(self):
        # A second factor only: a staff member logs in with a password first.
        if not self.request.user.is_authenticated:
            raise webauthn_errors.NotAuthenticated()
        super().check_can_authenticate()


class CompletePasskeyVerification(webauthn_views.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise webauthn_errors.NotAuthenticated()
        super().check_can_authenticate()

    def check_device_usable(self, device):
        super().check_device_usable(device)
        if device.user_id != self.request.user.pk:
            raise webauthn_errors.CredentialUserMismatch()
