import uuid

from django import forms
from django.utils import timezone

from achterkant.catalog.models import Channel, Product, StatusType
from achterkant.identity.validators import clean_bsn


class BsnField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "BSN")
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return clean_bsn(value) if value else value


class PersonSearchForm(forms.Form):
    bsn = BsnField(help_text="9 cijfers, bijvoorbeeld 999993653.")


class OUTCOME:
    ANSWERED = "answered"
    CASE = "case"
    CHOICES = [
        (ANSWERED, "Vraag in één keer beantwoord"),
        (CASE, "Zaak starten voor dit product"),
    ]


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label="Kanaal", choices=Channel.choices, initial=Channel.PHONE)
    product = forms.ModelChoiceField(
        label="Product", queryset=Product.all_tenants.none(), required=False, empty_label="(geen)"
    )
    subject = forms.CharField(label="Onderwerp", max_length=200, required=False)
    question = forms.CharField(label="Vraag", widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label="Antwoord", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    outcome = forms.ChoiceField(
        label="Uitkomst",
        choices=OUTCOME.CHOICES,
        widget=forms.RadioSelect,
        initial=OUTCOME.ANSWERED,
    )
    started_at = forms.DateTimeField(widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Tenant-scoped at request time, not at import time.
        self.fields["product"].queryset = Product.objects.all()
        self.initial.setdefault("started_at", timezone.now())
        self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean(self):
        data = super().clean()
        if data.get("outcome") == OUTCOME.CASE:
            product = data.get("product")
            if product is None:
                self.add_error("product", "Kies het product waarvoor u een zaak start.")
            elif not product.case_type_identification:
                self.add_error("product", "Voor dit product kunt u geen zaak starten.")
        elif data.get("outcome") == OUTCOME.ANSWERED and not data.get("answer"):
            self.add_error("answer", "Vul het antwoord in dat u heeft gegeven.")
        return data


class SetStatusForm(forms.Form):
    status_type = forms.ModelChoiceField(
        label="Nieuwe status", queryset=StatusType.all_tenants.none()
    )
    note = forms.CharField(
        label="Toelichting (intern)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = case.current_status.status_type.sequence if case.current_status else 0
        self.fields["status_type"].queryset = StatusType.objects.filter(
            case_type_id=case.case_type_id, sequence__gt=current
        ).order_by("sequence")
        self.fields["status_type"].label_from_instance = lambda st: (
            f"{st.name}{' (inwoner krijgt bericht)' if st.inform_citizen else ''}"
        )


class ProcessingLogForm(forms.Form):
    bsn = BsnField()
