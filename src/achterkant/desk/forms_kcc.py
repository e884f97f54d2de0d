"""Forms of the contact-centre workspace: identify, record a contact, follow up."""

import uuid
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.catalog.models import Channel, Product
from achterkant.catalog.selectors import product_choices
from achterkant.contacts.contact_details import phone_display
from achterkant.contacts.models import ContactRequestAttempt, KnowledgeArticle, Outcome
from achterkant.contacts.services import ContactRequestDraft
from achterkant.desk.forms import BsnField, use_loaded_choices
from achterkant.identity.validators import clean_kvk_number, clean_postcode
from achterkant.routing.models import Team
from achterkant.routing.selectors import team_choices

DATE_INPUTS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
# How a callback reaches the person (ContactForm.contact_route).
ROUTE_KNOWN_PHONE, ROUTE_KNOWN_EMAIL = "known_phone", "known_email"
ROUTE_OTHER_PHONE, ROUTE_OTHER_EMAIL = "other_phone", "other_email"
# The fields of a callback request: read only when the outcome is one (ContactForm.clean).
CALLBACK_FIELDS = (
    "team", "contact_route", "callback_phone", "callback_email", "preferred_date",
    "preferred_from", "preferred_until",
)  # fmt: skip


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
        label="Terugbellen door team", queryset=Team.all_tenants.none(), required=False,
        help_text="Leeg: het team dat bij het product hoort.",
    )  # fmt: skip
    # How to reach them: the known phone number and e-mail address of the person (from
    # the record the 360° view read and logged, carried in the page), or another one.
    known_phone = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)
    known_email = forms.CharField(max_length=254, required=False, widget=forms.HiddenInput)
    contact_route = forms.ChoiceField(
        label="Terugbellen of mailen via", widget=forms.RadioSelect, required=False
    )
    contact_route.required_when = "bij een terugbelverzoek"
    callback_phone = forms.CharField(label="Telefoonnummer", max_length=30, required=False)
    callback_phone.required_when = "bij ‘Ander nummer’"
    callback_email = forms.CharField(label="E-mailadres", max_length=254, required=False)
    callback_email.required_when = "bij ‘Ander e-mailadres’"
    preferred_date = forms.DateField(
        label="Voorkeursdag", required=False, input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg: elke werkdag.",
    )  # fmt: skip
    preferred_from = forms.TimeField(
        label="Bereikbaar vanaf", required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )  # fmt: skip
    preferred_until = forms.TimeField(
        label="Bereikbaar tot", required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )  # fmt: skip
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
        self.initial.setdefault("started_at", timezone.now())
        self.initial.setdefault("idempotency_key", uuid.uuid4())
        self._offer_known_routes()

    def _offer_known_routes(self) -> None:
        """The route choices: the known number and address first, then another one."""
        known_phone = self["known_phone"].value() or ""
        known_email = self["known_email"].value() or ""
        choices = []
        if known_phone:
            choices.append((ROUTE_KNOWN_PHONE, f"Bel {phone_display(known_phone)} (bekend)"))
        if known_email:
            choices.append((ROUTE_KNOWN_EMAIL, f"Mail naar {known_email} (bekend)"))
        choices += [(ROUTE_OTHER_PHONE, "Ander nummer"), (ROUTE_OTHER_EMAIL, "Ander e-mailadres")]
        self.fields["contact_route"].choices = choices
        self.initial.setdefault("contact_route", choices[0][0])

    def clean(self):
        data = super().clean()
        if "outcome" in data and data["outcome"] != Outcome.CONTACT_REQUEST:
            # Without JavaScript the callback fields show for every outcome: what was left
            # in them is not part of this contact, so it can neither block nor be stored.
            for name in CALLBACK_FIELDS:
                self.errors.pop(name, None)
                data[name] = self.fields[name].to_python("")
            return data
        route = data.get("contact_route")
        if not route:  # nothing chosen: what was typed is the route
            route = ROUTE_OTHER_EMAIL if data.get("callback_email", "").strip() else ""
            route = ROUTE_OTHER_PHONE if data.get("callback_phone", "").strip() else route
            data["contact_route"] = route
        if data.get("outcome") != Outcome.CONTACT_REQUEST:
            return data
        # A number typed under another choice would silently be ignored: ask instead.
        if data.get("callback_phone", "").strip() and route != ROUTE_OTHER_PHONE:
            self.add_error("callback_phone", "Kies ‘Ander nummer’ of maak dit veld leeg.")
        if data.get("callback_email", "").strip() and route != ROUTE_OTHER_EMAIL:
            self.add_error("callback_email", "Kies ‘Ander e-mailadres’ of maak dit veld leeg.")
        return data

    def contact_request_draft(self, *, name: str) -> ContactRequestDraft:
        """The callback as the service takes it: the chosen route's number or address.
        Its rules (a way to reach them, a valid number, the window) are the service's."""
        data = self.cleaned_data
        route = data["contact_route"]
        phone = {ROUTE_KNOWN_PHONE: data["known_phone"], ROUTE_OTHER_PHONE: data["callback_phone"]}
        email = {ROUTE_KNOWN_EMAIL: data["known_email"], ROUTE_OTHER_EMAIL: data["callback_email"]}
        return ContactRequestDraft(
            name=name, team=data["team"], phone=phone.get(route, ""), email=email.get(route, ""),
            preferred_date=data["preferred_date"], preferred_from=data["preferred_from"],
            preferred_until=data["preferred_until"], question=data["question"],
        )  # fmt: skip

    def request_errors(self, error: ValidationError) -> ValidationError:
        """The service's errors on the fields the agent filled in: its ``phone`` and
        ``email`` came from the chosen route (a known one is the route's own error)."""
        if not hasattr(error, "error_dict"):
            return error
        route = self.cleaned_data.get("contact_route")
        typed = {ROUTE_OTHER_PHONE: "callback_phone", ROUTE_OTHER_EMAIL: "callback_email"}
        names = {"phone": typed.get(route, "contact_route")}
        names["email"] = names["phone"]
        return ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        )


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


class ConfirmProductForm(forms.Form):
    """The product an agent confirms or corrects for a contact in the review queue."""

    product = forms.ModelChoiceField(
        label="Ander product", queryset=Product.all_tenants.none(),
        error_messages={"required": "Kies een product.",
                        "invalid_choice": "Kies een product uit de lijst."},
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.all()


class LetterForm(forms.Form):
    scan = forms.FileField(label="Scan van de brief (PDF)")
    bsn = BsnField(required=False, help_text="Leeg als de afzender onbekend is.")
    subject = forms.CharField(label="Onderwerp", max_length=200)
    question = forms.CharField(
        label="Samenvatting van de brief", widget=forms.Textarea(attrs={"rows": 3})
    )
    product = forms.ModelChoiceField(
        label="Product", queryset=Product.all_tenants.none(), required=False, empty_label="(geen)",
        help_text="Leeg: het systeem kiest het product uit de samenvatting, of zet de brief "
        "bij Te beoordelen.",
    )  # fmt: skip
    start_case = forms.BooleanField(label="Zaak starten voor dit product", required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.all()
        self.initial.setdefault("idempotency_key", uuid.uuid4())
