"""Staff in the admin: a functional admin manages their own organisation's staff (issue 17).

Listing, creating, changing name, e-mail, active and roles, and switching accounts off, for
the staff of the site's own organisation only; never a superuser, never deleting. Every
change goes through ``staff.services``, which checks the actor again. Higher apps add their
own rows to the staff member's page with ``register_user_inline`` (routing adds the teams),
as ``staff`` may not know them.
"""

from urllib.parse import quote, urlencode

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from achterkant.staff import services
from achterkant.staff.admin_forms import StaffMemberForm
from achterkant.staff.models import User
from achterkant.staff.roles import ROLES
from achterkant.staff.sso.admin import OidcConfigurationAdmin
from achterkant.staff.sso.selectors import password_login_allowed

__all__ = ["OidcConfigurationAdmin", "StaffMemberAdmin", "register_user_inline"]

# Inlines other apps add to a staff member's page (see register_user_inline).
USER_INLINES: list[type[admin.options.InlineModelAdmin]] = []


def register_user_inline(inline: type[admin.options.InlineModelAdmin]) -> None:
    """Show ``inline`` on a staff member's page: how a higher app adds its own rows."""
    if inline not in USER_INLINES:
        USER_INLINES.append(inline)


class RoleFilter(admin.SimpleListFilter):
    title = "rol"
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return [(name, name) for name in ROLES]

    def queryset(self, request, queryset):
        if self.value() in ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class StaffMemberAdmin(admin.ModelAdmin):
    form = StaffMemberForm
    list_display = ["username", "full_name", "email", "role_list", "is_active", "last_log_in"]
    list_display_links = ["username", "full_name"]
    list_filter = ["is_active", RoleFilter]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["deactivate_selected", "send_password_links"]
    add_fieldsets = [
        (
            None,
            {
                "fields": ["username", "first_name", "last_name", "email", "is_active", "roles"],
                "description": (
                    "Na het opslaan krijgt u een uitnodigingslink. Daarmee stelt de "
                    "medewerker zelf een wachtwoord in; bij de eerste keer inloggen stelt "
                    "de medewerker ook de tweede stap in (een app of passkey)."
                ),
            },
        )
    ]
    change_fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email", "is_active"]}),
        ("Rollen", {"fields": ["roles"]}),
        (
            "Inloggen",
            {
                "fields": [
                    "invitation",
                    "password_link",
                    "second_factor",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    ]

    # -- who may -------------------------------------------------------------------------

    @staticmethod
    def _may_manage(request) -> bool:
        # Asked for every link and button of a page: once per request is enough.
        if not hasattr(request, "_may_manage_staff"):
            request._may_manage_staff = services.may_manage_staff(
                request.user, getattr(request, "organisation", None)
            )
        return request._may_manage_staff

    def has_module_permission(self, request) -> bool:
        return self._may_manage(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_manage(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return self._may_manage(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_manage(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Never deleted: cases, contacts and the processing log keep referring to them.
        return False

    def get_queryset(self, request):
        roles = Prefetch("groups", queryset=Group.objects.filter(name__in=ROLES).order_by("name"))
        return services.manageable_staff(
            request.user, getattr(request, "organisation", None)
        ).prefetch_related(roles)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another organisation's staff member (or none at all): not found, no hint.
        raise Http404

    # -- the pages -----------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return self.change_fieldsets if obj is not None else self.add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "username",
            "invitation",
            "password_link",
            "second_factor",
            "last_login",
            "date_joined",
        ]

    def get_inlines(self, request, obj):
        return [*self.inlines, *USER_INLINES]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form asks the services what this actor may change.
        return type(form.__name__, (form,), {"actor": request.user})

    @admin.display(description="naam", ordering="last_name")
    def full_name(self, obj) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()

    @admin.display(description="laatst ingelogd", ordering="last_login")
    def last_log_in(self, obj) -> str:
        if obj.last_login is None:
            return "nog nooit"
        return date_format(localtime(obj.last_login), "SHORT_DATETIME_FORMAT")

    @admin.display(description="rollen")
    def role_list(self, obj) -> str:
        return ", ".join(group.name for group in obj.groups.all()) or "geen"

    @admin.display(description="uitnodiging")
    def invitation(self, obj) -> str:
        if obj is None or obj.pk is None:
            return ""
        if not password_login_allowed(obj):
            return "Niet nodig: de medewerker logt in via de inlogdienst."
        if services.invitation_pending(obj):
            url = reverse("admin:staff_user_invitation", args=[obj.pk])
            return format_html(
                'Nog geen eigen wachtwoord. <a href="{}" data-testid="invitation-link">'
                "Uitnodigingslink tonen</a>",
                url,
            )
        if obj.has_usable_password():
            return "Gebruikt: de medewerker heeft een eigen wachtwoord."
        if services.link_pending(obj):
            return "Nieuwe inloglink gestuurd: de medewerker kiest nog een nieuw wachtwoord."
        return "Niet nodig."

    @admin.display(description="wachtwoord")
    def password_link(self, obj) -> str:
        if obj is None or obj.pk is None or services.invitation_pending(obj):
            return ""
        if not password_login_allowed(obj):
            return "Niet nodig: de medewerker logt in via de inlogdienst."
        url = reverse("admin:staff_user_password_link", args=[obj.pk])
        return format_html(
            'Wachtwoord vergeten? <a href="{}" data-testid="password-link">'
            "Nieuwe inloglink sturen</a>",
            url,
        )

    @admin.display(description="tweede stap")
    def second_factor(self, obj) -> str:
        if obj is None or obj.pk is None:
            return ""
        url = reverse("staff:twofactor:reset")
        return format_html(
            'Kwijt of nieuwe telefoon? <a href="{}">Tweestapsverificatie herstellen</a>', url
        )

    # -- saving: through the services ----------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        organisation = request.organisation
        data = form.staff_member_data()
        try:
            if change:
                services.staff_member_update(
                    actor=request.user, organisation=organisation, member=obj, data=data
                )
            else:
                member = services.staff_member_create(
                    actor=request.user,
                    organisation=organisation,
                    username=form.cleaned_data["username"],
                    data=data,
                )
                # The admin goes on with its own object (inlines, the redirect): make it the
                # row the service wrote.
                obj.pk = member.pk
                obj._state.adding = False
        except ValidationError as error:
            # The form checked the same rules; only a change made meanwhile gets here.
            raise PermissionDenied(" ".join(error.messages)) from error
        obj.refresh_from_db()

    def log_addition(self, request, obj, message):
        # The service recorded the new staff member; record only rows added with it here.
        return self._log_inline_changes(request, obj, message)

    def log_change(self, request, obj, message):
        # The service recorded its own changes in words; record only the inlines' changes.
        return self._log_inline_changes(request, obj, message)

    def _log_inline_changes(self, request, obj, message):
        if not isinstance(message, list):
            return None
        inline_entries = [
            entry
            for entry in message
            if any(isinstance(value, dict) and "name" in value for value in entry.values())
        ]
        if not inline_entries:
            return None
        return super().log_change(request, obj, inline_entries)

    def response_add(self, request, obj, post_url_continue=None):
        if "_popup" in request.POST or not (
            services.invitation_pending(obj) and password_login_allowed(obj)
        ):
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, f"Medewerker {obj} is aangemaakt.")
        return HttpResponseRedirect(reverse("admin:staff_user_invitation", args=[obj.pk]))

    @admin.action(description="Geselecteerde medewerkers uitschakelen", permissions=["change"])
    def deactivate_selected(self, request, queryset) -> None:
        self._each_member(
            request, queryset, services.staff_member_deactivate, "{count} {word} uitgeschakeld."
        )

    @admin.action(
        description="Nieuwe inloglink sturen (wachtwoord opnieuw instellen)", permissions=["change"]
    )
    def send_password_links(self, request, queryset) -> None:
        """The link by e-mail to each selected member; their second factor stays.

        Resetting the second factor too is a choice per member, on their own page.
        """
        self._each_member(
            request, queryset, services.password_reset_send,
            "Nieuwe inloglink gestuurd aan {count} {word}.",
        )  # fmt: skip

    @staticmethod
    def _each_member(request, queryset, service, done: str) -> None:
        """``service`` (the gate) for each selected member; how many it did, and each
        refusal with its reason. A service that returns False did nothing for that one."""
        count, refused = 0, []
        for member in queryset:
            try:
                if (
                    service(actor=request.user, organisation=request.organisation, member=member)
                    is not False
                ):
                    count += 1
            except ValidationError as error:
                refused.append(f"{member}: {' '.join(error.messages)}")
        if count:
            word = "medewerker" if count == 1 else "medewerkers"
            messages.success(request, done.format(count=count, word=word))
        for line in refused:
            messages.error(request, line)

    # -- the invitation page and the new log-in link -------------------------------------

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/uitnodiging/",
                self.admin_site.admin_view(self.invitation_view),
                name="staff_user_invitation",
            ),
            path(
                "<path:object_id>/nieuwe-inloglink/",
                self.admin_site.admin_view(self.password_link_view),
                name="staff_user_password_link",
            ),
        ]
        return own + super().get_urls()

    def password_link_view(self, request, object_id):
        """Ask, then send the member a new log-in link (``services.password_reset_send``)."""
        member = self._member_to_change(request, object_id)
        change_url = reverse("admin:staff_user_change", args=[member.pk])
        errors = services.password_reset_errors(actor=request.user, member=member)
        if request.method == "POST" and not errors:
            also_second_factor = request.POST.get("second_factor") == "on"
            try:
                result = services.password_reset_send(
                    actor=request.user,
                    organisation=request.organisation,
                    member=member,
                    reset_second_factor=also_second_factor,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                text = (
                    f"Nieuwe inloglink gestuurd naar {result.email}. "
                    "Het oude wachtwoord werkt niet meer."
                )
                if result.second_factor_reset:
                    text += " De medewerker stelt bij het inloggen ook de tweede stap opnieuw in."
                messages.success(request, text)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": member,
            "title": f"Nieuwe inloglink voor {member}",
            "member": member,
            "errors": errors,
            "valid_days": services.invitation_valid_days(),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/staff/user/password_link.html", context)

    def _member_to_change(self, request, object_id) -> User:
        """The member of this page, if the admin may change them (404 / 403 otherwise)."""
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        if not self.has_change_permission(request, member):
            raise PermissionDenied
        return member

    def invitation_view(self, request, object_id):
        member = self._member_to_change(request, object_id)
        change_url = reverse("admin:staff_user_change", args=[member.pk])
        organisation = request.organisation
        try:
            if request.method == "POST":
                link_path = services.invitation_renew(
                    actor=request.user, organisation=organisation, member=member
                )
                messages.success(
                    request, "Er is een nieuwe link gemaakt. Eerdere links werken niet meer."
                )
            else:
                link_path = services.invitation_path(
                    actor=request.user, organisation=organisation, member=member
                )
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
            return HttpResponseRedirect(change_url)
        link = request.build_absolute_uri(link_path)
        mail = ""
        if member.email:
            mail = f"mailto:{member.email}?" + urlencode(
                {
                    "subject": "Uw account voor Achterkant",
                    "body": (
                        f"Beste {member},\n\nMet deze link stelt u uw wachtwoord in voor "
                        f"Achterkant (gebruikersnaam: {member.username}):\n{link}\n\n"
                        "Daarna logt u in en stelt u de tweede stap in."
                    ),
                },
                quote_via=quote,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": member,
            "title": f"Uitnodiging voor {member}",
            "member": member,
            "link": link,
            "mail": mail,
            "valid_days": services.invitation_valid_days(),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/staff/user/invitation.html", context)
