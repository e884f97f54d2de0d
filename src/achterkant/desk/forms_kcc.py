"""Forms of the contact-centre workspace: identify, record a contact, follow up."""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from achterkant.catalog.models import Channel, Product
from achterkant.catalog.selectors import product_choices
from achterkant.contacts.models import ContactRequestAttempt, KnowledgeArticle, Outcome
from achterkant.desk.forms import BsnField, use_loaded_choices
from achterkant.identity.validators import clean_kvk_number, clean_postcode
from achterkant.routing.models import Team
from achterkant.routing.selectors import team_choices

DATE_INPUTS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


class PersonNameSearchForm(forms.Form):
    surname = forms.CharField(label="Achternaam", max_length=200)
    birth_date = forms.DateField(
        label="Geboortedatum", input_formats=DATE_INPUTS, help_text="Bijvoorbeeld 14-03-1985."
    )


class AddressSearchForm(forms.Form):
    postcode = forms.CharField(label="Postcode", max_length=7)
    house_number = forms.IntegerField(label="Huisnummer", min_value=1, max_value=99999)
    addition = forms.CharField(label="Toevoeging", max_length=10, required=False)

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])


class CompanySearchForm(forms.Form):
    kvk_number = forms.CharField(label="KvK-nummer", max_length=10, required=False)
    name = forms.CharField(label="Naam van het bedrijf", max_length=200, required=False)

    def clean_kvk_number(self) -> str:
        value = self.cleaned_data["kvk_number"]
        return clean_kvk_number(value) if value else ""

    def clean(self):
        data = super().clean()
        if not data.get("kvk_number") and not data.get("name") and not self.errors:
            raise forms.ValidationError("Vul een KvK-nummer of de naam van het bedrijf in.")
        return data


class ChooseBsnForm(forms.Form):
    bsn = BsnField()


class ChooseCompanyForm(forms.Form):
    kvk_number = forms.CharField(max_length=8)

    def clean_kvk_number(self) -> str:
        return clean_kvk_number(self.cleaned_data["kvk_number"])


class ContactForm(forms.Form):
    """One form for every channel. Fields that an outcome does not need may stay empty."""

    channel = forms.ChoiceField(label="Kanaal", choices=Channel.choices, initial=Channel.PHONE)
    product = forms.ModelChoiceField(
        label="Product", queryset=Product.all_tenants.none(), required=False, empty_label="(geen)"
    )
    subject = forms.CharField(label="Onderwerp", max_length=200, required=False)
    question = forms.CharField(label="Vraag", widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label="Antwoord", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    articles = forms.ModelMultipleChoiceField(
        label="Geraadpleegde kennisartikelen",
        queryset=KnowledgeArticle.all_tenants.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    outcome = forms.ChoiceField(
        label="Uitkomst",
        choices=[(v, label) for v, label in Outcome.choices if v != Outcome.OPEN],
        widget=forms.RadioSelect,
        initial=Outcome.ANSWERED,
    )
    referred_to = forms.CharField(label="Doorverwezen naar", max_length=200, required=False)
    team = forms.ModelChoiceField(
        label="Terugbellen door team", queryset=Team.all_tenants.none(), required=False
    )
    callback_phone = forms.CharField(label="Terugbelnummer", max_length=20, required=False)
    preferred_time = forms.CharField(label="Voorkeur moment", max_length=100, required=False)
    started_at = forms.DateTimeField(widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    # A conversation started when the form was opened; anything else is a stale or edited form.
    MAX_FORM_AGE = timedelta(hours=12)

    def clean_started_at(self):
        started_at = self.cleaned_data["started_at"]
        now = timezone.now()
        if not now - self.MAX_FORM_AGE <= started_at <= now + timedelta(minutes=5):
            raise forms.ValidationError(
                "Dit formulier is verlopen. Laad de pagina opnieuw en vul het opnieuw in."
            )
        return started_at

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Tenant-scoped at request time, not at import time. The options come from the
        # process (no query); a posted value is still checked against the queryset.
        self.fields["product"].queryset = Product.objects.all()
        use_loaded_choices(self.fields["product"], product_choices())
        self.fields["articles"].queryset = KnowledgeArticle.objects.all()
        self.fields["team"].queryset = Team.objects.all()
        use_loaded_choices(self.fields["team"], team_choices())
        self.fields["question"].widget.attrs["autofocus"] = True
        self.initial.setdefault("started_at", timezone.now())
        self.initial.setdefault("idempotency_key", uuid.uuid4())


class AttemptForm(forms.Form):
    result = forms.ChoiceField(
        label="Wat gebeurde er?", choices=ContactRequestAttempt.Result.choices,
        widget=forms.RadioSelect, initial=ContactRequestAttempt.Result.NOT_REACHED,
    )  # fmt: skip
    note = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LinkPersonForm(forms.Form):
    bsn = BsnField()


class StartCaseForm(forms.Form):
    product = forms.ModelChoiceField(label="Product", queryset=Product.all_tenants.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.exclude(case_type_identification="")


class LetterForm(forms.Form):
    scan = forms.FileField(label="Scan van de brief (PDF)")
    bsn = BsnField(required=False, help_text="Leeg als de afzender onbekend is.")
    subject = forms.CharField(label="Onderwerp", max_length=200)
    question = forms.CharField(
        label="Samenvatting van de brief", widget=forms.Textarea(attrs={"rows": 3})
    )
    product = forms.ModelChoiceField(
        label="Product", queryset=Product.all_tenants.none(), required=False, empty_label="(geen)"
    )
    start_case = forms.BooleanField(label="Zaak starten voor dit product", required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.all()
        self.initial.setdefault("idempotency_key", uuid.uuid4())
