"""Functional admins write their organisation's own message texts here."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from achterkant.notify.default_templates import EVENTS, VARIABLES, MessageEvent
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
        ((name, VARIABLES[name].description) for name in event.variables),
    )
    link = (
        format_html(' — <a href="?event_code={}">begin met de standaardtekst</a>', event.code)
        if with_default_link
        else ""
    )
    return format_html("<p><strong>{}</strong>{}</p><ul>{}</ul>", event.label, link, rows)


class MessageTemplateForm(forms.ModelForm):
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
    list_filter = ["event_code", "active"]
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
        event = EVENTS.get(obj.event_code)
        return event.label if event else obj.event_code

    @admin.display(description="product", ordering="product_code")
    def product_label(self, obj: MessageTemplate) -> str:
        return obj.product_code or "alle producten"

    @admin.display(description="gegevens per gebeurtenis")
    def available_variables(self, obj: MessageTemplate | None):
        if obj is not None and obj.pk and obj.event_code in EVENTS:
            return _event_variables_html(EVENTS[obj.event_code], with_default_link=False)
        return format_html_join(
            "",
            "{}",
            ((_event_variables_html(event, with_default_link=True),) for event in EVENTS.values()),
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
        event = EVENTS.get(initial.get("event_code", ""))
        if event is not None:
            initial.setdefault("subject", event.subject)
            initial.setdefault("body", event.body)
        return initial
