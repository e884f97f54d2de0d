"""Kanalen, abonnementen and the deliveries of notifications, for the functional admin.

A delivery goes to an abonnement, or (``forward``) to the external Notificaties API
(``NOTIFICATIES_FORWARD_URL``). A delivery that gave up (``dead``, after
``NOTIFICATIES_MAX_ATTEMPTS`` failures) is listed under "Bezorgingen" (filter on status);
the action "Opnieuw bezorgen" gives it a fresh set of attempts, which the worker takes at
its next run.
"""

from django.contrib import admin, messages

from achterkant.api.notificaties.delivery import deliveries_replay
from achterkant.api.notificaties.models import (
    Abonnement,
    AbonnementKanaal,
    Delivery,
    Kanaal,
    Notification,
)
from achterkant.tenancy.admin import TenantAdmin


@admin.register(Kanaal)
class KanaalAdmin(TenantAdmin):
    list_display = ["naam", "filters"]
    search_fields = ["naam"]


class AbonnementKanaalInline(admin.TabularInline):
    model = AbonnementKanaal
    extra = 0
    fields = ["kanaal", "filters"]


@admin.register(Abonnement)
class AbonnementAdmin(TenantAdmin):
    list_display = ["callback_url", "client_id", "created_at"]
    search_fields = ["callback_url", "client_id"]
    readonly_fields = ["client_id", "created_at"]
    inlines = [AbonnementKanaalInline]

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if instance.organisation_id is None:
                instance.organisation = request.organisation
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Notification)
class NotificationAdmin(TenantAdmin):
    list_display = ["created_at", "kanaal", "uuid", "message"]
    list_filter = ["kanaal"]
    readonly_fields = ["uuid", "kanaal", "message", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(TenantAdmin):
    list_display = [
        "created_at",
        "notification",
        "target",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "forward"]
    list_select_related = ["notification", "abonnement"]
    readonly_fields = [
        "notification",
        "abonnement",
        "forward",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    ]
    fields = readonly_fields
    actions = ["replay"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="doel")
    def target(self, obj: Delivery) -> str:
        return obj.target

    @admin.action(description="Opnieuw bezorgen", permissions=["replay"])
    def replay(self, request, queryset) -> None:
        count = deliveries_replay(list(queryset))
        self.message_user(
            request, f"{count} bezorging(en) staan weer klaar voor de worker.", messages.SUCCESS
        )

    def has_replay_permission(self, request) -> bool:
        return request.user.has_perm("notificaties.change_delivery")
