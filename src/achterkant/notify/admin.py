"""Functional admins write their organisation's own message texts here."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from achterkant.notify.events import (
    MessageEvent,
    event_choices,
    message_event,
    message_events,
    message_variable,
)
from achterkant.notify.messages import render_example
from achterkant.notify.models import MessageTemplate
from achterkant.tenancy.admin import TenantAdmin

VARIABLES_HELP = (
    "Gebruik gegevens als {{ naam }}, en datums als "
    '{{ expected_date|date:"l j F Y" }} (bijv. "dinsdag 4 maart 2025"). Een gegeven dat '
    "er niet is, blijft leeg."
)


def _event_variables_html(event: MessageEvent, *, with_default_link: bool):
    rows = format_html_join(
        "",
        "<li><code>{{{{ {} }}}}</code>: {}</li>",
        ((name, message_variable(name).description) for name in event.variables),
    )
    link = (
        format_html(' — <a href="?event_code={}">begin met de standaardtekst</a>', event.code)
        if with_default_link
        else ""
    )
    return format_html("<p><strong>{}</strong>{}</p><ul>{}</ul>", event.label, link, rows)


def _event_choices() -> list[tuple[str, str]]:
    return [("", "---------"), *event_choices()]


def _event(code: str) -> MessageEvent | None:
    try:
        return message_event(code)
    except LookupError:
        return None


class EventFilter(admin.SimpleListFilter):
    """Filter by event, named by its label (the model field has no choices)."""

    title = "gebeurtenis"
    parameter_name = "event_code"

    def lookups(self, request, model_admin):
        return [(event.code, event.label) for event in message_events()]

    def queryset(self, request, queryset):
        return queryset.filter(event_code=self.value()) if self.value() else queryset


class MessageTemplateForm(forms.ModelForm):
    # Every event the installed apps registered (notify.events), read when the form is made.
    event_code = forms.ChoiceField(label="Gebeurtenis", choices=_event_choices)

    class Meta:
        model = MessageTemplate
        fields = ["event_code", "product_code", "active", "subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"size": 90}),
            "body": forms.Textarea(
                attrs={"rows": 22, "cols": 90, "style": "font-family: monospace"}
            ),
        }


@admin.register(MessageTemplate)
class MessageTemplateAdmin(TenantAdmin):
    form = MessageTemplateForm
    list_display = ["event_label", "product_label", "subject", "active", "changed_at"]
    list_filter = [EventFilter, "active"]
    search_fields = ["subject", "body", "product_code"]
    readonly_fields = ["available_variables", "preview"]
    fieldsets = [
        (None, {"fields": ["event_code", "product_code", "active"]}),
        ("Tekst", {"fields": ["subject", "body"], "description": VARIABLES_HELP}),
        ("Gegevens die u kunt gebruiken", {"fields": ["available_variables"]}),
        ("Voorbeeld (opgeslagen tekst, met voorbeeldgegevens)", {"fields": ["preview"]}),
    ]

    @admin.display(description="gebeurtenis", ordering="event_code")
    def event_label(self, obj: MessageTemplate) -> str:
        event = _event(obj.event_code)
        return event.label if event else obj.event_code

    @admin.display(description="product", ordering="product_code")
    def product_label(self, obj: MessageTemplate) -> str:
        return obj.product_code or "alle producten"

    @admin.display(description="gegevens per gebeurtenis")
    def available_variables(self, obj: MessageTemplate | None):
        event = _event(obj.event_code) if obj is not None and obj.pk else None
        if event is not None:
            return _event_variables_html(event, with_default_link=False)
        return format_html_join(
            "",
            "{}",
            ((_event_variables_html(event, with_default_link=True),) for event in message_events()),
        )

    @admin.display(description="voorbeeld")
    def preview(self, obj: MessageTemplate | None):
        if obj is None or not obj.pk:
            return "Sla het sjabloon op om een voorbeeld te zien."
        try:
            message = render_example(event_code=obj.event_code, subject=obj.subject, body=obj.body)
        except Exception as error:  # an old row that no longer passes: show, do not crash
            return format_html("<p>Dit sjabloon kan niet worden ingevuld: {}</p>", error)
        return format_html(
            '<p><strong>Onderwerp:</strong> {}</p><pre style="white-space: pre-wrap">{}</pre>',
            message.subject,
            message.body,
        )

    def get_changeform_initial_data(self, request):
        """``?event_code=…`` on the add page starts from that event's default text."""
        initial = super().get_changeform_initial_data(request)
        event = _event(initial.get("event_code", ""))
        if event is not None:
            initial.setdefault("subject", event.subject)
            initial.setdefault("body", event.body)
        return initial
