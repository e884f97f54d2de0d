"""Forms of the case-worker desk."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from achterkant.cases.models import CaseDefaultNotice
from achterkant.catalog.models import Channel, DecisionType, ResultType
from achterkant.catalog.selectors import product_choices, status_names
from achterkant.desk.forms import (
    INTERNAL,
    SHARED,
    RenderedByContent,
    RenderedOnce,
    use_loaded_choices,
    visibility_field,
)
from achterkant.desk.forms_case_list import ANY
from achterkant.desk.forms_kcc import DATE_INPUTS


class QueueFilterForm(forms.Form):
    """A queue's filters: the organisation's products and statuses by name (kept per
    process for its settings version), not codes typed from memory."""

    product = forms.TypedChoiceField(label="Product", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    overdue = forms.BooleanField(label="Alleen te laat", required=False)
    unassigned = forms.BooleanField(label="Alleen niet opgepakt", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [ANY, *product_choices()]
        self.fields["status"].choices = [ANY, *((name, name) for name in status_names())]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Kies een van de mogelijkheden in de lijst."


class InformationRequestForm(RenderedOnce, forms.Form):
    question = forms.CharField(
        label="Welke informatie heeft u nodig?", widget=forms.Textarea(attrs={"rows": 3})
    )
    respond_before = forms.DateField(label="Reageren uiterlijk op", input_formats=DATE_INPUTS)


class InformationReceivedForm(RenderedOnce, forms.Form):
    channel = forms.ChoiceField(label="Ontvangen via", choices=Channel.choices)
    received_on = forms.DateField(
        label="Ontvangen op", input_formats=DATE_INPUTS, required=False,
        help_text="Leeg is vandaag.",
    )  # fmt: skip
    note = forms.CharField(label="Toelichting", required=False, max_length=500)


class ReasonForm(RenderedOnce, forms.Form):
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(RenderedOnce, forms.Form):
    """Verlengen (Awb 4:14): a reason, and optionally a shorter term than the case type's.

    The service checks the term against the case type's extension term; the form only
    turns "2 weken" into ``P2W`` (``cleaned_data["term"]``, None when left empty).
    """

    UNITS = [("W", "weken"), ("D", "dagen")]

    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 2}))
    term = forms.IntegerField(
        label="Verlengen met", required=False, min_value=1, max_value=520,
        help_text="Leeg: de hele verlengingstermijn van het zaaktype. Kies een zo kort "
        "mogelijke termijn.",
    )  # fmt: skip
    term_unit = forms.ChoiceField(label="Eenheid", choices=UNITS, initial="W", required=False)

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("term")
        cleaned["term"] = f"P{amount}{cleaned.get('term_unit') or 'W'}" if amount else None
        return cleaned


class NoteForm(RenderedOnce, forms.Form):
    text = forms.CharField(label="Notitie", widget=forms.Textarea(attrs={"rows": 3}))
    visibility = visibility_field(
        "Kiest u 'Ook zichtbaar voor de inwoner', dan leest de aanvrager deze notitie bij "
        "de zaak in Mijn gemeente."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("visibility", INTERNAL)  # a note is internal unless chosen

    def shared(self) -> bool:
        """Shared only when chosen: without a choice a note stays internal."""
        return self.cleaned_data.get("visibility") == SHARED


class DocumentForm(RenderedByContent, forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    upload = forms.FileField(label="Bestand (PDF, PNG, JPEG, docx of odt)")
    visibility = visibility_field(
        "Kiest u 'Ook zichtbaar voor de inwoner', dan kan de aanvrager dit document in "
        "Mijn gemeente openen en downloaden."
    )

    def __init__(self, *args, shared_by_default: bool = False, **kwargs) -> None:
        """``shared_by_default``: what the case's confidentiality gives without a choice
        (``services.documents.shared_by_default``), proposed as the choice."""
        super().__init__(*args, **kwargs)
        self.initial.setdefault("visibility", SHARED if shared_by_default else INTERNAL)

    def shared(self) -> bool | None:
        """The choice; ``None`` without one: the case's confidentiality decides."""
        choice = self.cleaned_data.get("visibility")
        return None if not choice else choice == SHARED


class ResultForm(RenderedByContent, forms.Form):
    result_type = forms.ModelChoiceField(label="Resultaat", queryset=ResultType.all_tenants.none())
    explanation = forms.CharField(label="Toelichting", required=False, max_length=1000)

    def __init__(self, *args, case, choices=None, **kwargs) -> None:
        """``choices``: the result types read already (``case_form_choices``)."""
        super().__init__(*args, **kwargs)
        self.fields["result_type"].queryset = ResultType.objects.filter(
            case_type_id=case.case_type_id
        )
        if choices is not None:
            use_loaded_choices(self.fields["result_type"], choices)


class DecisionForm(RenderedByContent, forms.Form):
    decision_type = forms.ModelChoiceField(
        label="Besluittype", queryset=DecisionType.all_tenants.none()
    )
    decided_on = forms.DateField(label="Datum besluit", input_formats=DATE_INPUTS)
    effective_from = forms.DateField(label="Ingangsdatum", input_formats=DATE_INPUTS)
    explanation = forms.CharField(label="Toelichting", required=False, max_length=1000)

    def __init__(self, *args, case, choices=None, **kwargs) -> None:
        """``choices``: the decision types read already (``case_form_choices``)."""
        super().__init__(*args, **kwargs)
        self.fields["decision_type"].queryset = DecisionType.objects.filter(
            case_types=case.case_type_id, is_concept=False
        )
        if choices is not None:
            use_loaded_choices(self.fields["decision_type"], choices)
        self.initial.setdefault("decided_on", timezone.localdate())
        self.initial.setdefault("effective_from", timezone.localdate())


class AssignForm(RenderedByContent, forms.Form):
    assignee = forms.ModelChoiceField(
        label="Toewijzen aan", queryset=get_user_model().objects.none(), required=False,
        empty_label="(niemand)",
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only staff who may work on cases (their role has cases.change_case).
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                organisation_id=getattr(organisation, "pk", organisation),
                is_active=True,
                groups__permissions__content_type__app_label="cases",
                groups__permissions__codename="change_case",
            )
            .distinct()
            .order_by("first_name", "username")
        )


class DefaultNoticeForm(RenderedOnce, forms.Form):
    """Ingebrekestelling (Awb 4:17): the service checks the dates and the case."""

    # Labels of their own: the page also has "Informatie ontvangen" with the same fields.
    received_on = forms.DateField(label="Datum van de ingebrekestelling", input_formats=DATE_INPUTS)
    channel = forms.ChoiceField(
        label="Hoe kwam de ingebrekestelling binnen?", choices=Channel.choices
    )
    no_penalty_reason = forms.ChoiceField(
        label="Geen dwangsom, omdat (alleen invullen als dat zo is)", required=False,
        choices=[("", "(er kan een dwangsom zijn)"), *CaseDefaultNotice.NoPenaltyReason.choices],
    )  # fmt: skip
    note = forms.CharField(label="Toelichting", required=False, max_length=500)
